package dialog

import (
	"slices"
	"strings"
	"unicode"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/odx-dev/odx/internal/termtext"
	"github.com/odx-dev/odx/odata"
	"github.com/odx-dev/odx/ui/screen"
)

// notable are the operators whose absence the filter editor's hint names
// ("no or, ne, gt, lt" on ERP.net).
var notable = []string{"or", "ne", "gt", "lt", "in"}

// Filter edits $filter on one line (key f), completing property names,
// the dialect's operators and its text functions with tab. Enter posts
// FilterApplied and leaves the editor open (the screen closes it once the
// server accepts the filter); esc closes it.
type Filter struct {
	env   *screen.Env
	keys  screen.KeyMap
	input textinput.Model
	props []string
	ops   []string // the dialect's operators
	funcs []string // its text functions, each with "(" after it
	err   string

	// Completion cycle: candidates, the one inserted, and where.
	cands    []string
	cand     int
	from, to int // runes of the value the inserted candidate occupies
}

// NewFilter returns an editor holding initial, completing the names of
// props and the operators and functions of dialect d.
func NewFilter(env *screen.Env, initial string, props []Prop, d odata.Dialect) *Filter {
	names := make([]string, 0, len(props))
	for _, p := range props {
		if !(p.Nav && p.Collection) {
			names = append(names, p.Name)
		}
	}
	in := screen.NewLineInput("$filter ", initial, env.Styles)
	in.Placeholder = "Number eq '1001' and contains(Name,'acme')"
	var funcs []string
	for _, f := range d.Functions() {
		funcs = append(funcs, f+"(")
	}
	return &Filter{env: env, keys: env.Keys, input: in, props: names, ops: d.Operators(), funcs: funcs}
}

// Kind implements screen.Dialog.
func (f *Filter) Kind() string { return KindFilter }

// value is the filter as typed, spaces trimmed.
func (f *Filter) value() string { return strings.TrimSpace(f.input.Value()) }

// SetError shows the server's answer to a bad filter under the input until
// the filter is edited.
func (f *Filter) SetError(msg string) { f.err = msg }

// Err is the server's answer shown under the input, "" when none.
func (f *Filter) Err() string { return f.err }

// Update implements screen.Dialog: enter applies, esc closes, tab
// completes, the rest edits.
func (f *Filter) Update(msg tea.Msg) (screen.Dialog, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(k, f.keys.Accept):
			f.env.Post(FilterApplied{Filter: f.value()})
			return f, nil
		case key.Matches(k, f.keys.Back):
			f.env.Post(screen.CloseDialog{Kind: KindFilter})
			return f, nil
		case key.Matches(k, f.keys.Complete):
			f.complete()
			return f, nil
		}
	}
	before := f.input.Value()
	var cmd tea.Cmd
	f.input, cmd = f.input.Update(msg)
	if f.input.Value() != before {
		f.err, f.cands = "", nil
	}
	if _, ok := msg.(tea.KeyPressMsg); ok {
		f.cands = nil // any other key ends the completion cycle
	}
	return f, cmd
}

// complete inserts the next candidate for the word before the cursor.
func (f *Filter) complete() {
	v := []rune(f.input.Value())
	if f.cands != nil {
		f.cand = (f.cand + 1) % len(f.cands)
	} else {
		pos := min(f.input.Position(), len(v))
		start := pos
		for start > 0 && isWordRune(v[start-1]) {
			start--
		}
		f.cands = f.candidates(string(v[:start]), string(v[start:pos]))
		if len(f.cands) == 0 {
			f.cands = nil
			return
		}
		f.cand, f.from, f.to = 0, start, pos
	}
	ins := []rune(f.cands[f.cand])
	nv := append(append(append([]rune{}, v[:f.from]...), ins...), v[f.to:]...)
	f.to = f.from + len(ins)
	f.input.SetValue(string(nv))
	f.input.SetCursor(f.to)
}

func isWordRune(r rune) bool {
	return r == '_' || r == '/' || unicode.IsLetter(r) || unicode.IsDigit(r)
}

// candidates lists the completions of word, typed after before: after an
// operand (a name, a literal, a closing parenthesis) the operators, else
// property names and functions. Matching is by prefix, ignoring case; when
// the context offers nothing, every kind is tried. Operators come with a
// space after them.
func (f *Filter) candidates(before, word string) []string {
	opWords := make([]string, len(f.ops))
	for i, o := range f.ops {
		opWords[i] = o + " "
	}
	operands := append(slices.Clone(f.props), f.funcs...)
	first, second := operands, opWords
	if afterOperand(before, f.ops) {
		first, second = opWords, operands
	}
	if out := withPrefix(first, word); len(out) > 0 {
		return out
	}
	return withPrefix(second, word)
}

// afterOperand reports whether text ends with an operand, so that an
// operator comes next.
func afterOperand(text string, ops []string) bool {
	t := []rune(strings.TrimRightFunc(text, unicode.IsSpace))
	if len(t) == 0 {
		return false
	}
	switch t[len(t)-1] {
	case '(', ',':
		return false
	case ')', '\'':
		return true
	}
	i := len(t)
	for i > 0 && (isWordRune(t[i-1]) || strings.ContainsRune(".-:+", t[i-1])) {
		i--
	}
	w := string(t[i:])
	if w == "" || slices.Contains(ops, w) {
		return false
	}
	return w != "or" && w != "not"
}

// withPrefix returns the items that start with prefix, ignoring case.
func withPrefix(items []string, prefix string) []string {
	var out []string
	p := strings.ToLower(prefix)
	for _, it := range items {
		if strings.HasPrefix(strings.ToLower(it), p) && strings.TrimSpace(it) != prefix {
			out = append(out, it)
		}
	}
	return out
}

// View implements screen.Dialog: the editor's three lines overlay the
// bottom of the body.
func (f *Filter) View(body string, w, h int) string {
	return screen.OverlayBottom(body, f.box(w), h)
}

// box draws three lines in w cells: the input, a hint (the completion
// cycle, or the operators the server has), and the server's error or a
// blank line.
func (f *Filter) box(w int) string {
	st := f.env.Styles
	in := screen.SizedInput(f.input, w)
	var hint string
	if len(f.cands) > 1 {
		parts := make([]string, 0, len(f.cands))
		for i, c := range f.cands {
			c = termtext.Sanitize(strings.TrimSpace(c))
			if i == f.cand {
				c = st.Match.Render(c)
			}
			parts = append(parts, c)
		}
		hint = st.Dim.Render("tab: ") + strings.Join(parts, " ")
	} else {
		hint = st.Dim.Render(f.keys.Complete.Help().Key + ": " + strings.Join(f.ops, " ") + " · " + strings.Join(f.funcs, " "))
		var missing []string
		for _, o := range notable {
			if !slices.Contains(f.ops, o) {
				missing = append(missing, o)
			}
		}
		if len(missing) > 0 {
			hint += st.Dim.Render(" · no " + strings.Join(missing, ", "))
		}
	}
	errLine := ""
	if f.err != "" {
		errLine = st.Error.Render(ansi.Truncate(termtext.Sanitize(f.err), w, "…"))
	}
	return ansi.Truncate(in.View(), w, "") + "\n" + ansi.Truncate(hint, w, "…") + "\n" + errLine
}

// Help implements screen.Dialog.
func (f *Filter) Help() help.KeyMap {
	k := f.keys
	keys := []key.Binding{k.Complete, k.Accept, k.Back}
	return screen.HelpKeys{Short: keys, Full: [][]key.Binding{keys}}
}
