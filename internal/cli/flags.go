package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/odx-dev/odx/internal/config"
)

// newFlagSet returns a flag set that reports errors instead of exiting and
// prints its usage to stderr on -h/--help (only then: a mistake is one
// line, see parseFlags).
func newFlagSet(env *env, name, synopsis string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(env.stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: %s\n\nFlags:\n", synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags parses args, turning flag errors into usage errors (exit 2)
// of one line that says where to look; -h and --help print the usage.
// Flags may follow positional arguments (`odx get Set --top 5`).
func parseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	out := fs.Output()
	fs.SetOutput(io.Discard) // the flag package would print the error and the whole usage
	defer fs.SetOutput(out)
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				fs.SetOutput(out)
				fs.Usage()
				return nil, err
			}
			help := "odx " + fs.Name() + " --help"
			if fs.Name() == "odx" {
				help = "odx --help"
			}
			return nil, usageError(fmt.Sprintf("%v; run `%s` for the flags", err, help))
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// textOrJSON adds -o for the commands whose output is text or json.
func textOrJSON(fs *flag.FlagSet) *string {
	return fs.String("o", "text", "output `format`: text or json")
}

// checkTextOrJSON checks the value of textOrJSON's flag.
func checkTextOrJSON(out string) error {
	if out != "text" && out != "json" {
		return usageError("-o must be text or json")
	}
	return nil
}

// connFlags are the flags of every command that talks to an instance: the
// config flags plus --demo.
type connFlags struct {
	config   *config.Flags
	demo     bool
	demoTTL  time.Duration
	demoSlow time.Duration
	revoke   int

	// requestLog: the command shows the request log (the explorer), so
	// the session records every exchange.
	requestLog bool
}

func addConnFlags(fs *flag.FlagSet) *connFlags {
	cf := &connFlags{config: config.AddFlags(fs)}
	fs.BoolVar(&cf.demo, "demo", false, "use an embedded demo instance (ERP.net-like) instead of a profile")
	fs.DurationVar(&cf.demoTTL, "demo-token-ttl", 60*time.Second, "token `lifetime` of the --demo instance")
	fs.DurationVar(&cf.demoSlow, "demo-latency", 0, "added `delay` per API request of the --demo instance")
	fs.IntVar(&cf.revoke, "demo-revoke-after", 0, "--demo: reject a token after `N` API requests (0: never)")
	return cf
}

// splitCommand finds the subcommand in args when global flags come first
// (`odx --demo sets`, `odx --profile p get X`): the first argument that is
// not a flag or a flag's value. It returns the command's name and the other
// arguments, or "" when there is none.
func splitCommand(args []string, names map[string]bool) (string, []string) {
	fs := flag.NewFlagSet("odx", flag.ContinueOnError)
	addConnFlags(fs)
	fs.Bool("present", false, "")
	fs.Bool("no-mouse", false, "")
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			return "", args
		}
		if !strings.HasPrefix(a, "-") || a == "-" {
			if names[a] {
				return a, append(append([]string(nil), args[:i]...), args[i+1:]...)
			}
			return "", args
		}
		name := strings.TrimLeft(a, "-")
		if strings.Contains(name, "=") {
			continue
		}
		f := fs.Lookup(name)
		if f == nil {
			continue
		}
		if b, ok := f.Value.(interface{ IsBoolFlag() bool }); ok && b.IsBoolFlag() {
			continue
		}
		i++ // the flag's value
	}
	return "", args
}
