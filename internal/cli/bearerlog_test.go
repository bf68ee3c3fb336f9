package cli

// The request log against a hostile API (issue 13, finding 3): tokens
// echoed in any form, in any answer, and token responses however they are
// reached, are nowhere in what the log keeps.

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/odx-dev/odx/internal/httplog"
	"github.com/odx-dev/odx/odata"
)

// logText is every field of the request log's entries as text.
func logText(es []httplog.Entry) string {
	var b strings.Builder
	for _, e := range es {
		fmt.Fprintf(&b, "%s %s %d err=%s\n", e.Method, e.URL, e.Status, e.Err)
		for k, vs := range e.Header {
			fmt.Fprintf(&b, "%s: %s\n", k, strings.Join(vs, ", "))
		}
		fmt.Fprintf(&b, "%s\n\n", e.Body)
	}
	return b.String()
}

// TestBearerRequestLog: the request log of a session whose API echoes the
// token in every form, in error bodies, in a successful body and in
// response headers, holds the token in none of them.
func TestBearerRequestLog(t *testing.T) {
	faultEnv(t)
	for _, kind := range []string{"JWT", "opaque"} {
		for _, form := range echoForms {
			for _, status := range []int{500, 200} {
				t.Run(kind+"/"+form.name+"/"+strconv.Itoa(status), func(t *testing.T) {
					f := newFaultServer(t, 35)
					if kind == "opaque" {
						issueOpaque(f)
					}
					seen := &seenTokens{}
					f.setAPI(echo(status, form, seen, "X-Echo", "TOKEN", "X-Echo-Escaped", stjEscape("TOKEN")))
					s, _ := f.session(t)
					ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
					defer cancel()
					_, err := s.Client.Page(ctx, odata.Query{Set: "Items", Top: 5})
					if status != 200 && err == nil {
						t.Fatal("the page loaded; want an error")
					}
					text := logText(s.RequestLog.Entries())
					if len(seen.toks) == 0 || !strings.Contains(text, "X-Echo") {
						t.Fatalf("the API received no token or the log recorded no answer:\n%s", text)
					}
					outputs := map[string]string{"the request log": text}
					if err != nil {
						outputs["the error"] = err.Error()
					}
					checkNoLeak(t, seen.secrets(), outputs)
				})
			}
		}
	}
}

// TestBearerRequestLogTokenResponses: a token response is never kept,
// however it is reached (the token endpoint redirecting within its origin,
// by 302 or 307), and a body holding access_token, refresh_token or
// id_token shows none of their values.
func TestBearerRequestLogTokenResponses(t *testing.T) {
	faultEnv(t)
	const issuePath = faultRoot + "issue"
	for _, status := range []int{http.StatusFound, http.StatusSeeOther, http.StatusTemporaryRedirect, http.StatusPermanentRedirect} {
		t.Run("token endpoint redirects with "+strconv.Itoa(status), func(t *testing.T) {
			f := newFaultServer(t, 35)
			var issued []string
			var mu sync.Mutex
			f.setToken(answer("/connect/token", status, "", "Location", issuePath))
			f.setAPI(func(w http.ResponseWriter, r *http.Request, _ int64) bool {
				if r.URL.Path != issuePath {
					return false
				}
				tok := f.mint()
				mu.Lock()
				issued = append(issued, tok)
				mu.Unlock()
				writeJSON(w, http.StatusOK, `{"access_token":"`+tok+`","token_type":"Bearer","expires_in":3600,`+
					`"refresh_token":"rt-`+tok[len(tok)-20:]+`","id_token":"id-`+tok[len(tok)-24:]+`"}`)
				return true
			})
			s, _ := f.session(t)
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			if _, err := s.Client.Page(ctx, odata.Query{Set: "Items", Top: 5}); err != nil {
				t.Fatalf("the page did not load through the redirected token endpoint: %v", err)
			}
			es := s.RequestLog.Entries()
			for _, e := range es {
				if strings.HasSuffix(e.URL, issuePath) && (!e.Token || e.Body != nil) {
					t.Errorf("the redirected token response %s: token %v, body %q; want a token request, no body", e.URL, e.Token, e.Body)
				}
			}
			mu.Lock()
			secrets := append([]string{faultSecret}, issued...)
			mu.Unlock()
			if len(secrets) < 2 {
				t.Fatal("no token was issued through the redirect")
			}
			checkNoLeak(t, secrets, map[string]string{"the request log": logText(es)})
		})
	}
	t.Run("token fields in API answers", func(t *testing.T) {
		f := newFaultServer(t, 35)
		other := f.mint() // a token the session never uses
		seen := &seenTokens{}
		bodies := []string{
			`{"access_token":"` + other + `","token_type":"Bearer"}`,
			`{"error":{"code":"x","message":"bad"},"Refresh_Token":"` + stjEscape(other) + `"}`,
			`{"id_token" : "` + other + `"}`,
			`access_token=` + url.QueryEscape(other) + `&token_type=Bearer`,
		}
		for _, status := range []int{200, 500} {
			for _, b := range bodies {
				f.setAPI(func(w http.ResponseWriter, r *http.Request, _ int64) bool {
					seen.add(r)
					w.Header().Set("Location", "https://app.example/cb#access_token="+other)
					writeJSON(w, status, b)
					return true
				})
				s, _ := f.session(t)
				ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
				s.Client.Page(ctx, odata.Query{Set: "Items", Top: 5})
				cancel()
				checkNoLeak(t, append(seen.secrets(), other), map[string]string{"the request log": logText(s.RequestLog.Entries())})
			}
		}
	})
}

// mint issues a valid token as the token endpoint would.
func (f *faultServer) mint() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.issued++
	now := time.Now().Unix()
	tok := mintJWT(map[string]any{"client_id": faultClientID, "scope": f.scope, "iat": now, "exp": now + 3600,
		"jti": "minted-" + strconv.Itoa(f.issued)})
	f.valid[tok] = true
	return tok
}
