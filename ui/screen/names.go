package screen

import (
	"slices"
	"strings"
)

// Helpers for names from $metadata and entity ids, shared by the screens
// and dialogs that show them.

// RankOrder sorts names (stably) by their position in order; names not in
// order come last, in their own order.
func RankOrder(names, order []string) []string {
	rank := make(map[string]int, len(order))
	for i, n := range order {
		if _, dup := rank[n]; !dup {
			rank[n] = i
		}
	}
	out := slices.Clone(names)
	slices.SortStableFunc(out, func(a, b string) int {
		ra, oka := rank[a]
		rb, okb := rank[b]
		switch {
		case oka && okb:
			return ra - rb
		case oka:
			return -1
		case okb:
			return 1
		}
		return 0
	})
	return out
}

// ShortType drops the namespace of a qualified type ("Erp.X" → "X"), keeping
// "Edm." types readable.
func ShortType(t string) string {
	coll := strings.HasPrefix(t, "Collection(")
	inner := strings.TrimSuffix(strings.TrimPrefix(t, "Collection("), ")")
	if i := strings.LastIndexByte(inner, '.'); i >= 0 && !strings.HasPrefix(inner, "Edm.") {
		inner = inner[i+1:]
	}
	inner = strings.TrimPrefix(inner, "Edm.")
	if coll {
		return "[" + inner + "]"
	}
	return inner
}
