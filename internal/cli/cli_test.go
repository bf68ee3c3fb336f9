package cli

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// TestErrorLineSanitised: an error can quote what a server sent (a type name
// from $metadata, a message); the one line odx prints never carries a
// control character raw.
func TestErrorLineSanitised(t *testing.T) {
	got := oneLine("odata: entity type NS.\x1b]0;PWNED\a\x1b[31mRED\u202eevil\u009b2J has a BaseType cycle;\n the metadata document is invalid")
	if strings.ContainsAny(got, "\x1b\a\u202e\u009b\n") {
		t.Errorf("got %q; want no control characters", got)
	}
	if !strings.Contains(got, "␛]0;PWNED") || !strings.Contains(got, "has a BaseType cycle; the metadata document is invalid") {
		t.Errorf("got %q; want the escapes visible and the sentence on one line", got)
	}
}

// Running the command line against a fault server (faultserver_test.go),
// as the fault tests do.

// faultEnv isolates run from the machine's configuration and gives it the
// secret through ODX_CLIENT_SECRET (so tests using it cannot be parallel).
func faultEnv(t *testing.T) {
	dir := t.TempDir()
	for _, k := range []string{"ODX_CONFIG", "ODX_PROFILE", "ODX_INSTANCE", "ODX_CLIENT_ID", "ODX_SCOPES",
		"ODX_TOKEN_URL", "ODX_SERVICE_ROOT"} {
		t.Setenv(k, "")
	}
	t.Setenv("XDG_CONFIG_HOME", dir)
	t.Setenv("XDG_CACHE_HOME", dir)
	t.Setenv("HOME", dir)
	t.Setenv("ODX_CLIENT_SECRET", faultSecret)
}

// cli runs odx with args against f and returns the exit status, stdout and
// stderr. Every output is checked for the secret and for terminal controls.
func (f *faultServer) cli(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	args = append(args, "--instance", f.URL, "--client-id", faultClientID)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	var out, errb bytes.Buffer
	e := &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errb, getenv: os.Getenv, transport: f.clientTransport()}
	code := run(ctx, e, args)
	for name, s := range map[string]string{"stdout": out.String(), "stderr": errb.String()} {
		if strings.Contains(s, faultSecret) {
			t.Errorf("%s holds the client secret:\n%s", name, s)
		}
		if bad := controls(s); len(bad) > 0 {
			t.Errorf("%s holds terminal controls %q:\n%q", name, bad, s)
		}
	}
	return code, out.String(), errb.String()
}

// controls lists the characters in s that could drive a terminal or hide
// text: C0 controls other than newline, DEL, C1 controls, bidi overrides and
// isolates, and bytes that are not UTF-8.
func controls(s string) []string {
	var bad []string
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			bad = append(bad, fmt.Sprintf("byte %#x", s[i]))
		case r < 0x20 && r != '\n', r == 0x7f, r >= 0x80 && r <= 0x9f,
			r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
			bad = append(bad, fmt.Sprintf("%U", r))
		}
		i += size
	}
	return bad
}

// errLine returns the one error line of stderr ("odx: …"), failing t when
// there is not exactly one.
func errLine(t *testing.T, stderr string) string {
	t.Helper()
	var lines []string
	for _, l := range strings.Split(stderr, "\n") {
		if strings.HasPrefix(l, "odx: ") {
			lines = append(lines, l)
		}
	}
	if len(lines) != 1 {
		t.Fatalf("stderr has %d error lines; want 1:\n%s", len(lines), stderr)
	}
	return lines[0]
}
