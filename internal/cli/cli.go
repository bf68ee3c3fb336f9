// Package cli is the odx command line: the explorer (the default command)
// and the subcommands token, sets, get, metadata, profile, demo,
// hash-secret, completion and version. Run parses the arguments, builds a session from the settings of
// internal/config (config → auth → odata, with the request log at the bottom
// of the HTTP stack), runs the command and turns its error into one line on
// stderr and an exit status: 0 on success, 1 for a failure at run time, 2 for
// a usage or config error.
//
// There is one file per command (explore.go, token.go, sets.go, get.go,
// metadata.go, profile.go, demo.go, hashsecret.go); flags.go holds the
// flags they share, session.go the session building, output.go, table.go
// and terminal.go the writers of get.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"

	"github.com/odx-dev/odx/internal/config"
	"github.com/odx-dev/odx/internal/termtext"
)

// Exit statuses: 1 for a failure at run time, 2 for a usage or config error.
const (
	exitOK      = 0
	exitFailure = 1
	exitUsage   = 2
)

// Version is what `odx version` prints; main sets it from its build-time
// version.
var Version = "dev"

// command is one subcommand of odx.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, env *env, args []string) error
}

// env carries the standard streams and the environment to a subcommand, so
// that tests can run one without touching the process's own.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
	// transport is the bottom of every session's HTTP stack, under the
	// request log; nil means http.DefaultTransport.
	transport http.RoundTripper
}

func commands() []command {
	return []command{
		{"token", "authenticate and show the access token: scopes, expiry, claims", runToken},
		{"sets", "list the service's entity sets", runSets},
		{"get", "query an entity set and print rows (table, json, ndjson, csv)", runGet},
		{"metadata", "show entity sets, keys, properties and navigation from $metadata", runMetadata},
		{"profile", "profile a column: counts per value, or min/max/sum and a histogram ($apply)", runProfile},
		{"demo", "serve the embedded demo instance and print a ready profile", runDemo},
		{"hash-secret", "read a secret from stdin and print its ApplicationSecretHash", runHashSecret},
		{"completion", "print the completion script of a shell: bash, zsh or fish", runCompletion},
		{"version", "print the odx version", runVersion},
	}
}

// Run runs odx with args (without the program name) and returns the exit
// status. ctx ends the command (main cancels it on SIGINT and SIGTERM).
func Run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return run(ctx, &env{stdin: stdin, stdout: stdout, stderr: stderr, getenv: os.Getenv}, args)
}

func run(ctx context.Context, env *env, args []string) int {
	runFn, rest := runExplore, args
	if len(args) > 0 && strings.HasPrefix(args[0], "-") {
		names := map[string]bool{"help": true}
		for _, c := range commands() {
			names[c.name] = true
		}
		if name, others := splitCommand(args, names); name != "" {
			args = append([]string{name}, others...) // global flags first: the command's own parser takes them
		}
	}
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
				usage(env.stdout)
				return exitOK
			}
			fmt.Fprintf(env.stderr, "odx: unknown command %q; run `odx help` for the list.\n", args[0])
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
	fmt.Fprintf(env.stderr, "odx: %s\n", oneLine(err.Error()))
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

func runVersion(_ context.Context, env *env, _ []string) error {
	fmt.Fprintln(env.stdout, "odx", Version)
	return nil
}

// oneLine folds an error message onto one line and makes any control
// character in it visible: messages can quote what a server sent.
func oneLine(s string) string {
	return termtext.Sanitize(strings.Join(strings.Fields(s), " "))
}
