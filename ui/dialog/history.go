package dialog

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/odx-dev/odx/internal/state"
	"github.com/odx-dev/odx/internal/termtext"
	"github.com/odx-dev/odx/odata"
	"github.com/odx-dev/odx/ui/screen"
)

// History lists recent queries (key ctrl+r), newest first: typing filters
// them, the arrows move, enter posts screen.OpenQuery for the one under the
// cursor, esc closes it.
type History struct {
	env    *screen.Env
	keys   screen.KeyMap
	input  textinput.Model
	all    []state.HistoryEntry
	texts  []string // entryText(all[i]), lower-cased
	shown  []int    // indexes into all that match the filter
	cursor int      // index into shown
	err    string
	// Letters filter, so only keys that type nothing move.
	up, down, pgUp, pgDown key.Binding
}

// NewHistory returns a picker over entries (from state.Prefs.History).
func NewHistory(env *screen.Env, entries []state.HistoryEntry) *History {
	in := screen.NewLineInput("history ", "", env.Styles)
	in.Placeholder = "type to filter"
	h := &History{
		env: env, keys: env.Keys, input: in, all: entries,
		up:     key.NewBinding(key.WithKeys("up"), key.WithHelp("↑", "up")),
		down:   key.NewBinding(key.WithKeys("down"), key.WithHelp("↓", "down")),
		pgUp:   key.NewBinding(key.WithKeys("pgup"), key.WithHelp("pgup", "page up")),
		pgDown: key.NewBinding(key.WithKeys("pgdown"), key.WithHelp("pgdn", "page down")),
	}
	h.texts = make([]string, len(entries))
	for i, e := range entries {
		h.texts[i] = strings.ToLower(entryText(e))
	}
	h.filter()
	return h
}

// Kind implements screen.Dialog.
func (h *History) Kind() string { return KindHistory }

func (h *History) filter() {
	words := strings.Fields(strings.ToLower(h.input.Value()))
	h.shown = nil
	for i, t := range h.texts {
		ok := true
		for _, w := range words {
			if !strings.Contains(t, w) {
				ok = false
				break
			}
		}
		if ok {
			h.shown = append(h.shown, i)
		}
	}
	h.cursor = max(0, min(h.cursor, len(h.shown)-1))
}

// Update implements screen.Dialog: typing filters, up/down and
// pgup/pgdown move, enter opens the query under the cursor, esc closes.
func (h *History) Update(msg tea.Msg) (screen.Dialog, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(k, h.keys.Back):
			h.env.Post(screen.CloseDialog{Kind: KindHistory})
			return h, nil
		case key.Matches(k, h.keys.Accept):
			if len(h.shown) == 0 {
				return h, nil
			}
			q, err := entryQuery(h.all[h.shown[h.cursor]])
			if err != nil {
				h.err = err.Error()
				return h, nil
			}
			q.Top, q.Skip = 0, 0 // the page size is the profile's; paging starts at 1
			h.env.Post(screen.OpenQuery{Query: q, Count: -1})
			h.env.Post(screen.CloseDialog{Kind: KindHistory})
			return h, nil
		case key.Matches(k, h.up):
			h.cursor = max(0, h.cursor-1)
			return h, nil
		case key.Matches(k, h.down):
			h.cursor = max(0, min(h.cursor+1, len(h.shown)-1))
			return h, nil
		case key.Matches(k, h.pgUp):
			h.cursor = max(0, h.cursor-10)
			return h, nil
		case key.Matches(k, h.pgDown):
			h.cursor = max(0, min(h.cursor+10, len(h.shown)-1))
			return h, nil
		}
	}
	before := h.input.Value()
	var cmd tea.Cmd
	h.input, cmd = h.input.Update(msg)
	if h.input.Value() != before {
		h.err, h.cursor = "", 0
		h.filter()
	}
	return h, cmd
}

// View implements screen.Dialog: the picker replaces the body, w × ht
// cells: the filter line, the entries (newest first, with their age) and a
// hint or error line.
func (h *History) View(_ string, w, ht int) string {
	st := h.env.Styles
	in := screen.SizedInput(h.input, w)
	out := []string{ansi.Truncate(in.View(), w, "")}
	rows := max(0, ht-2)
	offset := windowStart(h.cursor, len(h.shown), rows)
	switch {
	case len(h.all) == 0:
		out = append(out, st.Dim.Render("no queries yet: the queries you run are listed here"))
	case len(h.shown) == 0:
		out = append(out, st.Dim.Render("no query matches"))
	}
	at := now(h.env)
	for i := offset; i < len(h.shown) && i < offset+rows; i++ {
		e := h.all[h.shown[i]]
		age := fmt.Sprintf("%8s ", ago(at, e.Time))
		cur := "  "
		if i == h.cursor {
			cur = "› "
		}
		line := cur + age + ansi.Truncate(entryText(e), max(0, w-len(cur)-len(age)), "…")
		if i == h.cursor {
			line = st.Selected.Render(screen.Fit(line, w))
		}
		out = append(out, line)
	}
	hint := st.Dim.Render(fmt.Sprintf("%d of %d · ↑/↓ move · ", len(h.shown), len(h.all)) + helpText(h.keys.Accept, h.keys.Back))
	if h.err != "" {
		hint = st.Error.Render(termtext.Sanitize(h.err))
	}
	out = append(out, ansi.Truncate(hint, w, "…"))
	return strings.Join(out, "\n")
}

// Help implements screen.Dialog.
func (h *History) Help() help.KeyMap {
	k := h.keys
	return screen.HelpKeys{
		Short: []key.Binding{k.Accept, k.Back, h.up, h.down},
		Full:  [][]key.Binding{{k.Accept, k.Back}, {h.up, h.down, h.pgUp, h.pgDown}},
	}
}

// entryText is a history entry as a person reads it: Set?query, decoded
// and sanitised.
func entryText(e state.HistoryEntry) string {
	s := e.Set
	if e.Query != "" {
		s += "?" + unescapeLenient(e.Query)
	}
	return termtext.Sanitize(s)
}

// entryQuery reads a history entry back into a query.
func entryQuery(e state.HistoryEntry) (odata.Query, error) {
	if e.Set == "" {
		return odata.Query{}, errors.New("this history entry has no set; pick another one")
	}
	q, err := ParseGoTo("x?" + e.Query)
	if err != nil {
		return odata.Query{}, err
	}
	q.Set = e.Set
	return q, nil
}

// ago is how long before now t was, in the largest whole unit: "just now",
// "5m ago", "3h ago", "2d ago", else the date.
func ago(now, t time.Time) string {
	d := now.Sub(t)
	switch {
	case d < time.Minute:
		return "just now"
	case d < time.Hour:
		return fmt.Sprintf("%dm ago", int(d/time.Minute))
	case d < 24*time.Hour:
		return fmt.Sprintf("%dh ago", int(d/time.Hour))
	case d < 30*24*time.Hour:
		return fmt.Sprintf("%dd ago", int(d/(24*time.Hour)))
	}
	return t.Local().Format(time.DateOnly)
}
