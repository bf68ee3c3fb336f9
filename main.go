// Command odx is a terminal explorer for OData services, first of all the
// ERP.net Domain API reached with the OAuth2 client-credentials grant.
//
//	odx [flags]              open the explorer on the active profile
//	odx --demo               open the explorer on an embedded demo instance
//	odx token|sets|get|metadata ...
//	odx demo [--addr A]      serve the demo instance alone
//	odx hash-secret          print base64(sha256(secret)) for ApplicationSecretHash
//
// main.go is wiring only: flags and subcommands, then config (internal/config)
// → auth → odata → ui.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/odx-dev/odx/internal/config"
	"github.com/odx-dev/odx/internal/termtext"
)

// Exit statuses: 1 for a failure at run time, 2 for a usage or config error.
const (
	exitOK      = 0
	exitFailure = 1
	exitUsage   = 2
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// command is one subcommand of odx.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, env *cliEnv, args []string) error
}

// cliEnv carries the standard streams and the environment to a subcommand,
// so that tests can run one without touching the process's own.
type cliEnv struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
}

func commands() []command {
	return []command{
		{"token", "authenticate and show the access token: scopes, expiry, claims", runToken},
		{"sets", "list the service's entity sets", runSets},
		{"get", "query an entity set and print rows (table, json, ndjson, csv)", runGet},
		{"metadata", "show entity sets, keys, properties and navigation from $metadata", runMetadata},
		{"demo", "serve the embedded demo instance and print a ready profile", runDemo},
		{"hash-secret", "read a secret from stdin and print its ApplicationSecretHash", runHashSecret},
		{"version", "print the odx version", runVersion},
	}
}

// run is main without the process: it returns the exit status.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	env := &cliEnv{stdin: stdin, stdout: stdout, stderr: stderr, getenv: os.Getenv}
	runFn, rest := runExplore, args
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		found := false
		for _, c := range commands() {
			if c.name == args[0] {
				runFn, rest, found = c.run, args[1:], true
				break
			}
		}
		if !found {
			if args[0] == "help" {
				usage(stdout)
				return exitOK
			}
			fmt.Fprintf(stderr, "odx: unknown command %q; run `odx help` for the list.\n", args[0])
			return exitUsage
		}
	}
	err := runFn(ctx, env, rest)
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, flag.ErrHelp):
		return exitOK
	case errors.Is(err, errQuiet):
		return exitOK
	}
	fmt.Fprintf(stderr, "odx: %s\n", oneLine(err.Error()))
	var ce *config.Error
	var ue usageError
	if errors.As(err, &ce) || errors.As(err, &ue) {
		return exitUsage
	}
	return exitFailure
}

// errQuiet ends a command successfully without a message (for example when
// the reader of our output went away: `odx get … | head`).
var errQuiet = errors.New("quiet exit")

// usageError is a mistake on the command line; odx exits with status 2.
type usageError string

func (e usageError) Error() string { return string(e) }

func usage(w io.Writer) {
	fmt.Fprintln(w, "odx — a terminal explorer for OData services (ERP.net Domain API first).")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Usage:")
	fmt.Fprintln(w, "  odx [--profile NAME] [--demo]   open the explorer")
	for _, c := range commands() {
		fmt.Fprintf(w, "  odx %-28s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Run `odx COMMAND --help` for a command's flags. Configuration: config.toml.example.")
}

func runVersion(_ context.Context, env *cliEnv, _ []string) error {
	fmt.Fprintln(env.stdout, "odx", version)
	return nil
}

// newFlagSet returns a flag set that reports errors instead of exiting and
// prints its usage to stderr.
func newFlagSet(env *cliEnv, name, synopsis string) *flag.FlagSet {
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

// oneLine folds an error message onto one line and makes any control
// character in it visible: messages can quote what a server sent.
func oneLine(s string) string {
	return termtext.Sanitize(strings.Join(strings.Fields(s), " "))
}
