package dialog

import (
	"maps"
	"strconv"
	"strings"

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

// KindSaveView is the kind of the save-view line (SaveView.Kind).
const KindSaveView = "saveview"

// SaveView is the line of key V: a name for the grid's query and layout.
// enter saves them as a view of env.Profile (replacing a view of that
// name, which the line says first) and writes the state file; esc closes.
type SaveView struct {
	env   *screen.Env
	keys  screen.KeyMap
	input textinput.Model
	view  state.View // the name is the input's
	err   string
}

// NewSaveView returns the line for query q of a grid whose user-set
// column widths and last frozen column are widths and frozen.
func NewSaveView(env *screen.Env, q odata.Query, widths map[string]int, frozen string) *SaveView {
	in := screen.NewLineInput("save view as: ", "", env.Styles)
	in.Placeholder = "a name, e.g. open orders"
	in.CharLimit = 60
	v := state.NewView("", q, state.Layout{Widths: maps.Clone(widths), Frozen: frozen})
	return &SaveView{env: env, keys: env.Keys, input: in, view: v}
}

// Kind implements screen.Dialog.
func (s *SaveView) Kind() string { return KindSaveView }

// Err is the error shown, for State.
func (s *SaveView) Err() string { return s.err }

// Update implements screen.Dialog.
func (s *SaveView) Update(msg tea.Msg) (screen.Dialog, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(k, s.keys.Back):
			s.env.Post(screen.CloseDialog{Kind: KindSaveView})
			return s, nil
		case key.Matches(k, s.keys.Accept):
			s.save()
			return s, nil
		}
	}
	before := s.input.Value()
	var cmd tea.Cmd
	s.input, cmd = s.input.Update(msg)
	if s.input.Value() != before {
		s.err = ""
	}
	return s, cmd
}

// save saves the view under the name typed and writes the state file
// (small, and the user waits for the word that it is saved).
func (s *SaveView) save() {
	p := s.env.Prefs
	if p == nil {
		s.err = "this session keeps no saved state, so views cannot be saved"
		return
	}
	v := s.view
	v.Name = strings.TrimSpace(s.input.Value())
	if err := state.ValidViewName(v.Name); err != nil {
		s.err = err.Error()
		return
	}
	replaced, err := p.SaveView(s.env.Profile, v)
	if err != nil {
		s.err = err.Error()
		return
	}
	if err := p.Save(); err != nil {
		s.err = err.Error()
		return
	}
	what := "saved the view "
	if replaced {
		what = "replaced the view "
	}
	s.env.Notice(what+strconv.Quote(termtext.Sanitize(v.Name))+" (v lists the views)", false)
	s.env.Post(screen.CloseDialog{Kind: KindSaveView})
}

// View implements screen.Dialog: the line and, under it, what is saved,
// a warning that a view of that name is replaced, or the error.
func (s *SaveView) View(body string, w, h int) string {
	st := s.env.Styles
	in := screen.SizedInput(s.input, w)
	second := st.Dim.Render(viewText(s.view) + " · " + helpText(s.keys.Accept, s.keys.Back))
	if s.env.Prefs != nil {
		name := strings.TrimSpace(s.input.Value())
		if old, ok := s.env.Prefs.View(s.env.Profile, name); ok && old.Name == name {
			second = st.Error.Render("enter replaces the view " + strconv.Quote(termtext.Sanitize(old.Name)) + " (" + viewText(old) + ")")
		}
	}
	if s.err != "" {
		second = st.Error.Render(termtext.Sanitize(s.err))
	}
	box := ansi.Truncate(in.View(), w, "") + "\n" + ansi.Truncate(second, w, "…")
	return screen.OverlayBottom(body, box, h)
}

// Help implements screen.Dialog.
func (s *SaveView) Help() help.KeyMap {
	k := s.keys
	keys := []key.Binding{k.Accept, k.Back}
	return screen.HelpKeys{Short: keys, Full: [][]key.Binding{keys}}
}
