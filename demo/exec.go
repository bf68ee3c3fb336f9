package demo

import (
	"cmp"
	"slices"
	"strings"
	"time"
)

// run evaluates q over rows (which are in Id order). It returns the page,
// the number of rows matching $filter/$search (for $count), and whether rows
// remain after the page. maxPage caps $top (0 = no cap).
func (q *query) run(rows []*row, maxPage int) (page []*row, total int, more bool) {
	matched := rows
	if q.filter != nil || q.search != "" {
		matched = make([]*row, 0, len(rows)/4)
		for _, r := range rows {
			if (q.filter == nil || q.filter.match(r)) && (q.search == "" || q.searchMatch(r)) {
				matched = append(matched, r)
			}
		}
	}
	total = len(matched)
	if len(q.order) > 0 {
		matched = slices.Clone(matched)
		slices.SortStableFunc(matched, q.compareRows)
	} else if q.skiptoken != "" {
		i, found := slices.BinarySearchFunc(matched, q.skiptoken, func(r *row, id string) int { return strings.Compare(r.id, id) })
		if found {
			i++
		}
		matched = matched[i:]
	}
	matched = matched[min(q.skip, len(matched)):]
	if !q.hasTop {
		return matched, total, false
	}
	limit := q.top
	if maxPage > 0 && limit > maxPage {
		limit = maxPage
	}
	if limit == 0 { // a nextLink could never make progress
		return matched[:0], total, false
	}
	if len(matched) > limit {
		return matched[:limit], total, true
	}
	return matched, total, false
}

func (q *query) searchMatch(r *row) bool {
	for _, p := range q.set.search {
		if (condText{p: p, fn: "contains", needle: q.search}).match(r) {
			return true
		}
	}
	return false
}

// compareRows orders by the $orderby keys, then by Id so pages are stable.
func (q *query) compareRows(a, b *row) int {
	for _, k := range q.order {
		n := compareStored(k.p.get(a), k.p.get(b))
		if k.desc {
			n = -n
		}
		if n != 0 {
			return n
		}
	}
	return strings.Compare(a.id, b.id)
}

// compareStored orders two stored values of one property; null sorts first.
func compareStored(a, b any) int {
	switch {
	case a == nil && b == nil:
		return 0
	case a == nil:
		return -1
	case b == nil:
		return 1
	}
	switch a := a.(type) {
	case string:
		return strings.Compare(a, b.(string))
	case int64:
		return cmp.Compare(a, b.(int64))
	case dec:
		return cmp.Compare(a, b.(dec))
	case float64:
		return cmp.Compare(a, b.(float64))
	case bool:
		return cmpBool(a, b.(bool))
	case dateV:
		return strings.Compare(string(a), string(b.(dateV)))
	case time.Time:
		return a.Compare(b.(time.Time))
	case guidV:
		return strings.Compare(string(a), string(b.(guidV)))
	case enumV:
		return cmp.Compare(a, b.(enumV))
	}
	return 0
}
