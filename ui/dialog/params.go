package dialog

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/odx-dev/odx/internal/termtext"
	"github.com/odx-dev/odx/odata"
	"github.com/odx-dev/odx/ui/screen"
)

// KindParams is the kind of the function-parameter form (Params.Kind).
const KindParams = "params"

// Param is one parameter of a function: its name, its type (an Edm type
// or an enum's qualified name) and whether it may be null.
type Param struct {
	Name     string
	Type     string
	Nullable bool
}

// FunctionCall is the parameter form's enter: call function Name at Path
// (relative to the service root, percent-encoded), built by FunctionPath.
type FunctionCall struct {
	Name string
	Path string
}

// FunctionPath is the URL, relative to the service root, of a GET of
// function import name with values (as typed, one per parameter; "" for
// a nullable parameter is null), each written as its type's literal in the
// dialect: Name(a=1,b='x') in v4, Name?a=1&b='x' in v2. It is
// percent-encoded.
func FunctionPath(name string, params []Param, values []string, d odata.Dialect) (string, error) {
	var parts []string
	for i, p := range params {
		v := ""
		if i < len(values) {
			v = values[i]
		}
		var val any = v
		if strings.TrimSpace(v) == "" && !strings.HasSuffix(p.Type, "String") {
			if !p.Nullable {
				return "", fmt.Errorf("%s needs a value (%s)", p.Name, typeName(p.Type))
			}
			val = nil
		}
		lit, err := d.Literal(p.Type, val)
		if err != nil {
			return "", fmt.Errorf("%s: %v", p.Name, strings.TrimPrefix(err.Error(), "odata: "))
		}
		parts = append(parts, escapeName(p.Name)+"="+escapeLiteral(lit))
	}
	fn := escapeName(name)
	if d.V2 {
		if len(parts) == 0 {
			return fn, nil
		}
		return fn + "?" + strings.Join(parts, "&"), nil
	}
	return fn + "(" + strings.Join(parts, ",") + ")", nil
}

// escapeName percent-encodes a parameter name from $metadata: every byte
// but ASCII letters, digits, _ and ., so that a hostile name cannot add a
// parameter (a=1,b) or a query option (a&$filter) to the call.
func escapeName(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '.' {
			b.WriteByte(c)
			continue
		}
		fmt.Fprintf(&b, "%%%02X", c)
	}
	return b.String()
}

// escapeLiteral percent-encodes a literal for a path segment or a query
// value: what would end or split it (/ ? # & % + space) and non-ASCII.
func escapeLiteral(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= ' ' || c >= 0x7f || strings.IndexByte("/?#&%+\"<>\\^`{|}", c) >= 0 {
			fmt.Fprintf(&b, "%%%02X", c)
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

// typeName is a parameter type as a person reads it: Int32, String, an
// enum's own name.
func typeName(t string) string {
	if i := strings.LastIndexByte(t, '.'); i >= 0 {
		return t[i+1:]
	}
	return t
}

// Params asks for the parameters of a function import, one line each,
// typed: tab and the arrows move between them, enter calls the function
// (posting FunctionCall) once every value reads as its type, esc closes.
type Params struct {
	env     *screen.Env
	keys    screen.KeyMap
	name    string
	params  []Param
	inputs  []textinput.Model
	focus   int
	err     string
	next    key.Binding
	prev    key.Binding
	dialect odata.Dialect
}

// NewParams returns the form for function name's params.
func NewParams(env *screen.Env, name string, params []Param) *Params {
	p := &Params{env: env, keys: env.Keys, name: name, params: params, dialect: env.Dialect,
		next: key.NewBinding(key.WithKeys("tab", "down"), key.WithHelp("tab", "next")),
		prev: key.NewBinding(key.WithKeys("shift+tab", "up"), key.WithHelp("shift+tab", "previous")),
	}
	for _, pr := range params {
		in := screen.NewLineInput("", "", env.Styles)
		in.Placeholder = termtext.Sanitize(typeName(pr.Type))
		if pr.Nullable {
			in.Placeholder += " (empty: null)"
		}
		in.Blur()
		p.inputs = append(p.inputs, in)
	}
	if len(p.inputs) > 0 {
		p.inputs[0].Focus()
	}
	return p
}

// Kind implements screen.Dialog.
func (p *Params) Kind() string { return KindParams }

// Err is the error shown, for State.
func (p *Params) Err() string { return p.err }

// Update implements screen.Dialog.
func (p *Params) Update(msg tea.Msg) (screen.Dialog, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(k, p.keys.Back):
			p.env.Post(screen.CloseDialog{Kind: KindParams})
			return p, nil
		case key.Matches(k, p.keys.Accept):
			p.call()
			return p, nil
		case key.Matches(k, p.next):
			p.move(1)
			return p, nil
		case key.Matches(k, p.prev):
			p.move(-1)
			return p, nil
		}
	}
	if len(p.inputs) == 0 {
		return p, nil
	}
	var cmd tea.Cmd
	p.inputs[p.focus], cmd = p.inputs[p.focus].Update(msg)
	return p, cmd
}

// move focuses the next (d 1) or previous (d -1) parameter, round.
func (p *Params) move(d int) {
	if len(p.inputs) == 0 {
		return
	}
	p.inputs[p.focus].Blur()
	p.focus = (p.focus + d + len(p.inputs)) % len(p.inputs)
	p.inputs[p.focus].Focus()
}

// call builds the call and posts it, or shows what is wrong and focuses
// that parameter.
func (p *Params) call() {
	values := make([]string, len(p.inputs))
	for i, in := range p.inputs {
		values[i] = in.Value()
	}
	path, err := FunctionPath(p.name, p.params, values, p.dialect)
	if err != nil {
		p.err = err.Error()
		for i, pr := range p.params {
			if strings.HasPrefix(p.err, pr.Name+" ") || strings.HasPrefix(p.err, pr.Name+":") {
				p.inputs[p.focus].Blur()
				p.focus = i
				p.inputs[i].Focus()
				break
			}
		}
		return
	}
	p.err = ""
	p.env.Post(FunctionCall{Name: p.name, Path: path})
	p.env.Post(screen.CloseDialog{Kind: KindParams})
}

// View implements screen.Dialog: the form replaces the body: a title, a
// line per parameter (name, type, value) and a hint or error line.
func (p *Params) View(_ string, w, h int) string {
	st := p.env.Styles
	out := []string{ansi.Truncate(st.Title.Render(termtext.Sanitize(p.name)+"(…)")+st.Dim.Render(" · a function: odx calls it with GET and these values"), w, "…")}
	nameW := 0
	for _, pr := range p.params {
		nameW = max(nameW, ansi.StringWidth(termtext.Sanitize(pr.Name)))
	}
	nameW = min(nameW, max(6, w/3))
	for i, pr := range p.params {
		cur := "  "
		if i == p.focus {
			cur = "› "
		}
		label := cur + screen.Fit(termtext.Sanitize(pr.Name), nameW) + " "
		in := p.inputs[i]
		in.SetWidth(max(1, w-ansi.StringWidth(label)-1))
		out = append(out, ansi.Truncate(label+in.View(), w, ""))
	}
	hint := st.Dim.Render(helpText(p.next, p.keys.Accept, p.keys.Back))
	if p.err != "" {
		hint = st.Error.Render(termtext.Sanitize(p.err))
	}
	out = append(out, ansi.Truncate(hint, w, "…"))
	return strings.Join(screen.FitLines(strings.Join(out, "\n"), w, h), "\n")
}

// Help implements screen.Dialog.
func (p *Params) Help() help.KeyMap {
	k := p.keys
	keys := []key.Binding{k.Accept, p.next, p.prev, k.Back}
	return screen.HelpKeys{Short: keys, Full: [][]key.Binding{keys}}
}
