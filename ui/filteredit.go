package ui

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"unicode"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/odx-dev/odx/internal/termtext"
	"github.com/odx-dev/odx/odata"
	"github.com/odx-dev/odx/ui/styles"
)

// editResult is what a key did to a one-line editor.
type editResult int

const (
	editNone   editResult = iota // still editing
	editApply                    // enter: use value()
	editCancel                   // esc: leave everything as it was
)

// newLineInput returns a focused one-line input with the explorer's styles
// and a steady cursor. Its own suggestion keys are off: completion (tab) is
// the editors' own.
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

// Operators and functions offered by completion. ERP.net's $filter has eq,
// ge, le, and, in and the three text functions: no or, ne, gt or lt.
var (
	erpOperators     = []string{"eq", "ge", "le", "in", "and"}
	genericOperators = []string{"eq", "ne", "gt", "ge", "lt", "le", "in", "and", "or", "not", "has"}
	filterFunctions  = []string{"contains(", "startswith(", "endswith("}
)

// filterEditor edits $filter on one line (key f), completing property
// names, operators and functions with tab.
type filterEditor struct {
	input textinput.Model
	props []string
	erp   bool
	st    *styles.Styles
	keys  KeyMap
	err   string

	// Completion cycle: candidates, the one inserted, and where.
	cands    []string
	cand     int
	from, to int // runes of the value the inserted candidate occupies
}

// newFilterEditor returns an editor holding initial, completing the names
// of props; erp limits the operators to ERP.net's.
func newFilterEditor(initial string, props []pickProp, erp bool, st *styles.Styles, keys KeyMap) filterEditor {
	names := make([]string, 0, len(props))
	for _, p := range props {
		if !(p.Nav && p.Collection) {
			names = append(names, p.Name)
		}
	}
	in := newLineInput("$filter ", initial, st)
	in.Placeholder = "Number eq '1001' and contains(Name,'acme')"
	return filterEditor{input: in, props: names, erp: erp, st: st, keys: keys}
}

// value is the filter as typed, spaces trimmed.
func (f filterEditor) value() string { return strings.TrimSpace(f.input.Value()) }

// setError shows the server's answer to a bad filter under the input until
// the filter is edited.
func (f *filterEditor) setError(msg string) { f.err = msg }

// update handles a message: enter applies, esc cancels, tab completes, the
// rest edits.
func (f filterEditor) update(msg tea.Msg) (filterEditor, tea.Cmd, editResult) {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(k, f.keys.Accept):
			return f, nil, editApply
		case key.Matches(k, f.keys.Back):
			return f, nil, editCancel
		case key.Matches(k, f.keys.Complete):
			f.complete()
			return f, nil, editNone
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
	return f, cmd, editNone
}

// complete inserts the next candidate for the word before the cursor.
func (f *filterEditor) complete() {
	v := []rune(f.input.Value())
	if f.cands != nil {
		f.cand = (f.cand + 1) % len(f.cands)
	} else {
		pos := min(f.input.Position(), len(v))
		start := pos
		for start > 0 && isWordRune(v[start-1]) {
			start--
		}
		f.cands = filterCandidates(string(v[:start]), string(v[start:pos]), f.props, f.erp)
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

// filterCandidates lists the completions of word, typed after before:
// after an operand (a name, a literal, a closing parenthesis) the operators,
// else property names and functions. Matching is by prefix, ignoring case;
// when the context offers nothing, every kind is tried. Operators come with
// a space after them.
func filterCandidates(before, word string, props []string, erp bool) []string {
	ops := genericOperators
	if erp {
		ops = erpOperators
	}
	opWords := make([]string, len(ops))
	for i, o := range ops {
		opWords[i] = o + " "
	}
	operands := append(append([]string{}, props...), filterFunctions...)
	first, second := operands, opWords
	if afterOperand(before, ops) {
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
	if w == "" {
		return false
	}
	for _, o := range ops {
		if w == o {
			return false
		}
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

// view draws three lines in w cells: the input, a hint (the completion
// cycle, or the operators the server has), and the server's error or a
// blank line.
func (f filterEditor) view(w int) string {
	f.input = sizedInput(f.input, w)
	var hint string
	if len(f.cands) > 1 {
		parts := make([]string, 0, len(f.cands))
		for i, c := range f.cands {
			c = termtext.Sanitize(strings.TrimSpace(c))
			if i == f.cand {
				c = f.st.Match.Render(c)
			}
			parts = append(parts, c)
		}
		hint = f.st.Dim.Render("tab: ") + strings.Join(parts, " ")
	} else {
		ops := strings.Join(genericOperators, " ")
		if f.erp {
			ops = strings.Join(erpOperators, " ")
		}
		hint = f.st.Dim.Render(f.keys.Complete.Help().Key + ": " + ops + " · " + strings.Join(filterFunctions, " "))
		if f.erp {
			hint += f.st.Dim.Render(" · no or, ne, gt, lt")
		}
	}
	errLine := ""
	if f.err != "" {
		errLine = f.st.Error.Render(ansi.Truncate(termtext.Sanitize(f.err), w, "…"))
	}
	return ansi.Truncate(f.input.View(), w, "") + "\n" + ansi.Truncate(hint, w, "…") + "\n" + errLine
}

// cellFilter returns the $filter clause that keeps the rows whose prop
// equals v, the cell's value (decoded with UseNumber), typed by edmType from
// $metadata ("" or "key" when unknown). lang is the language the grid shows.
//
//   - null: Prop eq null;
//   - a multi-language text: contains(Prop,'text') with the text shown, the
//     only comparison ERP.net has for them;
//   - a reference {"@odata.id":"Set(guid)"}: Prop eq 'Set(guid)', as ERP.net
//     compares references;
//   - an amount or quantity: PropValue eq 12.5, ERP.net's synthetic member;
//   - anything else: Prop eq <literal> written by odata.Literal (strings
//     quoted with ' doubled, GUIDs, dates and numbers bare, enum members as
//     NS.Type'Member').
func cellFilter(prop, edmType string, v any, lang string) (string, error) {
	if prop == "" {
		return "", errors.New("there is no column to filter by; move the cursor onto a cell")
	}
	name := termtext.Sanitize(prop)
	switch x := v.(type) {
	case nil:
		return prop + " eq null", nil
	case []any:
		return "", fmt.Errorf("%s holds a list, which cannot be compared; open the row to see it", name)
	case map[string]any:
		switch termtext.Classify(x) {
		case termtext.ShapeLanguages:
			_, text := termtext.PickLanguage(x, lang)
			if text == "" {
				return "", fmt.Errorf("%s has no text in any language to filter by; press f to write a filter", name)
			}
			return "contains(" + prop + "," + quoteString(text) + ")", nil
		case termtext.ShapeReference:
			id, _ := x["@odata.id"].(string)
			if id == "" {
				break
			}
			return prop + " eq " + quoteString(id), nil
		case termtext.ShapeAmount, termtext.ShapeQuantity:
			lit, err := odata.Literal("Edm.Decimal", x["Value"])
			if err != nil {
				return "", fmt.Errorf("the value of %s is not a number; press f to write a filter", name)
			}
			return prop + "Value eq " + lit, nil
		}
		return "", fmt.Errorf("%s holds an object, which cannot be compared as a whole; press f to filter by one of its members", name)
	}
	typ := edmType
	switch typ {
	case "", "key":
		typ = guessType(v, edmType == "key")
	}
	lit, err := odata.Literal(typ, v)
	if err != nil {
		return "", fmt.Errorf("the value of %s cannot be written as a %s literal; press f to write the filter yourself", name, termtext.Sanitize(typ))
	}
	return prop + " eq " + lit, nil
}

// guessType is the EDM type of a value whose property type is unknown.
func guessType(v any, isKey bool) string {
	switch x := v.(type) {
	case bool:
		return "Edm.Boolean"
	case json.Number:
		return "Edm.Decimal"
	case string:
		if isKey && termtext.IsGUID(x) {
			return "Edm.Guid"
		}
	}
	return "Edm.String"
}

// quoteString is an OData string literal: quoted, ' doubled.
func quoteString(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// andFilter adds clause to the filter existing with and, putting either in
// parentheses when it has a top-level or. A clause already among existing's
// top-level conjuncts is not added twice.
func andFilter(existing, clause string) string {
	existing, clause = strings.TrimSpace(existing), strings.TrimSpace(clause)
	switch {
	case existing == "":
		return clause
	case clause == "":
		return existing
	}
	for _, c := range splitTopLevel(existing, "and") {
		if c == clause {
			return existing
		}
	}
	return parenIfOr(existing) + " and " + parenIfOr(clause)
}

func parenIfOr(expr string) string {
	if len(splitTopLevel(expr, "or")) > 1 {
		return "(" + expr + ")"
	}
	return expr
}

// splitTopLevel splits expr at the word op (surrounded by spaces) where it
// is outside quotes and parentheses; the parts are trimmed.
func splitTopLevel(expr, op string) []string {
	var parts []string
	depth, quoted, start := 0, false, 0
	sep := " " + op + " "
	for i := 0; i < len(expr); i++ {
		switch c := expr[i]; {
		case c == '\'':
			quoted = !quoted // '' inside a string toggles twice
		case quoted:
		case c == '(':
			depth++
		case c == ')':
			depth--
		case depth == 0 && strings.HasPrefix(expr[i:], sep):
			parts = append(parts, strings.TrimSpace(expr[start:i]))
			start = i + len(sep)
			i += len(sep) - 1
		}
	}
	return append(parts, strings.TrimSpace(expr[start:]))
}
