package state

import (
	"errors"
	"maps"
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/odx-dev/odx/odata"
)

// maxViewName is the longest view name, in characters.
const maxViewName = 60

// maxViews is how many views a profile keeps; saving more is refused.
const maxViews = 200

// View is a query and a column layout saved under a name (per profile):
// the explorer lists and opens it (v), `odx get --view NAME` runs it. The
// view names its set.
type View struct {
	Name string `json:"name"`
	Set  string `json:"set"` // resource path, unescaped

	Select  []string   `json:"select,omitempty"` // the $select sent (nil: the dialect's default)
	Filter  string     `json:"filter,omitempty"`
	OrderBy []string   `json:"orderby,omitempty"`
	Expand  []string   `json:"expand,omitempty"`
	Search  string     `json:"search,omitempty"`
	Top     int        `json:"top,omitempty"` // a limit the query names itself, not the page size
	Skip    int        `json:"skip,omitempty"`
	Limit   int        `json:"limit,omitempty"` // the most rows in all (odata.Query.Limit)
	Params  url.Values `json:"params,omitempty"`

	// Layout: the columns shown in order, widths by name, the last
	// frozen column.
	Columns []string       `json:"columns,omitempty"`
	Widths  map[string]int `json:"widths,omitempty"`
	Frozen  string         `json:"frozen,omitempty"`

	Saved time.Time `json:"saved"`
}

// NewView returns the view called name of query q shown with layout l (its
// Columns, Widths and Frozen; the sort and expansions are q's).
func NewView(name string, q odata.Query, l Layout) View {
	cols := q.Columns
	if len(l.Columns) > 0 {
		cols = l.Columns
	}
	v := View{Name: strings.TrimSpace(name), Set: q.Set, Select: q.Select, Filter: q.Filter, OrderBy: q.OrderBy,
		Expand: q.Expand, Search: q.Search, Top: q.Top, Skip: q.Skip, Limit: q.Limit, Params: q.Params,
		Columns: cols, Widths: l.Widths, Frozen: l.Frozen}
	return v.clone()
}

// Query returns the view's query (Columns set to its column order).
func (v View) Query() odata.Query {
	c := v.clone()
	return odata.Query{Set: c.Set, Select: c.Select, Filter: c.Filter, OrderBy: c.OrderBy, Expand: c.Expand,
		Search: c.Search, Top: c.Top, Skip: c.Skip, Limit: c.Limit, Params: c.Params, Columns: c.Columns}
}

// Layout returns the view's layout: columns, sort, expansions, widths and
// frozen column.
func (v View) Layout() Layout {
	c := v.clone()
	return Layout{Columns: c.Columns, OrderBy: c.OrderBy, Expand: c.Expand, Widths: c.Widths, Frozen: c.Frozen}
}

// clone returns a copy of v that shares nothing with it.
func (v View) clone() View {
	v.Select, v.OrderBy, v.Expand, v.Columns = slices.Clone(v.Select), slices.Clone(v.OrderBy), slices.Clone(v.Expand), slices.Clone(v.Columns)
	v.Widths = maps.Clone(v.Widths)
	if v.Params != nil {
		p := make(url.Values, len(v.Params))
		for k, vs := range v.Params {
			p[k] = slices.Clone(vs)
		}
		v.Params = p
	}
	return v
}

// ValidViewName checks a view's name: not blank, at most 60 characters,
// no control characters. Spaces around it are not part of it.
func ValidViewName(name string) error {
	name = strings.TrimSpace(name)
	switch {
	case name == "":
		return errors.New("a view needs a name")
	case !utf8.ValidString(name):
		return errors.New("a view's name must be text (UTF-8)")
	case utf8.RuneCountInString(name) > maxViewName:
		return errors.New("a view's name has at most 60 characters")
	case strings.IndexFunc(name, unicode.IsControl) >= 0:
		return errors.New("a view's name cannot hold control characters")
	}
	return nil
}

// SaveView saves v under profile, replacing the view of the same name
// (replaced is then true). Its time is the Clock's now.
func (p *Prefs) SaveView(profile string, v View) (replaced bool, err error) {
	v = v.clone()
	v.Name = strings.TrimSpace(v.Name)
	if err := ValidViewName(v.Name); err != nil {
		return false, err
	}
	if v.Set == "" {
		return false, errors.New("a view needs a set")
	}
	v.Saved = p.Clock().UTC()
	ps := p.profile(profile, true)
	i, found := slices.BinarySearchFunc(ps.Views, v.Name, func(e View, name string) int { return strings.Compare(e.Name, name) })
	if found {
		ps.Views[i] = v
		return true, nil
	}
	if len(ps.Views) >= maxViews {
		return false, errors.New("this profile has 200 views already; delete one first")
	}
	ps.Views = slices.Insert(ps.Views, i, v)
	return false, nil
}

// Views returns profile's views, sorted by name.
func (p *Prefs) Views(profile string) []View {
	ps := p.profile(profile, false)
	if ps == nil {
		return nil
	}
	out := make([]View, len(ps.Views))
	for i, v := range ps.Views {
		out[i] = v.clone()
	}
	return out
}

// View returns profile's view called name: the exact name, else the one
// name that matches it ignoring case.
func (p *Prefs) View(profile, name string) (View, bool) {
	ps := p.profile(profile, false)
	if ps == nil {
		return View{}, false
	}
	name = strings.TrimSpace(name)
	var fold []View
	for _, v := range ps.Views {
		if v.Name == name {
			return v.clone(), true
		}
		if strings.EqualFold(v.Name, name) {
			fold = append(fold, v)
		}
	}
	if len(fold) == 1 {
		return fold[0].clone(), true
	}
	return View{}, false
}

// DeleteView forgets profile's view called name; it reports whether there
// was one.
func (p *Prefs) DeleteView(profile, name string) bool {
	ps := p.profile(profile, false)
	if ps == nil {
		return false
	}
	n := len(ps.Views)
	ps.Views = slices.DeleteFunc(ps.Views, func(v View) bool { return v.Name == name })
	return len(ps.Views) != n
}

// cleanViews drops the views of a loaded file that could not be opened (no
// name or set, a bad name, a duplicate) and sorts the rest by name.
func cleanViews(vs []View) []View {
	vs = slices.DeleteFunc(vs, func(v View) bool {
		return v.Set == "" || ValidViewName(v.Name) != nil || v.Name != strings.TrimSpace(v.Name)
	})
	slices.SortStableFunc(vs, func(a, b View) int { return strings.Compare(a.Name, b.Name) })
	vs = slices.CompactFunc(vs, func(a, b View) bool { return a.Name == b.Name })
	if len(vs) > maxViews {
		vs = vs[:maxViews]
	}
	return vs
}

// ProfileName is the name under which the explorer and the CLI keep
// history, layouts and views: the profile's, else (an environment-only
// setup, ODX_* variables without a config file) the instance's host, with
// its port when it has one, in lower case, so that two instances never
// share one history. It is "" only when instance has no host either.
func ProfileName(profile, instance string) string {
	if profile != "" {
		return profile
	}
	u, err := url.Parse(strings.TrimSpace(instance))
	if err != nil || u.Host == "" {
		return ""
	}
	return strings.ToLower(u.Host)
}
