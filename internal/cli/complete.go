package cli

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"slices"
	"strings"
)

// The candidates of the completion scripts. The words are those after
// "odx" up to the cursor; the last is the word being completed (may be "").
// Flags are read from each command's own --help, so they never drift.

// completer finds candidates; its directories are the user's unless a test
// sets them ("" means the default).
type completer struct {
	env      *env
	cacheDir string // the $metadata cache
	prefsDir string // the state file (views)
}

// complete returns the candidates for the last of words.
func complete(ctx context.Context, e *env, words []string) []string {
	return (&completer{env: e}).complete(ctx, words)
}

// flagInfo is one flag of a command, as its usage prints it.
type flagInfo struct {
	name  string
	value string // the name of its value ("" for a bool flag)
	usage string // its help text
}

func (c *completer) complete(ctx context.Context, words []string) []string {
	if len(words) == 0 {
		words = []string{""}
	}
	cur, before := words[len(words)-1], words[:len(words)-1]
	cmd, pos, flagsSeen := c.parse(before)
	flags := c.flagsOf(ctx, cmd)

	// The value of a flag: after "--flag " or in "--flag=…".
	if name, val, ok := strings.Cut(cur, "="); ok && strings.HasPrefix(name, "-") {
		if f, ok := findFlag(flags, name); ok && f.value != "" {
			vals := c.values(ctx, cmd, f, flagsSeen)
			if len(vals) == 1 && vals[0] == filesDirective {
				return vals
			}
			var out []string
			for _, v := range hasPrefixes(vals, val) {
				out = append(out, name+"="+v)
			}
			return out
		}
		return nil
	}
	if n := len(before); n > 0 && strings.HasPrefix(before[n-1], "-") && !strings.Contains(before[n-1], "=") {
		if f, ok := findFlag(flags, before[n-1]); ok && f.value != "" {
			vals := c.values(ctx, cmd, f, flagsSeen)
			if len(vals) == 1 && vals[0] == filesDirective {
				return vals
			}
			return hasPrefixes(vals, cur)
		}
	}
	if strings.HasPrefix(cur, "-") {
		var names []string
		for _, f := range flags {
			if len(f.name) == 1 {
				names = append(names, "-"+f.name) // -o
				continue
			}
			names = append(names, "--"+f.name)
		}
		return hasPrefixes(names, cur)
	}
	return hasPrefixes(c.positional(ctx, cmd, pos, flagsSeen), cur)
}

// parse finds the command in the words before the cursor, its positional
// arguments and the flags given (name → value, "true" for a bool flag).
func (c *completer) parse(words []string) (cmd string, pos []string, seen map[string]string) {
	seen = map[string]string{}
	names := commandNames()
	flags := c.flagsOf(context.Background(), "")
	for i := 0; i < len(words); i++ {
		w := words[i]
		if w == "--" {
			pos = append(pos, words[i+1:]...)
			break
		}
		if strings.HasPrefix(w, "-") && w != "-" {
			name, val, hasVal := strings.Cut(w, "=")
			f, ok := findFlag(flags, name)
			if !ok && cmd != "" {
				f, ok = findFlag(c.flagsOf(context.Background(), cmd), name)
			}
			switch {
			case !ok:
			case hasVal:
				seen[f.name] = val
			case f.value != "" && i+1 < len(words):
				seen[f.name] = words[i+1]
				i++
			case f.value != "":
			default:
				seen[f.name] = "true"
			}
			continue
		}
		if cmd == "" && slices.Contains(names, w) {
			cmd = w
			continue
		}
		pos = append(pos, w)
	}
	return cmd, pos, seen
}

// commandNames are the subcommands, and help.
func commandNames() []string {
	var out []string
	for _, c := range commands() {
		out = append(out, c.name)
	}
	return append(out, "help")
}

// findFlag finds "-name" or "--name" in flags.
func findFlag(flags []flagInfo, arg string) (flagInfo, bool) {
	name := strings.TrimLeft(arg, "-")
	for _, f := range flags {
		if f.name == name {
			return f, true
		}
	}
	return flagInfo{}, false
}

// flagsOf lists the flags of cmd ("" for the explorer's, which are also
// the global ones) by running it with --help into a buffer.
func (c *completer) flagsOf(ctx context.Context, cmd string) []flagInfo {
	run := runExplore
	for _, x := range commands() {
		if x.name == cmd {
			run = x.run
		}
	}
	if cmd == "help" || cmd == "version" || cmd == "completion" {
		return nil
	}
	var buf bytes.Buffer
	quiet := &env{stdin: strings.NewReader(""), stdout: io.Discard, stderr: &buf, getenv: func(string) string { return "" }}
	_ = run(ctx, quiet, []string{"--help"})
	flags := parseDefaults(buf.String())
	if cmd == "get" {
		if _, ok := findFlag(flags, "view"); !ok { // until get declares it
			flags = append(flags, flagInfo{name: "view", value: "name", usage: "run the saved view `name`"})
		}
	}
	return flags
}

// parseDefaults reads the flags out of flag.PrintDefaults' text: a line
// "  -name value" (or "  -o format\tusage") per flag, its usage after a
// tab, on the same line or the next.
func parseDefaults(text string) []flagInfo {
	var out []flagInfo
	sc := bufio.NewScanner(strings.NewReader(text))
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "    \t") && len(out) > 0 {
			out[len(out)-1].usage += strings.TrimSpace(line)
			continue
		}
		if !strings.HasPrefix(line, "  -") {
			continue
		}
		head, usage, _ := strings.Cut(line[3:], "\t")
		fields := strings.Fields(head)
		if len(fields) == 0 {
			continue
		}
		f := flagInfo{name: fields[0], usage: strings.TrimSpace(usage)}
		if len(fields) > 1 {
			f.value = fields[1]
		}
		out = append(out, f)
	}
	return out
}

// values are the candidates for the value of flag f of cmd.
func (c *completer) values(ctx context.Context, cmd string, f flagInfo, seen map[string]string) []string {
	switch f.name {
	case "profile":
		return c.profiles(seen)
	case "config", "file":
		return []string{filesDirective}
	case "view":
		return c.views(ctx, seen)
	}
	return choices(f.usage, f.value)
}

// choices reads the values a usage text lists after the value's name:
// "output format: table, json, ndjson or csv (default …)" → table json
// ndjson csv.
func choices(usage, value string) []string {
	_, list, ok := strings.Cut(usage, value+": ")
	if !ok {
		return nil
	}
	list, _, _ = strings.Cut(list, " (default")
	list = strings.ReplaceAll(list, " or ", ", ")
	var out []string
	for _, w := range strings.Split(list, ",") {
		w = strings.TrimSpace(w)
		if w == "" || strings.ContainsAny(w, " `") {
			return nil // prose, not a list
		}
		out = append(out, w)
	}
	return out
}

// positional are the candidates for a positional argument: the commands
// when none is named yet, else what the command's next argument is.
func (c *completer) positional(ctx context.Context, cmd string, pos []string, seen map[string]string) []string {
	switch cmd {
	case "":
		if len(pos) > 0 {
			return nil
		}
		return commandNames()
	case "help":
		if len(pos) > 0 {
			return nil
		}
		return commandNames()
	case "completion":
		if len(pos) > 0 {
			return nil
		}
		return shells()
	case "get", "metadata":
		if len(pos) > 0 {
			return nil
		}
		return c.sets(ctx, seen, "")
	case "profile":
		switch len(pos) {
		case 0:
			return c.sets(ctx, seen, "")
		case 1:
			return c.sets(ctx, seen, pos[0])
		}
	}
	return nil
}
