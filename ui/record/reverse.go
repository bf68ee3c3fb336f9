package record

import (
	"slices"
	"strings"

	"github.com/odx-dev/odx/odata"
	"github.com/odx-dev/odx/ui/screen"
)

// Reverse navigation: after its navigation properties the record lists the
// entity sets whose entities point at it ($metadata: Crm_Sales_SalesOrders
// has Customer → Crm_Sales_Customers, so a customer lists
// "← Crm_Sales_SalesOrders by Customer"); enter opens that set filtered to
// the entities pointing at this record (screen.OpenQuery).

// reverseEntries are the record's reverse navigation entries: one per
// (set, navigation property) of $metadata that leads to the record's set,
// except those its own navigation properties reach already (a partner),
// those the service will not filter by, and those the dialect cannot write
// (a to-many navigation on ERP.net or v2).
func reverseEntries(path string, row odata.Row, m *odata.Model, d odata.Dialect) []entry {
	if m == nil {
		return nil
	}
	set, ok := entitySet(m, path)
	if !ok {
		return nil
	}
	revs := m.ReverseNavigation(set)
	if len(revs) == 0 {
		return nil
	}
	key, err := m.EntityKey(d, set, row)
	if err != nil {
		return nil // no key, no filter
	}
	var out []entry
	for _, r := range revs {
		if r.Partner != "" || !m.Filterable(r.Set, r.Nav) {
			continue
		}
		f, err := odata.ReverseFilter(d, set, r, key)
		if err != nil {
			continue
		}
		e := entry{name: r.Set + " by " + r.Nav, reverse: &odata.Query{Set: r.Set, Filter: f}, collection: r.Collection}
		if r.Label != "" {
			e.label = r.Set + " by " + r.Label
		}
		out = append(out, e)
	}
	return out
}

// entitySet is the entity set a resource path's entities belong to: the
// set it names, followed through its navigation segments.
func entitySet(m *odata.Model, path string) (string, bool) {
	segs := strings.Split(strings.Trim(path, "/"), "/")
	set := screen.SetName(segs[0])
	if _, ok := m.EntitySet(set); !ok {
		return "", false
	}
	for _, seg := range segs[1:] {
		s, ok := m.NavigationTarget(set, screen.SetName(seg))
		if !ok {
			return "", false
		}
		set = s.Name
	}
	return set, true
}

// openReverse asks the root for a grid of the entities pointing at this
// record through entry e, with the set's saved layout.
func (m *Model) openReverse(e entry) {
	crumb := append(slices.Clone(m.crumb), e.shown(m.names))
	m.env.Post(screen.OpenQuery{Query: *e.reverse, Count: -1, Layout: true, Crumb: crumb})
}
