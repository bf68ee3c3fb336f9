package dialog

import (
	"slices"
	"strings"
	"unicode"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/odx-dev/odx/internal/termtext"
	"github.com/odx-dev/odx/ui/screen"
)

// pickList is the scrolling list of properties under both pickers.
type pickList struct {
	env    *screen.Env
	keys   screen.KeyMap
	props  []Prop
	cursor int   // position in the list shown
	vis    []int // the properties shown, as indexes into props; nil: all
	notice string
}

// count is how many properties the list shows.
func (l *pickList) count() int {
	if l.vis == nil {
		return len(l.props)
	}
	return len(l.vis)
}

// index is the index into props of the property shown at position pos.
func (l *pickList) index(pos int) int {
	if l.vis == nil {
		return pos
	}
	return l.vis[pos]
}

func newPickList(env *screen.Env, props []Prop) pickList {
	return pickList{env: env, keys: env.Keys, props: slices.Clone(props)}
}

// move handles the cursor keys; it reports whether k was one.
func (l *pickList) move(k tea.KeyPressMsg) bool {
	switch {
	case key.Matches(k, l.keys.Up):
		l.cursor--
	case key.Matches(k, l.keys.Down):
		l.cursor++
	case key.Matches(k, l.keys.FirstRow):
		l.cursor = 0
	case key.Matches(k, l.keys.LastRow):
		l.cursor = l.count() - 1
	case key.Matches(k, l.keys.HalfDown), key.Matches(k, l.keys.NextPage):
		l.cursor += 10
	case key.Matches(k, l.keys.HalfUp), key.Matches(k, l.keys.PrevPage):
		l.cursor -= 10
	default:
		return false
	}
	l.cursor = max(0, min(l.cursor, l.count()-1))
	return true
}

// moveKeys are the list's cursor keys, for help.
func (l *pickList) moveKeys() []key.Binding {
	k := l.keys
	return []key.Binding{k.Up, k.Down, k.FirstRow, k.LastRow, k.HalfUp, k.HalfDown}
}

// lines draws the list in w × h cells with a check box per property.
func (l *pickList) lines(w, h int) []string {
	if h <= 0 {
		return nil
	}
	st := l.env.Styles
	if len(l.props) == 0 {
		return []string{st.Dim.Render("nothing to pick")}
	}
	if l.count() == 0 {
		return []string{st.Dim.Render("no column matches")}
	}
	offset := windowStart(l.cursor, l.count(), h)
	nameW := 0
	for _, p := range l.props {
		nameW = max(nameW, ansi.StringWidth(termtext.Sanitize(p.Name))+1)
	}
	nameW = min(nameW, max(8, w/2))
	out := make([]string, 0, h)
	for pos := offset; pos < l.count() && len(out) < h; pos++ {
		p := l.props[l.index(pos)]
		cur := "  "
		if pos == l.cursor {
			cur = "› "
		}
		name := termtext.Sanitize(p.Name)
		if p.Key {
			name = "#" + name
		}
		mark := "[ ]"
		if p.Shown {
			mark = "[x]"
		}
		left := cur + mark + " " + screen.Fit(name, nameW) + " "
		typ := ansi.Truncate(typeLabel(p), max(0, w-ansi.StringWidth(left)), "…")
		if pos == l.cursor {
			out = append(out, st.Selected.Render(screen.Fit(left+typ, w)))
			continue
		}
		out = append(out, left+st.Dim.Render(typ))
	}
	return out
}

// propScore scores property p against a search q (fuzzyScore): the better
// of its name and its label. A capital after a small letter starts a word,
// as _ does: "am" finds TotalAmount.
func propScore(p Prop, q string) (int, bool) {
	q = strings.ToLower(q)
	s, ok := fuzzyScore(camelWords(p.Name), q)
	if p.Label != "" {
		if ls, lok := fuzzyScore(strings.ToLower(p.Label), q); lok && (!ok || ls > s) {
			s, ok = ls, true
		}
	}
	return s, ok
}

// camelWords lower-cases a CamelCase name with _ between its words:
// "TotalAmount" → "total_amount".
func camelWords(name string) string {
	var b strings.Builder
	prev := rune(0)
	for _, r := range name {
		if unicode.IsUpper(r) && unicode.IsLower(prev) {
			b.WriteByte('_')
		}
		b.WriteRune(unicode.ToLower(r))
		prev = r
	}
	return b.String()
}

// windowStart is the first of n lines to show in h lines so that the
// cursor's line is shown, kept in the middle once the list scrolls: the
// window depends on the cursor alone, so views need no state.
func windowStart(cursor, n, h int) int {
	return max(0, min(cursor-h/2, n-h))
}

// pickFrame puts a title line above and a hint line below body lines.
func pickFrame(title, hint string, body []string, w int) string {
	out := make([]string, 0, len(body)+2)
	out = append(out, ansi.Truncate(title, w, "…"))
	out = append(out, body...)
	out = append(out, ansi.Truncate(hint, w, "…"))
	return strings.Join(out, "\n")
}

// helpText joins the help of bindings: "space show/hide · K move up".
func helpText(bs ...key.Binding) string {
	parts := make([]string, 0, len(bs))
	for _, b := range bs {
		h := b.Help()
		parts = append(parts, h.Key+" "+h.Desc)
	}
	return strings.Join(parts, " · ")
}
