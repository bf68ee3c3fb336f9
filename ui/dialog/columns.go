package dialog

import (
	"fmt"
	"slices"
	"unicode"
	"unicode/utf8"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/odx-dev/odx/internal/termtext"
	"github.com/odx-dev/odx/ui/screen"
)

// Columns chooses the columns to show and their order (key c). Letters,
// digits and _ type a search that narrows the list to the matching names
// and labels, the cursor on the best match; backspace takes a letter back
// and esc clears the search (then closes). space shows or hides the
// property under the cursor (never a key); - hides, + shows and ! inverts
// every property listed (the matches, while searching); = shows only the
// one under the cursor; K and J move it (without a search); enter posts
// ColumnsChosen. After an action the next letter starts a new search, so
// keeping a few columns of many is "- nu space cu space … enter".
type Columns struct {
	pickList
	query string
	// fresh: the next letter starts a new search (an action used the
	// matches of the last one).
	fresh bool
}

// NewColumns returns a column picker over props (from ColumnProps).
func NewColumns(env *screen.Env, props []Prop) *Columns {
	c := &Columns{pickList: newPickList(env, props)}
	// Letters type the search: the list moves on the arrows and pages only.
	k := &c.keys
	k.Up.SetKeys("up")
	k.Up.SetHelp("↑", "up")
	k.Down.SetKeys("down")
	k.Down.SetHelp("↓", "down")
	k.FirstRow.SetEnabled(false)
	k.LastRow.SetEnabled(false)
	k.NextPage.SetKeys("pgdown")
	k.PrevPage.SetKeys("pgup")
	return c
}

// Kind implements screen.Dialog.
func (c *Columns) Kind() string { return KindColumns }

// Update implements screen.Dialog.
func (c *Columns) Update(msg tea.Msg) (screen.Dialog, tea.Cmd) {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return c, nil
	}
	c.notice = ""
	if r, ok := c.typed(k); ok {
		if c.fresh {
			c.query, c.fresh = "", false
		}
		c.search(c.query + string(r))
		return c, nil
	}
	if k.Code == tea.KeyBackspace {
		if c.query != "" {
			_, n := utf8.DecodeLastRuneInString(c.query)
			c.fresh = false
			c.search(c.query[:len(c.query)-n])
		}
		return c, nil
	}
	if c.move(k) {
		return c, nil
	}
	switch {
	case key.Matches(k, c.keys.Accept):
		shown := c.shown()
		c.env.Post(ColumnsChosen{Columns: shown, Select: SelectFor(c.props, shown, c.env.Dialect)})
		c.env.Post(screen.CloseDialog{Kind: KindColumns})
		return c, nil
	case key.Matches(k, c.keys.Back):
		if c.query != "" {
			c.search("")
			return c, nil
		}
		c.env.Post(screen.CloseDialog{Kind: KindColumns})
		return c, nil
	}
	if c.count() == 0 {
		return c, nil
	}
	c.act(k)
	return c, nil
}

// typed reports the letter, digit or _ that k types into the search; K
// and J (move up, down) do not type.
func (c *Columns) typed(k tea.KeyPressMsg) (rune, bool) {
	r, n := utf8.DecodeRuneInString(k.Text)
	if n == 0 || n != len(k.Text) || k.Mod&(tea.ModCtrl|tea.ModAlt) != 0 {
		return 0, false
	}
	if !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '_' {
		return 0, false
	}
	if key.Matches(k, c.keys.MoveUp, c.keys.MoveDown) {
		return 0, false
	}
	return r, true
}

// search narrows the list to the properties matching q (all when q is
// ""), the cursor on the best match, or on the same property when q is "".
func (c *Columns) search(q string) {
	cur := -1
	if c.count() > 0 {
		cur = c.index(c.cursor)
	}
	c.query = q
	if q == "" {
		c.vis, c.cursor = nil, max(0, cur)
		return
	}
	c.vis = []int{}
	best, bestScore := -1, 0
	for i, p := range c.props {
		s, ok := propScore(p, q)
		if !ok {
			continue
		}
		if best < 0 || s > bestScore || s == bestScore && len(p.Name) < len(c.props[c.vis[best]].Name) {
			best, bestScore = len(c.vis), s
		}
		c.vis = append(c.vis, i)
	}
	c.cursor = max(0, best)
}

// act applies a picker action to the property under the cursor or to
// every property listed.
func (c *Columns) act(k tea.KeyPressMsg) {
	i := c.index(c.cursor)
	keep := func() {
		if c.shownCount() == 0 {
			c.props[i].Shown = true
			c.notice = "At least one column stays shown."
		}
	}
	switch {
	case key.Matches(k, c.keys.Toggle):
		if c.props[i].Key {
			c.notice = termtext.Sanitize(c.props[i].Name) + " is the key: it is always shown."
			break
		}
		c.props[i].Shown = !c.props[i].Shown
		keep()
	case key.Matches(k, c.keys.HideAll, c.keys.ShowAll, c.keys.Invert):
		for pos := range c.count() {
			p := &c.props[c.index(pos)]
			switch {
			case p.Key:
			case key.Matches(k, c.keys.HideAll):
				p.Shown = false
			case key.Matches(k, c.keys.ShowAll):
				p.Shown = true
			default:
				p.Shown = !p.Shown
			}
		}
		keep()
	case key.Matches(k, c.keys.OnlyThis):
		for j := range c.props {
			c.props[j].Shown = c.props[j].Key || j == i
		}
	case key.Matches(k, c.keys.MoveUp, c.keys.MoveDown):
		if c.query != "" {
			c.notice = "Clear the search (esc) to move columns."
			return
		}
		j := i - 1
		if key.Matches(k, c.keys.MoveDown) {
			j = i + 1
		}
		if j >= 0 && j < len(c.props) {
			c.props[j], c.props[i] = c.props[i], c.props[j]
			c.cursor = j
		}
		return
	default:
		return
	}
	c.fresh = true
}

func (c *Columns) shownCount() int {
	n := 0
	for _, p := range c.props {
		if p.Shown {
			n++
		}
	}
	return n
}

// shown returns the shown columns in the order chosen.
func (c *Columns) shown() []string {
	var out []string
	for _, p := range c.props {
		if p.Shown {
			out = append(out, p.Name)
		}
	}
	return out
}

// all returns every property in the order chosen, with its Shown state.
func (c *Columns) all() []Prop { return slices.Clone(c.props) }

// View implements screen.Dialog: the picker replaces the body.
func (c *Columns) View(_ string, w, h int) string {
	st := c.env.Styles
	title := st.Title.Render("Columns") + st.Dim.Render(fmt.Sprintf("  %d of %d shown", c.shownCount(), len(c.props)))
	if c.query != "" {
		title += st.Dim.Render("  search: ") + st.Value.Render(termtext.Sanitize(c.query)) +
			st.Dim.Render(fmt.Sprintf("  %d match", c.count())+plural(c.count(), "", "es")+" · esc clears")
	} else {
		title += st.Dim.Render("  type to search · K/J move")
	}
	k := c.keys
	hint := st.Dim.Render(helpText(k.Toggle, k.HideAll, k.ShowAll, k.OnlyThis, k.Invert, k.Accept))
	if c.notice != "" {
		hint = st.Notice.Render(c.notice)
	}
	return pickFrame(title, hint, c.lines(w, h-2), w)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// Help implements screen.Dialog.
func (c *Columns) Help() help.KeyMap {
	k := c.keys
	edit := []key.Binding{k.Toggle, k.MoveUp, k.MoveDown, k.Accept, k.Back}
	bulk := []key.Binding{k.HideAll, k.ShowAll, k.OnlyThis, k.Invert}
	return screen.HelpKeys{
		Short: append(slices.Concat(edit, bulk), k.Up, k.Down),
		Full:  [][]key.Binding{edit, bulk, c.moveKeys()},
	}
}
