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

// KeyOf returns the key part of an entity id: the text between the last
// "(" and the closing ")", without quotes around a single string key.
func KeyOf(id string) string {
	i := strings.LastIndexByte(id, '(')
	if i < 0 || !strings.HasSuffix(id, ")") {
		return id
	}
	k := id[i+1 : len(id)-1]
	if len(k) >= 2 && k[0] == '\'' && k[len(k)-1] == '\'' && !strings.Contains(k, ",") {
		k = strings.ReplaceAll(k[1:len(k)-1], "''", "'")
	}
	return k
}
