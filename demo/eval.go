package demo

import (
	"strings"
	"time"
)

// idProp stands for the key property Id in $select, $filter and $orderby.
var idProp = &prop{name: "Id", kind: kGuid, i: -2}

// get returns the stored value of p in r (nil for null).
func (p *prop) get(r *row) any {
	if p.i == -2 {
		return guidV(r.id)
	}
	return r.vals[p.i]
}

// cond is a bound $filter condition.
type cond interface{ match(r *row) bool }

type (
	condAnd  struct{ a, b cond }
	condBool struct{ p *prop } // a bare Boolean property
	condCmp  struct {
		p   *prop
		syn bool // the synthetic <Prop>Value of an Amount/Quantity
		op  string
		lit bound
	}
	condIn struct {
		p    *prop
		syn  bool
		lits []bound
	}
	condText struct {
		p      *prop
		fn     string
		needle string // lower case
	}
)

// bound is a literal converted to the property's type.
type bound struct {
	null  bool
	s     string // text (lower case for strings), date, guid, referenced id
	k     int64  // numbers: floor(literal × 10^scale)
	exact bool   // numbers: the literal is exactly k
	out   int    // numbers: -1/+1 when the literal is beyond int64
	f     float64
	b     bool
	e     int // enum member index
}

func (c condAnd) match(r *row) bool  { return c.a.match(r) && c.b.match(r) }
func (c condBool) match(r *row) bool { v, _ := c.p.get(r).(bool); return v }

func (c condCmp) match(r *row) bool {
	v := c.p.get(r)
	if c.lit.null || v == nil {
		return c.op == "eq" && c.lit.null && v == nil
	}
	n := compare(c.p, c.syn, v, c.lit)
	switch c.op {
	case "eq":
		return n == 0
	case "ge":
		return n >= 0
	}
	return n <= 0
}

func (c condIn) match(r *row) bool {
	v := c.p.get(r)
	for _, l := range c.lits {
		if l.null {
			if v == nil {
				return true
			}
		} else if v != nil && compare(c.p, c.syn, v, l) == 0 {
			return true
		}
	}
	return false
}

func (c condText) match(r *row) bool {
	test := func(s string) bool {
		s = strings.ToLower(s)
		switch c.fn {
		case "startswith":
			return strings.HasPrefix(s, c.needle)
		case "endswith":
			return strings.HasSuffix(s, c.needle)
		}
		return strings.Contains(s, c.needle)
	}
	switch v := c.p.get(r).(type) {
	case string:
		return test(v)
	case mlString:
		for _, t := range v {
			if test(t.text) {
				return true
			}
		}
	}
	return false
}

// compare orders a non-null stored value against a non-null literal.
func compare(p *prop, syn bool, v any, l bound) int {
	switch v := v.(type) {
	case string:
		return strings.Compare(strings.ToLower(v), l.s)
	case int64:
		return cmpScaled(v, l)
	case dec:
		return cmpScaled(int64(v), l)
	case amount:
		return cmpScaled(v.v, l)
	case quantity:
		return cmpScaled(v.v, l)
	case float64:
		return cmpFloat(v, l.f)
	case bool:
		return cmpBool(v, l.b)
	case dateV:
		return strings.Compare(string(v), l.s)
	case time.Time: // ERP.net truncates date-time filters to the date
		return strings.Compare(v.UTC().Format(time.DateOnly), l.s)
	case guidV:
		return strings.Compare(string(v), l.s)
	case refV:
		return strings.Compare(string(v), l.s)
	case enumV:
		return int(v) - l.e
	}
	return -1
}

func cmpScaled(v int64, l bound) int {
	switch {
	case l.out != 0:
		return -l.out
	case v > l.k:
		return 1
	case v == l.k && l.exact:
		return 0
	}
	return -1
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func cmpBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case b:
		return -1
	}
	return 1
}
