package odata

import (
	"encoding/json"
	"errors"
	"strings"
)

// verbose reads the v2/v1 "d" member: an array of rows or an object with
// results, __count and __next (or, for one entity, its properties).
func (d *decoder) verbose(b *body, entity bool) error {
	tok, err := d.token()
	if err != nil {
		return err
	}
	switch tok {
	case json.Delim('['):
		return d.rows(b)
	case json.Delim('{'):
		for d.dec.More() {
			key, err := d.key()
			if err != nil {
				return err
			}
			switch {
			case key == "results" && !entity:
				err = d.collection(b, &b.single, key)
			case key == "__count" || key == "__next":
				var v any
				if err = d.dec.Decode(&v); err == nil {
					b.setControl(key[2:], v)
				}
			default:
				err = d.member(b, &b.single, key, false)
			}
			if err != nil {
				return d.wrap(err)
			}
		}
		return d.delim('}')
	}
	return errors.New("odata: the response's \"d\" member is neither an entity nor a collection; check that the URL is an OData service")
}

// normV2 rewrites verbose-JSON values: a deferred navigation
// {"__deferred":{"uri":U}} becomes the reference {"@odata.id":U}, an
// inline feed {"results":[…]} becomes its array, __metadata becomes
// "@odata.id" (its id or uri), and a "/Date(…)/" string becomes RFC 3339.
func normV2(v any) any {
	switch x := v.(type) {
	case map[string]any:
		if def, ok := x["__deferred"].(map[string]any); ok && len(x) == 1 {
			uri, _ := def["uri"].(string)
			return map[string]any{"@odata.id": uri}
		}
		if res, ok := x["results"].([]any); ok && onlyControls(x) {
			return normV2(res)
		}
		if meta, ok := x["__metadata"].(map[string]any); ok {
			delete(x, "__metadata")
			id, _ := meta["id"].(string)
			uri, _ := meta["uri"].(string)
			if id = cmpOr(id, uri); id != "" {
				x["@odata.id"] = id
			}
		}
		for k, e := range x {
			x[k] = normV2(e)
		}
		return x
	case []any:
		for i, e := range x {
			x[i] = normV2(e)
		}
		return x
	case string:
		return jsonDateRFC3339(x)
	}
	return v
}

func onlyControls(m map[string]any) bool {
	for k := range m {
		if k != "results" && !strings.HasPrefix(k, "__") {
			return false
		}
	}
	return true
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
