package odata

import (
	"slices"
	"strings"
)

// RowOf turns an entity object decoded from JSON (an expanded navigation
// property, an element of a collection-valued one) into a Row: its
// @odata.id (or @id, or v2 __metadata's id or uri) becomes Row.ID, its
// navigation links (Nav@odata.navigationLink, Nav@navigationLink) go to
// Row.Links, its formatted values (Prop@OData.Community.Display.V1.FormattedValue)
// to Row.Formatted, and every other annotation and control member is dropped.
// Values is a new map holding the same values; Keys are the property names
// sorted, since a Go map has lost the order the server sent. m is not
// changed.
func RowOf(m map[string]any) Row {
	r := Row{Values: make(map[string]any, len(m))}
	for k, v := range m {
		if name, ok := control(k); ok {
			r.link(k, v)
			r.format(k, v)
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

// link records v as a navigation link when key is Nav@odata.navigationLink.
func (r *Row) link(key string, v any) {
	prop, isLink, _ := annotation(key)
	s, ok := v.(string)
	if !isLink || !ok || prop == "" {
		return
	}
	if r.Links == nil {
		r.Links = map[string]string{}
	}
	r.Links[prop] = s
}

// FormattedValue is the annotation term of a property's display text
// (Dataverse: "Active" for statuscode 1, "$1,000,000.00" for a money
// value, the name of a lookup's target).
const FormattedValue = "OData.Community.Display.V1.FormattedValue"

// format records v as a formatted value when key is
// Prop@OData.Community.Display.V1.FormattedValue and v is text.
func (r *Row) format(key string, v any) {
	i := strings.IndexByte(key, '@')
	if i <= 0 || key[i+1:] != FormattedValue {
		return
	}
	s, ok := v.(string)
	if !ok {
		return
	}
	if r.Formatted == nil {
		r.Formatted = map[string]string{}
	}
	r.Formatted[key[:i]] = s
}

func (r *Row) set(key string, v any) {
	if r.Values == nil {
		r.Values = map[string]any{}
	}
	if _, dup := r.Values[key]; !dup {
		r.Keys = append(r.Keys, key)
	}
	r.Values[key] = v
}

// control reports whether key is control information or an annotation and,
// for control information, its name without "@", "odata." or "@odata.":
// "@odata.count", "@count" and "odata.count" all give "count". Property
// annotations ("Name@odata.type") and advertised operations ("#NS.Action")
// give ok with a name that matches nothing.
func control(key string) (string, bool) {
	switch {
	case key == "":
		return "", true
	case key[0] == '@':
		return strings.TrimPrefix(key[1:], "odata."), true
	case key[0] == '#' || strings.IndexByte(key, '@') >= 0:
		return "#", true
	case strings.HasPrefix(key, "odata."):
		return key[len("odata."):], true
	}
	return "", false
}
