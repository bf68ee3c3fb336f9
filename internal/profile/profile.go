// Package profile computes a column profile of an entity set: for a
// categorical column (text, enum, Boolean, Guid, reference) the count of
// each value, the nulls and the number of distinct values; for a number,
// an amount or a date the count, nulls, minimum, maximum, sum and average
// (amounts per currency) and a histogram. The server does the work with
// $apply (odata.Client.Apply) in as few requests as it allows; a server
// without $apply gets a profile of the rows of one page, which says so.
// `odx profile` prints it (Write); the explorer's profile screen draws it.
package profile

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"slices"
	"strings"

	"github.com/odx-dev/odx/odata"
)

// Kind is how a column is profiled.
type Kind int

const (
	// Categorical: count per value (text, enum, Boolean, Guid, reference).
	Categorical Kind = iota
	// Numeric: count, nulls, min, max, sum, average, histogram.
	Numeric
	// Measure: an amount {Value, Currency} or quantity {Value, Unit}:
	// numeric statistics per currency or unit.
	Measure
	// Date: a date or date-time, counted per day; min, max and histogram.
	Date
)

// String names the kind for people.
func (k Kind) String() string {
	return [...]string{"categorical", "numeric", "measure", "date"}[k]
}

// Column is the profiled column as $metadata describes it.
type Column struct {
	Name string
	Type string // qualified type: "Edm.Int32", "Erp.Amount", the target entity type of a reference
	Kind Kind
	Ref  bool // a single-valued navigation property (a reference)

	// Members are an enum's member names, in $metadata's order (counted
	// one $count each by a server without $apply).
	Members []string
}

// ColumnOf finds column name of set in m and decides its kind. A
// multi-language text, a collection or another complex type cannot be
// profiled.
func ColumnOf(m *odata.Model, set, name string) (Column, error) {
	t, ok := m.SetType(set)
	if !ok {
		return Column{}, fmt.Errorf("the entity set %s is not in $metadata; see `odx sets`", set)
	}
	if n, ok := t.NavigationProperty(name); ok {
		if n.Collection {
			return Column{}, fmt.Errorf("%s is a collection of related rows; profile one of its own columns from its set instead", name)
		}
		return Column{Name: name, Type: n.Type, Kind: Categorical, Ref: true}, nil
	}
	p, ok := t.Property(name)
	if !ok {
		var names []string
		for _, p := range t.AllProperties() {
			names = append(names, p.Name)
		}
		return Column{}, fmt.Errorf("%s has no column %s; its columns are %s", set, name, strings.Join(names, ", "))
	}
	c := Column{Name: name, Type: p.Type}
	switch {
	case p.Collection:
		return Column{}, fmt.Errorf("%s is a collection; it cannot be profiled", name)
	case numericTypes[p.Type]:
		c.Kind = Numeric
	case p.Type == "Edm.Date" || p.Type == "Edm.DateTimeOffset" || p.Type == "Edm.DateTime":
		c.Kind = Date
	case strings.HasPrefix(p.Type, "Edm."):
		c.Kind = Categorical
	default:
		if et, isEnum := m.EnumType(p.Type); isEnum {
			c.Kind = Categorical
			if !et.IsFlags {
				for _, mem := range et.Members {
					c.Members = append(c.Members, mem.Name)
				}
			}
			break
		}
		ct, isComplex := m.ComplexType(p.Type)
		if !isComplex || !isMeasure(ct) {
			return Column{}, fmt.Errorf("%s is of type %s, which has no single value to count; profile one of its members", name, p.Type)
		}
		c.Kind = Measure
	}
	return c, nil
}

var numericTypes = map[string]bool{"Edm.Byte": true, "Edm.SByte": true, "Edm.Int16": true, "Edm.Int32": true,
	"Edm.Int64": true, "Edm.Decimal": true, "Edm.Double": true, "Edm.Single": true}

// isMeasure reports an amount (Value, Currency) or quantity (Value, Unit).
func isMeasure(ct *odata.ComplexType) bool {
	var value, unit bool
	for _, p := range ct.Properties {
		value = value || p.Name == "Value" && numericTypes[p.Type]
		unit = unit || p.Name == "Currency" || p.Name == "Unit"
	}
	return value && unit
}

// Profile is a column's profile.
type Profile struct {
	Set    string `json:"set"`
	Column string `json:"column"`
	Type   string `json:"type"`
	Kind   string `json:"kind"`
	Filter string `json:"filter,omitempty"`

	Rows     int64 `json:"rows"`               // rows counted (under Filter)
	Nulls    int64 `json:"nulls"`              // rows whose value is null
	Distinct int64 `json:"distinct,omitempty"` // distinct non-null values (categorical, date)

	Values []Value  `json:"values,omitempty"` // categorical: the most frequent values, by count
	Others int64    `json:"others,omitempty"` // rows with a value outside Values
	Stats  []Stats  `json:"stats,omitempty"`  // numeric, date: one; amount: one per currency
	Hist   []Bucket `json:"histogram,omitempty"`

	// Sampled is set when the server has no $apply: the profile is of the
	// first Loaded rows only, not the whole set (see Note).
	Sampled bool `json:"sampled,omitempty"`
	Loaded  int  `json:"loaded,omitempty"`
	// PerMember is set when the server has no $apply and the enum's
	// members were counted with one $count each (the whole set still).
	PerMember bool `json:"perMember,omitempty"`
	// Requests are the URLs sent, in order.
	Requests []string `json:"requests,omitempty"`
}

// Value is one value of a categorical column and how many rows hold it.
type Value struct {
	Value string `json:"value"` // as people read it; a reference's key
	Raw   any    `json:"raw"`   // as the server sent it (for a filter)
	Count int64  `json:"count"`
}

// Stats are the statistics of a number, a date, or one currency of an
// amount. Numbers are decimal text, exact as the server sent them.
type Stats struct {
	Unit  string `json:"unit,omitempty"` // the currency or unit; "" for plain numbers and dates
	Count int64  `json:"count"`          // non-null values
	Min   string `json:"min,omitempty"`
	Max   string `json:"max,omitempty"`
	Sum   string `json:"sum,omitempty"`
	Avg   string `json:"average,omitempty"`
}

// Bucket is one bar of a histogram: the values from Low (exclusive, except
// in the first bucket) to High (inclusive).
type Bucket struct {
	Low   string `json:"low"`
	High  string `json:"high"`
	Count int64  `json:"count"`
}

// TopN is how many values a categorical profile lists before "others".
const TopN = 20

// Note is the line that says where the numbers come from: the whole set
// (under the filter) or only the rows loaded.
func (p *Profile) Note() string {
	if p.Sampled {
		return fmt.Sprintf("from the %d rows loaded, not the whole set (the server does not support $apply)", p.Loaded)
	}
	if p.PerMember {
		return "counted with one $count per member (the server does not support $apply)"
	}
	if p.Filter != "" {
		return "computed by the server with $apply over every row the filter matches"
	}
	return "computed by the server with $apply over the whole set"
}

// Compute profiles column col of set under filter ("" for none). It asks
// the server with $apply; when the first request is refused as unsupported
// (odata.ApplyUnsupported), an enum of few members is counted with one
// $count per member, anything else is profiled from the first page of rows.
func Compute(ctx context.Context, c *odata.Client, set string, col Column, filter string) (*Profile, error) {
	return ComputeWith(ctx, c, nil, set, col, filter, nil)
}

// ComputeWith is Compute for a caller that has $metadata (meta, nil for
// none) or rows loaded already (the explorer's grid): a set that meta says
// has no $apply (Aggregation.ApplySupported) is not asked with it, and
// without $apply the profile is of loaded (when not nil) instead of a page
// fetched for it.
func ComputeWith(ctx context.Context, c *odata.Client, meta *odata.Model, set string, col Column, filter string, loaded []odata.Row) (*Profile, error) {
	p := &Profile{Set: set, Column: col.Name, Type: col.Type, Kind: col.Kind.String(), Filter: filter}
	var err error
	switch {
	case NoApply(meta, set):
		err = errNoApply
	case col.Kind == Categorical, col.Kind == Date:
		err = p.grouped(ctx, c, col)
	default:
		err = p.aggregated(ctx, c, col)
	}
	switch {
	case unsupported(err) && perMember(col):
		counts, reqs, err := memberCounts(ctx, c, set, col, filter)
		p.Requests = append(p.Requests, reqs...)
		if err != nil {
			return nil, err
		}
		p.PerMember = true
		p.fromCounts(col, counts)
		return p, nil
	case unsupported(err) && loaded != nil:
		out := FromRows(set, col, filter, loaded)
		out.Requests = p.Requests
		return out, nil
	case unsupported(err):
		return p.fromPage(ctx, c, col)
	}
	if err != nil {
		return nil, err
	}
	return p, nil
}

// errNoApply stands for the refusal of $apply by a server whose
// $metadata says it has none.
var errNoApply = errors.New("the service's $metadata says it does not support $apply")

// NoApply reports whether meta says set has no $apply (an
// Aggregation.ApplySupported annotation without a value); a set it says
// nothing of may still have it.
func NoApply(meta *odata.Model, set string) bool {
	if meta == nil {
		return false
	}
	ok, known := meta.ApplySupported(set)
	return known && !ok
}

// unsupported reports a refusal of $apply: errNoApply, or the server's
// (odata.ApplyUnsupported).
func unsupported(err error) bool { return err == errNoApply || odata.ApplyUnsupported(err) }

// apply runs one $apply request, noting its URL.
func (p *Profile) apply(ctx context.Context, c *odata.Client, a odata.Apply) ([]odata.Row, error) {
	if u, err := c.ApplyURL(p.Set, a, p.Filter); err == nil {
		p.Requests = append(p.Requests, u.String())
	}
	return c.Apply(ctx, p.Set, a, p.Filter)
}

// count runs one /$count request under the profile's filter and extra.
func (p *Profile) count(ctx context.Context, c *odata.Client, extra string) (int64, error) {
	q := odata.Query{Set: p.Set, Filter: andFilter(p.Filter, extra)}
	if u, err := c.URL(odata.Query{Set: p.Set + "/$count", Filter: q.Filter, Top: 1}); err == nil {
		u.RawQuery = strings.TrimPrefix(strings.Replace(u.RawQuery, "$top=1", "", 1), "&")
		u.RawQuery = strings.TrimSuffix(u.RawQuery, "&")
		p.Requests = append(p.Requests, u.String())
	}
	return c.Count(ctx, q)
}

func andFilter(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return "(" + a + ") and (" + b + ")"
}

// grouped profiles a categorical or date column with one request:
// groupby((Col),aggregate($count as Count)); a date-time is counted per day
// with compute(date(Col) as Day).
func (p *Profile) grouped(ctx context.Context, c *odata.Client, col Column) error {
	key := col.Name
	a := odata.GroupBy([]string{key}, odata.Count("Count"))
	if col.Type == "Edm.DateTimeOffset" || col.Type == "Edm.DateTime" {
		key = "Day"
		a.Compute = []string{"date(" + col.Name + ") as Day"}
		a.GroupBy = []string{key}
	}
	rows, err := p.apply(ctx, c, a)
	if err != nil {
		return err
	}
	counts := make([]keyCount, 0, len(rows))
	for _, r := range rows {
		n, _ := odata.Number(r.Values["Count"])
		if n == nil {
			return fmt.Errorf("the server's groups of %s have no count", col.Name)
		}
		counts = append(counts, keyCount{r.Values[key], n.Num().Int64()})
	}
	p.fromCounts(col, counts)
	return nil
}

// keyCount is a value and its number of rows.
type keyCount struct {
	raw any
	n   int64
}

// fromCounts fills a categorical or date profile from counts per value.
func (p *Profile) fromCounts(col Column, counts []keyCount) {
	var vals []Value
	for _, kc := range counts {
		p.Rows += kc.n
		if kc.raw == nil {
			p.Nulls += kc.n
			continue
		}
		vals = append(vals, Value{Value: display(kc.raw), Raw: kc.raw, Count: kc.n})
	}
	p.Distinct = int64(len(vals))
	if col.Kind == Date {
		p.dates(vals)
		return
	}
	slices.SortStableFunc(vals, func(a, b Value) int {
		if a.Count != b.Count {
			return int(b.Count - a.Count)
		}
		return strings.Compare(a.Value, b.Value)
	})
	if len(vals) > TopN {
		for _, v := range vals[TopN:] {
			p.Others += v.Count
		}
		vals = vals[:TopN]
	}
	p.Values = vals
}

// display is a key value as text: a reference's Id, else the value.
func display(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case map[string]any:
		if id, ok := v["Id"]; ok {
			return display(id)
		}
		if id, ok := v["@odata.id"].(string); ok { // Set(key): the key, as a grouped reference's Id
			if i := strings.LastIndexByte(id, '('); i >= 0 && strings.HasSuffix(id, ")") {
				return strings.Trim(id[i+1:len(id)-1], "'")
			}
			return id
		}
	case bool:
		return fmt.Sprint(v)
	}
	if n, ok := odata.Number(v); ok {
		return decimalText(n)
	}
	return fmt.Sprint(v)
}

// decimalText is n as a decimal without trailing zeros (at most 6 places).
func decimalText(n *big.Rat) string {
	s := n.FloatString(6)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}
