package cli

import (
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"
)

// odx runs the command line with args and returns its exit status, stdout
// and stderr.
func odx(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb strings.Builder
	e := &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errb, getenv: func(k string) string {
		if k == "HOME" || k == "XDG_CONFIG_HOME" {
			return t.TempDir() // no user config
		}
		return os.Getenv(k)
	}}
	code := run(context.Background(), e, args)
	return code, out.String(), errb.String()
}

func TestGlobalFlagsBeforeTheCommand(t *testing.T) {
	for _, args := range [][]string{{"--demo", "sets"}, {"sets", "--demo"}, {"--demo-token-ttl", "30s", "--demo", "sets", "-o", "json"}} {
		code, out, errb := odx(t, args...)
		if code != exitOK || !strings.Contains(out, "Crm_Sales_Customers") {
			t.Errorf("odx %s: exit %d, stderr %q; want the sets", strings.Join(args, " "), code, errb)
		}
	}
	// A profile flag before the command is the command's: the error is
	// about the profile, not an unknown command.
	code, _, errb := odx(t, "--profile", "nope", "sets")
	if code != exitUsage || strings.Contains(errb, "unknown command") || !strings.Contains(errb, "nope") {
		t.Errorf("odx --profile nope sets: exit %d, stderr %q; want a config error naming the profile", code, errb)
	}
}

func TestBadFlagIsOneLine(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"--bogus"}, "odx: flag provided but not defined: -bogus; run `odx --help` for the flags\n"},
		{[]string{"get", "X", "--bogus"}, "odx: flag provided but not defined: -bogus; run `odx get --help` for the flags\n"},
		{[]string{"sets", "--page-size"}, "odx: flag needs an argument: -page-size; run `odx sets --help` for the flags\n"},
	}
	for _, tt := range tests {
		code, out, errb := odx(t, tt.args...)
		if code != exitUsage || out != "" || errb != tt.want {
			t.Errorf("odx %s: exit %d, stdout %q, stderr %q; want exit 2 and %q", strings.Join(tt.args, " "), code, out, errb, tt.want)
		}
	}
}

func TestHelpListsCommands(t *testing.T) {
	code, out, errb := odx(t, "--help")
	text := out + errb
	if code != exitOK {
		t.Errorf("odx --help: exit %d", code)
	}
	for _, c := range commands() {
		if !strings.Contains(text, "odx "+c.name) {
			t.Errorf("odx --help does not list %s:\n%s", c.name, text)
		}
	}
	if !strings.Contains(text, "-profile") {
		t.Errorf("odx --help does not show the flags:\n%s", text)
	}
}

func TestTokenRevealJSON(t *testing.T) {
	code, out, errb := odx(t, "token", "--demo", "--reveal", "-o", "json")
	if code != exitOK {
		t.Fatalf("exit %d, stderr %q", code, errb)
	}
	var info struct {
		Token string `json:"token"`
	}
	if err := json.Unmarshal([]byte(out), &info); err != nil {
		t.Fatalf("odx token --reveal -o json is not JSON (%v):\n%s", err, out)
	}
	if strings.Contains(info.Token, "…") || strings.Count(info.Token, ".") != 2 || len(info.Token) < 100 {
		t.Errorf("token %q; want the whole JWT", info.Token)
	}
	// Without -o json the whole token follows the text, as before.
	_, out, _ = odx(t, "token", "--demo", "--reveal")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if last := lines[len(lines)-1]; strings.Count(last, ".") != 2 || strings.Contains(last, " ") {
		t.Errorf("the last line of odx token --reveal is %q; want the whole token", last)
	}
}
