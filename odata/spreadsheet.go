package odata

import (
	"slices"
	"strings"
)

// The spreadsheet layout of CSVWriter: which columns a property becomes and
// what goes in them. The layout is decided once, from the rows written
// before the first Flush (at most planRows of them), and never changes
// after the header is written:
//
//   - the key comes first, as a column Id read from @odata.id ("Set(9f…)"
//     → 9f…; a compound key as written), when the rows carry @odata.id and
//     the first of them shows its key in no column;
//   - an amount {"Value":…,"Currency":…} is two columns, P and P_Currency;
//     a quantity {"Value":…,"Unit":…} is P and P_Unit;
//   - a multi-language string {"EN":…,"BG":…} is one column per language
//     seen, P_EN, P_BG (the writer's Language first, then by name);
//   - a reference {"@odata.id":"Set(key)"} is one column, the key; so is
//     a reference as $apply groups by it, {"Id": key};
//   - anything else (strings, numbers, arrays, other objects, a property
//     whose values had different shapes) is one column, objects and arrays
//     written as compact JSON.
//
// A later value that does not fit its property's columns (an amount where
// only nulls were seen, a language not seen before) is written whole, as
// compact JSON, in the property's first column: nothing is dropped.

// planRows is how many rows a CSVWriter holds back at most to decide its
// columns when no Flush comes first.
const planRows = 1000

// sheetShape is how a property is laid out in a spreadsheet.
type sheetShape int

const (
	shapeNone      sheetShape = iota // no value seen (null): a plain column
	shapePlain                       // as received; objects and arrays as JSON
	shapeAmount                      // Value, Currency
	shapeQuantity                    // Value, Unit
	shapeLanguages                   // one column per language
	shapeReference                   // the key of @odata.id
	shapeKey                         // the row's own key, from its @odata.id
)

// sheetColumn is one property of the output and the columns it becomes.
type sheetColumn struct {
	name  string
	shape sheetShape
	langs []string // shapeLanguages: the language codes, in column order
}

// headers returns the column names of c.
func (c sheetColumn) headers() []string {
	switch c.shape {
	case shapeAmount:
		return []string{c.name, c.name + "_Currency"}
	case shapeQuantity:
		return []string{c.name, c.name + "_Unit"}
	case shapeLanguages:
		h := make([]string, len(c.langs))
		for i, l := range c.langs {
			h[i] = c.name + "_" + l
		}
		return h
	}
	return []string{c.name}
}

// planSheet decides the columns of rows: the given columns (nil: every
// property of the rows, first row's first), laid out by the shapes of their
// values; lang is the language listed first.
func planSheet(rows []Row, columns []string, lang string) []sheetColumn {
	if columns == nil {
		for _, r := range rows {
			for _, k := range rowKeys(r) {
				if !slices.Contains(columns, k) {
					columns = append(columns, k)
				}
			}
		}
	}
	var plan []sheetColumn
	if needsKey(rows, columns) {
		plan = append(plan, sheetColumn{name: "Id", shape: shapeKey})
	}
	for _, name := range columns {
		col := sheetColumn{name: name}
		seen := map[string]bool{}
		for _, r := range rows {
			v := r.Values[name]
			s := shapeOf(v)
			switch {
			case s == shapeNone:
				continue
			case col.shape == shapeNone:
				col.shape = s
			case col.shape != s:
				col.shape = shapePlain
			}
			if s == shapeLanguages {
				for l := range v.(map[string]any) {
					if isLanguageCode(l) {
						seen[l] = true
					}
				}
			}
		}
		if col.shape == shapeLanguages {
			col.langs = languageOrder(seen, lang)
		}
		plan = append(plan, col)
	}
	return plan
}

// needsKey reports whether the rows carry @odata.id while no column holds
// the key: no column Id, and no value of the first identified row equal to
// its key.
func needsKey(rows []Row, columns []string) bool {
	if slices.Contains(columns, "Id") {
		return false
	}
	for _, r := range rows {
		if r.ID == "" {
			continue
		}
		key := KeyText(r.ID)
		for _, c := range columns {
			if s, err := cell(r.Values[c]); err == nil && s == key {
				return false
			}
		}
		return true
	}
	return false
}

// languageOrder lists the codes seen: lang first, then the others by name.
func languageOrder(seen map[string]bool, lang string) []string {
	var out []string
	lang = strings.ToUpper(lang)
	for l := range seen {
		if l != lang {
			out = append(out, l)
		}
	}
	slices.Sort(out)
	if seen[lang] {
		out = slices.Insert(out, 0, lang)
	}
	return out
}

// shapeOf tells the shape of one value.
func shapeOf(v any) sheetShape {
	x, ok := v.(map[string]any)
	if !ok {
		if v == nil {
			return shapeNone
		}
		return shapePlain
	}
	members, langs := 0, true
	for k, m := range x {
		if strings.IndexByte(k, '@') >= 0 {
			continue
		}
		members++
		if _, isText := m.(string); !isLanguageCode(k) || !isText && m != nil {
			langs = false
		}
	}
	_, hasValue := x["Value"]
	_, hasCurrency := x["Currency"]
	_, hasUnit := x["Unit"]
	_, hasID := x["@odata.id"].(string)
	key, hasKey := x["Id"]
	switch {
	case hasID && members == 0:
		return shapeReference
	case !hasID && members == 1 && hasKey && key != nil && isScalar(key):
		return shapeReference // a reference as $apply groups by it: {"Id": …}
	case members == 2 && hasValue && hasCurrency && isScalar(x["Value"]) && isScalar(x["Currency"]):
		return shapeAmount
	case members == 2 && hasValue && hasUnit && isScalar(x["Value"]) && isScalar(x["Unit"]):
		return shapeQuantity
	case members > 0 && !hasID && langs:
		return shapeLanguages
	}
	return shapePlain
}

// isScalar reports whether v is null, a string, a number or a boolean.
func isScalar(v any) bool {
	switch v.(type) {
	case map[string]any, []any:
		return false
	}
	return true
}

func isLanguageCode(k string) bool {
	if len(k) < 2 || len(k) > 3 {
		return false
	}
	for i := 0; i < len(k); i++ {
		if k[i] < 'A' || k[i] > 'Z' {
			return false
		}
	}
	return true
}

// KeyText is the key of an entity id or reference as a person reads it:
// "Customers(9f…)" → 9f…, "People('o”neil')" → o'neil; a compound key
// as written ("A=1,B='x'"). An id without a key in parentheses is returned
// as it is.
func KeyText(id string) string {
	i := strings.LastIndexByte(id, '(')
	if i < 0 || !strings.HasSuffix(id, ")") {
		return id
	}
	k := id[i+1 : len(id)-1]
	if len(k) >= 2 && k[0] == '\'' && k[len(k)-1] == '\'' && !strings.Contains(k, ",") {
		k = strings.ReplaceAll(k[1:len(k)-1], "''", "'")
	}
	return k
}

// sheetCells appends the cells of column col for row r to rec.
func sheetCells(rec []sheetCell, col sheetColumn, r Row) ([]sheetCell, error) {
	if col.shape == shapeKey {
		if r.ID == "" {
			return append(rec, sheetCell{}), nil
		}
		return append(rec, sheetCell{KeyText(r.ID), true}), nil
	}
	v := r.Values[col.name]
	n := len(col.headers())
	if v == nil {
		for range n {
			rec = append(rec, sheetCell{})
		}
		return rec, nil
	}
	s := shapeOf(v)
	fits := s == col.shape || col.shape == shapeNone && s == shapePlain
	m, _ := v.(map[string]any)
	if s == shapeLanguages && fits {
		for l := range m {
			if isLanguageCode(l) && !slices.Contains(col.langs, l) {
				fits = false
			}
		}
	}
	switch {
	case !fits || col.shape == shapePlain || col.shape == shapeNone:
		text, err := cell(v)
		if err != nil {
			return rec, err
		}
		_, isString := v.(string)
		rec = append(rec, sheetCell{text, isString})
		for range n - 1 {
			rec = append(rec, sheetCell{})
		}
		return rec, nil
	case col.shape == shapeReference:
		if id, ok := m["@odata.id"].(string); ok {
			return append(rec, sheetCell{KeyText(id), true}), nil
		}
		text, err := cell(m["Id"])
		if err != nil {
			return rec, err
		}
		_, isString := m["Id"].(string)
		return append(rec, sheetCell{text, isString}), nil
	case col.shape == shapeLanguages:
		for _, l := range col.langs {
			text, _ := m[l].(string)
			rec = append(rec, sheetCell{text, true})
		}
		return rec, nil
	}
	unit := "Currency"
	if col.shape == shapeQuantity {
		unit = "Unit"
	}
	for _, x := range []any{m["Value"], m[unit]} {
		text, err := cell(x)
		if err != nil {
			return rec, err
		}
		_, isString := x.(string)
		rec = append(rec, sheetCell{text, isString})
	}
	return rec, nil
}

// sheetCell is one cell of a spreadsheet row: its text, and whether it is
// server text the formula guard applies to.
type sheetCell struct {
	text   string
	server bool
}
