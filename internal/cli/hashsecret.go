package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/odx-dev/odx/demo"
	"golang.org/x/term"
)

// runHashSecret reads a secret from stdin (without echo on a terminal) and
// prints base64(sha256(secret)), the value of a Trusted Application's
// ApplicationSecretHash.
func runHashSecret(_ context.Context, env *env, args []string) error {
	fs := newFlagSet(env, "hash-secret", "odx hash-secret < secret.txt")
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	secret, err := readSecret(env)
	if err != nil {
		return err
	}
	if secret == "" {
		return usageError("the secret is empty: type it (no echo) or pipe it on stdin")
	}
	fmt.Fprintln(env.stdout, demo.HashSecret(secret))
	return nil
}

// readSecret reads one line from stdin; on a terminal it prompts on stderr
// and turns echo off.
func readSecret(env *env) (string, error) {
	if f, ok := env.stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprint(env.stderr, "Client secret (not echoed): ")
		b, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(env.stderr)
		if err != nil {
			return "", fmt.Errorf("cannot read the secret from the terminal: %v", err)
		}
		return strings.TrimRight(string(b), "\r\n"), nil
	}
	line, err := bufio.NewReader(env.stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("cannot read the secret from stdin: %v", err)
	}
	return strings.TrimRight(line, "\r\n"), nil
}
