package cli

// The bearer token against a hostile API (issue 13, findings 2 and 3): an
// API that echoes the token it received, in any encoding and under any
// status, must not make odx print it (the error sentence of `odx get` and
// `odx sets`, the explorer's error line) nor keep it in the request log;
// neither may the log keep a token response, however it was reached.

import (
	"encoding/base64"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/odx-dev/odx/ui"
)

// opaqueToken is a reference token with the characters JSON writers
// escape ("+" and "/"), issued by issueOpaque.
const opaqueToken = "Rk9P+YmFyL2Jheg/cXV4+cXV1eA==/Y29yZ2U+Z3JhdWx0"

// echoForm is one way of sending the token back: a body (with its content
// type) built from the token the request carried.
type echoForm struct {
	name, ctype string
	body        func(tok string) string
}

// uEscape writes r as a JSON \u escape (upper-case hex, as System.Text.Json
// does).
func uEscape(r rune) string { return fmt.Sprintf(`\u%04X`, r) }

// escapeEvery \u-escapes the characters of s that esc picks.
func escapeEvery(s string, esc func(i int, r rune) bool) string {
	var b strings.Builder
	for i, r := range []rune(s) {
		if esc(i, r) {
			b.WriteString(uEscape(r))
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// stjEscape is what System.Text.Json's default encoder writes for a token:
// "+" as \u002B; a JWT's first character escaped is what some writers do
// with a string that starts a value.
func stjEscape(s string) string {
	return escapeEvery(s, func(i int, r rune) bool { return i == 0 || r == '+' })
}

// entities writes every other character of s as an XML/HTML character
// reference.
func entities(s string) string {
	var b strings.Builder
	for i, r := range s {
		if i%2 == 0 {
			fmt.Fprintf(&b, "&#x%x;", r)
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// splitBy cuts s into pieces of n bytes joined by sep.
func splitBy(s string, n int, sep string) string {
	var parts []string
	for len(s) > n {
		parts = append(parts, s[:n])
		s = s[n:]
	}
	return strings.Join(append(parts, s), sep)
}

func odataError(msg string) string {
	return `{"error":{"code":"BadToken","message":"token ` + msg + ` is not valid"}}`
}

var echoForms = []echoForm{
	{"raw", "application/json", func(t string) string { return odataError(t) }},
	{"System.Text.Json escapes", "application/json", func(t string) string { return odataError(stjEscape(t)) }},
	{"slashes escaped", "application/json", func(t string) string {
		return odataError(strings.ReplaceAll(stjEscape(t), "/", `\/`))
	}},
	{"every character escaped", "application/json", func(t string) string {
		return odataError(escapeEvery(t, func(int, rune) bool { return true }))
	}},
	{"every other character escaped", "application/json", func(t string) string {
		return odataError(escapeEvery(t, func(i int, _ rune) bool { return i%2 == 0 }))
	}},
	{"escaped twice", "application/json", func(t string) string {
		return odataError(strings.ReplaceAll(escapeEvery(t, func(int, rune) bool { return true }), `\`, `\\`))
	}},
	{"v2 message object", "application/json", func(t string) string {
		return `{"error":{"code":"","message":{"lang":"en-US","value":"bad ` + stjEscape(t) + `"}}}`
	}},
	{"ERP.net flat body", "application/json", func(t string) string {
		return `{"message":"Invalid token ` + stjEscape(t) + `.","code":1205}`
	}},
	{"OAuth shape", "application/json", func(t string) string {
		return `{"error":"invalid_token","error_description":"` + stjEscape(t) + `"}`
	}},
	{"code field", "application/json", func(t string) string {
		return `{"error":{"code":"` + stjEscape(t) + `","message":"bad"}}`
	}},
	{"URL-encoded", "application/json", func(t string) string { return odataError(url.QueryEscape(t)) }},
	{"base64", "application/json", func(t string) string {
		return odataError(base64.StdEncoding.EncodeToString([]byte(t)))
	}},
	{"a cut of 12 characters", "application/json", func(t string) string { return odataError(t[len(t)/2 : len(t)/2+12]) }},
	{"XML character references", "application/xml", func(t string) string {
		return `<?xml version="1.0"?><error><code>Bad</code><message>token ` + entities(t) + `</message></error>`
	}},
	{"XML split by comments", "application/xml", func(t string) string {
		return `<?xml version="1.0"?><error><code>Bad</code><message>` + splitBy(t, 5, "<!---->") + `</message></error>`
	}},
	{"HTML title", "text/html", func(t string) string {
		return `<!DOCTYPE html><html><head><title>Bad ` + entities(t) + `</title></head><body>no</body></html>`
	}},
	{"plain text", "text/plain", func(t string) string { return "bad token " + t }},
}

// seenTokens collects the bearer tokens the API received.
type seenTokens struct {
	mu   sync.Mutex
	toks []string
}

func (s *seenTokens) add(r *http.Request) string {
	tok, _ := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, t := range s.toks {
		if t == tok {
			return tok
		}
	}
	s.toks = append(s.toks, tok)
	return tok
}

// secrets is every token seen and the client secret, for checkNoLeak.
func (s *seenTokens) secrets() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string{faultSecret}, s.toks...)
}

// echo answers every API request with status and the token it carried
// sent back in form.
func echo(status int, form echoForm, seen *seenTokens, hdr ...string) hook {
	return func(w http.ResponseWriter, r *http.Request, _ int64) bool {
		tok := seen.add(r)
		for i := 0; i+1 < len(hdr); i += 2 {
			w.Header().Set(hdr[i], strings.ReplaceAll(hdr[i+1], "TOKEN", tok))
		}
		w.Header().Set("Content-Type", form.ctype)
		w.WriteHeader(status)
		io.WriteString(w, form.body(tok))
		return true
	}
}

// issueOpaque makes f's token endpoint issue opaqueToken.
func issueOpaque(f *faultServer) {
	f.setToken(func(w http.ResponseWriter, r *http.Request, _ int64) bool {
		writeJSON(w, http.StatusOK, `{"access_token":"`+opaqueToken+`","token_type":"Bearer","expires_in":3600}`)
		return true
	})
}

// TestBearerEchoCLI: `odx get` and `odx sets` against an API answering 500,
// 404 or 400 with the token echoed in each form, for a JWT and for an opaque
// token with "+" and "/": the error sentence says what failed and nothing
// odx writes holds the token.
func TestBearerEchoCLI(t *testing.T) {
	faultEnv(t)
	for _, kind := range []string{"JWT", "opaque"} {
		for i, form := range echoForms {
			status := []int{500, 404, 400}[i%3]
			for _, cmd := range [][]string{{"get", "Items", "--top", "5"}, {"sets"}} {
				t.Run(kind+"/"+form.name+"/"+strconv.Itoa(status)+"/"+cmd[0], func(t *testing.T) {
					f := newFaultServer(t, 35)
					if kind == "opaque" {
						issueOpaque(f)
					}
					seen := &seenTokens{}
					f.setAPI(echo(status, form, seen))
					code, stdout, stderr := f.cli(t, cmd...)
					if code != exitFailure {
						t.Fatalf("exit status %d; want %d (stderr %q)", code, exitFailure, stderr)
					}
					line := errLine(t, stderr)
					t.Logf("shown: %s", line)
					if want := "HTTP " + strconv.Itoa(status); !strings.Contains(line, want) {
						t.Errorf("error %q; want it to say %q", line, want)
					}
					if len(seen.toks) == 0 {
						t.Fatal("the API received no token")
					}
					checkNoLeak(t, seen.secrets(), map[string]string{"stdout": stdout, "stderr": stderr})
				})
			}
		}
	}
}

// TestBearerEchoAuthErrors: the same echoes under 403 and under a 401 that
// survives the replay (auth's own error sentences), and in the
// WWW-Authenticate header as quoted-pairs.
func TestBearerEchoAuthErrors(t *testing.T) {
	faultEnv(t)
	quotedPairs := func(s string) string {
		var b strings.Builder
		for _, r := range s {
			b.WriteString(`\` + string(r))
		}
		return b.String()
	}
	for _, status := range []int{401, 403} {
		for _, form := range echoForms[:6] {
			t.Run(strconv.Itoa(status)+"/"+form.name, func(t *testing.T) {
				f := newFaultServer(t, 35)
				seen := &seenTokens{}
				f.setAPI(func(w http.ResponseWriter, r *http.Request, n int64) bool {
					tok := seen.add(r)
					return echo(status, form, seen, "WWW-Authenticate",
						`Bearer error="insufficient_scope", error_description="`+quotedPairs(tok)+`"`)(w, r, n)
				})
				code, stdout, stderr := f.cli(t, "get", "Items", "--top", "5")
				if code != exitFailure {
					t.Fatalf("exit status %d; want %d (stderr %q)", code, exitFailure, stderr)
				}
				errLine(t, stderr)
				checkNoLeak(t, seen.secrets(), map[string]string{"stdout": stdout, "stderr": stderr})
			})
		}
	}
}

// TestBearerEchoExplorer: the explorer's error line (and its status line)
// for a query answered 500 with the token echoed in each form.
func TestBearerEchoExplorer(t *testing.T) {
	faultEnv(t)
	for _, form := range echoForms {
		t.Run(form.name, func(t *testing.T) {
			f := newFaultServer(t, 35)
			seen := &seenTokens{}
			u := startFaultUI(t, f)
			u.waitFor(t, "the set list", func(s ui.State) bool { return s.Screen == "sets" && s.Sets == 1 })
			f.setAPI(echo(500, form, seen))
			u.tm.Send(faultKeyEnter)
			st := u.waitFor(t, "the error", func(s ui.State) bool { return s.Screen == "browse" && s.Err != "" })
			if !strings.Contains(st.Err, "HTTP 500") {
				t.Errorf("error shown %q; want it to say HTTP 500", st.Err)
			}
			checkNoLeak(t, seen.secrets(), map[string]string{"error line": st.Err, "status line": st.Status, "notice": st.Notice})
		})
	}
}

// TestBearerInLinks: a service that puts the token it received into the
// next-page link (whole, URL-encoded or in the path, where the error
// sentence would name it as an entity set) is refused before the token is
// sent again: the sentence says why and shows no token, neither does the
// request log.
func TestBearerInLinks(t *testing.T) {
	faultEnv(t)
	links := map[string]func(tok string) string{
		"in the path":   func(tok string) string { return tok + "(1)" },
		"in $skiptoken": func(tok string) string { return "Items?$skiptoken=" + tok },
		"URL-encoded":   func(tok string) string { return "Items?$skiptoken=" + url.QueryEscape(tok) },
		"percent-encoded every byte": func(tok string) string {
			var b strings.Builder
			for i := 0; i < len(tok); i++ {
				fmt.Fprintf(&b, "%%%02X", tok[i])
			}
			return "Items?$skiptoken=" + b.String()
		},
	}
	for name, link := range links {
		t.Run(name, func(t *testing.T) {
			f := newFaultServer(t, 35)
			seen := &seenTokens{}
			f.setAPI(func(w http.ResponseWriter, r *http.Request, n int64) bool {
				tok := seen.add(r)
				if !strings.HasSuffix(r.URL.Path, "/Items") || r.URL.Query().Get("$skiptoken") != "" {
					writeJSON(w, http.StatusNotFound, `{"error":{"code":"NotFound","message":"no"}}`)
					return true
				}
				writeJSON(w, http.StatusOK, `{"value":[{"Id":0,"Name":"Item 0"}],"@odata.nextLink":"`+link(tok)+`"}`)
				return true
			})
			code, stdout, stderr := f.cli(t, "get", "Items", "--all", "-o", "ndjson")
			if code != exitFailure {
				t.Fatalf("exit status %d; want %d (stderr %q)", code, exitFailure, stderr)
			}
			line := errLine(t, stderr)
			t.Logf("shown: %s", line)
			if !strings.Contains(line, "refused a link that holds the access token") {
				t.Errorf("error %q; want it to say the link holding the token was refused", line)
			}
			if got := f.apiReqs.Load(); got != 1 {
				t.Errorf("%d API requests; want 1 (the link holding the token is not followed)", got)
			}
			checkNoLeak(t, seen.secrets(), map[string]string{"stdout": stdout, "stderr": stderr})
		})
	}
}
