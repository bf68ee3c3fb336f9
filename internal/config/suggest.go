package config

import (
	"fmt"
	"sort"
	"strings"
)

// Unknown keys: the message names the key and, for a typo, the key meant.

func profileKeys() []string {
	var keys []string
	for k := range keyTypes {
		if k != "default" && k != "profiles" {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	return keys
}

func unknownKeyError(path []string, where string) error {
	if len(path) >= 3 && path[0] == "profiles" {
		msg := fmt.Sprintf("unknown key `%s` in profile `%s` (%s)", path[2], path[1], where)
		if s := suggest(path[2], profileKeys()); s != "" {
			return Errorf("%s; did you mean `%s`?", msg, s)
		}
		return Errorf("%s; config.toml.example lists the known keys", msg)
	}
	msg := fmt.Sprintf("unknown key `%s` at the top level (%s)", strings.Join(path, "."), where)
	if _, ok := keyTypes[path[0]]; ok {
		return Errorf("%s; put it inside a [profiles.NAME] table", msg)
	}
	if s := suggest(path[0], topKeys); s != "" {
		return Errorf("%s; did you mean `%s`?", msg, s)
	}
	return Errorf("%s; the top level holds only default and [profiles.NAME] tables", msg)
}

// suggest returns the known key closest to key when it is close enough.
func suggest(key string, known []string) string {
	norm := strings.ReplaceAll(strings.ToLower(key), "-", "_")
	best, bestD := "", len(norm)/3
	if bestD < 2 {
		bestD = 2
	}
	bestD++
	for _, k := range known {
		if d := editDistance(norm, k); d < bestD {
			best, bestD = k, d
		}
	}
	if best == "" {
		for _, k := range known {
			if strings.HasSuffix(k, "_"+norm) {
				if best != "" {
					return ""
				}
				best = k
			}
		}
	}
	return best
}

// editDistance is the Levenshtein distance of a and b, in bytes.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
