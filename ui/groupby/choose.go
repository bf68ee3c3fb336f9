package groupby

import (
	"encoding/json"
	"strings"

	iprofile "github.com/odx-dev/odx/internal/profile"
	"github.com/odx-dev/odx/odata"
)

// The chooser: the columns a set can be grouped by, the aggregates it
// offers, and the three lines (by, then by, aggregate) changed with ←/→.

// Lines of the chooser.
const (
	lineBy = iota
	lineThen
	lineAgg
	lines
)

// aggOption is one aggregate offered: count, or a method of a column.
type aggOption struct {
	method string
	of     iprofile.Column
}

func (a aggOption) label() string {
	return iprofile.GroupSpec{Method: a.method, Of: a.of}.Label()
}

// options are the chooser's choices for a set.
type options struct {
	keys []iprofile.Column // group keys
	aggs []aggOption       // count first, then the sums, the averages, …
}

// optionsOf lists the columns of set from $metadata (nil: from the rows
// loaded): categorical columns, dates and whole numbers are keys; numbers
// and amounts are aggregated.
func optionsOf(meta *odata.Model, set string, loaded []odata.Row) options {
	var cols []iprofile.Column
	if meta != nil {
		if t, ok := meta.SetType(set); ok {
			for _, p := range t.AllProperties() {
				if c, err := iprofile.ColumnOf(meta, set, p.Name); err == nil {
					cols = append(cols, c)
				}
			}
			for _, n := range t.AllNavigation() {
				if c, err := iprofile.ColumnOf(meta, set, n.Name); err == nil {
					cols = append(cols, c)
				}
			}
		}
	}
	if len(cols) == 0 {
		cols = guessColumns(loaded)
	}
	var o options
	o.aggs = []aggOption{{method: iprofile.Count}}
	var measures []iprofile.Column
	for _, c := range cols {
		switch {
		case c.Kind == iprofile.Measure, c.Kind == iprofile.Numeric && !integral(c.Type):
			measures = append(measures, c)
		case c.Kind == iprofile.Numeric:
			measures = append(measures, c)
			o.keys = append(o.keys, c)
		default:
			if c.Name != "Id" {
				o.keys = append(o.keys, c)
			}
		}
	}
	for _, m := range iprofile.Methods {
		for _, c := range measures {
			o.aggs = append(o.aggs, aggOption{method: m, of: c})
		}
	}
	return o
}

// integral reports a whole-number type (a column guessed from the rows
// has none: its numbers are aggregated, not grouped by).
func integral(t string) bool {
	switch t {
	case "Edm.Byte", "Edm.SByte", "Edm.Int16", "Edm.Int32", "Edm.Int64":
		return true
	}
	return false
}

// guessColumns reads the columns off the rows loaded: numbers, amounts
// ({Value, Currency}) and quantities are measures, the rest categorical.
func guessColumns(rows []odata.Row) []iprofile.Column {
	var order []string
	kinds := map[string]iprofile.Kind{}
	seen := map[string]bool{}
	for _, r := range rows {
		for _, k := range r.Keys {
			v := r.Values[k]
			kind := iprofile.Categorical
			switch x := v.(type) {
			case nil:
				if !seen[k] {
					kind = -1
				} else {
					kind = kinds[k]
				}
			case json.Number, float64:
				kind = iprofile.Numeric
			case map[string]any:
				_, cur := x["Currency"]
				_, unit := x["Unit"]
				if _, ok := x["Value"]; ok && (cur || unit) {
					kind = iprofile.Measure
				}
			}
			if !seen[k] {
				seen[k] = true
				order = append(order, k)
				kinds[k] = kind
				continue
			}
			if kinds[k] == -1 {
				kinds[k] = kind
			} else if kind != -1 && kind != kinds[k] {
				kinds[k] = iprofile.Categorical
			}
		}
	}
	var out []iprofile.Column
	for _, k := range order {
		kind := kinds[k]
		if kind == -1 {
			kind = iprofile.Categorical
		}
		if strings.HasPrefix(k, "@") {
			continue
		}
		out = append(out, iprofile.Column{Name: k, Kind: kind})
	}
	return out
}

// indexOf is the index of the column named name in cols, or -1.
func indexOf(cols []iprofile.Column, name string) int {
	for i, c := range cols {
		if c.Name == name {
			return i
		}
	}
	return -1
}
