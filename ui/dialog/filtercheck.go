package dialog

import (
	"slices"
	"strings"
	"unicode"

	"github.com/odx-dev/odx/internal/termtext"
	"github.com/odx-dev/odx/ui/screen"
)

// The filter editor reads what was typed before sending it: an operator or
// function the service lacks, or one a property's type does not take, is
// said (once: enter again sends it), and its placeholder is written with
// the set's own properties.

// token is a word of a filter outside its string literals: a name, path,
// operator or number, and whether "(" follows it.
type token struct {
	text string
	call bool
}

// tokens splits filter into its words outside quotes.
func tokens(filter string) []token {
	var out []token
	r := []rune(filter)
	for i := 0; i < len(r); {
		switch c := r[i]; {
		case c == '\'':
			i++
			for i < len(r) {
				if r[i] == '\'' {
					if i+1 < len(r) && r[i+1] == '\'' {
						i += 2
						continue
					}
					break
				}
				i++
			}
			i++
		case isWordRune(c):
			j := i
			for j < len(r) && (isWordRune(r[j]) || r[j] == '.') {
				j++
			}
			k := j
			for k < len(r) && unicode.IsSpace(r[k]) {
				k++
			}
			out = append(out, token{text: string(r[i:j]), call: k < len(r) && r[k] == '('})
			i = j
		default:
			i++
		}
	}
	return out
}

// check says what in filter will not work, "" when nothing is known not
// to: an operator or text function the dialect lacks, a comparison a
// property's type does not take, a text function on a property that is
// not text.
func (f *Filter) check(filter string) string {
	ts := tokens(filter)
	var lacks []string
	for i, t := range ts {
		w := strings.ToLower(t.text)
		isOp := slices.Contains(opWords, w) && !t.call
		isFn := slices.Contains(textOps, w) && t.call
		if (isOp || isFn) && !f.dialect.Supports(w) {
			if !slices.Contains(lacks, w) {
				lacks = append(lacks, w)
			}
			continue
		}
		o, isProp := f.propOps[t.text]
		switch {
		case isProp && i+1 < len(ts) && slices.Contains(compareOps, ts[i+1].text) && f.dialect.Supports(ts[i+1].text) && !o.Can(ts[i+1].text):
			return termtext.Sanitize(t.text) + " takes no " + ts[i+1].text + f.opsOf(t.text)
		case isFn && i+1 < len(ts):
			if o, ok := f.propOps[ts[i+1].text]; ok && !o.Can(w) {
				return w + " does not work on " + termtext.Sanitize(ts[i+1].text) + f.opsOf(ts[i+1].text)
			}
		}
	}
	if len(lacks) > 0 {
		return f.dialect.Name + " has no " + strings.Join(lacks, ", ")
	}
	return ""
}

// opWords are the word operators of $filter; compareOps the comparisons.
var (
	opWords    = []string{"eq", "ne", "gt", "ge", "lt", "le", "in", "and", "or", "not", "has"}
	compareOps = []string{"eq", "ne", "gt", "ge", "lt", "le", "in", "has"}
)

// opsOf is " (it takes eq, ne)" for prop, or " (nothing)".
func (f *Filter) opsOf(prop string) string {
	o := f.propOps[prop]
	all := append(slices.Clone(o.Compare), o.Funcs...)
	if len(all) == 0 {
		return ""
	}
	return " (it takes " + strings.Join(all, ", ") + ")"
}

// exampleNames are the properties a placeholder prefers for its equality:
// the set's number, code or name.
var exampleNames = []string{"Number", "DocumentNo", "Code", "PartNumber", "PartyCode", "Name", "Title", "UserName"}

// placeholder is an example filter on the set's own properties: an
// equality on its number, code or name (else its first text property)
// and a text search on another, as far as the service has them.
func (f *Filter) placeholder() string {
	types := map[string]string{}
	for _, p := range f.all {
		types[p.Name] = p.Type
	}
	isText := func(n string) bool { t := types[n]; return t == "Edm.String" || t == "" }
	eqProp := ""
	for _, n := range exampleNames {
		if o, ok := f.propOps[n]; ok && o.Can("eq") && isText(n) {
			eqProp = n
			break
		}
	}
	if eqProp == "" {
		for _, n := range f.props {
			if f.propOps[n].Can("eq") && isText(n) {
				eqProp = n
				break
			}
		}
	}
	fn, fnProp := "", ""
	for _, try := range []string{"contains", "substringof", "startswith"} {
		for _, n := range f.props {
			if n != eqProp && f.propOps[n].Can(try) {
				fn, fnProp = try, n
				break
			}
		}
		if fn != "" {
			break
		}
	}
	var parts []string
	if eqProp != "" {
		parts = append(parts, eqProp+" eq '…'")
	}
	switch fn {
	case "":
	case "substringof":
		parts = append(parts, "substringof('…',"+fnProp+")")
	default:
		parts = append(parts, fn+"("+fnProp+",'…')")
	}
	if len(parts) == 2 && !f.dialect.Supports("and") {
		parts = parts[:1]
	}
	if len(parts) == 0 {
		return "a $filter expression"
	}
	return screen.Cut(termtext.Sanitize(strings.Join(parts, " and ")), 80)
}
