package ui

import (
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/odx-dev/odx/internal/termtext"
	"github.com/odx-dev/odx/ui/styles"
)

// pickProp is one property offered by the column or the expand picker.
type pickProp struct {
	Name       string
	Type       string // EDM type, or the target entity type of a navigation
	Key        bool   // part of the entity key: always shown
	Shown      bool   // column picker: shown; expand picker: expanded
	Nav        bool   // a navigation property (a reference or a collection)
	Collection bool   // a to-many navigation
}

// pickResult is what a key did to a picker.
type pickResult int

const (
	pickNone   pickResult = iota // still picking
	pickApply                    // enter: take the picker's result
	pickCancel                   // esc: leave everything as it was
)

// pickList is the scrolling list under both pickers.
type pickList struct {
	props  []pickProp
	cursor int
	st     *styles.Styles
	keys   KeyMap
	notice string
}

// move handles the cursor keys; it reports whether msg was one.
func (l *pickList) move(k tea.KeyPressMsg) bool {
	switch {
	case key.Matches(k, l.keys.Up):
		l.cursor--
	case key.Matches(k, l.keys.Down):
		l.cursor++
	case key.Matches(k, l.keys.FirstRow):
		l.cursor = 0
	case key.Matches(k, l.keys.LastRow):
		l.cursor = len(l.props) - 1
	case key.Matches(k, l.keys.HalfDown), key.Matches(k, l.keys.NextPage):
		l.cursor += 10
	case key.Matches(k, l.keys.HalfUp), key.Matches(k, l.keys.PrevPage):
		l.cursor -= 10
	default:
		return false
	}
	l.cursor = max(0, min(l.cursor, len(l.props)-1))
	return true
}

// lines draws the list in w × h cells; mark is the check box of a property.
func (l *pickList) lines(w, h int, mark func(pickProp) string) []string {
	if h <= 0 {
		return nil
	}
	if len(l.props) == 0 {
		return []string{l.st.Dim.Render("nothing to pick")}
	}
	offset := windowStart(l.cursor, len(l.props), h)
	nameW := 0
	for _, p := range l.props {
		nameW = max(nameW, ansi.StringWidth(termtext.Sanitize(p.Name))+1)
	}
	nameW = min(nameW, max(8, w/2))
	out := make([]string, 0, h)
	for i := offset; i < len(l.props) && len(out) < h; i++ {
		p := l.props[i]
		cur := "  "
		if i == l.cursor {
			cur = "› "
		}
		name := termtext.Sanitize(p.Name)
		if p.Key {
			name = "#" + name
		}
		left := cur + mark(p) + " " + fit(name, nameW) + " "
		typ := typeLabel(p)
		line := left + ansi.Truncate(typ, max(0, w-ansi.StringWidth(left)), "…")
		if i == l.cursor {
			out = append(out, l.st.Selected.Render(fit(line, w)))
			continue
		}
		out = append(out, left+l.st.Dim.Render(ansi.Truncate(typ, max(0, w-ansi.StringWidth(left)), "…")))
	}
	return out
}

// windowStart is the first of n lines to show in h lines so that the
// cursor's line is shown, kept in the middle once the list scrolls: the
// window depends on the cursor alone, so views need no state.
func windowStart(cursor, n, h int) int {
	return max(0, min(cursor-h/2, n-h))
}

// typeLabel is a property's type as the pickers show it.
func typeLabel(p pickProp) string {
	t := termtext.Sanitize(shortType(p.Type))
	switch {
	case p.Nav && p.Collection:
		t = "→ [" + t + "] collection"
	case p.Nav:
		t = "→ " + t
	}
	if p.Key {
		t += " · key, always shown"
	}
	return t
}

// pickFrame puts a title line above and a hint line below body lines, in
// at most h lines.
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

// columnPicker chooses the columns to show and their order (key c).
type columnPicker struct{ pickList }

// newColumnPicker returns a picker over props (from columnProps).
func newColumnPicker(props []pickProp, st *styles.Styles, keys KeyMap) columnPicker {
	return columnPicker{pickList{props: slices.Clone(props), st: st, keys: keys}}
}

// update handles a key: space shows or hides the property under the cursor
// (never a key), K and J move it, enter applies, esc cancels.
func (c columnPicker) update(k tea.KeyPressMsg) (columnPicker, pickResult) {
	c.notice = ""
	if c.move(k) {
		return c, pickNone
	}
	switch {
	case key.Matches(k, c.keys.Accept):
		return c, pickApply
	case key.Matches(k, c.keys.Back):
		return c, pickCancel
	}
	if len(c.props) == 0 {
		return c, pickNone
	}
	i := c.cursor
	switch {
	case key.Matches(k, c.keys.Toggle):
		if c.props[i].Key {
			c.notice = termtext.Sanitize(c.props[i].Name) + " is the key: it is always shown."
			break
		}
		c.props[i].Shown = !c.props[i].Shown
		if c.shownCount() == 0 {
			c.props[i].Shown = true
			c.notice = "At least one column stays shown."
		}
	case key.Matches(k, c.keys.MoveUp):
		if i > 0 {
			c.props[i-1], c.props[i] = c.props[i], c.props[i-1]
			c.cursor--
		}
	case key.Matches(k, c.keys.MoveDown):
		if i < len(c.props)-1 {
			c.props[i+1], c.props[i] = c.props[i], c.props[i+1]
			c.cursor++
		}
	}
	return c, pickNone
}

func (c columnPicker) shownCount() int {
	n := 0
	for _, p := range c.props {
		if p.Shown {
			n++
		}
	}
	return n
}

// shown returns the shown columns in the order chosen.
func (c columnPicker) shown() []string {
	var out []string
	for _, p := range c.props {
		if p.Shown {
			out = append(out, p.Name)
		}
	}
	return out
}

// all returns every property in the order chosen, with its Shown state.
func (c columnPicker) all() []pickProp { return slices.Clone(c.props) }

// view draws the picker in w × h cells.
func (c columnPicker) view(w, h int) string {
	title := c.st.Title.Render("Columns") + c.st.Dim.Render(fmt.Sprintf("  %d of %d shown", c.shownCount(), len(c.props)))
	hint := c.st.Dim.Render(helpText(c.keys.Toggle, c.keys.MoveUp, c.keys.MoveDown, c.keys.Accept, c.keys.Back))
	if c.notice != "" {
		hint = c.st.Notice.Render(c.notice)
	}
	body := c.lines(w, h-2, func(p pickProp) string {
		if p.Shown {
			return "[x]"
		}
		return "[ ]"
	})
	return pickFrame(title, hint, body, w)
}

// navPicker chooses a navigation property to expand or collapse (key x).
type navPicker struct{ pickList }

// newNavPicker returns a picker over props (from navProps).
func newNavPicker(props []pickProp, st *styles.Styles, keys KeyMap) navPicker {
	return navPicker{pickList{props: slices.Clone(props), st: st, keys: keys}}
}

// update handles a key: enter picks the property under the cursor, esc
// cancels.
func (n navPicker) update(k tea.KeyPressMsg) (navPicker, pickResult) {
	if n.move(k) {
		return n, pickNone
	}
	switch {
	case key.Matches(k, n.keys.Accept) && len(n.props) > 0:
		return n, pickApply
	case key.Matches(k, n.keys.Back):
		return n, pickCancel
	}
	return n, pickNone
}

// choice is the navigation property under the cursor: the $expand item to
// toggle (see toggleExpand).
func (n navPicker) choice() string {
	if n.cursor < len(n.props) {
		return n.props[n.cursor].Name
	}
	return ""
}

// view draws the picker in w × h cells.
func (n navPicker) view(w, h int) string {
	title := n.st.Title.Render("Expand") + n.st.Dim.Render("  related entities to load with each row")
	accept := n.keys.Accept
	accept.SetHelp(accept.Help().Key, "expand/collapse")
	hint := n.st.Dim.Render(helpText(accept, n.keys.Back))
	body := n.lines(w, h-2, func(p pickProp) string {
		if p.Shown {
			return "[x]"
		}
		return "[ ]"
	})
	return pickFrame(title, hint, body, w)
}
