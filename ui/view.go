package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/odx-dev/odx/internal/termtext"
)

// View draws the header, the active screen, the status line and the help.
func (m Model) View() tea.View {
	v := tea.NewView(m.render())
	v.AltScreen = true
	v.WindowTitle = "odx · " + m.shownHost()
	return v
}

func (m Model) render() string {
	w := max(20, m.width)
	bodyH := m.bodyH()
	var body string
	switch {
	case m.showHelp:
		body = m.fullHelp(bodyH)
	case m.modal != modalNone:
		body = m.modalView(m.body(bodyH), bodyH)
	default:
		body = m.body(bodyH)
	}
	lines := []string{m.header(w)}
	lines = append(lines, fitLines(body, w, bodyH)...)
	if m.present {
		lines = append(lines, m.keycastLine(w))
	}
	lines = append(lines, m.statusLine(w), m.helpLine(w))
	return strings.Join(lines, "\n")
}

// fitLines cuts the body to h lines of at most w cells, padding short bodies.
func fitLines(s string, w, h int) []string {
	ls := strings.Split(s, "\n")
	if len(ls) > h {
		ls = ls[:h]
	}
	for i, l := range ls {
		if ansi.StringWidth(l) > w {
			ls[i] = ansi.Truncate(l, w, "…")
		}
	}
	for len(ls) < h {
		ls = append(ls, "")
	}
	return ls
}

// header is the top bar: where we are and the token badge.
func (m Model) header(w int) string {
	st := m.styles
	left := " odx"
	if m.opts.Profile != "" {
		left += " · " + termtext.Sanitize(m.opts.Profile)
	}
	left += " · " + m.shownHost()
	badge := ""
	if !m.expiry.IsZero() {
		left := m.expiry.Sub(m.now)
		style := st.Badge
		if left < 60e9 {
			style = st.BadgeWarn
		}
		badge = style.Render("token " + formatLeft(left) + " ")
	}
	gap := w - ansi.StringWidth(left) - ansi.StringWidth(badge)
	if gap < 1 {
		left = ansi.Truncate(left, max(0, w-ansi.StringWidth(badge)-1), "…")
		gap = max(0, w-ansi.StringWidth(left)-ansi.StringWidth(badge))
	}
	return st.Header.Render(left+strings.Repeat(" ", gap)) + badge
}

func (m Model) body(h int) string {
	f := m.stack[len(m.stack)-1]
	switch f.screen {
	case screenSets:
		switch {
		case m.setsErr != nil:
			return m.errorBody(m.setsErr, "r retry · q quit")
		case m.sets.total == 0 && m.sets.list.Title == "Entity sets":
			what := "loading entity sets…"
			if m.opts.Auth != nil && m.opts.Auth.Stats().TokensFetched == 0 {
				what = "authenticating to " + termtext.Sanitize(m.profileName()) + "…"
			}
			return "\n  " + m.spin.View() + " " + what
		}
		return m.sets.view()
	case screenBrowse:
		b := f.browse
		crumb := m.crumb(b.crumb)
		switch {
		case b.err != nil:
			return crumb + "\n" + m.errorBody(b.err, "r retry · esc back")
		case len(b.pages) == 0:
			return crumb + "\n\n  " + m.spin.View() + " loading " + termtext.Sanitize(b.query.Set) + "…"
		}
		if m.dlg != nil {
			return crumb + "\n" + m.dlg.view(m.width)
		}
		return crumb + "\n" + b.grid.View()
	case screenRecord:
		return m.crumb(f.record.crumb) + "\n" + f.record.view()
	case screenToken:
		return m.token.view(m.now, m.opts, m.spin.View(), m.present)
	case screenLog:
		lm := m.reqlog
		lm.present = m.present
		return lm.view(m.width, h)
	}
	return ""
}

func (m Model) profileName() string {
	if m.opts.Profile != "" {
		return m.opts.Profile
	}
	return hostOf(m.opts.Instance)
}

// crumb renders a breadcrumb: Crm_Sales_Customers › C-000042 › SalesOrders.
func (m Model) crumb(parts []string) string {
	st := m.styles
	out := make([]string, len(parts))
	for i, p := range parts {
		out[i] = st.Crumb.Render(termtext.Sanitize(p))
	}
	return " " + strings.Join(out, st.CrumbSep.Render(" › "))
}

// errorBody is the one-sentence error in place of the screen's content.
func (m Model) errorBody(err error, hint string) string {
	st := m.styles
	msg := oneLine(err)
	lines := wrap(msg, max(20, m.width-4))
	var b strings.Builder
	b.WriteString("\n")
	for i, l := range lines {
		if i == 0 {
			b.WriteString("  " + st.Error.Render("✗ "+l) + "\n")
		} else {
			b.WriteString("    " + st.Error.Render(l) + "\n")
		}
	}
	b.WriteString("\n  " + st.ErrorHint.Render(hint))
	return b.String()
}

// statusLine: what the screen is showing (and a spinner while loading) on
// the left, the transient notice on the right.
func (m Model) statusLine(w int) string {
	st := m.styles
	f := m.stack[len(m.stack)-1]
	var left string
	switch f.screen {
	case screenSets:
		if name, ok := m.sets.selected(); ok {
			left = name
		}
		if m.metaLoading {
			left += " · " + m.spin.View() + " loading $metadata"
		}
	case screenBrowse:
		left = f.browse.statusText()
		if f.browse.busy() {
			left += " · " + m.spin.View() + " loading"
		}
	case screenRecord:
		left = fmt.Sprintf("%s · property %d of %d", termtext.Sanitize(f.record.set), f.record.cursor+1, len(f.record.entries))
	case screenToken:
		left = "token"
	case screenLog:
		left = "request log"
	}
	if m.export.active() {
		left = m.export.view(max(20, w-ansi.StringWidth(m.status.View(st))-4))
	}
	if m.relSeq != 0 {
		left += " · " + m.spin.View() + " opening"
	}
	left = " " + st.Status.Render(left)
	right := m.status.View(st)
	rw := ansi.StringWidth(right)
	if rw > w-4 {
		right = ansi.Truncate(right, max(0, w-4), "…")
		rw = ansi.StringWidth(right)
	}
	// The notice has priority: the left part gives way.
	if ansi.StringWidth(left)+rw+1 > w {
		left = ansi.Truncate(left, max(0, w-rw-2), "…")
	}
	gap := max(1, w-ansi.StringWidth(left)-rw-1)
	return left + strings.Repeat(" ", gap) + right
}

// screenKeys enables the keys that work on the active screen and returns
// them for help: the short line and the full view.
func (m Model) screenKeys() helpKeys {
	k := m.keys
	f := m.stack[len(m.stack)-1]
	first := len(m.stack) == 1
	k.Quit.SetEnabled(first)
	k.Back.SetEnabled(!first || m.sets.list.IsFiltered())
	global := []key.Binding{k.Token, k.Log, k.Present, k.Help, k.Back, k.Quit, k.ForceQuit}
	switch f.screen {
	case screenSets:
		k.Retry.SetEnabled(m.setsErr != nil)
		move := []key.Binding{k.Up, k.Down, k.ScrollTop, k.ScrollEnd, k.ListNext, k.ListPrev}
		return helpKeys{
			Short: []key.Binding{k.Open, k.Filter, k.Token, k.Help, k.Quit, k.Retry},
			Full:  [][]key.Binding{{k.Open, k.Filter, k.GoTo, k.History, k.Retry}, move, global},
		}
	case screenBrowse:
		b := f.browse
		k.Retry.SetEnabled(b.err != nil)
		k.NextPage.SetEnabled(!b.static)
		k.PrevPage.SetEnabled(!b.static)
		k.Reload.SetEnabled(!b.static)
		move := []key.Binding{k.Up, k.Down, k.Left, k.Right, k.FirstRow, k.LastRow, k.FirstCol, k.LastCol, k.HalfUp, k.HalfDown}
		k.Export.SetEnabled(!b.static)
		k.CopyCurl.SetEnabled(!b.static)
		for _, sk := range []*key.Binding{&k.Columns, &k.Sort, &k.FilterEdit, &k.FilterCell, &k.FilterClear, &k.Expand} {
			sk.SetEnabled(!b.static)
		}
		k.SearchNext.SetEnabled(m.search != nil)
		k.SearchPrev.SetEnabled(m.search != nil)
		out := []key.Binding{k.Export, k.CopyCell, k.CopyRow, k.CopyCurl}
		shape := []key.Binding{k.Columns, k.Sort, k.FilterEdit, k.FilterCell, k.FilterClear, k.Expand, k.Search, k.SearchNext, k.SearchPrev, k.GoTo, k.History}
		return helpKeys{
			Short: []key.Binding{k.Open, k.NextPage, k.PrevPage, k.FilterEdit, k.Sort, k.Columns, k.Export, k.Token, k.Back, k.Help, k.Retry},
			Full:  [][]key.Binding{{k.Open, k.NextPage, k.PrevPage, k.Reload, k.Retry}, move, shape, out, global},
		}
	case screenRecord:
		return helpKeys{
			Short: []key.Binding{k.Up, k.Down, k.Open, k.Token, k.Back, k.Help},
			Full:  [][]key.Binding{{k.Open, k.Up, k.Down, k.HalfUp, k.HalfDown, k.ScrollTop, k.ScrollEnd}, global},
		}
	case screenLog:
		k.Log.SetEnabled(false)
		return helpKeys{
			Short: []key.Binding{k.Up, k.Down, k.Open, k.Back, k.Help},
			Full:  [][]key.Binding{{k.Open, k.Up, k.Down, k.ScrollTop, k.ScrollEnd}, global},
		}
	case screenToken:
		k.Token.SetEnabled(false)
		return helpKeys{
			Short: []key.Binding{k.NewToken, k.Up, k.Down, k.Back, k.Help},
			Full:  [][]key.Binding{{k.NewToken, k.Up, k.Down, k.HalfUp, k.HalfDown}, global},
		}
	}
	return helpKeys{}
}

func (m Model) helpLine(w int) string {
	h := m.help
	h.SetWidth(w - 1)
	return " " + h.ShortHelpView(m.screenKeys().ShortHelp())
}

func (m Model) fullHelp(h int) string {
	hm := m.help
	hm.SetWidth(0) // each group is measured alone, then laid out below
	avail := max(20, m.width-4)
	var rows, line []string
	lineW := 0
	for _, g := range m.screenKeys().FullHelp() {
		block := hm.FullHelpView([][]key.Binding{g})
		bw := lipgloss.Width(block) + 4
		if lineW+bw > avail && len(line) > 0 {
			rows = append(rows, lipgloss.JoinHorizontal(lipgloss.Top, line...))
			line, lineW = nil, 0
		}
		line = append(line, lipgloss.NewStyle().PaddingRight(4).Render(block))
		lineW += bw
	}
	if len(line) > 0 {
		rows = append(rows, lipgloss.JoinHorizontal(lipgloss.Top, line...))
	}
	lines := strings.Split("\n "+m.styles.Title.Render("Keys")+"\n\n"+indent(strings.Join(rows, "\n\n"), "  "), "\n")
	if len(lines) > h { // too tall for the terminal: ↑/↓ scroll it
		off := min(m.helpOff, len(lines)-h+1)
		lines = append(lines[off:off+h-1], m.styles.Dim.Render(fmt.Sprintf("  ↑/↓ more keys (%d–%d of %d lines)", off+1, off+h-1, len(lines))))
	}
	return strings.Join(lines, "\n")
}

func indent(s, pre string) string {
	ls := strings.Split(s, "\n")
	for i := range ls {
		ls[i] = pre + ls[i]
	}
	return strings.Join(ls, "\n")
}
