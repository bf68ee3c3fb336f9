package dialog

import (
	"slices"
	"strings"
)

// fuzzyTop returns the n names that match pattern best: a prefix first,
// then a substring at the start of a word (after _), then any substring,
// then the pattern's letters in order; shorter names first within a kind.
// Case and spaces in the pattern are ignored. An empty pattern matches
// nothing.
func fuzzyTop(names []string, pattern string, n int) []string {
	p := strings.ToLower(strings.ReplaceAll(pattern, " ", ""))
	if p == "" {
		return nil
	}
	type scored struct {
		name  string
		score int
	}
	var out []scored
	for _, name := range names {
		if s, ok := fuzzyScore(strings.ToLower(name), p); ok {
			out = append(out, scored{name, s})
		}
	}
	slices.SortFunc(out, func(a, b scored) int {
		if a.score != b.score {
			return b.score - a.score
		}
		if len(a.name) != len(b.name) {
			return len(a.name) - len(b.name)
		}
		return strings.Compare(a.name, b.name)
	})
	res := make([]string, 0, min(n, len(out)))
	for _, s := range out[:min(n, len(out))] {
		res = append(res, s.name)
	}
	return res
}

// fuzzyScore scores name (lower case) against p (lower case).
func fuzzyScore(name, p string) (int, bool) {
	i := strings.Index(name, p)
	switch {
	case name == p:
		return 4000, true
	case i == 0:
		return 3000, true
	case i > 0:
		// The first occurrence at the start of a word (after _), if any.
		for j := i; j >= 0; {
			if name[j-1] == '_' {
				return 2000 - j, true
			}
			k := strings.Index(name[j+1:], p)
			if k < 0 {
				break
			}
			j += 1 + k
		}
		return 1000 - i, true
	}
	// Letters in order: fewer and shorter gaps, and letters at word
	// starts, score higher.
	score, j, last := 500, 0, -1
	for i := 0; i < len(name) && j < len(p); i++ {
		if name[i] != p[j] {
			continue
		}
		if last >= 0 && i > last+1 {
			score -= min(i-last, 10)
		}
		if i == 0 || name[i-1] == '_' {
			score += 5
		}
		last = i
		j++
	}
	if j < len(p) {
		return 0, false
	}
	return score, true
}
