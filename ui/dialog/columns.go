package dialog

import (
	"fmt"
	"slices"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/odx-dev/odx/internal/termtext"
	"github.com/odx-dev/odx/ui/screen"
)

// Columns chooses the columns to show and their order (key c): space shows
// or hides the property under the cursor (never a key), K and J move it,
// enter posts ColumnsChosen, esc closes it.
type Columns struct{ pickList }

// NewColumns returns a column picker over props (from ColumnProps).
func NewColumns(env *screen.Env, props []Prop) *Columns {
	return &Columns{newPickList(env, props)}
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
		c.env.Post(screen.CloseDialog{Kind: KindColumns})
		return c, nil
	}
	if len(c.props) == 0 {
		return c, nil
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
	return c, nil
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
	hint := st.Dim.Render(helpText(c.keys.Toggle, c.keys.MoveUp, c.keys.MoveDown, c.keys.Accept, c.keys.Back))
	if c.notice != "" {
		hint = st.Notice.Render(c.notice)
	}
	return pickFrame(title, hint, c.lines(w, h-2), w)
}

// Help implements screen.Dialog.
func (c *Columns) Help() help.KeyMap {
	k := c.keys
	edit := []key.Binding{k.Toggle, k.MoveUp, k.MoveDown, k.Accept, k.Back}
	return screen.HelpKeys{
		Short: append(slices.Clone(edit), k.Up, k.Down),
		Full:  [][]key.Binding{edit, c.moveKeys()},
	}
}
