package screen

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/odx-dev/odx/odata"
)

func TestCopyCell(t *testing.T) {
	langs := map[string]any{"EN": "Apples", "BG": "Ябълки"}
	amount := map[string]any{"Value": json.Number("1234.50"), "Currency": "EUR"}
	for _, c := range []struct {
		name   string
		v      any
		lang   string
		text   string
		notice string
	}{
		{"Name", "Acme Trading & Sons Ltd.", "EN", "Acme Trading & Sons Ltd.", "copied cell Name (24 chars)"},
		{"Notes", "line one\nline two", "EN", "line one\nline two", "copied cell Notes (17 chars, with line breaks or control characters)"},
		{"Amount", json.Number("12345678901234567890.10"), "EN", "12345678901234567890.10", "copied cell Amount (23 chars)"},
		{"Active", true, "EN", "true", "copied cell Active (4 chars)"},
		{"Note", nil, "EN", "", "copied cell Note (0 chars)"},
		{"Date", "2024-01-31T00:00:00Z", "EN", "2024-01-31T00:00:00Z", "copied cell Date (20 chars)"},
		{"Name", langs, "BG", "Ябълки", "copied cell Name (6 chars)"},
		{"Name", langs, "DE", "Apples", "copied cell Name (6 chars)"},
		{"Total", amount, "EN", `{"Currency":"EUR","Value":1234.50}`, "copied cell Total (34 chars)"},
		{"Customer", map[string]any{"@odata.id": "Crm_Customers(9f1c)"}, "EN", "Crm_Customers(9f1c)", "copied cell Customer (19 chars)"},
		{"Tags", []any{"a", "<b>"}, "EN", `["a","<b>"]`, "copied cell Tags (11 chars)"},
		{"X\x1b[31m", "y", "EN", "y", "copied cell X␛[31m (1 char)"},
	} {
		text, notice := CopyValue("cell "+c.name, c.v, c.lang)
		if text != c.text || notice != c.notice {
			t.Errorf("CopyValue(%q, %v): got %q, %q; want %q, %q", c.name, c.v, text, notice, c.text, c.notice)
		}
	}
}

// TestRowJSON copies a row decoded from a real page: server order, control
// annotations gone, numbers byte for byte.
func TestRowJSON(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"@odata.context":"$metadata#Items","value":[{"@odata.id":"Items(1)","@odata.etag":"W/\"1\"",`+
			`"Zeta":"z <&>","Amount":12345678901234567890.10,"Alpha":{"EN":"A","BG":"Б"},"Small":1e-7,"Null":null}]}`)
	}))
	defer srv.Close()
	c, _ := odata.NewClient(srv.URL+"/", srv.Client())
	p, err := c.Page(context.Background(), odata.Query{Set: "Items"})
	if err != nil {
		t.Fatal(err)
	}
	got, err := RowJSON(p.Rows[0])
	if err != nil {
		t.Fatal(err)
	}
	want := `{
  "Zeta": "z <&>",
  "Amount": 12345678901234567890.10,
  "Alpha": {
    "BG": "Б",
    "EN": "A"
  },
  "Small": 1e-7,
  "Null": null
}`
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if n := RowNotice(len(got)); n != fmt.Sprintf("copied row as JSON (%d B)", len(got)) {
		t.Errorf("notice %q", n)
	}
	// Without Keys, properties come sorted.
	got, _ = RowJSON(odata.Row{Values: map[string]any{"b": json.Number("2"), "a": "x"}})
	if got != "{\n  \"a\": \"x\",\n  \"b\": 2\n}" {
		t.Errorf("row without Keys: got %s", got)
	}
}

// TestCurlCommand: the extra headers go into copy-as-curl, sorted and
// quoted for the shell; never a credential, never a second Accept.
func TestCurlCommand(t *testing.T) {
	u, _ := url.Parse("https://user:pw@org.example/api/data/v9.2/accounts?$filter=name%20eq%20'O''Neil'")
	extra := http.Header{"ConsistencyLevel": {"eventual"}, "Prefer": {`odata.include-annotations="*"`}, "X-Quote": {"it's"},
		"accept": {"text/html"}, "authorization": {"Bearer leaked"}}
	got := CurlCommand(u, extra)
	want := `curl -sS -H "Authorization: Bearer $ODX_TOKEN" -H 'Accept: application/json' -H 'ConsistencyLevel: eventual' -H 'Prefer: odata.include-annotations="*"' -H 'X-Quote: it'\''s' 'https://org.example/api/data/v9.2/accounts?$filter=name%20eq%20'\''O'\'''\''Neil'\'''`
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	if plain := CurlCommand(u, nil); strings.Contains(plain, "Consistency") || strings.Contains(plain, "pw@") {
		t.Errorf("without headers: %s", plain)
	}
}

// TestCurlCommandInShell runs the command through a POSIX shell (with printf in
// place of curl) to prove the quoting: every argument arrives as meant, the
// URL unchanged even with quotes, and the token is the shell's $ODX_TOKEN.
func TestCurlCommandInShell(t *testing.T) {
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
	cmd := CurlCommand(u, nil)
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

// TestEnvCurlCommand: the grid's and the groups' copy-as-curl carry the
// client's extra request headers (a profile's headers, --header).
func TestEnvCurlCommand(t *testing.T) {
	c, _ := odata.NewClient("https://erp.example.com/api/domain/odata/", http.DefaultClient)
	c.Header = http.Header{"ConsistencyLevel": {"eventual"}}
	u, _ := c.URL(odata.Query{Set: "Items"})
	if got := (&Env{Client: c}).CurlCommand(u); !strings.Contains(got, "-H 'ConsistencyLevel: eventual' ") {
		t.Errorf("curl %s; want the client's ConsistencyLevel header", got)
	}
	if got := (&Env{}).CurlCommand(u); strings.Contains(got, "ConsistencyLevel") {
		t.Errorf("curl %s without a client; want no extra header", got)
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
		if got := ShellQuote(in); got != want {
			t.Errorf("ShellQuote(%q) = %s; want %s", in, got, want)
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
		q := ShellQuote(s)
		if got, ok := unquotePOSIX(q); !ok || got != s {
			t.Errorf("ShellQuote(%q) = %s reads back as %q (ok %v)", s, q, got, ok)
		}
	})
}
