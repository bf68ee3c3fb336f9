package httplog

import (
	"encoding/base64"
	"errors"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
)

const (
	logToken  = "Rk9P+YmFyL2Jheg/cXV4+cXV1eA==/Y29yZ2U+Z3JhdWx0"
	logIssued = "eyJhbGciOiJSUzI1NiJ9.eyJqdGkiOiJsb2ctaXNzdWVkIn0.c2lnbmF0dXJlLW9mLXRoZS1pc3N1ZWQtdG9rZW4"
)

// traces lists the 8-byte runs of secret (raw, \u-escaped at its first
// character, URL-encoded, base64) found in text.
func traces(secret, text string) []string {
	var out []string
	for _, f := range []string{secret, url.QueryEscape(secret), base64.StdEncoding.EncodeToString([]byte(secret))} {
		for i := 0; i+8 <= len(f); i++ {
			if strings.Contains(text, f[i:i+8]) {
				out = append(out, f[i:i+8])
				break
			}
		}
	}
	return out
}

func checkNoTraces(t *testing.T, secrets []string, es []Entry) {
	t.Helper()
	for _, e := range es {
		text := entryText(e)
		for _, s := range secrets {
			if tr := traces(s, text); len(tr) > 0 {
				t.Errorf("the entry of %s %s holds %q:\n%s", e.Method, e.URL, tr, text)
			}
		}
	}
}

// readSlowly reads resp's body a few bytes at a time, as a streaming
// decoder may, so that a trace is split between reads.
func readSlowly(resp *http.Response) string {
	var b strings.Builder
	buf := make([]byte, 5)
	for {
		n, err := resp.Body.Read(buf)
		b.Write(buf[:n])
		if err != nil {
			break
		}
	}
	resp.Body.Close()
	return b.String()
}

// TestRequestLogMasksTheBearer: a server echoing the request's bearer token
// (escaped, URL-encoded, base64, in a header, in a 200 and in a 500) leaves
// no trace of it in the log; the caller reads the body unchanged.
func TestRequestLogMasksTheBearer(t *testing.T) {
	echoes := map[string]func(string) string{
		"System.Text.Json": func(tok string) string {
			return `{"message":"\u0052` + strings.ReplaceAll(tok[1:], "+", `\u002B`) + `"}`
		},
		"URL-encoded": func(tok string) string { return "token=" + url.QueryEscape(tok) },
		"base64":      func(tok string) string { return base64.StdEncoding.EncodeToString([]byte(tok)) },
	}
	for name, echo := range echoes {
		for _, status := range []int{200, 500} {
			t.Run(name, func(t *testing.T) {
				var sent string
				srv, l, hc := logServer(t, func(w http.ResponseWriter, r *http.Request) {
					tok := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
					w.Header().Set("X-Echo", echo(tok))
					w.WriteHeader(status)
					sent = echo(tok)
					io.WriteString(w, sent)
				})
				req, _ := http.NewRequest("GET", srv.URL+"/odata/"+logToken[:12]+"/Items", nil)
				req.Header.Set("Authorization", "Bearer "+logToken)
				resp, err := hc.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				if got := readSlowly(resp); got != sent {
					t.Errorf("the caller read %q; want the body unchanged, %q", got, sent)
				}
				es := l.Entries()
				if len(es) != 1 || len(es[0].Body) == 0 || es[0].Header.Get("X-Echo") == "" {
					t.Fatalf("entries %+v; want one, with its body and headers", es)
				}
				checkNoTraces(t, []string{logToken}, es)
			})
		}
	}
}

// TestRequestLogMasksBasicAndErrors: Basic credentials (encoded, decoded,
// the password alone) and a transport error quoting the token are masked.
func TestRequestLogMasksBasicAndErrors(t *testing.T) {
	const pass = "pa55-w0rd-XYZZY-42"
	basic := base64.StdEncoding.EncodeToString([]byte("client:" + pass))
	l := New(4)
	hc := &http.Client{Transport: l.Wrap(roundTrip(func(r *http.Request) (*http.Response, error) {
		if strings.HasPrefix(r.Header.Get("Authorization"), "Bearer ") {
			return nil, errors.New("proxy refused header " + r.Header.Get("Authorization"))
		}
		return &http.Response{StatusCode: 400, Header: http.Header{"X-Echo": {basic + " " + pass}},
			Body: io.NopCloser(strings.NewReader(`{"error":"` + pass + `"}`)), Request: r}, nil
	}))}
	req, _ := http.NewRequest("GET", "http://api.example/x", nil)
	req.SetBasicAuth("client", pass)
	resp, err := hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	io.ReadAll(resp.Body)
	resp.Body.Close()
	req, _ = http.NewRequest("GET", "http://api.example/y", nil)
	req.Header.Set("Authorization", "Bearer "+logToken)
	if _, err := hc.Do(req); err == nil {
		t.Fatal("got no error")
	}
	es := l.Entries()
	if len(es) != 2 || es[1].Err == "" {
		t.Fatalf("entries %+v; want two, the second failed", es)
	}
	checkNoTraces(t, []string{pass, basic, logToken}, es)
}

type roundTrip func(*http.Request) (*http.Response, error)

func (f roundTrip) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// TestRequestLogTokenResponses: a token response is not kept however it is
// reached (a redirect of the token request, 302 or 307); the tokens it
// issues are masked in its own headers and in later entries; token fields
// in any other body are masked.
func TestRequestLogTokenResponses(t *testing.T) {
	for _, status := range []int{http.StatusFound, http.StatusTemporaryRedirect} {
		srv, l, hc := logServer(t, func(w http.ResponseWriter, r *http.Request) {
			switch r.URL.Path {
			case "/oauth/token":
				http.Redirect(w, r, "/issue", status)
			case "/issue":
				w.Header().Set("X-Issued", logIssued)
				w.Header().Set("Content-Type", "application/json")
				io.WriteString(w, `{"access_token":"`+logIssued+`","token_type":"Bearer","refresh_token":"rt-0123456789abcdef"}`)
			default:
				w.WriteHeader(500)
				io.WriteString(w, `{"message":"you sent `+r.Header.Get("X-Token")+`"}`)
			}
		})
		resp, err := hc.PostForm(srv.URL+"/oauth/token", url.Values{"grant_type": {"client_credentials"}})
		if err != nil {
			t.Fatal(err)
		}
		io.ReadAll(resp.Body)
		resp.Body.Close()
		// A request with no Authorization header echoing the issued token.
		req, _ := http.NewRequest("GET", srv.URL+"/api", nil)
		req.Header.Set("X-Token", logIssued)
		resp, err = hc.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		io.ReadAll(resp.Body)
		resp.Body.Close()
		es := l.Entries()
		if len(es) != 3 {
			t.Fatalf("%d entries; want the token request, its redirect, the API request", len(es))
		}
		for _, e := range es[:2] {
			if !e.Token || e.Body != nil {
				t.Errorf("%d: %s %s: token %v, body %q; want a token request, no body", status, e.Method, e.URL, e.Token, e.Body)
			}
		}
		checkNoTraces(t, []string{logIssued, "rt-0123456789abcdef"}, es)
	}
}

func TestTokensIn(t *testing.T) {
	tests := []struct{ body, want string }{
		{`{"access_token":"a1","token_type":"Bearer","refresh_token":"r1","ID_TOKEN":"i1","expires_in":3600}`, "a1 i1 r1"},
		{`access_token=a%2B1&token_type=bearer`, "a+1"},
		{`{"error":"invalid_client"}`, ""},
		{`not a token response`, ""},
	}
	for _, tt := range tests {
		got := tokensIn([]byte(tt.body))
		slices.Sort(got)
		if strings.Join(got, " ") != tt.want {
			t.Errorf("tokensIn(%s) = %q; want %q", tt.body, got, tt.want)
		}
	}
}

// FuzzTokensIn: whatever a token response holds, the log's masker of the
// tokens read from it leaves none of them (of 8 bytes or more) in it.
func FuzzTokensIn(f *testing.F) {
	f.Add(`{"access_token":"` + logIssued + `","refresh_token":"r-0123456789"}`)
	f.Add(`access_token=a%2Bbcdefghij&id_token=x`)
	f.Add(`{"Access_Token":"\u0061bcdefghijk"}`)
	f.Fuzz(func(t *testing.T, body string) {
		var c credentials
		toks := tokensIn([]byte(body))
		c.learn(toks...)
		out := string(c.masker().Bytes([]byte(body)))
		for _, tok := range toks {
			if len(tok) >= 8 && strings.Contains(out, tok) {
				t.Fatalf("masked %q to %q: token %q is still there", body, out, tok)
			}
		}
	})
}
