package config

import (
	"fmt"
	"sort"

	"github.com/pelletier/go-toml/v2/unstable"
)

// Where keys are written in the file, so that messages can name file:line.

// keyPos is where a key or table header is written in the file.
type keyPos struct {
	path      []string
	line, col int
}

// indexKeys maps every key and table header of a TOML document to its
// position, so that errors can point at a line. It stops at a syntax error.
func indexKeys(data []byte) []keyPos {
	var lineStarts []int
	lineStarts = append(lineStarts, 0)
	for i, c := range data {
		if c == '\n' {
			lineStarts = append(lineStarts, i+1)
		}
	}
	var out []keyPos
	add := func(path []string, n *unstable.Node) {
		off := int(n.Raw.Offset)
		line := sort.Search(len(lineStarts), func(i int) bool { return lineStarts[i] > off })
		out = append(out, keyPos{path: path, line: line, col: off - lineStarts[line-1] + 1})
	}
	var keyValue func(prefix []string, kv *unstable.Node)
	keyValue = func(prefix []string, kv *unstable.Node) {
		path, first := keyParts(prefix, kv.Key())
		if first == nil {
			return
		}
		add(path, first)
		if v := kv.Value(); v.Kind == unstable.InlineTable {
			for it := v.Children(); it.Next(); {
				if c := it.Node(); c.Kind == unstable.KeyValue {
					keyValue(path, c)
				}
			}
		}
	}
	var p unstable.Parser
	p.Reset(data)
	var table []string
	for p.NextExpression() {
		e := p.Expression()
		switch e.Kind {
		case unstable.Table, unstable.ArrayTable:
			var first *unstable.Node
			if table, first = keyParts(nil, e.Key()); first != nil {
				add(table, first)
			}
		case unstable.KeyValue:
			keyValue(table, e)
		}
	}
	return out
}

// keyParts appends the parts of a (dotted) key to prefix and returns its
// first part's node.
func keyParts(prefix []string, it unstable.Iterator) ([]string, *unstable.Node) {
	path := append([]string(nil), prefix...)
	var first *unstable.Node
	for it.Next() {
		if first == nil {
			first = it.Node()
		}
		path = append(path, string(it.Node().Data))
	}
	return path, first
}

// pathAt returns the key written at line:col, or nil.
func (pf *parsedFile) pathAt(line, col int) []string {
	for _, k := range pf.keys {
		if k.line == line && k.col == col {
			return k.path
		}
	}
	return nil
}

// pathBefore returns the last key written on line before col, or nil.
func (pf *parsedFile) pathBefore(line, col int) []string {
	var path []string
	best := 0
	for _, k := range pf.keys {
		if k.line == line && k.col < col && k.col > best {
			path, best = k.path, k.col
		}
	}
	return path
}

func last(path []string) string {
	if len(path) == 0 {
		return ""
	}
	return path[len(path)-1]
}

// where returns "file:line" of the first key under prefix, or the file.
func (pf *parsedFile) where(prefix ...string) string {
	for _, k := range pf.keys {
		if len(k.path) >= len(prefix) && equalPath(k.path[:len(prefix)], prefix) {
			return fmt.Sprintf("%s:%d", pf.path, k.line)
		}
	}
	return pf.path
}

func equalPath(a, b []string) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return len(a) == len(b)
}

// describeKey names a key for a message: "`page_size` in profile `acme`".
func describeKey(path []string) string {
	if len(path) >= 3 && path[0] == "profiles" {
		return fmt.Sprintf("`%s` in profile `%s`", path[2], path[1])
	}
	return fmt.Sprintf("`%s`", last(path))
}
