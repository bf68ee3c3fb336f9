package demo

import (
	"math"
	"math/big"
	"strings"
)

// bind type-checks a parsed filter against set s.
func bind(s *entitySet, e expr) (cond, error) {
	switch e := e.(type) {
	case eAnd:
		a, err := bind(s, e.l)
		if err != nil {
			return nil, err
		}
		b, err := bind(s, e.r)
		if err != nil {
			return nil, err
		}
		return condAnd{a, b}, nil
	case eIdent:
		p, _, err := filterProp(s, e)
		if err != nil {
			return nil, err
		}
		if p.kind != kBool {
			return nil, errSyntax("The property %s is not Boolean, so it cannot stand alone as a $filter condition; compare it with eq, ge or le.", p.name)
		}
		return condBool{p}, nil
	case eCmp:
		return bindCmp(s, e)
	case eIn:
		p, syn, err := filterProp(s, e.l)
		if err != nil {
			return nil, err
		}
		c := condIn{p: p, syn: syn}
		for _, x := range e.list {
			l, ok := x.(eLit)
			if !ok {
				return nil, errSyntax("The 'in' list of %s must hold literal values only.", p.name)
			}
			b, err := bindLit(p, syn, "in", l)
			if err != nil {
				return nil, err
			}
			c.lits = append(c.lits, b)
		}
		return c, nil
	case eCall:
		return bindCall(s, e)
	case eLit:
		return nil, errSyntax("The literal %s is not a condition; compare a property with it, e.g. Prop eq %s.", e.raw, e.raw)
	}
	return nil, errSyntax("The $filter expression is not a condition.")
}

func bindCmp(s *entitySet, e eCmp) (cond, error) {
	l, r, op := e.l, e.r, e.op
	if _, ok := l.(eLit); ok { // literal op property: swap sides
		l, r = r, l
		op = map[string]string{"eq": "eq", "ge": "le", "le": "ge"}[op]
	}
	if c, ok := l.(eCall); ok {
		if _, err := bindCall(s, c); err != nil {
			return nil, err
		}
		return nil, errNotSupported("Comparing the result of a function is not supported in $filter; use contains(...), startswith(...) or endswith(...) as a condition on its own.")
	}
	p, syn, err := filterProp(s, l)
	if err != nil {
		return nil, err
	}
	lit, ok := r.(eLit)
	if !ok {
		return nil, errNotSupported("Comparing %s with another property or expression is not supported in $filter; compare it with a literal value.", p.name)
	}
	b, err := bindLit(p, syn, op, lit)
	if err != nil {
		return nil, err
	}
	return condCmp{p: p, syn: syn, op: op, lit: b}, nil
}

func bindCall(s *entitySet, e eCall) (cond, error) {
	switch e.name {
	case "contains", "startswith", "endswith":
	default:
		return nil, errNotSupported("The function %s is not supported in $filter; use contains, startswith or endswith.", e.name)
	}
	if len(e.args) != 2 {
		return nil, errSyntax("The function %s takes two arguments: a text property and a string, e.g. %s(Number,'42').", e.name, e.name)
	}
	p, syn, err := filterProp(s, e.args[0])
	if err != nil {
		return nil, err
	}
	lit, ok := e.args[1].(eLit)
	if syn || (p.kind != kString && p.kind != kML) {
		return nil, errSyntax("The function %s applies to text properties only, and %s is not one.", e.name, p.name)
	}
	if !ok || lit.kind != lString {
		return nil, errSyntax("The second argument of %s must be a string literal in quotes.", e.name)
	}
	return condText{p: p, fn: e.name, needle: strings.ToLower(lit.s)}, nil
}

// filterProp resolves the property operand of a condition.
func filterProp(s *entitySet, e expr) (*prop, bool, error) {
	id, ok := e.(eIdent)
	if !ok {
		return nil, false, errSyntax("A $filter condition must start with a property name.")
	}
	if strings.Contains(id.name, "/") {
		return nil, false, errNotSupported("The property path %s is not supported by the demo instance; filter on the entity's own properties.", id.name)
	}
	if id.name == "Id" {
		return idProp, false, nil
	}
	p, syn := s.lookup(id.name)
	if p == nil {
		return nil, false, errSyntax("Could not find a property named '%s' on type 'Erp.%s'.", id.name, s.typeName)
	}
	if p.kind == kLines {
		return nil, false, errNotSupported("Filtering on the child collection %s is not supported.", p.name)
	}
	return p, syn, nil
}

// bindLit converts literal l to the type of p for operator op.
func bindLit(p *prop, syn bool, op string, l eLit) (bound, error) {
	bad := func(want string) (bound, error) {
		return bound{}, errSyntax("The value %s cannot be compared with %s, which expects %s.", l.raw, p.name, want)
	}
	if l.kind == lNull {
		if op != "eq" && op != "in" {
			return bound{}, errSyntax("Only eq can compare %s with null.", p.name)
		}
		return bound{null: true}, nil
	}
	k := p.kind
	if syn {
		k = kDecimal
	}
	if op != "eq" && op != "in" && (k == kML || k == kRef || k == kAmount || k == kQuantity) {
		return bound{}, errNotSupported("The operator %s is not supported on %s; only eq and in are.", op, p.name)
	}
	switch k {
	case kString:
		if l.kind != lString {
			return bad("a string in quotes")
		}
		return bound{s: strings.ToLower(l.s)}, nil
	case kML:
		return bound{}, errNotSupported("The multi-language property %s cannot be compared with %s; use contains(%s,'text').", p.name, op, p.name)
	case kAmount, kQuantity:
		return bound{}, errNotSupported("The complex property %s cannot be compared directly; filter on %sValue instead.", p.name, p.name)
	case kInt32, kInt64, kDecimal:
		if l.kind != lNumber {
			return bad("a number")
		}
		scale := p.scale
		switch {
		case syn && p.kind == kAmount:
			scale = amountScale
		case syn:
			scale = quantityScale
		}
		return scaled(l.num, scale), nil
	case kDouble:
		if l.kind != lNumber {
			return bad("a number")
		}
		f, _ := l.num.Float64()
		return bound{f: f}, nil
	case kBool:
		if l.kind != lBool {
			return bad("true or false")
		}
		return bound{b: l.b}, nil
	case kDate, kDateTime:
		if l.kind != lDate && l.kind != lDateTime {
			return bad("a date (2024-01-31) or date-time (2024-01-31T10:00:00Z)")
		}
		return bound{s: l.s}, nil
	case kGuid:
		if l.kind != lGuid && !(l.kind == lString && reGuid().MatchString(l.s) && len(l.s) == 36) {
			return bad("a Guid")
		}
		return bound{s: strings.ToLower(l.s)}, nil
	case kEnum:
		return bindEnum(p, l)
	case kRef:
		return bindRef(p, l)
	}
	return bad("a value of its own type")
}

func scaled(r *big.Rat, scale int) bound {
	x := new(big.Rat).Mul(r, new(big.Rat).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(scale)), nil)))
	q, m := new(big.Int).DivMod(x.Num(), x.Denom(), new(big.Int)) // floor division (Denom > 0)
	switch {
	case !q.IsInt64() && q.Sign() > 0:
		return bound{out: 1, k: math.MaxInt64}
	case !q.IsInt64():
		return bound{out: -1, k: math.MinInt64}
	}
	return bound{k: q.Int64(), exact: m.Sign() == 0}
}

func bindEnum(p *prop, l eLit) (bound, error) {
	if l.kind == lEnum {
		if t := strings.TrimPrefix(l.typ, "Erp."); t != p.enum.name {
			return bound{}, errSyntax("The enum literal %s has type %s, but %s is of type Erp.%s.", l.raw, l.typ, p.name, p.enum.name)
		}
	} else if l.kind != lString {
		return bound{}, errSyntax("The value %s cannot be compared with the enum %s; write the member name in quotes, e.g. '%s'.", l.raw, p.name, p.enum.members[0])
	}
	i := p.enum.index(l.s)
	if i < 0 {
		return bound{}, errSyntax("'%s' is not a member of Erp.%s; the members are %s.", l.s, p.enum.name, strings.Join(p.enum.members, ", "))
	}
	return bound{e: i}, nil
}

func bindRef(p *prop, l eLit) (bound, error) {
	id := ""
	switch l.kind {
	case lGuid:
		id = l.s
	case lString:
		id = l.s
		if set, key, ok := strings.Cut(strings.TrimSuffix(l.s, ")"), "("); ok && strings.HasSuffix(l.s, ")") {
			if set != p.target.name {
				return bound{}, errSyntax("The reference %s points to %s, not to %s.", p.name, p.target.name, set)
			}
			id = key
		}
	}
	if len(id) != 36 || !reGuid().MatchString(id) {
		return bound{}, errSyntax("The reference %s compares with '%s(guid)' or a bare Guid, not with %s.", p.name, p.target.name, l.raw)
	}
	return bound{s: strings.ToLower(id)}, nil
}
