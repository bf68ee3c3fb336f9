package dialog

import (
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/odx-dev/odx/internal/state"
	"github.com/odx-dev/odx/internal/termtext"
	"github.com/odx-dev/odx/ui/screen"
)

// KindViews is the kind of the saved-views picker (Views.Kind).
const KindViews = "views"

// Views lists the profile's saved views (key v): those of the set shown
// first, then the others, each by name. Typing filters them, the arrows
// move, enter opens the one under the cursor (screen.OpenQuery of its
// query, with its layout as the set's), delete forgets it, esc closes.
type Views struct {
	env    *screen.Env
	keys   screen.KeyMap
	input  textinput.Model
	set    string // the set shown, "" on the set list
	all    []state.View
	shown  []int // indexes into all that match the filter
	cursor int   // index into shown
	err    string
	// Letters filter, so only keys that type nothing move or act.
	up, down, del key.Binding
}

// NewViews returns the picker of env.Profile's views; set (the grid's,
// "" from the set list) sorts its views first.
func NewViews(env *screen.Env, set string) *Views {
	in := screen.NewLineInput("views ", "", env.Styles)
	in.Placeholder = "type to filter"
	v := &Views{
		env: env, keys: env.Keys, input: in, set: screen.SetName(set),
		up:   key.NewBinding(key.WithKeys("up"), key.WithHelp("↑", "up")),
		down: key.NewBinding(key.WithKeys("down"), key.WithHelp("↓", "down")),
		del:  key.NewBinding(key.WithKeys("delete"), key.WithHelp("del", "delete view")),
	}
	v.load()
	return v
}

// load reads the views again, this set's first.
func (v *Views) load() {
	v.all = nil
	if v.env.Prefs != nil {
		v.all = v.env.Prefs.Views(v.env.Profile)
	}
	slices.SortStableFunc(v.all, func(a, b state.View) int {
		am, bm := screen.SetName(a.Set) == v.set, screen.SetName(b.Set) == v.set
		switch {
		case am && !bm:
			return -1
		case bm && !am:
			return 1
		}
		return 0
	})
	v.filter()
}

// Kind implements screen.Dialog.
func (v *Views) Kind() string { return KindViews }

func (v *Views) filter() {
	words := strings.Fields(strings.ToLower(v.input.Value()))
	v.shown = nil
	for i, e := range v.all {
		text := strings.ToLower(e.Name + " " + viewText(e))
		ok := true
		for _, w := range words {
			ok = ok && strings.Contains(text, w)
		}
		if ok {
			v.shown = append(v.shown, i)
		}
	}
	v.cursor = max(0, min(v.cursor, len(v.shown)-1))
}

// Update implements screen.Dialog.
func (v *Views) Update(msg tea.Msg) (screen.Dialog, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(k, v.keys.Back):
			v.env.Post(screen.CloseDialog{Kind: KindViews})
			return v, nil
		case key.Matches(k, v.keys.Accept):
			if len(v.shown) > 0 {
				v.open(v.all[v.shown[v.cursor]])
			}
			return v, nil
		case key.Matches(k, v.del):
			if len(v.shown) > 0 {
				v.delete(v.all[v.shown[v.cursor]].Name)
			}
			return v, nil
		case key.Matches(k, v.up):
			v.cursor = max(0, v.cursor-1)
			return v, nil
		case key.Matches(k, v.down):
			v.cursor = max(0, min(v.cursor+1, len(v.shown)-1))
			return v, nil
		}
	}
	before := v.input.Value()
	var cmd tea.Cmd
	v.input, cmd = v.input.Update(msg)
	if v.input.Value() != before {
		v.err, v.cursor = "", 0
		v.filter()
	}
	return v, cmd
}

// open makes the view's layout its set's and opens its query in a grid
// whose breadcrumb names the view.
func (v *Views) open(view state.View) {
	set := screen.SetName(view.Set)
	v.env.Prefs.SetLayout(v.env.Profile, set, view.Layout())
	v.env.Post(screen.OpenQuery{Query: view.Query(), Count: -1, Layout: true, Crumb: []string{set, "view " + view.Name}})
	v.env.Post(screen.CloseDialog{Kind: KindViews})
}

// delete forgets the view called name and writes the state file.
func (v *Views) delete(name string) {
	p := v.env.Prefs
	if !p.DeleteView(v.env.Profile, name) {
		return
	}
	if err := p.Save(); err != nil {
		v.err = err.Error()
	} else {
		v.env.Notice("deleted the view "+termtext.Sanitize(name), false)
	}
	v.load()
}

// View implements screen.Dialog: the picker replaces the body: the filter
// line, a view a line (name, then its set and query) and a hint or error.
func (v *Views) View(_ string, w, ht int) string {
	st := v.env.Styles
	in := screen.SizedInput(v.input, w)
	out := []string{ansi.Truncate(in.View(), w, "")}
	rows := max(0, ht-2)
	switch {
	case len(v.all) == 0:
		out = append(out, st.Dim.Render("no saved views yet: V on a grid saves its query and columns under a name"))
	case len(v.shown) == 0:
		out = append(out, st.Dim.Render("no view matches"))
	}
	nameW := 0
	for _, e := range v.all {
		nameW = max(nameW, ansi.StringWidth(termtext.Sanitize(e.Name)))
	}
	nameW = min(nameW, max(8, w/3))
	offset := windowStart(v.cursor, len(v.shown), rows)
	for i := offset; i < len(v.shown) && i < offset+rows; i++ {
		e := v.all[v.shown[i]]
		cur := "  "
		if i == v.cursor {
			cur = "› "
		}
		left := cur + screen.Fit(termtext.Sanitize(e.Name), nameW) + "  "
		rest := ansi.Truncate(viewText(e), max(0, w-ansi.StringWidth(left)), "…")
		if i == v.cursor {
			out = append(out, st.Selected.Render(screen.Fit(left+rest, w)))
			continue
		}
		out = append(out, left+st.Dim.Render(rest))
	}
	hint := st.Dim.Render(fmt.Sprintf("%d of %d · ↑/↓ move · ", len(v.shown), len(v.all)) + helpText(v.keys.Accept, v.del, v.keys.Back))
	if v.err != "" {
		hint = st.Error.Render(termtext.Sanitize(v.err))
	}
	out = append(out, ansi.Truncate(hint, w, "…"))
	return strings.Join(out, "\n")
}

// Help implements screen.Dialog.
func (v *Views) Help() help.KeyMap {
	k := v.keys
	return screen.HelpKeys{
		Short: []key.Binding{k.Accept, v.del, k.Back, v.up, v.down},
		Full:  [][]key.Binding{{k.Accept, v.del, k.Back}, {v.up, v.down}},
	}
}

// viewText is a view's query as a person reads it: Set?query, decoded
// and sanitised, with its column count.
func viewText(e state.View) string {
	q := e.Query()
	s := q.Set
	if raw := q.RawQuery(); raw != "" {
		s += "?" + unescapeLenient(raw)
	}
	if n := len(e.Columns); n > 0 {
		s += fmt.Sprintf(" · %d columns", n)
	}
	return termtext.Sanitize(s)
}
