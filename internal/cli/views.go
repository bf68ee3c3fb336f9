package cli

import (
	"fmt"
	"maps"
	"strings"

	"github.com/odx-dev/odx/internal/state"
	"github.com/odx-dev/odx/odata"
)

// applyView fills q from the saved view called name of the session's
// profile (`odx get --view NAME`): the view names the set, and what q
// says already (the command's other flags) overrides the view's query.
// The view's own $top (the grid's limit) becomes q.Limit, as --top does;
// the page size stays the profile's.
func applyView(s *Session, name string, q *odata.Query) error {
	if s.demo != nil {
		return usageError("--demo keeps no saved views (the demo instance is new every run); use a profile")
	}
	dir, err := state.DefaultDir()
	if err != nil {
		return fmt.Errorf("cannot find the saved views: %v", err)
	}
	p, notice := state.Load(dir)
	if notice != "" {
		return fmt.Errorf("%s", notice)
	}
	return applyViewFrom(p, state.ProfileName(s.Settings.Profile, s.Settings.Instance), name, q)
}

// applyViewFrom is applyView on prefs p under profile.
func applyViewFrom(p *state.Prefs, profile, name string, q *odata.Query) error {
	v, ok := p.View(profile, name)
	if !ok {
		var names []string
		for _, v := range p.Views(profile) {
			names = append(names, v.Name)
		}
		if len(names) == 0 {
			return usageError(fmt.Sprintf("no view %q: profile %s has no saved views yet (save one with V in the explorer's grid)", name, profile))
		}
		return usageError(fmt.Sprintf("no view %q in profile %s; its views: %s", name, profile, strings.Join(names, ", ")))
	}
	vq := v.Query()
	if q.Set != "" && q.Set != vq.Set {
		return usageError(fmt.Sprintf("the view %q is of %s, not %s; name no set with --view, or drop --view", v.Name, vq.Set, q.Set))
	}
	q.Set = vq.Set
	if len(q.Select) == 0 {
		q.Select, q.Columns = vq.Select, vq.Columns
	}
	if q.Filter == "" {
		q.Filter = vq.Filter
	}
	if q.Search == "" {
		q.Search = vq.Search
	}
	if len(q.OrderBy) == 0 {
		q.OrderBy = vq.OrderBy
	}
	if len(q.Expand) == 0 {
		q.Expand = vq.Expand
	}
	if q.Skip == 0 {
		q.Skip = vq.Skip
	}
	if q.Limit == 0 { // the grid's own $top (a go-to URL's) is a limit, as --top is
		q.Limit = vq.Limit
		if q.Limit == 0 {
			q.Limit = vq.Top
		}
	}
	if len(vq.Params) > 0 {
		params := maps.Clone(vq.Params)
		maps.Copy(params, q.Params)
		q.Params = params
	}
	return nil
}
