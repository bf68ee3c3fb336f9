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
	var first error
	for ki, k := range g.spec.Keys {
		if !k.Ref {
			continue
		}
		var ids []string
		for i := range min(len(g.Groups), MaxNamed) {
			ids = append(ids, g.Groups[i].Labels[ki])
		}
		names, reqs, err := lookupNames(ctx, c, meta, g.Set, k.Name, ids, lang)
		g.Requests = append(g.Requests, reqs...)
		first = cmpErr(first, err)
		for i := range g.Groups {
			if name, ok := names[strings.ToLower(g.Groups[i].Labels[ki])]; ok {
				g.Groups[i].Labels[ki] = name
			}
		}
	}
	return first
}

// Names replaces the values of a reference column's profile (their Id)
// by the referenced rows' names, as Groups.Names does.
func (p *Profile) Names(ctx context.Context, c *odata.Client, meta *odata.Model, col Column, lang string) error {
	if !col.Ref {
		return nil
	}
	var ids []string
	for _, v := range p.Values {
		ids = append(ids, v.Value)
	}
	names, reqs, err := lookupNames(ctx, c, meta, p.Set, col.Name, ids, lang)
	p.Requests = append(p.Requests, reqs...)
	for i := range p.Values {
		if name, ok := names[strings.ToLower(p.Values[i].Value)]; ok {
			p.Values[i].Value = name
		}
	}
	return err
}

// lookupNames finds the names of the rows that reference nav of set
// points to, by their ids (Guids; others are skipped), lower-cased id →
// name, and the URLs it asked.
func lookupNames(ctx context.Context, c *odata.Client, meta *odata.Model, set, nav string, ids []string, lang string) (map[string]string, []string, error) {
	names := map[string]string{}
	if meta == nil {
		return names, nil, nil
	}
	target, ok := meta.NavigationTarget(set, nav)
	if !ok {
		return names, nil, nil
	}
	fields := nameFieldsOf(meta, target.Name)
	if len(fields) == 0 {
		return names, nil, nil
	}
	var want []string
	seen := map[string]bool{}
	for _, id := range ids {
		if _, err := odata.Literal("Edm.Guid", id); err == nil && !seen[id] {
			seen[id] = true
			want = append(want, id)
		}
	}
	var reqs []string
	for len(want) > 0 {
		n := min(len(want), namesPerRequest)
		q := odata.Query{Set: target.Name, Filter: "Id in (" + strings.Join(want[:n], ",") + ")",
			Select: append([]string{"Id"}, fields...), Top: n}
		want = want[n:]
		if u, err := c.URL(q); err == nil {
			reqs = append(reqs, u.String())
		}
		page, err := c.Page(ctx, q)
		if err != nil {
			return names, reqs, err
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
	return names, reqs, nil
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
