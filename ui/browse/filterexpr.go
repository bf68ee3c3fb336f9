package browse

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/odx-dev/odx/internal/termtext"
	"github.com/odx-dev/odx/odata"
)

// Filter expressions the grid writes itself: the clause of "filter by
// cell" (=), and a clause added with and to the filter already there.

// cellFilter returns the $filter clause that keeps the rows whose prop
// equals v, the cell's value (decoded with UseNumber), typed by edmType from
// $metadata ("" or "key" when unknown). lang is the language the grid shows.
//
//   - null: Prop eq null;
//   - a multi-language text: contains(Prop,'text') with the text shown, the
//     only comparison ERP.net has for them;
//   - a reference {"@odata.id":"Set(guid)"}: Prop eq 'Set(guid)', as ERP.net
//     compares references (elsewhere an error: compare its key instead);
//   - an amount or quantity: PropValue eq 12.5, ERP.net's synthetic member;
//   - anything else: Prop eq <literal> in the dialect's form (v4: strings
//     quoted with ' doubled, GUIDs, dates and numbers bare, enum members as
//     NS.Type'Member'; v2: guid'…', datetime'…', 12L…).
func cellFilter(prop, edmType string, v any, lang string, d odata.Dialect) (string, error) {
	if prop == "" {
		return "", errors.New("there is no column to filter by; move the cursor onto a cell")
	}
	name := termtext.Sanitize(prop)
	switch x := v.(type) {
	case nil:
		return prop + " eq null", nil
	case []any:
		return "", fmt.Errorf("%s holds a list, which cannot be compared; open the row to see it", name)
	case map[string]any:
		switch termtext.Classify(x) {
		case termtext.ShapeLanguages:
			_, text := termtext.PickLanguage(x, lang)
			if text == "" {
				return "", fmt.Errorf("%s has no text in any language to filter by; press f to write a filter", name)
			}
			return "contains(" + prop + "," + quoteString(text) + ")", nil
		case termtext.ShapeReference:
			id, _ := x["@odata.id"].(string)
			if id == "" {
				break
			}
			if d.Name != odata.ERPNet.Name { // comparing a reference with its URL is ERP.net's
				return "", fmt.Errorf("%s is a reference; press f and compare its key (%s/Id eq …)", name, name)
			}
			return prop + " eq " + quoteString(id), nil
		case termtext.ShapeAmount, termtext.ShapeQuantity:
			lit, err := d.Literal("Edm.Decimal", x["Value"])
			if err != nil {
				return "", fmt.Errorf("the value of %s is not a number; press f to write a filter", name)
			}
			return prop + "Value eq " + lit, nil
		}
		return "", fmt.Errorf("%s holds an object, which cannot be compared as a whole; press f to filter by one of its members", name)
	}
	typ := edmType
	switch typ {
	case "", "key":
		typ = guessType(v, edmType == "key")
	}
	lit, err := d.Literal(typ, v)
	if err != nil {
		return "", fmt.Errorf("the value of %s cannot be written as a %s literal; press f to write the filter yourself", name, termtext.Sanitize(typ))
	}
	return prop + " eq " + lit, nil
}

// guessType is the EDM type of a value whose property type is unknown.
func guessType(v any, isKey bool) string {
	switch x := v.(type) {
	case bool:
		return "Edm.Boolean"
	case json.Number:
		return "Edm.Decimal"
	case string:
		if isKey && termtext.IsGUID(x) {
			return "Edm.Guid"
		}
	}
	return "Edm.String"
}

// quoteString is an OData string literal: quoted, ' doubled.
func quoteString(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// andFilter adds clause to the filter existing with and, putting either in
// parentheses when it has a top-level or. A clause already among existing's
// top-level conjuncts is not added twice.
func andFilter(existing, clause string) string {
	existing, clause = strings.TrimSpace(existing), strings.TrimSpace(clause)
	switch {
	case existing == "":
		return clause
	case clause == "":
		return existing
	}
	for _, c := range splitTopLevel(existing, "and") {
		if c == clause {
			return existing
		}
	}
	return parenIfOr(existing) + " and " + parenIfOr(clause)
}

func parenIfOr(expr string) string {
	if len(splitTopLevel(expr, "or")) > 1 {
		return "(" + expr + ")"
	}
	return expr
}

// splitTopLevel splits expr at the word op (surrounded by spaces) where it
// is outside quotes and parentheses; the parts are trimmed.
func splitTopLevel(expr, op string) []string {
	var parts []string
	depth, quoted, start := 0, false, 0
	sep := " " + op + " "
	for i := 0; i < len(expr); i++ {
		switch c := expr[i]; {
		case c == '\'':
			quoted = !quoted // '' inside a string toggles twice
		case quoted:
		case c == '(':
			depth++
		case c == ')':
			depth--
		case depth == 0 && strings.HasPrefix(expr[i:], sep):
			parts = append(parts, strings.TrimSpace(expr[start:i]))
			start = i + len(sep)
			i += len(sep) - 1
		}
	}
	return append(parts, strings.TrimSpace(expr[start:]))
}
