package profile

import (
	"fmt"
	"strings"

	"github.com/odx-dev/odx/odata"
)

// Clause is the $filter clause that keeps the rows of set whose column col
// holds raw, a value as a profile or a group-by received it: null, a
// literal of the column's type, or a reference — grouped by the server as
// {"Id": key}, loaded as {"@odata.id": "Set(key)"}. ERP.net compares a
// reference with 'Set(key)'; elsewhere its Id is compared (meta gives the
// target set).
func Clause(d odata.Dialect, meta *odata.Model, set string, col Column, raw any) (string, error) {
	c := col.Name
	switch x := raw.(type) {
	case nil:
		return c + " eq null", nil
	case map[string]any:
		if id, ok := x["@odata.id"].(string); ok {
			return c + " eq " + quote(id), nil
		}
		id, ok := x["Id"].(string)
		if !ok || meta == nil {
			break
		}
		target, ok := meta.NavigationTarget(set, c)
		if !ok {
			break
		}
		if d.Name == odata.ERPNet.Name {
			return c + " eq " + quote(target.Name+"("+id+")"), nil
		}
		lit, err := d.Literal("Edm.Guid", id)
		if err != nil {
			return "", err
		}
		return c + "/Id eq " + lit, nil
	default:
		lit, err := d.Literal(col.Type, raw)
		if err != nil {
			return "", fmt.Errorf("the value cannot be written as a %s literal; press f on the grid to write the filter", col.Type)
		}
		return c + " eq " + lit, nil
	}
	return "", fmt.Errorf("this value of %s cannot be filtered on from here", c)
}

func quote(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// AndFilter adds clause to existing with and, existing in parentheses when
// it holds an or.
func AndFilter(existing, clause string) string {
	if existing = strings.TrimSpace(existing); existing == "" {
		return clause
	}
	if strings.Contains(" "+existing+" ", " or ") {
		existing = "(" + existing + ")"
	}
	return existing + " and " + clause
}
