package profile

import (
	"context"
	"strings"

	"github.com/odx-dev/odx/internal/termtext"
	"github.com/odx-dev/odx/odata"
)

// Names of referenced rows: a group keyed by a reference reads better as
// "Royal Tower Software JSC" than as its Id.

// MaxNamed is how many groups (the first, by the aggregate) Names looks
// up; the others keep their keys.
const MaxNamed = 100

// namesPerRequest is how many keys one request asks for (Id in (…)).
const namesPerRequest = 50

// nameFields are the properties a row is named by, in order of preference.
var nameFields = []string{"Name", "PartyName", "DocumentNo", "Number", "Code", "PartNumber", "Title", "UserName"}

// Names replaces the labels of the reference keys of the first MaxNamed
// groups (their Id) by the referenced rows' names in language lang, asking
// the target set with $filter=Id in (…), namesPerRequest keys a request.
// A key that is not a Guid, a target without a name property or a failed
// request leaves the labels as they are; the error is the first failure.
func (g *Groups) Names(ctx context.Context, c *odata.Client, meta *odata.Model, lang string) error {
	if meta == nil {
		return nil
	}
	var first error
	for ki, k := range g.spec.Keys {
		if !k.Ref {
			continue
		}
		target, ok := meta.NavigationTarget(g.Set, k.Name)
		if !ok {
			continue
		}
		fields := nameFieldsOf(meta, target.Name)
		if len(fields) == 0 {
			continue
		}
		var ids []string
		seen := map[string]bool{}
		for i := range min(len(g.Groups), MaxNamed) {
			id := g.Groups[i].Labels[ki]
			if _, err := odata.Literal("Edm.Guid", id); err == nil && !seen[id] {
				seen[id] = true
				ids = append(ids, id)
			}
		}
		names := map[string]string{}
		for len(ids) > 0 {
			n := min(len(ids), namesPerRequest)
			q := odata.Query{Set: target.Name, Filter: "Id in (" + strings.Join(ids[:n], ",") + ")",
				Select: append([]string{"Id"}, fields...), Top: n}
			ids = ids[n:]
			if u, err := c.URL(q); err == nil {
				g.Requests = append(g.Requests, u.String())
			}
			page, err := c.Page(ctx, q)
			if err != nil {
				first = cmpErr(first, err)
				break
			}
			for _, r := range page.Rows {
				id := odata.KeyText(r.ID)
				if v, ok := r.Values["Id"].(string); ok {
					id = v
				}
				if name := rowName(r, fields, lang); name != "" {
					names[strings.ToLower(id)] = name
				}
			}
		}
		for i := range g.Groups {
			if name, ok := names[strings.ToLower(g.Groups[i].Labels[ki])]; ok {
				g.Groups[i].Labels[ki] = name
			}
		}
	}
	return first
}

func cmpErr(first, err error) error {
	if first != nil {
		return first
	}
	return err
}

// nameFieldsOf lists the name properties set's type has: the first of
// nameFields, or FirstName and LastName.
func nameFieldsOf(meta *odata.Model, set string) []string {
	t, ok := meta.SetType(set)
	if !ok {
		return nil
	}
	for _, f := range nameFields {
		if _, ok := t.Property(f); ok {
			return []string{f}
		}
	}
	_, first := t.Property("FirstName")
	_, last := t.Property("LastName")
	if first && last {
		return []string{"FirstName", "LastName"}
	}
	return nil
}

// rowName is the row's fields as one text (a multi-language name in lang).
func rowName(r odata.Row, fields []string, lang string) string {
	var parts []string
	for _, f := range fields {
		if v := r.Values[f]; v != nil {
			if s := termtext.FormatValue(v, "", lang); s != "" {
				parts = append(parts, s)
			}
		}
	}
	return strings.Join(parts, " ")
}
