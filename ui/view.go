package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/odx-dev/odx/internal/termtext"
	"github.com/odx-dev/odx/ui/screen"
)

// View draws the header, the top screen (with the dialog over it), the
// status line and the help.
func (m Model) View() tea.View {
	v := tea.NewView(m.render())
	v.AltScreen = true
	if !m.opts.NoMouse {
		v.MouseMode = tea.MouseModeCellMotion // clicks, releases, wheel (mouse.go)
	}
	v.WindowTitle = m.title()
	return v
}

func (m Model) render() string {
	w := max(20, m.width)
	bodyH := m.bodyH()
	var body string    // a body drawn to size, cut to bodyH lines, or
	var lines []string // the body's lines, measured and cut
	pad := 0           // empty lines after body
	switch {
	case m.showHelp:
		lines = screen.FitLines(m.fullHelp(bodyH), w, bodyH)
	case m.dialog != nil:
		lines = screen.FitLines(m.dialog.View(m.top().View(), m.width, bodyH), w, bodyH)
	case fitted(m.top()) && w == m.width:
		if bw, ok := m.top().(bodyWriter); ok {
			return m.renderInto(bw, w, bodyH)
		}
		body, pad = firstLines(m.top().View(), bodyH) // drawn to size: nothing to measure
	default:
		lines = screen.FitLines(m.top().View(), w, bodyH)
	}
	return m.assemble(w, m.header(w), body, pad, lines)
}

// assemble builds the frame in one allocation: the header, the body (body
// and pad empty lines, or lines), the key-cast line, status and help.
func (m Model) assemble(w int, header, body string, pad int, lines []string) string {
	status, help := m.statusLine(w), m.helpLine(w)
	var cast string
	if m.env.Present {
		cast = m.keycastLine(w) + "\n"
	}
	n := len(header) + 1 + len(body) + pad + 1 + len(cast) + len(status) + 1 + len(help)
	for _, l := range lines {
		n += len(l) + 1
	}
	var b strings.Builder
	b.Grow(n)
	b.WriteString(header)
	b.WriteByte('\n')
	if lines != nil {
		for _, l := range lines {
			b.WriteString(l)
			b.WriteByte('\n')
		}
	} else {
		b.WriteString(body)
		for range pad {
			b.WriteByte('\n')
		}
		b.WriteByte('\n')
	}
	b.WriteString(cast)
	b.WriteString(status)
	b.WriteByte('\n')
	b.WriteString(help)
	m.frame.size = b.Len()
	return b.String()
}

// bodyWriter is a screen that writes its body, drawn to size (see
// screen.Fitted), into the frame being built: the frame is then made
// without a copy of the body (a grid's body is most of the frame, drawn
// again on every key). A screen that has no WriteBody is asked for View.
type bodyWriter interface {
	WriteBody(b *strings.Builder)
}

// renderInto builds the frame with the body written into it by s.
func (m Model) renderInto(s bodyWriter, w, bodyH int) string {
	header := m.header(w)
	var b strings.Builder
	b.Grow(max(m.frame.size, 4096) + 256) // the last frame's size: one allocation
	b.WriteString(header)
	b.WriteByte('\n')
	start := b.Len()
	s.WriteBody(&b)
	all := b.String()
	body, pad := firstLines(all[start:], bodyH)
	if start+len(body) < len(all) { // more lines than asked for: cut
		return m.assemble(w, header, body, pad, nil)
	}
	for range pad {
		b.WriteByte('\n')
	}
	b.WriteByte('\n')
	if m.env.Present {
		b.WriteString(m.keycastLine(w))
		b.WriteByte('\n')
	}
	b.WriteString(m.statusLine(w))
	b.WriteByte('\n')
	b.WriteString(m.helpLine(w))
	m.frame.size = b.Len()
	return b.String()
}

// firstLines is s cut to its first h lines (h ≥ 1), and how many empty
// lines it lacks to make h: what screen.PadLines does, without splitting.
func firstLines(s string, h int) (string, int) {
	at := 0
	for n := 1; ; n++ {
		i := strings.IndexByte(s[at:], '\n')
		if i < 0 {
			return s, h - n
		}
		if n == h {
			return s[:at+i], 0
		}
		at += i + 1
	}
}

// header is the top bar: where we are and the token badge.
func (m Model) header(w int) string {
	k := headerKey{ok: true, w: w, gen: m.frame.gen, present: m.env.Present}
	if !m.expiry.IsZero() {
		k.expiry, k.now = m.expiry.UnixNano(), m.env.Now.UnixNano()
	}
	if k == m.frame.header {
		return m.frame.headerOut
	}
	out := m.drawHeader(w)
	m.frame.header, m.frame.headerOut = k, out
	return out
}

// drawHeader draws the header (see header).
func (m Model) drawHeader(w int) string {
	st := m.env.Styles
	left := " odx"
	// An environment-only setup's profile is the instance's host
	// (state.ProfileName): said once, and masked with it in presenter mode.
	if p := m.opts.Profile; p != "" && !strings.EqualFold(p, screen.HostOf(m.opts.Instance)) {
		left += " · " + termtext.Sanitize(p)
	}
	left += " · " + m.shownHost()
	badge := ""
	if !m.expiry.IsZero() {
		left := m.expiry.Sub(m.env.Now)
		style := st.Badge
		if left < 60e9 {
			style = st.BadgeWarn
		}
		badge = style.Render("token " + screen.FormatLeft(left) + " ")
	}
	gap := w - ansi.StringWidth(left) - ansi.StringWidth(badge)
	if gap < 1 {
		left = ansi.Truncate(left, max(0, w-ansi.StringWidth(badge)-1), "…")
		gap = max(0, w-ansi.StringWidth(left)-ansi.StringWidth(badge))
	}
	return st.Header.Render(left+strings.Repeat(" ", gap)) + badge
}

// statusKeep is how much of the screen's part of the status line (the set
// and its row counts) an information notice never hides.
const statusKeep = 44

// statusLine: what the screen is showing (and a spinner while loading) on
// the left, the transient notice on the right.
func (m Model) statusLine(w int) string {
	left := m.top().Status()
	if m.export.active() {
		return m.drawStatus(w, m.export.view(max(20, w-ansi.StringWidth(m.status.View(m.env.Styles))-4)))
	}
	k := statusKey{ok: true, w: w, gen: m.frame.gen, left: left, notice: m.status.Text, isError: m.status.IsError}
	if k == m.frame.status {
		return m.frame.statusOut
	}
	out := m.drawStatus(w, left)
	m.frame.status, m.frame.statusOut = k, out
	return out
}

// drawStatus draws the status line with left as the screen's part.
func (m Model) drawStatus(w int, left string) string {
	st := m.env.Styles
	left = " " + st.Status.Render(left)
	right := m.status.View(st)
	rw := ansi.StringWidth(right)
	// An information notice gives way to what the screen shows, up to
	// statusKeep cells (the set and its row counts); an error does not.
	keep := min(ansi.StringWidth(left), statusKeep)
	if m.status.IsError {
		keep = 2
	}
	if rw > w-keep-2 {
		right = ansi.Truncate(right, max(0, w-keep-2), "…")
		rw = ansi.StringWidth(right)
	}
	if ansi.StringWidth(left)+rw+1 > w {
		left = ansi.Truncate(left, max(0, w-rw-2), "…")
	}
	gap := max(1, w-ansi.StringWidth(left)-rw-1)
	return left + strings.Repeat(" ", gap) + right
}

// keys is what help shows: the open dialog's keys, else the top screen's.
func (m Model) keys() help.KeyMap {
	if m.dialog != nil {
		return m.dialog.Help()
	}
	return m.top().Help()
}

func (m Model) helpLine(w int) string {
	keys := m.keys().ShortHelp()
	c := m.frame
	k := helpKey{ok: true, w: w, gen: c.gen}
	if k == c.help && sameBindings(keys, c.helpKeys) {
		return c.helpOut
	}
	h := *m.help
	h.SetWidth(w - 1)
	out := " " + h.ShortHelpView(keys)
	c.help, c.helpOut, c.helpKeys = k, out, append(c.helpKeys[:0], keys...)
	return out
}

func (m Model) fullHelp(h int) string {
	hm := *m.help
	hm.SetWidth(0) // each group is measured alone, then laid out below
	avail := max(20, m.width-4)
	var rows, line []string
	lineW := 0
	for _, g := range m.top().Help().FullHelp() {
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
	st := m.env.Styles
	lines := strings.Split("\n "+st.Title.Render("Keys")+"\n\n"+screen.Indent(strings.Join(rows, "\n\n"), "  "), "\n")
	if len(lines) > h { // too tall for the terminal: ↑/↓ scroll it
		off := min(m.helpOff, len(lines)-h+1)
		lines = append(lines[off:off+h-1], st.Dim.Render(fmt.Sprintf("  ↑/↓ more keys (%d–%d of %d lines)", off+1, off+h-1, len(lines))))
	}
	return strings.Join(lines, "\n")
}

// fitted reports whether s draws its body to size by itself.
func fitted(s screen.Screen) bool {
	f, ok := s.(screen.Fitted)
	return ok && f.Fitted()
}
