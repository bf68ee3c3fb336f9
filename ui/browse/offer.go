package browse

import (
	"slices"
	"strings"

	"github.com/odx-dev/odx/internal/termtext"
	"github.com/odx-dev/odx/odata"
	"github.com/odx-dev/odx/ui/dialog"
	"github.com/odx-dev/odx/ui/grid"
)

// The page search's offer (enter): the search as a server filter on the
// cursor's column, only where the column's type and the service have a
// comparison that means "holds this text" or "is this value" — never on a
// navigation property or an expanded one, never contains() on a number,
// date, GUID or amount, a binary value only by its exact text.

// offerFor is the server filter for the term on the cursor's column, ""
// when none fits.
func (s *pageSearch) offerFor(g *grid.Model) string {
	col := g.CurrentColumn()
	var v any
	row := g.CurrentRow()
	if s.raw != nil {
		row = s.raw()
	}
	if row != nil {
		v = row[col.Name]
	}
	p := colProp(s.meta, s.set, s.expand, col)
	o := dialog.OpsFor(s.meta, s.dialect, s.set, p)
	enum := false
	if s.meta != nil {
		_, enum = s.meta.EnumType(p.Type)
	}
	return searchFilter(p, o, enum, v, s.term(), s.dialect)
}

// colProp is the property behind grid column col of set: its type, and
// whether it is a navigation property (declared, expanded, or a reference
// or expansion seen in the rows without $metadata).
func colProp(meta *odata.Model, set string, expand []string, col grid.Column) dialog.Prop {
	p := dialog.Prop{Name: col.Name, Label: col.Label, Type: col.Type, Key: col.Key}
	if strings.HasPrefix(p.Type, "Collection(") {
		p.Collection = true
	}
	if meta != nil {
		if t, ok := meta.SetType(set); ok {
			if n, ok := t.NavigationProperty(col.Name); ok {
				p.Nav, p.Collection, p.Type = true, n.Collection, n.Type
			}
		}
	}
	if slices.ContainsFunc(expand, func(item string) bool {
		head, _, _ := strings.Cut(item, "(")
		head, _, _ = strings.Cut(head, "/")
		return strings.TrimSpace(head) == col.Name
	}) {
		p.Nav = true
	}
	return p
}

// searchFilter turns a page search for term into a $filter on property p,
// which can do o (dialog.OpsFor); enum marks an enum type, v is the
// cursor's value in the column (it tells what a column of unknown type
// holds). Text (and ERP.net's multi-language texts) takes the dialect's
// case-blind contains (contains(Prop,'…') on ERP.net, which folds case
// itself; contains(tolower(Prop),'…') elsewhere; substringof on v2); a
// number, GUID, date or Boolean column Prop eq <literal> when the term is
// a whole value of its type; an enum Prop eq NS.Type'Member'; ERP.net's
// amounts and quantities <Prop>Value eq <number>; binary Prop eq
// binary'…' of the exact text. It returns "" when nothing fits.
func searchFilter(p dialog.Prop, o dialog.Ops, enum bool, v any, term string, d odata.Dialect) string {
	term = strings.TrimSpace(term)
	if p.Name == "" || term == "" || p.Nav || p.Collection {
		return ""
	}
	eq := func(lit string) string {
		if !o.Can("eq") {
			return ""
		}
		return p.Name + " eq " + lit
	}
	contains := func() string {
		if !o.Can("contains") && !o.Can("substringof") {
			return ""
		}
		return d.ContainsFilter(p.Name, term)
	}
	if m, ok := v.(map[string]any); ok {
		switch termtext.Classify(m) {
		case termtext.ShapeAmount, termtext.ShapeQuantity:
			lit, err := d.Literal("Edm.Decimal", strings.ReplaceAll(term, ",", ""))
			if err != nil || d.Name != odata.ERPNet.Name { // <Prop>Value is ERP.net's
				return ""
			}
			return p.Name + "Value eq " + lit
		case termtext.ShapeLanguages:
			return contains()
		default:
			return "" // a reference, an expansion, a complex value
		}
	}
	switch t := p.Type; {
	case enum:
		if lit, err := d.Literal(t, term); err == nil {
			return eq(lit)
		}
		return ""
	case t == "key":
		if termtext.IsGUID(term) {
			return eq(term)
		}
		return ""
	case t == "Edm.Binary":
		if lit, ok := dialog.BinaryLiteral(d, term); ok {
			return eq(lit)
		}
		return ""
	case t == "":
		switch v.(type) {
		case nil, string:
			return contains()
		}
		lit, err := d.Literal(guessType(v, false), strings.ReplaceAll(term, ",", ""))
		if err != nil {
			return ""
		}
		return eq(lit)
	case t == "Edm.String" || !strings.HasPrefix(t, "Edm."):
		return contains()
	}
	vt := term
	if termtext.IsNumericType(p.Type) {
		vt = strings.ReplaceAll(term, ",", "")
	}
	lit, err := d.Literal(p.Type, vt)
	if err != nil {
		return ""
	}
	return eq(lit)
}
