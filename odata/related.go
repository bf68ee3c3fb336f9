package odata

import (
	"context"
	"errors"
	"fmt"
	"strings"
)

// EntityURL returns the absolute URL of the entity row, read from the
// resource path set (a Query's Set: "Orders", "People('x')/Trips"): its
// @odata.id when the server sent one, else built from its key and m, the
// service's $metadata: the key properties of the path's entity type, their
// values from the row, written as literals of the client's dialect, as
// Set(key) or Set(k1=v1,k2=v2). Minimal-metadata servers (SAP CAP,
// Microsoft Graph, Dataverse) send no @odata.id. A path that already ends
// in a key ("People('x')") is the entity itself. An @odata.id on another
// origin is refused with an error wrapping ErrForeignLink.
func (c *Client) EntityURL(set string, row Row, m *Model) (string, error) {
	if row.ID != "" {
		u, err := c.resolve(row.ID)
		if err != nil {
			return "", err
		}
		return u.String(), nil
	}
	path, err := escapePath(set)
	if err != nil {
		return "", err
	}
	if strings.HasSuffix(path, ")") {
		return c.rootPlus(path), nil
	}
	if m == nil {
		return "", fmt.Errorf("odata: the row has no @odata.id, and without $metadata its key is unknown, so %s cannot be addressed",
			oneLine(set, 80))
	}
	t, err := pathType(m, set)
	if err != nil {
		return "", err
	}
	pred, err := c.keyPredicate(t, row, m)
	if err != nil {
		return "", err
	}
	return c.rootPlus(path + escape(pred, pathSafe)), nil
}

// Related returns the absolute URL of what navigation property nav of row
// (read from the resource path set) leads to: a related entity or a
// collection. It takes, in order, the link the server sent for nav
// (Nav@odata.navigationLink, Row.Links), the @odata.id of nav's value (an
// ERP.net reference, or a v2 {"__deferred":{"uri":…}}, which decoding
// turns into one), else EntityURL + "/" + nav. Where the dialect has no
// navigation paths (ERP.net), the last form is a URL the server will not
// serve: read such relations with LoadRelated.
func (c *Client) Related(set string, row Row, nav string, m *Model) (string, error) {
	if !identRE().MatchString(nav) {
		return "", fmt.Errorf("odata: %q is not a navigation property name", oneLine(nav, 80))
	}
	if link := row.Links[nav]; link != "" {
		u, err := c.resolve(link)
		if err != nil {
			return "", err
		}
		return u.String(), nil
	}
	if ref, ok := row.Values[nav].(map[string]any); ok {
		if id, ok := ref["@odata.id"].(string); ok && id != "" {
			u, err := c.resolve(id)
			if err != nil {
				return "", err
			}
			return u.String(), nil
		}
	}
	if m != nil {
		if t, err := pathType(m, set); err == nil {
			if _, ok := t.NavigationProperty(nav); !ok {
				return "", fmt.Errorf("odata: %s is not a navigation property of %s", oneLine(nav, 80), t.QualifiedName())
			}
		}
	}
	base, err := c.EntityURL(set, row, m)
	if err != nil {
		return "", err
	}
	return base + "/" + nav, nil
}

// LoadRelated reads the entities navigation property nav of row (read from
// the resource path set) leads to, by expanding nav on the entity
// (EntityURL?$expand=nav): this works on ERP.net, which has no navigation
// paths, as on any other service, and returns a to-many relation whole.
// Each related entity becomes a Row as RowOf makes it. It fails when nav is
// empty for the row or is not something the server expands.
func (c *Client) LoadRelated(ctx context.Context, set string, row Row, nav string, m *Model) ([]Row, error) {
	if !identRE().MatchString(nav) {
		return nil, fmt.Errorf("odata: %q is not a navigation property name", oneLine(nav, 80))
	}
	u, err := c.EntityURL(set, row, m)
	if err != nil {
		return nil, err
	}
	sep := "?"
	if strings.Contains(u, "?") {
		sep = "&"
	}
	e, err := c.Entity(ctx, u+sep+"$expand="+escapeQuery(nav))
	if err != nil {
		return nil, err
	}
	var rows []Row
	switch v := e.Values[nav].(type) {
	case map[string]any:
		rows = append(rows, RowOf(v))
	case []any:
		for _, x := range v {
			if o, ok := x.(map[string]any); ok {
				rows = append(rows, RowOf(o))
			}
		}
	case nil:
		return nil, errors.New(nav + " is empty for this record")
	default:
		return nil, fmt.Errorf("%s is not a navigation property the server expands", nav)
	}
	return rows, nil
}

// rootPlus joins the service root and an escaped path.
func (c *Client) rootPlus(escaped string) string {
	return strings.TrimSuffix(c.root.String(), "/") + "/" + escaped
}

// pathType returns the entity type a resource path addresses: the entity
// set's type, then each navigation property's target (type casts
// "NS.Derived" included), keys ignored.
func pathType(m *Model, path string) (*EntityType, error) {
	segs := strings.Split(strings.Trim(path, "/"), "/")
	name, _, _ := strings.Cut(segs[0], "(")
	t, ok := m.SetType(name)
	if !ok {
		return nil, fmt.Errorf("odata: $metadata has no entity set %s", oneLine(name, 80))
	}
	for _, seg := range segs[1:] {
		name, _, _ := strings.Cut(seg, "(")
		if strings.Contains(name, ".") {
			if t, ok = m.EntityType(name); !ok {
				return nil, fmt.Errorf("odata: $metadata has no entity type %s", oneLine(name, 80))
			}
			continue
		}
		np, ok := t.NavigationProperty(name)
		if !ok {
			return nil, fmt.Errorf("odata: %s is not a navigation property of %s", oneLine(name, 80), t.QualifiedName())
		}
		if t, ok = m.EntityType(np.Type); !ok {
			return nil, fmt.Errorf("odata: $metadata has no entity type %s", oneLine(np.Type, 80))
		}
	}
	return t, nil
}

// keyPredicate writes row's key of type t: "(v)" for a single key,
// "(k1=v1,k2=v2)" for a composite one, unescaped.
func (c *Client) keyPredicate(t *EntityType, row Row, m *Model) (string, error) {
	keys := t.Key()
	if len(keys) == 0 {
		return "", fmt.Errorf("odata: %s declares no key, so its entities cannot be addressed", t.QualifiedName())
	}
	d := c.dialectFor(m)
	parts := make([]string, len(keys))
	for i, k := range keys {
		v, ok := row.Values[k]
		if !ok || v == nil {
			return "", fmt.Errorf("odata: the row has no @odata.id and no value for its key %s: select %s to address it", k, k)
		}
		typ := "Edm.String"
		if p, ok := t.Property(k); ok {
			typ = p.Type
		}
		lit, err := d.Literal(typ, v)
		if err != nil {
			return "", fmt.Errorf("odata: key %s: %w", k, err)
		}
		parts[i] = lit
		if len(keys) > 1 {
			parts[i] = k + "=" + lit
		}
	}
	return "(" + strings.Join(parts, ",") + ")", nil
}

// dialectFor is the dialect for model m: the one given to SetDialect, else
// the one m implies.
func (c *Client) dialectFor(m *Model) Dialect {
	c.dmu.Lock()
	pinned := c.dialect
	c.dmu.Unlock()
	if pinned != nil {
		return *pinned
	}
	return DetectDialect(c.root, m)
}
