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

// Filter edits $filter on one line (key f), completing with tab the
// names of the properties that can be filtered, after a property the
// operators its type and the service have (no contains on a number, date,
// GUID or reference; see OpsFor), after a value the logical operators, and
// inside a text function the properties it works on. Enter posts
// FilterApplied and leaves the editor open (the screen closes it once the
// server accepts the filter); a filter using what the service or a
// property's type lacks is said first, and a second enter sends it as it is;
// esc closes it.
type Filter struct {
	env     *screen.Env
	keys    screen.KeyMap
	input   textinput.Model
	dialect odata.Dialect
	all     []Prop         // the properties given
	props   []string       // the names completed: those that can be filtered
	propOps map[string]Ops // what each can do
	ops     []string       // the dialect's operators
	funcs   []string       // its text functions, each with "(" after it
	err     string
	warned  string // the value the last warning was about: enter again sends it

	// Completion cycle: candidates, the one inserted, and where.
	cands    []string
	cand     int
	from, to int // runes of the value the inserted candidate occupies
}

// NewFilter returns an editor holding initial, completing the names of
// props and the operators and functions of dialect d.
func NewFilter(env *screen.Env, initial string, props []Prop, d odata.Dialect) *Filter {
	in := screen.NewLineInput("$filter ", initial, env.Styles)
	var funcs []string
	for _, f := range d.Functions() {
		funcs = append(funcs, f+"(")
	}
	f := &Filter{env: env, keys: env.Keys, input: in, dialect: d, all: slices.Clone(props), ops: d.Operators(), funcs: funcs}
	f.ForSet(nil, "")
	return f
}

// ForSet narrows what the editor offers to the service's Capabilities
// annotations of set in meta (FilterRestrictions, FilterFunctions, a
// property's FilterExpressionRestrictions); meta nil: the properties'
// types and the dialect alone. It returns f.
func (f *Filter) ForSet(meta *odata.Model, set string) *Filter {
	f.props, f.propOps = nil, map[string]Ops{}
	for _, p := range f.all {
		if v, ok := valueMember(f.dialect, p); ok {
			p = v // ERP.net compares an amount or a quantity by its <Prop>Value
		}
		o := OpsFor(meta, f.dialect, set, p)
		if o.None() {
			continue
		}
		f.props = append(f.props, p.Name)
		f.propOps[p.Name] = o
	}
	f.input.Placeholder = f.placeholder()
	return f
}

// valueMember is ERP.net's synthetic number member of an amount or a
// quantity property p (TotalAmount → TotalAmountValue, a decimal).
func valueMember(d odata.Dialect, p Prop) (Prop, bool) {
	t := strings.ToLower(p.Type)
	if d.Name != odata.ERPNet.Name || p.Nav || !(strings.HasSuffix(t, ".amount") || strings.HasSuffix(t, ".quantity")) {
		return p, false
	}
	return Prop{Name: p.Name + "Value", Label: p.Label, Type: "Edm.Decimal"}, true
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
			if w := f.check(f.value()); w != "" && f.warned != f.value() {
				f.err, f.warned = w+" · enter again sends it as it is", f.value()
				return f, nil
			}
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

// candidates lists the completions of word, typed after before: after a
// property the comparison operators it takes, after a value the logical
// ones, after another operand (a path) every operator; inside a text
// function the properties it works on; else property names and
// functions. Matching is by prefix, ignoring case; when the context
// offers nothing, every kind is tried (but never an operator a property
// lacks). Operators come with a space after them.
func (f *Filter) candidates(before, word string) []string {
	opWords := spaced(f.ops)
	operands := append(slices.Clone(f.props), f.funcs...)
	if fn, ok := inFunction(before); ok && fn != "substringof" && slices.Contains(f.funcs, fn+"(") { // substringof takes the text first
		var on []string
		for _, p := range f.props {
			if f.propOps[p].Can(fn) {
				on = append(on, p)
			}
		}
		return withPrefix(on, word)
	}
	first, second := operands, opWords
	if afterOperand(before, f.ops) {
		w := lastWord(before)
		switch o, isProp := f.propOps[w]; {
		case isProp:
			return withPrefix(spaced(o.Compare), word)
		case endsValue(before):
			first = spaced(keep(f.ops, func(op string) bool { return op == "and" || op == "or" }))
		default:
			first = opWords
		}
		second = operands
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

// spaced is each operator with a space after it.
func spaced(ops []string) []string {
	out := make([]string, len(ops))
	for i, o := range ops {
		out[i] = o + " "
	}
	return out
}

// lastWord is the name, path or literal text ends with (spaces trimmed).
func lastWord(text string) string {
	t := []rune(strings.TrimRightFunc(text, unicode.IsSpace))
	i := len(t)
	for i > 0 && isWordRune(t[i-1]) {
		i--
	}
	return string(t[i:])
}

// endsValue reports whether text ends with a value: a string, a number,
// a closing parenthesis, null, true or false.
func endsValue(text string) bool {
	t := strings.TrimRightFunc(text, unicode.IsSpace)
	if t == "" {
		return false
	}
	switch c := t[len(t)-1]; {
	case c == '\'' || c == ')':
		return true
	case c >= '0' && c <= '9':
		w := lastWord(t)
		return w != "" && w[0] >= '0' && w[0] <= '9' || strings.ContainsAny(w, "-:")
	}
	switch lastWord(t) {
	case "null", "true", "false":
		return true
	}
	return false
}

// inFunction reports the function whose first argument is being typed:
// text ends with "name(" (spaces allowed after the parenthesis).
func inFunction(text string) (string, bool) {
	t := strings.TrimRightFunc(text, unicode.IsSpace)
	if !strings.HasSuffix(t, "(") {
		return "", false
	}
	w := lastWord(t[:len(t)-1])
	return strings.ToLower(w), w != ""
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
	in := screen.SizedInput(shownInput(f.input), w)
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
	} else if ph := f.propHint(); ph != "" {
		hint = st.Dim.Render(ph)
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

// shownInput is in as drawn: its value sanitised (the text input drops
// escapes but keeps bidi overrides and invisible characters, which a
// filter built from server data, or completed from its names, can hold),
// the cursor on the same character. The value edited stays exact.
func shownInput(in textinput.Model) textinput.Model {
	v := []rune(in.Value())
	pos := min(in.Position(), len(v))
	before, after := termtext.Sanitize(string(v[:pos])), termtext.Sanitize(string(v[pos:]))
	if before == string(v[:pos]) && after == string(v[pos:]) {
		return in
	}
	in.SetValue(before + after)
	in.SetCursor(len([]rune(before)))
	return in
}

// propHint says what the property before the cursor takes ("CreditLimit
// (Decimal): eq ge le in"), "" when no property is there.
func (f *Filter) propHint() string {
	v := []rune(f.input.Value())
	w := lastWord(string(v[:min(f.input.Position(), len(v))]))
	o, ok := f.propOps[w]
	if !ok {
		return ""
	}
	typ := ""
	for _, p := range f.all {
		if p.Name == w && p.Type != "" {
			typ = " (" + termtext.Sanitize(screen.ShortType(p.Type)) + ")"
		}
	}
	parts := slices.Clone(o.Compare)
	for _, fn := range o.Funcs {
		parts = append(parts, fn+"(")
	}
	return termtext.Sanitize(w) + typ + ": " + strings.Join(parts, " ")
}

// Help implements screen.Dialog.
func (f *Filter) Help() help.KeyMap {
	k := f.keys
	keys := []key.Binding{k.Complete, k.Accept, k.Back}
	return screen.HelpKeys{Short: keys, Full: [][]key.Binding{keys}}
}
