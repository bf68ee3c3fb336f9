package record

import (
	"slices"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/odx-dev/odx/internal/termtext"
	"github.com/odx-dev/odx/ui/screen"
)

// View draws the breadcrumb, then the entries that fit below it, each
// line cut to the width.
func (m *Model) View() string {
	lines, _ := m.lines()
	h := m.contentH()
	end := min(len(lines), m.offset+h)
	vis := lines[min(m.offset, end):end]
	body := screen.Crumb(m.env.Styles, m.crumb) + "\n" + strings.Join(vis, "\n")
	body = strings.Join(screen.FitLines(body, max(1, m.width), h+1), "\n")
	if m.search != nil && m.search.typing {
		body = screen.OverlayBottom(body, m.searchLine(m.width), h+1)
	}
	return body
}

// contentH is the height below the breadcrumb.
func (m *Model) contentH() int { return max(1, m.height-1) }

// follow scrolls so that the entry under the cursor shows whole (or its
// first lines, when it is taller than the screen).
func (m *Model) follow() {
	lines, spans := m.lines()
	h := m.contentH()
	if len(spans) > 0 {
		s := spans[m.cursor]
		if s[0] < m.offset {
			m.offset = s[0]
		}
		if s[1] > m.offset+h {
			m.offset = min(s[0], s[1]-h)
		}
	}
	m.offset = max(0, min(m.offset, len(lines)-h))
}

// lines renders every entry and reports the line span of each.
func (m *Model) lines() ([]string, [][2]int) {
	st := m.env.Styles
	nameW := 8
	for _, e := range m.entries {
		if e.reverse == nil { // a reverse entry takes the whole line
			nameW = max(nameW, ansi.StringWidth(e.shown(m.names)))
		}
	}
	nameW = min(nameW, max(8, m.width/3))
	typeW := 0
	for _, e := range m.entries {
		if e.reverse == nil {
			typeW = max(typeW, ansi.StringWidth(screen.ShortType(e.typ)))
		}
	}
	typeW = min(typeW, 24, max(0, (m.width-nameW-6)/4))
	if m.width < 60 {
		typeW = 0 // narrow: the value gets the room
	}
	valW := max(4, m.width-nameW-typeW-6)
	var out []string
	spans := make([][2]int, len(m.entries))
	for i, e := range m.entries {
		start := len(out)
		name := ansi.Truncate(termtext.Sanitize(e.shown(m.names)), nameW, "…")
		typ := ""
		if typeW > 0 {
			typ = ansi.Truncate(termtext.Sanitize(screen.ShortType(e.typ)), typeW, "…")
		}
		var val []string
		switch {
		case e.reverse != nil:
			v := "← " + termtext.Sanitize(e.shown(m.names))
			if m.matched(i) {
				v = st.Match.Render(v)
			}
			if n := m.countText(e); n != "" {
				v += " · " + n
			}
			val = []string{v + "  " + st.Dim.Render("enter: open filtered")}
		case e.nav:
			hint := "enter: open"
			if e.collection {
				hint = "enter: open collection"
			}
			if v := termtext.FormatValue(e.value, e.typ, m.env.Language); v != "" {
				val = []string{"→ " + v + "  " + st.Dim.Render(hint)}
			} else {
				val = []string{"→ " + st.Dim.Render(hint)}
			}
		default:
			text := e.valueText(m.env.Language)
			if e.value == nil {
				text = st.Dim.Render("null")
			}
			for _, l := range strings.Split(text, "\n") {
				val = append(val, screen.Wrap(l, valW)...)
			}
		}
		if len(val) == 0 {
			val = []string{""}
		}
		mark := "  "
		if i == m.cursor {
			mark = "› "
		}
		if m.matched(i) {
			name = st.Match.Render(name)
		}
		for k, v := range val {
			var line string
			switch {
			case e.reverse != nil:
				line = mark + v
			case k == 0:
				line = mark + st.Label.Render(screen.Pad(name, nameW)) + "  " + st.Dim.Render(screen.Pad(typ, typeW)) + "  " + v
			default:
				line = "  " + strings.Repeat(" ", nameW+typeW+4) + v
			}
			if i == m.cursor {
				line = st.Selected.Render(screen.Pad(ansi.Strip(line), m.width))
			}
			out = append(out, line)
		}
		spans[i] = [2]int{start, len(out)}
	}
	return out, spans
}

// wheel moves the cursor a few entries per turn of the mouse wheel.
func (m *Model) wheel(msg tea.MouseWheelMsg) {
	switch msg.Button {
	case tea.MouseWheelUp:
		m.cursor = max(0, m.cursor-wheelEntries)
	case tea.MouseWheelDown:
		m.cursor = max(0, min(len(m.entries)-1, m.cursor+wheelEntries))
	default:
		return
	}
	m.follow()
}

// wheelEntries is how many entries one turn of the wheel moves.
const wheelEntries = 3

// doubleClick is the longest time between the two clicks of a double
// click.
const doubleClick = 500 * time.Millisecond

// now is the clock of double clicks (tests replace it).
var now = time.Now

// click puts the cursor on the entry drawn at line y of the body (the
// breadcrumb is line 0); a second click on it within doubleClick opens it
// as enter does.
func (m *Model) click(msg tea.MouseClickMsg) tea.Cmd {
	if msg.Button != tea.MouseLeft || m.Capturing() {
		return nil
	}
	line := m.offset + msg.Y - 1
	_, spans := m.lines()
	i := slices.IndexFunc(spans, func(s [2]int) bool { return line >= s[0] && line < s[1] })
	if msg.Y < 1 || msg.Y > m.contentH() || i < 0 {
		m.lastClick = time.Time{}
		return nil
	}
	t := now()
	double := i == m.cursor && !m.lastClick.IsZero() && t.Sub(m.lastClick) <= doubleClick
	m.cursor, m.lastClick = i, t
	m.follow()
	if double {
		m.lastClick = time.Time{}
		return m.open()
	}
	return nil
}
