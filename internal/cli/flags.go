package cli

import (
	"errors"
	"flag"
	"fmt"
	"time"

	"github.com/odx-dev/odx/internal/config"
)

// newFlagSet returns a flag set that reports errors instead of exiting and
// prints its usage to stderr.
func newFlagSet(env *env, name, synopsis string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(env.stderr)
	fs.Usage = func() {
		fmt.Fprintf(env.stderr, "Usage: %s\n\nFlags:\n", synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags parses args, turning flag errors into usage errors (exit 2).
// Flags may follow positional arguments (`odx get Set --top 5`).
func parseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, usageError(err.Error())
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
}

func addConnFlags(fs *flag.FlagSet) *connFlags {
	cf := &connFlags{config: config.AddFlags(fs)}
	fs.BoolVar(&cf.demo, "demo", false, "use an embedded demo instance (ERP.net-like) instead of a profile")
	fs.DurationVar(&cf.demoTTL, "demo-token-ttl", 60*time.Second, "token `lifetime` of the --demo instance")
	fs.DurationVar(&cf.demoSlow, "demo-latency", 0, "added `delay` per API request of the --demo instance")
	fs.IntVar(&cf.revoke, "demo-revoke-after", 0, "--demo: reject a token after `N` API requests (0: never)")
	return cf
}
