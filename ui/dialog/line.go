package dialog

import (
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/odx-dev/odx/ui/styles"
)

// newLineInput returns a focused one-line input with the explorer's styles
// and a steady cursor, for the filter editor, the go-to line and the
// history. Its own suggestion keys are off: completion (tab) is the
// dialogs' own.
func newLineInput(prompt, initial string, st *styles.Styles) textinput.Model {
	in := textinput.New()
	in.Prompt = prompt
	in.SetValue(initial)
	in.CursorEnd()
	in.SetStyles(textinput.Styles{
		Focused: textinput.StyleState{Text: st.Value, Placeholder: st.Dim, Suggestion: st.Dim, Prompt: st.Label},
		Blurred: textinput.StyleState{Text: st.Dim, Placeholder: st.Dim, Suggestion: st.Dim, Prompt: st.Dim},
		Cursor:  textinput.CursorStyle{Shape: tea.CursorBlock},
	})
	in.KeyMap.AcceptSuggestion.SetEnabled(false)
	in.KeyMap.NextSuggestion.SetEnabled(false)
	in.KeyMap.PrevSuggestion.SetEnabled(false)
	in.Focus()
	return in
}

// sizedInput returns in drawn w cells wide (prompt included), scrolled so
// that the cursor shows: SetValue makes the input measure its text again.
func sizedInput(in textinput.Model, w int) textinput.Model {
	in.SetWidth(max(1, w-ansi.StringWidth(in.Prompt)-1))
	pos := in.Position()
	in.SetValue(in.Value())
	in.SetCursor(pos)
	return in
}
