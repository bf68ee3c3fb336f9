package odata

import (
	"slices"
	"strings"
)

// RowOf turns an entity object decoded from JSON (an expanded navigation
// property, an element of a collection-valued one) into a Row: its
// @odata.id (or @id, or v2 __metadata's id or uri) becomes Row.ID, its
// navigation links (Nav@odata.navigationLink, Nav@navigationLink) go to
// Row.Links, and every other annotation and control member is dropped.
// Values is a new map holding the same values; Keys are the property names
// sorted, since a Go map has lost the order the server sent. m is not
// changed.
func RowOf(m map[string]any) Row {
	r := Row{Values: make(map[string]any, len(m))}
	for k, v := range m {
		if name, ok := control(k); ok {
			r.link(k, v)
			if s, isText := v.(string); isText && name == "id" {
				r.ID = s
			}
			continue
		}
		if k == "__metadata" {
			if meta, ok := v.(map[string]any); ok {
				id, _ := meta["id"].(string)
				uri, _ := meta["uri"].(string)
				r.ID = cmpOr(id, uri)
			}
			continue
		}
		r.Values[k] = v
		r.Keys = append(r.Keys, k)
	}
	slices.Sort(r.Keys)
	return r
}

// annotation reports whether key annotates a property ("Prop@odata.type",
// "Prop@Core.Description"), naming the property, and whether it is the
// property's navigation link.
func annotation(key string) (prop string, link, ok bool) {
	i := strings.IndexByte(key, '@')
	if i <= 0 {
		return "", false, false
	}
	term := strings.TrimPrefix(key[i+1:], "odata.")
	return key[:i], term == "navigationLink", true
}
