package odata

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
)

// Operations: function and action imports with their parameters and return
// types (issue 12, item 6). A v4 import names an unbound Function or Action
// of a schema (FunctionImport Function="NS.F"); a v2 FunctionImport carries
// its Parameter children, ReturnType and m:HttpMethod itself. Bound
// operations are not kept: nothing in odx can call them.

// Function is a function or action import: what odx lists and, for a
// function called with GET, what the parameter form asks for.
type Function struct {
	// Name is the import's name, the URL segment that calls it.
	Name string

	// Parameters are the operation's parameters in declaration order.
	Parameters []Parameter

	// ReturnType is the qualified return type ("Edm.String",
	// "Collection(NS.Type)"), "" when the operation returns nothing.
	ReturnType string

	// IsBound reports a bound operation (never the case for an import).
	IsBound bool

	// EntitySet is the set the import's entities belong to, "" if none.
	EntitySet string

	// Action reports an action (import): listed, never callable by odx.
	Action bool

	// HTTPMethod is a v2 function import's m:HttpMethod ("GET", "POST");
	// "" in v4, where a function is always called with GET.
	HTTPMethod string

	// Overloads is the number of unbound overloads of a v4 function; the
	// first declared is the one described.
	Overloads int
}

// Parameter is one parameter of an operation.
type Parameter struct {
	Name     string
	Type     string // qualified, "Collection(…)" for a collection
	Nullable bool
}

// Callable reports whether odx may call the operation: a function (not an
// action), unbound, and for v2 one declared with HttpMethod GET (or none).
func (f *Function) Callable() bool {
	return !f.Action && !f.IsBound && (f.HTTPMethod == "" || strings.EqualFold(f.HTTPMethod, "GET"))
}

// Signature is the operation's name with its parameters' names,
// "GetExchangeRate(FromCurrency, ToCurrency, OnDate)".
func (f *Function) Signature() string {
	var b strings.Builder
	b.WriteString(f.Name)
	b.WriteByte('(')
	for i, p := range f.Parameters {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(p.Name)
	}
	b.WriteByte(')')
	return b.String()
}

// opImport is a function or action import as declared in a container.
type opImport struct {
	name      string
	target    string // v4: the qualified operation it imports
	entitySet string
	action    bool
	v2        *Function // v2: the whole description
}

// opDecl is an unbound Function or Action of a schema.
type opDecl struct {
	qname   string
	action  bool
	params  []Parameter
	returns string
}

// FunctionImport describes function import name of any container: its
// parameters and return type, from the unbound function it imports (v4) or
// from the import itself (v2). ok is false when no container declares a
// function import of that name.
func (m *Model) FunctionImport(name string) (*Function, bool) {
	return m.operation(name, false)
}

// ActionImport describes action import name likewise; actions are listed,
// never called.
func (m *Model) ActionImport(name string) (*Function, bool) {
	return m.operation(name, true)
}

func (m *Model) operation(name string, action bool) (*Function, bool) {
	for _, c := range m.Containers {
		for _, im := range c.imports {
			if im.name == name && im.action == action {
				return m.describe(im), true
			}
		}
	}
	return nil, false
}

// Operations describes every function and action import of every
// container, in document order.
func (m *Model) Operations() []*Function {
	var out []*Function
	for _, c := range m.Containers {
		for _, im := range c.imports {
			out = append(out, m.describe(im))
		}
	}
	return out
}

// describe builds an import's description, resolving aliases that were
// declared after their first use.
func (m *Model) describe(im *opImport) *Function {
	if im.v2 != nil {
		f := *im.v2
		f.ReturnType = m.Qualify(f.ReturnType)
		f.Parameters = m.qualifyParams(f.Parameters)
		return &f
	}
	f := &Function{Name: im.name, EntitySet: im.entitySet, Action: im.action}
	decls := m.ops[m.Qualify(im.target)]
	for _, d := range decls {
		if d.action == im.action {
			if f.Overloads == 0 {
				f.Parameters = m.qualifyParams(d.params)
				f.ReturnType = m.Qualify(d.returns)
			}
			f.Overloads++
		}
	}
	return f
}

func (m *Model) qualifyParams(ps []Parameter) []Parameter {
	if len(ps) == 0 {
		return nil
	}
	out := make([]Parameter, len(ps))
	for i, p := range ps {
		p.Type = m.Qualify(p.Type)
		out[i] = p
	}
	return out
}

// addOp records an unbound schema operation.
func (m *Model) addOp(d *opDecl) {
	if m.ops == nil {
		m.ops = map[string][]*opDecl{}
	}
	m.ops[d.qname] = append(m.ops[d.qname], d)
}

// opType reads a parameter's or return type's Type attribute, resolving a
// known alias also inside "Collection(…)".
func (p *xmlParser) opType(b []byte) string {
	if inner, ok := bytes.CutPrefix(b, []byte("Collection(")); ok && bytes.HasSuffix(inner, []byte(")")) {
		return "Collection(" + p.typeRef(inner[:len(inner)-1]) + ")"
	}
	return p.typeRef(b)
}

// attrLocal returns the value of the attribute whose local name (after any
// prefix) is key, or nil: for v2's m:HttpMethod.
func (p *xmlParser) attrLocal(key string) []byte {
	for _, a := range p.attrs {
		if string(local(a.key)) == key {
			return a.val
		}
	}
	return nil
}

// openOperation begins a schema's Function or Action; a bound one is
// skipped whole.
func (p *xmlParser) openOperation(ln, ns string) uint8 {
	if p.attrBool("IsBound", false) {
		return kSkip
	}
	p.op = &opDecl{qname: p.mem.concat(ns+".", string(p.attr("Name"))), action: ln == "Action"}
	return kOperation
}

// openImport records a container's FunctionImport or ActionImport.
func (p *xmlParser) openImport(c *EntityContainer, ln string) uint8 {
	im := &opImport{name: p.attrStr("Name"), entitySet: p.attrStr("EntitySet"), action: ln == "ActionImport"}
	if im.action {
		im.target = p.typeRef(p.attr("Action"))
	} else if fn := p.attr("Function"); fn != nil {
		im.target = p.typeRef(fn)
	} else { // v2: the import is the whole description
		im.v2 = &Function{
			Name: im.name, EntitySet: im.entitySet,
			ReturnType: p.opType(p.attr("ReturnType")), HTTPMethod: string(p.attrLocal("HttpMethod")),
		}
	}
	c.imports = append(c.imports, im)
	p.imp = im
	return kImport
}

// openOpChild reads a Parameter or ReturnType of the operation or v2
// import open.
func (p *xmlParser) openOpChild(parent uint8, ln string, rest []byte, start int) (uint8, error) {
	if ln != "Parameter" && ln != "ReturnType" {
		return kSkip, nil
	}
	if parent == kImport && (p.imp == nil || p.imp.v2 == nil) {
		return kSkip, nil
	}
	if err := p.readAttrs(rest, start); err != nil {
		return 0, err
	}
	typ := p.opType(p.attr("Type"))
	if ln == "ReturnType" {
		if parent == kOperation {
			p.op.returns = typ
		}
		return kSkip, nil
	}
	par := Parameter{Name: p.attrCopy("Name"), Type: typ, Nullable: p.attrBool("Nullable", true)}
	if parent == kOperation {
		p.op.params = append(p.op.params, par)
	} else {
		p.imp.v2.Parameters = append(p.imp.v2.Parameters, par)
	}
	return kSkip, nil
}

// closeOp finishes a schema operation or an import.
func (p *xmlParser) closeOp(k uint8) {
	if k == kOperation {
		p.b.m.addOp(p.op)
		p.op = nil
	} else {
		p.imp = nil
	}
}

// jsonType is a CSDL JSON type reference: $Type (default Edm.String),
// $Collection, $Nullable (default false).
type jsonType struct {
	Name       string  `json:"$Name"`
	Type       *string `json:"$Type"`
	Collection bool    `json:"$Collection"`
	Nullable   *bool   `json:"$Nullable"`
}

func (t jsonType) typ() string {
	s := "Edm.String"
	if t.Type != nil {
		s = *t.Type
	}
	if t.Collection && !strings.HasPrefix(s, "Collection(") {
		s = "Collection(" + s + ")"
	}
	return s
}

// jsonOperations reads a schema member whose value is an array: the
// overloads of a function or an action (anything else is ignored). Bound
// overloads are not kept.
func (b *builder) jsonOperations(qname string, raw json.RawMessage) error {
	raw = bytes.TrimLeft(raw, " \t\r\n")
	if len(raw) == 0 || raw[0] != '[' {
		return nil
	}
	var overloads []struct {
		Kind       string     `json:"$Kind"`
		IsBound    bool       `json:"$IsBound"`
		Parameter  []jsonType `json:"$Parameter"`
		ReturnType *jsonType  `json:"$ReturnType"`
	}
	if err := json.Unmarshal(raw, &overloads); err != nil {
		return fmt.Errorf("the overloads are malformed (%v)", jsonCause(err))
	}
	for _, o := range overloads {
		if o.IsBound || (o.Kind != "Function" && o.Kind != "Action") {
			continue
		}
		d := &opDecl{qname: qname, action: o.Kind == "Action"}
		for _, p := range o.Parameter {
			d.params = append(d.params, Parameter{Name: p.Name, Type: p.typ(), Nullable: p.Nullable != nil && *p.Nullable})
		}
		if o.ReturnType != nil {
			d.returns = o.ReturnType.typ()
		}
		b.m.addOp(d)
	}
	return nil
}
