package browse

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/odx-dev/odx/demo"
	"github.com/odx-dev/odx/internal/uitest"
	"github.com/odx-dev/odx/odata"
)

func TestCopyCmdSetsClipboard(t *testing.T) {
	msg := copyCmd("hello")()
	if got := fmt.Sprint(msg); got != "hello" || fmt.Sprintf("%T", msg) != "tea.setClipboardMsg" {
		t.Errorf("got %T %q; want the clipboard message for hello", msg, got)
	}
}

// TestCurlCommand runs the command through a POSIX shell (with printf in
// place of curl) to prove the quoting: every argument arrives as meant, the
// URL unchanged even with quotes, and the token is the shell's $ODX_TOKEN.
func TestCurlCommand(t *testing.T) {
	sh, err := exec.LookPath("sh")
	if err != nil {
		t.Skip("sh not found in PATH")
	}
	c, _ := odata.NewClient("https://erp.example.com/api/domain/odata/", http.DefaultClient)
	u, err := c.URL(odata.Query{Set: "Crm_Sales_Customers", Filter: `Name eq 'O''Neil "$(rm -rf ~)" ` + "`x`'", Top: 50})
	if err != nil {
		t.Fatal(err)
	}
	u.User = url.UserPassword("user", "pw")
	cmd := curlCommand(u)
	if !strings.HasPrefix(cmd, `curl -sS -H "Authorization: Bearer $ODX_TOKEN" -H 'Accept: application/json' '`) {
		t.Errorf("command %s: want the curl options first", cmd)
	}
	if strings.Contains(cmd, "pw") {
		t.Errorf("command %s holds the URL's password", cmd)
	}
	script := "printf '%s\\n'" + strings.TrimPrefix(cmd, "curl")
	run := exec.Command(sh, "-c", script)
	run.Env = append(os.Environ(), "ODX_TOKEN=tok123")
	out, err := run.Output()
	if err != nil {
		t.Fatalf("sh: %v", err)
	}
	noUser := *u
	noUser.User = nil
	want := strings.Join([]string{"-sS", "-H", "Authorization: Bearer tok123", "-H", "Accept: application/json", noUser.String()}, "\n") + "\n"
	if string(out) != want {
		t.Errorf("the shell saw\n%s\nwant\n%s", out, want)
	}
}

// TestCurlNeverHoldsToken builds the command of a query on a live demo
// session: neither the token nor the secret appears in it.
func TestCurlNeverHoldsToken(t *testing.T) {
	srv, src, c := demoClient(t, demo.Options{}, nil)
	q := odata.Query{Set: "Crm_Sales_Customers", Filter: "contains(Name,'x')"}
	if _, err := c.Count(context.Background(), q); err != nil {
		t.Fatal(err)
	}
	tok, err := src.Token(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	u, _ := c.URL(q)
	cmd := curlCommand(u)
	if strings.Contains(cmd, tok.AccessToken) || strings.Contains(cmd, srv.ClientSecret()) || strings.Contains(cmd, tok.AccessToken[len(tok.AccessToken)-12:]) {
		t.Errorf("curl command holds the token or secret: %s", cmd)
	}
	if !strings.Contains(cmd, "$ODX_TOKEN") || curlNotice != "copied request as curl (token as $ODX_TOKEN)" {
		t.Errorf("command %s: want $ODX_TOKEN in place of the token", cmd)
	}
}

func TestShellQuote(t *testing.T) {
	for in, want := range map[string]string{
		"":      "''",
		"a b":   "'a b'",
		"it's":  `'it'\''s'`,
		"''":    `''\'''\'''`,
		"$HOME": "'$HOME'",
	} {
		if got := shellQuote(in); got != want {
			t.Errorf("shellQuote(%q) = %s; want %s", in, got, want)
		}
	}
}

// unquotePOSIX reads one word made of single-quoted parts and \' escapes,
// as a POSIX shell would; ok is false for anything else.
func unquotePOSIX(s string) (string, bool) {
	var b strings.Builder
	for len(s) > 0 {
		switch {
		case strings.HasPrefix(s, `\'`):
			b.WriteByte('\'')
			s = s[2:]
		case s[0] == '\'':
			end := strings.IndexByte(s[1:], '\'')
			if end < 0 {
				return "", false
			}
			b.WriteString(s[1 : 1+end])
			s = s[end+2:]
		default:
			return "", false
		}
	}
	return b.String(), true
}

func FuzzShellQuote(f *testing.F) {
	for _, s := range []string{"", "it's", "''", `'\''`, "$(id)`id`\"\n", "a b\tc"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q := shellQuote(s)
		if got, ok := unquotePOSIX(q); !ok || got != s {
			t.Errorf("shellQuote(%q) = %s reads back as %q (ok %v)", s, q, got, ok)
		}
	})
}

// demoClient is a demo instance with a token source and a client on it.
var demoClient = uitest.DemoClient
