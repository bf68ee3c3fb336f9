package demo

import (
	"strconv"
	"time"
	"unicode/utf8"
)

// encoder appends OData JSON (odata.metadata=minimal) to a byte slice.
type encoder struct {
	b         []byte
	ieee      bool // IEEE754Compatible=true: Int64 and Decimal as strings
	skipNulls bool // ERP.net options=skipnulls
}

const hexDigits = "0123456789abcdef"

// str appends s as a JSON string. C0 controls, DEL, and C1 controls are
// escaped as \u00XX; invalid UTF-8 becomes U+FFFD; everything else is
// written as UTF-8. Runs of plain bytes are copied in one append.
func (e *encoder) str(s string) {
	b := append(e.b, '"')
	flushed := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c < 0x7f && c != '"' && c != '\\' {
			i++
			continue
		}
		n := 1
		var esc string
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(s[i:])
			n = size
			switch {
			case r == utf8.RuneError && size == 1:
				esc = `\ufffd`
			case r >= 0x80 && r < 0xa0:
				esc = `\u00` + string(hexDigits[r>>4]) + string(hexDigits[r&0xf])
			default:
				i += size
				continue
			}
		}
		b = append(b, s[flushed:i]...)
		switch {
		case esc != "":
			b = append(b, esc...)
		case c == '"' || c == '\\':
			b = append(b, '\\', c)
		case c == '\n':
			b = append(b, '\\', 'n')
		case c == '\r':
			b = append(b, '\\', 'r')
		case c == '\t':
			b = append(b, '\\', 't')
		default:
			b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
		}
		i += n
		flushed = i
	}
	b = append(b, s[flushed:]...)
	e.b = append(b, '"')
}

// ref appends "Set(id)" without building the string first.
func (e *encoder) ref(set, id string) {
	e.b = append(e.b, '"')
	e.b = append(e.b, set...)
	e.b = append(e.b, '(')
	e.b = append(e.b, id...)
	e.b = append(e.b, ')', '"')
}

func (e *encoder) raw(s string) { e.b = append(e.b, s...) }

// key appends "name": (a comma first when needed is the caller's job).
func (e *encoder) key(name string) {
	e.str(name)
	e.b = append(e.b, ':')
}

// decimal appends units/10^scale with exactly scale fraction digits.
func appendDecimal(b []byte, units int64, scale int) []byte {
	neg := units < 0
	u := uint64(units)
	if neg {
		u = -u
		b = append(b, '-')
	}
	digits := strconv.AppendUint(nil, u, 10)
	for len(digits) <= scale {
		digits = append([]byte{'0'}, digits...)
	}
	if scale == 0 {
		return append(b, digits...)
	}
	b = append(b, digits[:len(digits)-scale]...)
	b = append(b, '.')
	return append(b, digits[len(digits)-scale:]...)
}

func (e *encoder) number(quoted bool, f func([]byte) []byte) {
	if quoted {
		e.b = append(e.b, '"')
	}
	e.b = f(e.b)
	if quoted {
		e.b = append(e.b, '"')
	}
}

// value appends a stored value of property p (not a navigation property).
func (e *encoder) value(p *prop, v any) {
	switch v := v.(type) {
	case nil:
		e.raw("null")
	case string:
		e.str(v)
	case int64:
		e.number(e.ieee && p.kind == kInt64, func(b []byte) []byte { return strconv.AppendInt(b, v, 10) })
	case dec:
		e.number(e.ieee, func(b []byte) []byte { return appendDecimal(b, int64(v), p.scale) })
	case float64:
		e.b = strconv.AppendFloat(e.b, v, 'g', -1, 64)
	case bool:
		e.b = strconv.AppendBool(e.b, v)
	case dateV:
		e.str(string(v))
	case time.Time:
		e.b = append(e.b, '"')
		e.b = v.UTC().AppendFormat(e.b, time.RFC3339Nano)
		e.b = append(e.b, '"')
	case guidV:
		e.str(string(v))
	case enumV:
		e.str(p.enum.members[v])
	case mlString:
		e.b = append(e.b, '{')
		for i, t := range v {
			if i > 0 {
				e.b = append(e.b, ',')
			}
			e.key(t.lang)
			e.str(t.text)
		}
		e.b = append(e.b, '}')
	case amount:
		e.raw(`{"Value":`)
		e.number(e.ieee, func(b []byte) []byte { return appendDecimal(b, v.v, amountScale) })
		e.raw(`,"Currency":`)
		e.str(v.cur)
		e.b = append(e.b, '}')
	case quantity:
		e.raw(`{"Value":`)
		e.number(e.ieee, func(b []byte) []byte { return appendDecimal(b, v.v, quantityScale) })
		e.raw(`,"Unit":`)
		e.str(v.unit)
		e.b = append(e.b, '}')
	}
}

// entity appends one entity of q.set shaped by q.
func (e *encoder) entity(q *query, r *row) {
	e.raw(`{"@odata.id":`)
	e.ref(q.set.name, r.id)
	if q.withID {
		e.raw(`,"Id":`)
		e.str(r.id)
	}
	for _, p := range q.out {
		sub := q.expand[p]
		var v any
		if p.kind != kLines {
			v = r.vals[p.i]
		}
		if v == nil && e.skipNulls && p.kind != kLines {
			continue
		}
		if sub != nil && p.kind == kLines {
			page, total, _ := sub.run(p.children[r.id], 0)
			if sub.count {
				e.b = append(e.b, ',')
				e.key(p.name + "@odata.count")
				e.number(e.ieee, func(b []byte) []byte { return strconv.AppendInt(b, int64(total), 10) })
			}
			e.b = append(e.b, ',')
			e.key(p.name)
			e.collection(sub, page)
			continue
		}
		e.b = append(e.b, ',')
		e.key(p.name)
		switch {
		case p.kind != kRef:
			e.value(p, v)
		case v == nil:
			e.raw("null")
		case sub != nil:
			e.entity(sub, p.target.byID[string(v.(refV))])
		default:
			e.raw(`{"@odata.id":`)
			e.ref(p.target.name, string(v.(refV)))
			e.b = append(e.b, '}')
		}
	}
	e.b = append(e.b, '}')
}

// collection appends a JSON array of entities.
func (e *encoder) collection(q *query, rows []*row) {
	e.b = append(e.b, '[')
	for i, r := range rows {
		if i > 0 {
			e.b = append(e.b, ',')
		}
		e.entity(q, r)
	}
	e.b = append(e.b, ']')
}
