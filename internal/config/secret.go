package config

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// Secret sources: client_secret_env, _file, _cmd, client_secret and ODX_CLIENT_SECRET.

type secretKind int

const (
	secretEnv secretKind = iota + 1
	secretFile
	secretCmd
	secretInline
)

// secretSource says where the client secret comes from.
type secretSource struct {
	kind   secretKind
	name   string   // env var name, file path, or where an inline secret is written
	argv   []string // command
	value  string   // inline secret
	origin string   // which setting chose this source, for messages
	getenv func(string) string
	stderr io.Writer // the command's stderr; nil means os.Stderr
}

// ResolveSecret runs/reads the secret source (env var, file, command, inline).
// Errors never contain the secret, nor the output of a command.
func (s *Settings) ResolveSecret(ctx context.Context) (string, error) {
	src := s.secret
	if src == nil {
		return "", Errorf("no client secret source is configured; see config.toml.example")
	}
	switch src.kind {
	case secretEnv:
		if v := src.getenv(src.name); v != "" {
			return v, nil
		}
		if !isConventionalEnvName(src.name) { // a name in lower case may be the secret itself, written in the wrong key
			return "", Errorf("the environment variable that %s names is empty or unset; export it, or check that "+
				"client_secret_env holds the variable's name and not the secret", src.origin)
		}
		return "", Errorf("environment variable %s (%s) is empty or unset; export it or choose another secret source", src.name, src.origin)
	case secretFile:
		return readSecretFile(src)
	case secretCmd:
		return runSecretCmd(ctx, src)
	case secretInline:
		return src.value, nil
	}
	return "", Errorf("unknown client secret source; see config.toml.example")
}

// SecretSource describes where the secret comes from without revealing it,
// e.g. "env ODX_CLIENT_SECRET", "command pass show acme".
func (s *Settings) SecretSource() string {
	src := s.secret
	if src == nil {
		return "none"
	}
	switch src.kind {
	case secretEnv:
		return "env " + src.name
	case secretFile:
		return "file " + src.name
	case secretCmd:
		return "command " + strings.Join(src.argv, " ")
	}
	if src.name == "" {
		return "inline"
	}
	return "client_secret in " + src.name
}

// profileSecret returns the profile's secret source, nil when it has none.
func profileSecret(pf *parsedFile, name string, p fileProfile, at func(string) string, getenv func(string) string) (*secretSource, error) {
	var set []string
	var src *secretSource
	if p.ClientSecretEnv != nil {
		set = append(set, "client_secret_env")
		v := *p.ClientSecretEnv
		switch {
		case v == "":
			return nil, Errorf("%s is empty; write the name of the environment variable that holds the secret, like \"ACME_ODX_SECRET\"", at("client_secret_env"))
		case !isEnvName(v): // never echoed: it may be the secret itself, written in the wrong key
			return nil, Errorf("%s is not the name of an environment variable (its value is not shown, in case it is the "+
				"secret itself); it must name the variable that holds the secret, like \"ACME_ODX_SECRET\": letters, digits "+
				"and _, not starting with a digit", at("client_secret_env"))
		}
		src = &secretSource{kind: secretEnv, name: v}
	}
	if p.ClientSecretFile != nil {
		set = append(set, "client_secret_file")
		v := expandHome(*p.ClientSecretFile, getenv)
		if v == "" {
			return nil, Errorf("%s is empty; give the path of a file holding the secret", at("client_secret_file"))
		}
		if !filepath.IsAbs(v) {
			v = filepath.Join(filepath.Dir(pf.path), v)
		}
		src = &secretSource{kind: secretFile, name: v}
	}
	if p.ClientSecretCmd != nil {
		set = append(set, "client_secret_cmd")
		var argv []string
		switch v := p.ClientSecretCmd.(type) {
		case string:
			argv = strings.Fields(v)
		case []any:
			for _, a := range v {
				s, ok := a.(string)
				if !ok {
					return nil, Errorf("%s must be %s", at("client_secret_cmd"), keyTypes["client_secret_cmd"])
				}
				argv = append(argv, s)
			}
		default:
			return nil, Errorf("%s must be %s", at("client_secret_cmd"), keyTypes["client_secret_cmd"])
		}
		if len(argv) == 0 || argv[0] == "" {
			return nil, Errorf("%s is empty; give a command that prints the secret, like [\"pass\", \"show\", \"acme\"]", at("client_secret_cmd"))
		}
		argv[0] = expandHome(argv[0], getenv)
		src = &secretSource{kind: secretCmd, argv: argv}
	}
	if p.ClientSecret != nil {
		set = append(set, "client_secret")
		if *p.ClientSecret == "" {
			return nil, Errorf("%s is empty; give the secret, or better, use client_secret_env, client_secret_file or client_secret_cmd", at("client_secret"))
		}
		src = &secretSource{kind: secretInline, name: pf.path, value: *p.ClientSecret}
	}
	if len(set) > 1 {
		return nil, Errorf("profile `%s` (%s) has %d secret sources (%s); keep exactly one", name, pf.where("profiles", name), len(set), strings.Join(set, ", "))
	}
	if src != nil {
		src.origin = at(set[0])
		src.getenv = getenv
	}
	return src, nil
}

// isEnvName reports whether s is a portable environment variable name:
// ASCII letters, digits and underscores, not starting with a digit.
func isEnvName(s string) bool {
	for i, c := range []byte(s) {
		switch {
		case c == '_', c >= 'A' && c <= 'Z', c >= 'a' && c <= 'z':
		case c >= '0' && c <= '9' && i > 0:
		default:
			return false
		}
	}
	return s != ""
}

// isConventionalEnvName reports whether s is an environment variable name
// as they are conventionally written: upper-case letters, digits and
// underscores.
func isConventionalEnvName(s string) bool {
	return isEnvName(s) && strings.ToUpper(s) == s
}

func readSecretFile(src *secretSource) (string, error) {
	f, err := os.Open(src.name)
	if err != nil {
		return "", Errorf("cannot read the client secret file %s (%s): %w; fix the path or the file's permissions", src.name, src.origin, pathErr(err))
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, 64<<10))
	if err != nil {
		return "", Errorf("cannot read the client secret file %s (%s): %w", src.name, src.origin, pathErr(err))
	}
	if line := firstLine(b); line != "" {
		return line, nil
	}
	return "", Errorf("the client secret file %s (%s) is empty; write the secret on its first line", src.name, src.origin)
}

// runSecretCmd runs the command without a shell and returns the first line
// of its stdout; stderr goes to the user, stdout never into an error.
func runSecretCmd(ctx context.Context, src *secretSource) (string, error) {
	name := strings.Join(src.argv, " ")
	cmd := exec.CommandContext(ctx, src.argv[0], src.argv[1:]...)
	out := &capWriter{max: 64 << 10}
	cmd.Stdout = out
	cmd.Stderr = src.stderr
	if cmd.Stderr == nil {
		cmd.Stderr = os.Stderr
	}
	cmd.WaitDelay = 2 * time.Second
	err := cmd.Run()
	if ctx.Err() != nil {
		return "", fmt.Errorf("the secret command `%s` was interrupted: %w", name, ctx.Err())
	}
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		return "", Errorf("the secret command `%s` (%s) failed with %s; run it yourself to see why", name, src.origin, ee.ProcessState)
	case err != nil:
		return "", Errorf("cannot run the secret command `%s` (%s): %w; check client_secret_cmd", name, src.origin, pathErr(err))
	}
	if line := firstLine(out.buf.Bytes()); line != "" {
		return line, nil
	}
	return "", Errorf("the secret command `%s` (%s) printed nothing; it must print the secret on the first line of its stdout", name, src.origin)
}

// capWriter keeps the first max bytes written to it and discards the rest.
type capWriter struct {
	buf bytes.Buffer
	max int
}

func (w *capWriter) Write(p []byte) (int, error) {
	if room := w.max - w.buf.Len(); room > 0 {
		w.buf.Write(p[:min(room, len(p))])
	}
	return len(p), nil
}

func firstLine(b []byte) string {
	if i := bytes.IndexByte(b, '\n'); i >= 0 {
		b = b[:i]
	}
	return strings.TrimSuffix(string(b), "\r")
}

// pathErr drops the path an *fs.PathError repeats, so messages name it once.
func pathErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// expandHome expands a leading ~ or ~/ to the home directory.
func expandHome(p string, getenv func(string) string) string {
	if p != "~" && !strings.HasPrefix(p, "~/") && !strings.HasPrefix(p, `~\`) {
		return p
	}
	home := getenv("HOME")
	if home == "" {
		home, _ = os.UserHomeDir()
	}
	if home == "" {
		return p
	}
	return filepath.Join(home, p[1:])
}
