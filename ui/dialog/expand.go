package dialog

import (
	"slices"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/odx-dev/odx/ui/screen"
)

// Expand chooses a navigation property to expand or collapse (key x):
// enter posts ExpandChosen with the property under the cursor toggled in
// the $expand list, esc closes it.
type Expand struct {
	pickList
	expand []string
}

// NewExpand returns an expand picker over props (from NavProps) for a
// query whose $expand is expand.
func NewExpand(env *screen.Env, props []Prop, expand []string) *Expand {
	return &Expand{pickList: newPickList(env, props), expand: slices.Clone(expand)}
}

// Kind implements screen.Dialog.
func (n *Expand) Kind() string { return KindExpand }

// Update implements screen.Dialog.
func (n *Expand) Update(msg tea.Msg) (screen.Dialog, tea.Cmd) {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok || n.move(k) {
		return n, nil
	}
	switch {
	case key.Matches(k, n.keys.Accept) && len(n.props) > 0:
		nav := n.choice()
		n.env.Post(ExpandChosen{Nav: nav, Expand: ToggleExpand(n.expand, nav)})
		n.env.Post(screen.CloseDialog{Kind: KindExpand})
	case key.Matches(k, n.keys.Back):
		n.env.Post(screen.CloseDialog{Kind: KindExpand})
	}
	return n, nil
}

// choice is the navigation property under the cursor.
func (n *Expand) choice() string {
	if n.cursor < len(n.props) {
		return n.props[n.cursor].Name
	}
	return ""
}

// accept is the Accept key as the expand picker names it.
func (n *Expand) accept() key.Binding {
	a := n.keys.Accept
	a.SetHelp(a.Help().Key, "expand/collapse")
	return a
}

// View implements screen.Dialog: the picker replaces the body.
func (n *Expand) View(_ string, w, h int) string {
	st := n.env.Styles
	title := st.Title.Render("Expand") + st.Dim.Render("  related entities to load with each row")
	hint := st.Dim.Render(helpText(n.accept(), n.keys.Back))
	return pickFrame(title, hint, n.lines(w, h-2), w)
}

// Help implements screen.Dialog.
func (n *Expand) Help() help.KeyMap {
	k := n.keys
	return screen.HelpKeys{
		Short: []key.Binding{n.accept(), k.Back, k.Up, k.Down},
		Full:  [][]key.Binding{{n.accept(), k.Back}, n.moveKeys()},
	}
}
