package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"runtime"
	"sort"
	"strings"

	"github.com/pelletier/go-toml/v2"
	"github.com/pelletier/go-toml/v2/unstable"
)

// The config file: reading, strict decoding, key positions and messages.

// readConfigFile reads path; a missing file that was not named explicitly
// gives nil data and no error.
func readConfigFile(path string, explicit bool, from string) ([]byte, fs.FileMode, error) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) && !explicit {
		return nil, 0, nil
	}
	if errors.Is(err, fs.ErrNotExist) {
		return nil, 0, configErrorf("the config file %s (from %s) does not exist; fix the path or create it from config.toml.example", path, from)
	}
	if err != nil {
		return nil, 0, configErrorf("cannot open the config file %s: %w", path, pathErr(err))
	}
	defer f.Close()
	st, err := f.Stat()
	if err == nil && st.IsDir() {
		err = errors.New("it is a directory")
	}
	var data []byte
	if err == nil {
		data, err = io.ReadAll(io.LimitReader(f, maxConfigSize+1))
	}
	if err != nil {
		return nil, 0, configErrorf("cannot read the config file %s: %w", path, pathErr(err))
	}
	if len(data) > maxConfigSize {
		return nil, 0, configErrorf("the config file %s is larger than 1 MiB; is it the right file?", path)
	}
	if data == nil {
		data = []byte{}
	}
	return data, st.Mode(), nil
}

// permissionWarning warns when a file holding an inline client_secret can be
// read by group or others.
func (pf *parsedFile) permissionWarning(mode fs.FileMode) string {
	if runtime.GOOS == "windows" || mode.Perm()&0o077 == 0 {
		return ""
	}
	for _, p := range pf.cfg.Profiles {
		if p.ClientSecret != nil {
			return fmt.Sprintf("%s holds a client_secret and is accessible by group or others (mode %04o); run `chmod 600 %s`, or move the secret to client_secret_env, client_secret_file or client_secret_cmd",
				pf.path, mode.Perm(), pf.path)
		}
	}
	return ""
}

// keyPos is where a key or table header is written in the file.
type keyPos struct {
	path      []string
	line, col int
}

// fileConfig is the layout of config.toml.
type fileConfig struct {
	Default  *string                `toml:"default"`
	Profiles map[string]fileProfile `toml:"profiles"`
}

// fileProfile is one [profiles.NAME] table.
type fileProfile struct {
	Instance         string    `toml:"instance"`
	TokenURL         string    `toml:"token_url"`
	ServiceRoot      string    `toml:"service_root"`
	ClientID         string    `toml:"client_id"`
	ClientSecret     *string   `toml:"client_secret"`
	ClientSecretEnv  *string   `toml:"client_secret_env"`
	ClientSecretFile *string   `toml:"client_secret_file"`
	ClientSecretCmd  any       `toml:"client_secret_cmd"`
	Scopes           *[]string `toml:"scopes"`
	PageSize         *int      `toml:"page_size"`
	Timeout          *string   `toml:"timeout"`
	Language         *string   `toml:"language"`
}

// keyTypes lists every key of the file with the type it must have.
var keyTypes = map[string]string{
	"default":            "a profile name (a string)",
	"profiles":           "a table of profiles, like [profiles.acme]",
	"instance":           "a URL string",
	"token_url":          "a URL string",
	"service_root":       "a URL string",
	"client_id":          "a string",
	"client_secret":      "a string",
	"client_secret_env":  "the name of an environment variable (a string)",
	"client_secret_file": "a path (a string)",
	"client_secret_cmd":  `an array of strings, like ["pass", "show", "acme"], or a string`,
	"scopes":             `an array of strings, like ["read"]`,
	"page_size":          "a whole number from 1 to 1000",
	"timeout":            `a duration string, like "30s"`,
	"language":           `a language code string, like "EN"`,
}

var topKeys = []string{"default", "profiles"}

// parsedFile is a decoded config file with the positions of its keys.
type parsedFile struct {
	path string
	cfg  fileConfig
	keys []keyPos
}

// parseConfig decodes data strictly; every error names the file and line.
func parseConfig(path string, data []byte) (*parsedFile, error) {
	pf := &parsedFile{path: path, keys: indexKeys(data)}
	err := toml.NewDecoder(bytes.NewReader(data)).DisallowUnknownFields().Decode(&pf.cfg)
	var sm *toml.StrictMissingError
	var de *toml.DecodeError
	switch {
	case err == nil:
		return pf, nil
	case errors.As(err, &sm) && len(sm.Errors) > 0:
		first := sm.Errors[0]
		for _, e := range sm.Errors[1:] {
			if l, _ := e.Position(); l < lineOf(first) {
				first = e
			}
		}
		line, col := first.Position()
		keyPath := pf.pathAt(line, col)
		if keyPath == nil {
			keyPath = first.Key()
		}
		return nil, unknownKeyError(keyPath, fmt.Sprintf("%s:%d", path, line))
	case errors.As(err, &de):
		line, col := de.Position()
		msg := strings.TrimPrefix(de.Error(), "toml: ")
		if strings.HasPrefix(msg, "cannot decode TOML ") {
			got := strings.Fields(strings.TrimPrefix(msg, "cannot decode TOML ") + " value")[0]
			k := pf.pathBefore(line, col)
			if k == nil {
				k = de.Key()
			}
			switch want, ok := keyTypes[last(k)]; {
			case len(k) == 2 && k[0] == "profiles":
				return nil, configErrorf("profile `%s` (%s:%d) must be a table, not a TOML %s; write profile keys under a [profiles.NAME] header", k[1], path, line, got)
			case ok:
				return nil, configErrorf("%s (%s:%d) must be %s, not a TOML %s", describeKey(k), path, line, want, got)
			}
			return nil, configErrorf("a value in %s:%d has the wrong type (a TOML %s); see config.toml.example", path, line, got)
		}
		return nil, configErrorf("syntax error in %s:%d:%d: %s; fix the TOML there", path, line, col, msg)
	}
	return nil, configErrorf("cannot read the config file %s: %v", path, err)
}

func lineOf(e toml.DecodeError) int {
	l, _ := e.Position()
	return l
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
			return configErrorf("%s; did you mean `%s`?", msg, s)
		}
		return configErrorf("%s; config.toml.example lists the known keys", msg)
	}
	msg := fmt.Sprintf("unknown key `%s` at the top level (%s)", strings.Join(path, "."), where)
	if _, ok := keyTypes[path[0]]; ok {
		return configErrorf("%s; put it inside a [profiles.NAME] table", msg)
	}
	if s := suggest(path[0], topKeys); s != "" {
		return configErrorf("%s; did you mean `%s`?", msg, s)
	}
	return configErrorf("%s; the top level holds only default and [profiles.NAME] tables", msg)
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
