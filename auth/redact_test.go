package auth

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// The secrets of the redaction tests: one with every character JSON, Go
// quoting and URL encoding escape, one plain (26 characters), one beyond
// ASCII.
var (
	hardSecret  = `S3cr3t+/=Pa"ss\w0rd-XYZZY`
	plainSecret = "plainAlnumSecret1234567890"
	wideSecret  = "pässwörd-秘密-🔑-Ünïcødé"
)

// secretTraces lists how text gives the secret away: one of the forms a
// server may echo it in (written here independently of the redactor) whole,
// or any run of 8 bytes of one. It also finds the secret's base64 inside a
// longer base64 value, at either offset a group of three bytes allows.
func secretTraces(secret, text string) []string {
	js, _ := json.Marshal(secret)
	var u strings.Builder
	for _, r := range secret {
		fmt.Fprintf(&u, `\u%04x`, r)
	}
	forms := map[string]string{
		"raw":           secret,
		"URL-encoded":   url.PathEscape(secret),
		"form-encoded":  url.QueryEscape(secret),
		"JSON-escaped":  strings.Trim(string(js), `"`),
		"\\u escapes":   u.String(),
		"Go-quoted":     strings.Trim(strconv.Quote(secret), `"`),
		"base64":        base64.StdEncoding.EncodeToString([]byte(secret)),
		"base64 raw":    base64.RawStdEncoding.EncodeToString([]byte(secret)),
		"base64url":     base64.URLEncoding.EncodeToString([]byte(secret)),
		"base64url raw": base64.RawURLEncoding.EncodeToString([]byte(secret)),
	}
	for off := 1; off <= 2; off++ {
		b := base64.RawStdEncoding.EncodeToString(append([]byte("ab")[:off], secret...))
		forms[fmt.Sprintf("base64 at offset %d", off)] = b[off+1 : len(b)-1]
	}
	var out []string
	for name, f := range forms {
		switch {
		case f == "":
		case strings.Contains(text, f):
			out = append(out, name+" whole")
		case len(f) >= minRun:
			for i := 0; i+minRun <= len(f); i++ {
				if strings.Contains(text, f[i:i+minRun]) {
					out = append(out, fmt.Sprintf("%s run %q", name, f[i:i+minRun]))
					break
				}
			}
		}
	}
	return out
}

func checkNoTrace(t *testing.T, secret, what, text string) {
	t.Helper()
	for _, l := range secretTraces(secret, text) {
		t.Errorf("%s gives the secret away (%s): %q", what, l, text)
	}
}

// TestSecretTraces checks the checker.
func TestSecretTraces(t *testing.T) {
	for _, tt := range []struct {
		text string
		leak bool
	}{
		{"invalid_client: the client secret is wrong", false},
		{"…3cr3t+/=Pa\"ss…", true},
		{strconv.Quote("bad\nsecret " + hardSecret), true},
		{base64.StdEncoding.EncodeToString([]byte("id:" + hardSecret)), true},
		{base64.StdEncoding.EncodeToString([]byte("i:" + hardSecret)), true},
		{"S3cr3t+", false},
	} {
		if got := secretTraces(hardSecret, tt.text); (len(got) > 0) != tt.leak {
			t.Errorf("secretTraces(%q) = %q; want a leak %v", tt.text, got, tt.leak)
		}
	}
}

func TestRedact(t *testing.T) {
	tests := []struct {
		name, secret, in, want string
	}{
		{"raw", hardSecret, "bad secret " + hardSecret + " here", "bad secret [secret] here"},
		{"no secret", hardSecret, "The client secret is wrong.", "The client secret is wrong."},
		{"cut by the server", plainSecret, "got " + plainSecret[:9] + "…", "got [secret]…"},
		{"seven characters stay", plainSecret, "got " + plainSecret[:7] + "…", "got plainAl…"},
		{"twice, and adjacent", plainSecret, plainSecret + plainSecret + " and " + plainSecret, "[secret] and [secret]"},
		{"System.Text.Json escapes", hardSecret, `got S3cr3t\u002B/=Pa\u0022ss\\w0rd-XYZZY!`, "got [secret]!"},
		{"JSON escapes inside a Go-quoted error", hardSecret,
			`trying to unmarshal "\"S3cr3t+/=Pa\\\"ss\\\\w0rd-XYZZY\"" into Number`, `trying to unmarshal "\"[secret]\"" into Number`},
		{"form body", hardSecret, "client_secret=" + url.QueryEscape(hardSecret) + "&x=1", "client_secret=[secret]&x=1"},
		{"lower-case percent escapes", hardSecret, "s=" + strings.NewReplacer("%2F", "%2f", "%22", "%22", "%5C", "%5c").Replace(url.PathEscape(hardSecret)), "s=[secret]"},
		{"HTML character references", hardSecret, "s=S3cr3t&#43;/=Pa&quot;ss\\w0rd-XYZZY.", "s=[secret]."},
		{"base64", plainSecret, "b=" + base64.StdEncoding.EncodeToString([]byte(plainSecret)) + ";", "b=[secret];"},
		{"hex", plainSecret, "h=" + fmt.Sprintf("%x", plainSecret), "h=[secret]"},
		{"beyond ASCII, cut inside a character", wideSecret, "w=" + wideSecret[:len(wideSecret)-2], "w=[secret]"},
		{"short secret whole", "abcd1", "xabcd1y and abcd", "x[secret]y and abcd"},
		{"secret too short to redact", "abc", "abc abc", "abc abc"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := newRedactor(tt.secret).redact(tt.in)
			if got != tt.want {
				t.Errorf("redact(%q) = %q; want %q", tt.in, got, tt.want)
			}
			if !utf8.ValidString(got) {
				t.Errorf("redact(%q) = %q; not UTF-8", tt.in, got)
			}
		})
	}
}

// TestRedactMarkCannotRebuildTheSecret: a secret that holds the mark
// itself cannot come back through the replacement.
func TestRedactMarkCannotRebuildTheSecret(t *testing.T) {
	for _, secret := range []string{"[secret]", "t][secret][se", "cret]xyzzy", "[sec"} {
		r := newRedactor(secret)
		for _, in := range []string{secret, "a" + secret + secret + "b", "[secret]"} {
			got := r.redact(in)
			if r.holds(got) {
				t.Errorf("secret %q: redact(%q) = %q, which still holds it", secret, in, got)
			}
			checkNoTrace(t, secret, "redact("+strconv.Quote(in)+")", got)
		}
	}
}

// TestQuoteRedactsBeforeTheCut: the cut of a long text and the escapes of
// quoting come after redaction, so neither can reveal part of the secret.
func TestQuoteRedactsBeforeTheCut(t *testing.T) {
	for _, secret := range []string{hardSecret, plainSecret, wideSecret} {
		r := newRedactor(secret)
		for cut := 0; cut <= len(secret); cut++ {
			in := strings.Repeat("x", 200-cut) + secret + " was wrong"
			checkNoTrace(t, secret, "quote, cut after "+strconv.Itoa(cut), r.quote(in, 200))
		}
		checkNoTrace(t, secret, "quote with a newline", r.quote("bad\nsecret "+secret, 200))
		if got, want := r.quote("bad\nsecret "+secret, 200), `"bad\nsecret [secret]"`; got != want {
			t.Errorf("quote = %s; want %s", got, want)
		}
		long := strings.Repeat("y", maxQuoted) + secret
		checkNoTrace(t, secret, "quote of a long text", r.quote(long, 200))
	}
	var none *redactor
	if got := none.quote("a\nb", 10); got != `"a\nb"` {
		t.Errorf("nil redactor: quote = %s; want %q", got, `"a\nb"`)
	}
}

// TestTokenEndpointEchoesSecret: a token endpoint that sends the secret
// back, in every way the review of issue 13 found, through a Source.
func TestTokenEndpointEchoesSecret(t *testing.T) {
	desc := func(d string) string {
		b, _ := json.Marshal(d)
		return `{"error":"invalid_client","error_description":` + string(b) + `}`
	}
	code := func(c string) string {
		b, _ := json.Marshal(c)
		return `{"error":` + string(b) + `}`
	}
	for _, secret := range []string{hardSecret, plainSecret, wideSecret} {
		n := utf8.RuneCountInString(secret)
		js, _ := json.Marshal(secret)
		bodies := map[string]string{
			"description cut inside":   desc(strings.Repeat("x", 200-n+1) + secret),
			"code cut inside":          code(strings.Repeat("x", 80-n+1) + secret),
			"description with newline": desc("bad\nsecret " + secret),
			"expires_in":               `{"access_token":"a","expires_in":` + string(js) + `}`,
			"base64":                   desc("b64 " + base64.StdEncoding.EncodeToString([]byte(secret))),
			"Basic":                    desc("Basic " + base64.StdEncoding.EncodeToString([]byte(testClientID+":"+secret))),
			"form body":                desc("client_secret=" + url.QueryEscape(secret)),
			"JSON-escaped":             desc(string(js)),
			"Go-quoted":                desc(strconv.QuoteToASCII(secret)),
		}
		for name, body := range bodies {
			t.Run(secret[:4]+"/"+name, func(t *testing.T) {
				status := http.StatusBadRequest
				if name == "expires_in" {
					status = http.StatusOK
				}
				srv := newEchoServer(t, status, body)
				s := NewSource(Config{ClientID: testClientID, ClientSecret: secret, TokenURL: srv + "/token"})
				_, err := s.Token(context.Background())
				var ae *Error
				if !errors.As(err, &ae) {
					t.Fatalf("got %v; want an *Error", err)
				}
				t.Log(ae)
				for what, text := range map[string]string{"Error()": ae.Error(), "Code": ae.Code,
					"Description": ae.Description, "Body": string(ae.Body)} {
					checkNoTrace(t, secret, what, text)
				}
			})
		}
	}
}

// TestNetMessageRedacted: an error from the grant that quotes what the
// server sent (golang.org/x/oauth2's parse errors do) is redacted before it
// is quoted.
func TestNetMessageRedacted(t *testing.T) {
	js, _ := json.Marshal(hardSecret)
	err := fmt.Errorf("oauth2: cannot parse json: %w", fmt.Errorf("invalid number literal, trying to unmarshal %q into Number", js))
	got := netMessage(context.Background(), err, "id.example", "30s", newRedactor(hardSecret))
	checkNoTrace(t, hardSecret, "netMessage", got)
	if !strings.Contains(got, "[secret]") || !strings.HasSuffix(got, "check token_url and your network") {
		t.Errorf("netMessage = %q; want the secret redacted and the next step", got)
	}
}

// newEchoServer returns the URL of a server answering every request with
// status and a JSON body.
func newEchoServer(t *testing.T, status int, body string) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		io.WriteString(w, body)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// TestRedirectRefusalRedacted: the refusal of a redirect to another origin
// names the Location the server sent, which may carry the secret.
func TestRedirectRefusalRedacted(t *testing.T) {
	for _, secret := range []string{hardSecret, plainSecret} {
		for name, loc := range map[string]string{
			"query":    "http://elsewhere.example/steal?s=" + url.QueryEscape(secret),
			"path":     "http://elsewhere.example/" + url.PathEscape(secret),
			"fragment": "http://elsewhere.example/x#" + base64.RawURLEncoding.EncodeToString([]byte(secret)),
		} {
			t.Run(secret[:4]+"/"+name, func(t *testing.T) {
				srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					w.Header().Set("Location", loc)
					w.WriteHeader(http.StatusTemporaryRedirect)
				}))
				defer srv.Close()
				s := NewSource(Config{ClientID: testClientID, ClientSecret: secret, TokenURL: srv.URL + "/token"})
				_, err := s.Token(context.Background())
				if err == nil || !strings.Contains(err.Error(), "redirected to another origin") {
					t.Fatalf("got %v; want the redirect refused", err)
				}
				t.Log(err)
				checkNoTrace(t, secret, "Error()", err.Error())
			})
		}
	}
}

// TestAppendU: appendU writes a rune as fmt's `\u%04x` and `\u%04X` do.
func TestAppendU(t *testing.T) {
	for _, r := range []rune{0, 7, 'A', 0xe9, 0x2028, 0xd83d, 0xffff, 0x10000, 0x1f600, 0x10ffff, utf8.RuneError} {
		for _, c := range []struct{ digits, format string }{{lowerDigits, `\u%04x`}, {upperDigits, `\u%04X`}} {
			if got, want := string(appendU(nil, r, c.digits)), fmt.Sprintf(c.format, r); got != want {
				t.Errorf("appendU(%U, %s): got %q; want %q", r, c.format, got, want)
			}
		}
	}
}

// TestRunSet: the set holds exactly the runs added, the run of eight NUL
// bytes included, through its growth.
func TestRunSet(t *testing.T) {
	s := newRunSet(1)
	var forms []string
	for i := range 500 {
		forms = append(forms, fmt.Sprintf("form-%06d", i*7))
	}
	forms = append(forms, "\x00\x00\x00\x00\x00\x00\x00\x00")
	for _, f := range forms {
		s.add(f)
	}
	for _, f := range forms {
		for i := 0; i+minRun <= len(f); i++ {
			if !s.has([]byte(f), i) {
				t.Fatalf("has(%q, %d): got false; want true", f, i)
			}
		}
	}
	for _, absent := range []string{"zorm-000", "xxxxxxxx", "\x00\x00\x00\x00\x00\x00\x00\x01"} {
		if s.has([]byte(absent), 0) {
			t.Errorf("has(%q, 0): got true; want false", absent)
		}
	}
}
