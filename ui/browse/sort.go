package browse

import (
	"slices"
	"strconv"
	"strings"

	"github.com/odx-dev/odx/internal/termtext"
	"github.com/odx-dev/odx/odata"
	"github.com/odx-dev/odx/ui/screen"
)

// Sorting: s cycles the column under the cursor as the first (and only)
// key: ascending → descending → none; S adds the column under the cursor as
// a further key after the ones chosen, cycling it the same way in place.
// ERP.net sorts only by a few indexed columns, so one key is the common
// case and the one s makes easy to predict.

// nextSort returns the $orderby after pressing s on prop: ascending when the
// query is not sorted by prop first, descending when it is ascending, and no
// sorting when it is descending. Sorting by another column is replaced;
// further keys (S) stay while s turns the first one's direction.
func nextSort(cur []string, prop string) []string {
	first := len(cur) > 0 && sortMark(cur[:1], prop) != 0
	switch {
	case !first:
		return []string{prop}
	case sortMark(cur[:1], prop) == 1:
		return append([]string{prop + " desc"}, cur[1:]...)
	}
	return nil
}

// alsoSort returns the $orderby after pressing S on prop: prop added as the
// last key (ascending) when the query is not sorted by it, turned
// descending where it stands when it is ascending, and taken out when it
// is descending.
func alsoSort(cur []string, prop string) []string {
	for i, item := range cur {
		if sortMark([]string{item}, prop) == 0 {
			continue
		}
		out := slices.Clone(cur)
		if sortMark([]string{item}, prop) == 1 {
			out[i] = prop + " desc"
			return out
		}
		return slices.Delete(out, i, i+1)
	}
	return append(slices.Clone(cur), prop)
}

// sortMark is prop's sort mark for the grid's grid.Column.Sort: 1 ascending,
// -1 descending, 0 when orderby does not name it.
func sortMark(orderby []string, prop string) int {
	for _, item := range orderby {
		f := strings.Fields(item)
		if len(f) == 0 || f[0] != prop {
			continue
		}
		if len(f) > 1 && strings.EqualFold(f[1], "desc") {
			return -1
		}
		return 1
	}
	return 0
}

// canSort reports whether $metadata allows sorting set by prop and, when it
// does not, a notice that says so and names the columns that can be sorted.
// Without metadata (m nil) or when the set is unknown it says yes: the server
// will answer.
func canSort(m *odata.Model, set, prop string) (bool, string) {
	if m == nil {
		return true, ""
	}
	set = screen.SetName(set)
	t, ok := m.SetType(set)
	if !ok {
		return true, ""
	}
	name := termtext.Sanitize(prop)
	if es, ok := m.EntitySet(set); ok && es.NoSort {
		return false, "The server does not allow sorting " + termtext.Sanitize(set) + "."
	}
	if n, ok := t.NavigationProperty(prop); ok {
		what := "a reference"
		if n.Collection {
			what = "a collection"
		}
		return false, name + " is " + what + " and cannot be sorted" + sortableTail(m, set, t) + "."
	}
	p, ok := t.Property(prop)
	if !ok {
		return true, ""
	}
	if p.Collection {
		return false, name + " is a collection and cannot be sorted" + sortableTail(m, set, t) + "."
	}
	if m.Sortable(set, prop) {
		return true, ""
	}
	sortable := sortableProps(m, set, t)
	switch len(sortable) {
	case 0:
		return false, name + " cannot be sorted (the server marks it not sortable), and neither can any other column of " + termtext.Sanitize(set) + "."
	case 1:
		return false, sortable[0] + " can be sorted; " + name + " cannot (the server marks it not sortable)."
	}
	return false, name + " cannot be sorted (the server marks it not sortable); these can: " + listNames(sortable, 6) + "."
}

func sortableProps(m *odata.Model, set string, t *odata.EntityType) []string {
	var out []string
	for _, p := range t.AllProperties() {
		if !p.Collection && m.Sortable(set, p.Name) {
			out = append(out, termtext.Sanitize(p.Name))
		}
	}
	return out
}

func sortableTail(m *odata.Model, set string, t *odata.EntityType) string {
	s := sortableProps(m, set, t)
	if len(s) == 0 {
		return ""
	}
	return "; these can: " + listNames(s, 6)
}

// listNames joins at most n names with commas, "and k more" after them.
func listNames(names []string, n int) string {
	if len(names) <= n {
		return strings.Join(names, ", ")
	}
	return strings.Join(names[:n], ", ") + " and " + strconv.Itoa(len(names)-n) + " more"
}
