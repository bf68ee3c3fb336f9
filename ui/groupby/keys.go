package groupby

import (
	"errors"
	"fmt"
	"net/url"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	iprofile "github.com/odx-dev/odx/internal/profile"
	"github.com/odx-dev/odx/internal/termtext"
	"github.com/odx-dev/odx/ui/dialog"
	"github.com/odx-dev/odx/ui/screen"
)

// chooseKey handles a key in the chooser: ↑/↓ a line, ←/→ its choice,
// enter groups, esc goes back.
func (m *Model) chooseKey(k tea.KeyPressMsg) tea.Cmd {
	switch {
	case key.Matches(k, m.keys.Back):
		m.env.Post(screen.Back{})
	case key.Matches(k, m.keys.Accept):
		return m.compute()
	case key.Matches(k, m.keys.Up):
		m.line = (m.line + lines - 1) % lines
	case key.Matches(k, m.keys.Down):
		m.line = (m.line + 1) % lines
	case key.Matches(k, m.keys.Left):
		m.change(-1)
	case key.Matches(k, m.keys.Right):
		m.change(1)
	}
	return nil
}

// change moves the choice of the focused line by d, round.
func (m *Model) change(d int) {
	nk, na := len(m.opts.keys), len(m.opts.aggs)
	if nk == 0 {
		return
	}
	switch m.line {
	case lineBy:
		m.by = (m.by + d + nk) % nk
	case lineThen: // -1 (none), then every key but the first
		m.then = (m.then+1+d+nk+1)%(nk+1) - 1
		if m.then == m.by {
			m.then = (m.then+1+d+nk+1)%(nk+1) - 1
		}
	case lineAgg:
		m.agg = (m.agg + d + na) % na
	}
}

// key handles a key on the groups.
func (m *Model) key(k tea.KeyPressMsg) tea.Cmd {
	switch {
	case key.Matches(k, m.keys.Back):
		if m.loading {
			m.stop()
			m.seq++ // its reply, if one comes, is dropped
			m.loading, m.err = false, errors.New("the group-by was cancelled; r computes it again, ctrl+g chooses again")
			return nil
		}
		m.env.Post(screen.Back{})
	case key.Matches(k, m.keys.Reload, m.keys.Retry):
		return m.compute()
	case key.Matches(k, m.keys.GroupBy):
		m.stop()
		m.seq++
		m.choosing, m.loading, m.err = true, false, nil
		m.crumb[len(m.crumb)-1] = "group by"
	case key.Matches(k, m.keys.Open):
		m.open()
	case key.Matches(k, m.keys.CopyCell):
		text := strings.Join(m.table(m.width), "\n")
		m.env.Notice(fmt.Sprintf("copied %d groups as text", len(m.groups.Groups)), false)
		return tea.SetClipboard(text)
	case key.Matches(k, m.keys.CopyCurl):
		if len(m.groups.Requests) == 0 {
			return nil
		}
		u, err := url.Parse(m.groups.Requests[0])
		if err != nil {
			m.env.NoticeErr(err)
			return nil
		}
		m.env.Notice("copied the $apply request as curl (token as $ODX_TOKEN)", false)
		return tea.SetClipboard(m.env.CurlCommand(u))
	case key.Matches(k, m.keys.Export):
		m.env.Post(screen.OpenDialog{Dialog: dialog.NewExport(m.env, m.groups.Query, int64(len(m.groups.Groups)))})
	case key.Matches(k, m.keys.Up):
		m.move(-1)
	case key.Matches(k, m.keys.Down):
		m.move(1)
	case key.Matches(k, m.keys.HalfUp):
		m.move(-max(1, m.rowsShown()/2))
	case key.Matches(k, m.keys.HalfDown):
		m.move(max(1, m.rowsShown()/2))
	case key.Matches(k, m.keys.ScrollTop):
		m.move(-1 << 20)
	case key.Matches(k, m.keys.ScrollEnd):
		m.move(1 << 20)
	}
	return nil
}

// move moves the cursor over the groups.
func (m *Model) move(d int) {
	if m.groups == nil || len(m.groups.Groups) == 0 {
		return
	}
	m.cursor = min(max(m.cursor+d, 0), len(m.groups.Groups)-1)
}

// open opens a grid of the query's rows in the group under the cursor.
func (m *Model) open() {
	if m.groups == nil || m.cursor >= len(m.groups.Groups) {
		return
	}
	gr := m.groups.Groups[m.cursor]
	clause, err := m.groups.Clause(m.env.Dialect, m.env.Meta, gr)
	if err != nil {
		m.env.NoticeErr(err)
		return
	}
	q := m.query
	q.Filter = iprofile.AndFilter(q.Filter, clause)
	q.Skip = 0
	count := gr.Count
	if gr.Unit != "" {
		count = -1 // the rows of one currency of the group; the grid counts them
	}
	m.env.Post(screen.OpenQuery{Query: q, Count: count})
}

// enable takes the keys afresh and leaves enabled those that work now.
func (m *Model) enable() {
	m.keys = m.env.Keys
	k := &m.keys
	if m.choosing {
		k.Only(&k.Up, &k.Down, &k.Left, &k.Right, &k.Accept, &k.Back, &k.Token, &k.Log, &k.Present, &k.Help, &k.ForceQuit)
		k.Up.SetHelp("↑", "line")
		k.Down.SetHelp("↓", "line")
		k.Left.SetHelp("←", "previous choice")
		k.Right.SetHelp("→", "next choice")
		k.Accept.SetHelp("enter", "group")
		k.Accept.SetEnabled(len(m.opts.keys) > 0)
		return
	}
	have := !m.loading && m.groups != nil
	k.Only(&k.Up, &k.Down, &k.HalfUp, &k.HalfDown, &k.ScrollTop, &k.ScrollEnd, &k.Reload, &k.GroupBy, &k.Back,
		&k.Token, &k.Log, &k.Present, &k.Help, &k.ForceQuit)
	k.GroupBy.SetHelp("ctrl+g", "choose again")
	k.Open.SetHelp("enter", "grid of this group")
	k.Open.SetEnabled(have && len(m.groups.Groups) > 0)
	k.CopyCell.SetHelp("y", "copy groups")
	k.CopyCell.SetEnabled(have)
	k.CopyCurl.SetHelp("u", "copy $apply as curl")
	k.CopyCurl.SetEnabled(have && m.groups.Apply != "")
	k.Export.SetHelp("e", "export groups")
	k.Export.SetEnabled(have && m.groups.Apply != "")
	k.Retry.SetEnabled(!m.loading && m.err != nil)
}

// Help implements screen.Screen.
func (m *Model) Help() help.KeyMap {
	k := m.keys
	global := []key.Binding{k.Token, k.Log, k.Present, k.Help, k.Back, k.Quit, k.ForceQuit}
	if m.choosing {
		return screen.HelpKeys{
			Short: []key.Binding{k.Up, k.Down, k.Left, k.Right, k.Accept, k.Back, k.Help},
			Full:  [][]key.Binding{{k.Up, k.Down, k.Left, k.Right, k.Accept}, global},
		}
	}
	return screen.HelpKeys{
		Short: []key.Binding{k.Up, k.Down, k.Open, k.Export, k.CopyCurl, k.Retry, k.Back, k.Help},
		Full: [][]key.Binding{{k.Up, k.Down, k.HalfUp, k.HalfDown, k.ScrollTop, k.ScrollEnd},
			{k.Open, k.GroupBy, k.Reload, k.Retry}, {k.Export, k.CopyCell, k.CopyCurl}, global},
	}
}

// Status implements screen.Screen. Column names come from the server,
// so the line is sanitised.
func (m *Model) Status() string { return termtext.Sanitize(m.status()) }

func (m *Model) status() string {
	switch {
	case m.choosing:
		return "group " + screen.SetName(m.query.Set) + " by…"
	case m.loading:
		return "grouping by " + m.keyNames() + "…"
	case m.groups != nil && m.groups.Sampled:
		return fmt.Sprintf("%s groups · from the %d rows loaded", group(int64(len(m.groups.Groups))), m.groups.Loaded)
	case m.groups != nil:
		return fmt.Sprintf("%s groups of %s rows · %s", group(int64(len(m.groups.Groups))), group(m.groups.Rows), m.groups.Aggregate)
	}
	return "group by " + m.keyNames()
}
