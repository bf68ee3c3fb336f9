package config

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// TestMain lets the test binary act as a client_secret_cmd helper:
// `config.test odx-secret-helper MODE ARGS...`.
func TestMain(m *testing.M) {
	if len(os.Args) > 2 && os.Args[1] == "odx-secret-helper" {
		os.Exit(secretHelper(os.Args[2], os.Args[3:]))
	}
	os.Exit(m.Run())
}

func secretHelper(mode string, args []string) int {
	switch mode {
	case "print": // prints its arguments, one per line
		for _, a := range args {
			fmt.Println(a)
		}
	case "fail":
		fmt.Println("leaked-stdout-value")
		fmt.Fprintln(os.Stderr, "helper: vault is locked")
		return 3
	case "hang": // says so on stderr, then waits for an interrupt that never comes: it runs until killed
		c := make(chan os.Signal, 1)
		signal.Notify(c, os.Interrupt)
		fmt.Fprintln(os.Stderr, "helper: hanging")
		<-c
	}
	return 0
}

// helperCmd returns a client_secret_cmd array running the test binary.
func helperCmd(mode string, args ...string) string {
	q := []string{fmt.Sprintf("%q", os.Args[0]), `"odx-secret-helper"`, fmt.Sprintf("%q", mode)}
	for _, a := range args {
		q = append(q, fmt.Sprintf("%q", a))
	}
	return "[" + strings.Join(q, ", ") + "]"
}

func TestSecretSources(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "abs.secret"), "from-file\r\nsecond line\n", 0o600)
	tests := []struct {
		name, source, want, wantSource string
		env                            map[string]string
	}{
		{"env var", `client_secret_env = "ACME_SECRET"`, "from-env-var", "env ACME_SECRET", map[string]string{"ACME_SECRET": "from-env-var"}},
		{"ODX_CLIENT_SECRET", `client_secret_env = "ACME_SECRET"`, "odx-env", "env ODX_CLIENT_SECRET", map[string]string{"ODX_CLIENT_SECRET": "odx-env"}},
		{"file, first line", fmt.Sprintf("client_secret_file = %q", filepath.Join(dir, "abs.secret")), "from-file", "file " + filepath.Join(dir, "abs.secret"), nil},
		{"file relative to the config file", `client_secret_file = "rel.secret"`, "relative", "file $HOME/.config/odx/rel.secret", nil},
		{"file under ~", `client_secret_file = "~/.config/odx/rel.secret"`, "relative", "file $HOME/.config/odx/rel.secret", nil},
		{"command array", "client_secret_cmd = " + helperCmd("print", "$USER not expanded", "line 2"), "$USER not expanded", "command " + os.Args[0] + " odx-secret-helper print $USER not expanded line 2", nil},
		{"command string", fmt.Sprintf("client_secret_cmd = %q", os.Args[0]+" odx-secret-helper print tok"), "tok", "command " + os.Args[0] + " odx-secret-helper print tok", nil},
		{"inline", `client_secret = "inline-secret"`, "inline-secret", "client_secret in PATH", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fx := fixture{file: strings.Replace(acmeProfile, `client_secret_env = "ACME_SECRET"`, tt.source, 1), env: tt.env}
			s, _, path, err := fx.load(t)
			if err != nil {
				t.Fatal(err)
			}
			home := filepath.Dir(filepath.Dir(filepath.Dir(path)))
			// rel.secret lives next to the config file, in the fixture's HOME.
			writeFile(t, filepath.Join(filepath.Dir(path), "rel.secret"), "relative\n", 0o600)
			wantSource := strings.ReplaceAll(strings.ReplaceAll(tt.wantSource, "PATH", path), "$HOME", home)
			if got := s.SecretSource(); got != wantSource {
				t.Errorf("SecretSource: got %q; want %q", got, wantSource)
			}
			got, err := s.ResolveSecret(context.Background())
			if got != tt.want || err != nil {
				t.Errorf("ResolveSecret: got %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}

func TestSecretErrors(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "empty.secret"), "\n", 0o600)
	tests := []struct {
		name, source, want string
	}{
		{"failing command", "client_secret_cmd = " + helperCmd("fail"),
			"the secret command `" + os.Args[0] + " odx-secret-helper fail` (`client_secret_cmd` in profile `acme`, PATH:4) failed with exit status 3; run it yourself to see why"},
		{"silent command", "client_secret_cmd = " + helperCmd("print"),
			"the secret command `" + os.Args[0] + " odx-secret-helper print` (`client_secret_cmd` in profile `acme`, PATH:4) printed nothing; it must print the secret on the first line of its stdout"},
		{"missing command", `client_secret_cmd = "/nonexistent/odx-helper show"`,
			"cannot run the secret command `/nonexistent/odx-helper show` (`client_secret_cmd` in profile `acme`, PATH:4): no such file or directory; check client_secret_cmd"},
		{"unset env var", `client_secret_env = "UNSET_SECRET"`,
			"environment variable UNSET_SECRET (`client_secret_env` in profile `acme`, PATH:4) is empty or unset; export it or choose another secret source"},
		{"unset env var in lower case", `client_secret_env = "plainAlnumSecret1234567890"`,
			"the environment variable that `client_secret_env` in profile `acme`, PATH:4 names is empty or unset; export it, " +
				"or check that client_secret_env holds the variable's name and not the secret"},
		{"missing file", fmt.Sprintf("client_secret_file = %q", filepath.Join(dir, "nope")),
			"cannot read the client secret file " + filepath.Join(dir, "nope") + " (`client_secret_file` in profile `acme`, PATH:4): no such file or directory; fix the path or the file's permissions"},
		{"empty file", fmt.Sprintf("client_secret_file = %q", filepath.Join(dir, "empty.secret")),
			"the client secret file " + filepath.Join(dir, "empty.secret") + " (`client_secret_file` in profile `acme`, PATH:4) is empty; write the secret on its first line"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _, path, err := fixture{file: strings.Replace(acmeProfile, `client_secret_env = "ACME_SECRET"`, tt.source, 1)}.load(t)
			if err != nil {
				t.Fatal(err)
			}
			var stderr bytes.Buffer
			s.secret.stderr = &stderr
			got, err := s.ResolveSecret(context.Background())
			want := strings.ReplaceAll(tt.want, "PATH", path)
			if err == nil || err.Error() != want || got != "" {
				t.Fatalf("ResolveSecret: got %q, %v; want error\n  %s", got, err, want)
			}
			if strings.Contains(err.Error(), "leaked-stdout-value") {
				t.Errorf("the error %q contains the command's output", err)
			}
			var ce *Error
			if !errors.As(err, &ce) {
				t.Errorf("got error of type %T; want *Error", err)
			}
			if tt.name == "failing command" && !strings.Contains(stderr.String(), "helper: vault is locked") {
				t.Errorf("command stderr: got %q; want it passed through", stderr.String())
			}
		})
	}
}

func TestSecretCommandCancelled(t *testing.T) {
	for _, tc := range []struct {
		name    string
		running bool // cancel once the command runs, not before it starts
	}{{"before it starts", false}, {"while it runs", true}} {
		t.Run(tc.name, func(t *testing.T) {
			s, _, _, err := fixture{file: strings.Replace(acmeProfile, `client_secret_env = "ACME_SECRET"`, "client_secret_cmd = "+helperCmd("hang"), 1)}.load(t)
			if err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			started := make(chan struct{})
			s.secret.stderr = &signalWriter{c: started}
			if !tc.running {
				cancel()
			}
			done := make(chan error, 1)
			go func() {
				_, err := s.ResolveSecret(ctx)
				done <- err
			}()
			if tc.running {
				select {
				case <-started: // the helper runs and hangs
				case err := <-done:
					t.Fatalf("the command ended before it was cancelled: %v", err)
				}
				cancel()
			}
			if err := <-done; !errors.Is(err, context.Canceled) {
				t.Errorf("got %v; want an error wrapping context.Canceled", err)
			}
		})
	}
}

// signalWriter closes c on the first write to it.
type signalWriter struct {
	c    chan struct{}
	once sync.Once
}

func (w *signalWriter) Write(p []byte) (int, error) {
	w.once.Do(func() { close(w.c) })
	return len(p), nil
}

// TestSecretEnvNotAName: a client_secret_env that is not a variable name
// (most likely the secret itself, written in the wrong key) is refused
// without being echoed.
func TestSecretEnvNotAName(t *testing.T) {
	for i, value := range []string{`S3cr3t+/=Pa"ss\w0rd-XYZZY`, "s3cr3t with spaces", "9LIVES_SECRET", "ACME-SECRET", "A=B", "ÄRGER", ""} {
		t.Run(strconv.Itoa(i), func(t *testing.T) { // not the value: it would be in the file's path
			src := fmt.Sprintf("client_secret_env = %q", value)
			_, _, path, err := fixture{file: strings.Replace(acmeProfile, `client_secret_env = "ACME_SECRET"`, src, 1)}.load(t)
			want := "`client_secret_env` in profile `acme`, PATH:4 is not the name of an environment variable (its value " +
				"is not shown, in case it is the secret itself); it must name the variable that holds the secret, like " +
				"\"ACME_ODX_SECRET\": letters, digits and _, not starting with a digit"
			if value == "" {
				want = "`client_secret_env` in profile `acme`, PATH:4 is empty; write the name of the environment variable " +
					"that holds the secret, like \"ACME_ODX_SECRET\""
			}
			want = strings.ReplaceAll(want, "PATH", path)
			if err == nil || err.Error() != want {
				t.Fatalf("Load: got %v; want error\n  %s", err, want)
			}
			if value != "" && strings.Contains(err.Error(), value) {
				t.Errorf("the error %q echoes the value", err)
			}
		})
	}
	for _, name := range []string{"ACME_SECRET", "_x", "odx_secret_2"} {
		src := fmt.Sprintf("client_secret_env = %q", name)
		s, _, _, err := fixture{file: strings.Replace(acmeProfile, `client_secret_env = "ACME_SECRET"`, src, 1)}.load(t)
		if err != nil || s.SecretSource() != "env "+name {
			t.Errorf("client_secret_env %q: got %v; want it accepted", name, err)
		}
	}
}
