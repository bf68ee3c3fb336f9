package auth

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// tokenError runs one token request against a server answering with h and
// returns the error.
func tokenError(t *testing.T, h http.HandlerFunc) *Error {
	t.Helper()
	srv := httptest.NewServer(h)
	defer srv.Close()
	s := NewSource(Config{ClientID: testClientID, ClientSecret: testSecret, TokenURL: srv.URL + "/id/connect/token",
		Scopes: []string{"read", "update"}})
	return mustAuthError(t, s)
}

func mustAuthError(t *testing.T, s *Source) *Error {
	t.Helper()
	_, err := s.Token(context.Background())
	var ae *Error
	if !errors.As(err, &ae) {
		t.Fatalf("got %v (%T); want an *auth.Error", err, err)
	}
	assertNoSecret(t, "error", ae.Error())
	return ae
}

func reply(status int, ctype, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if ctype != "" {
			w.Header().Set("Content-Type", ctype)
		}
		w.WriteHeader(status)
		io.WriteString(w, body)
	}
}

func TestTokenEndpointErrors(t *testing.T) {
	const js = "application/json"
	tests := []struct {
		name     string
		h        http.HandlerFunc
		status   int
		code     string
		contains []string
	}{
		{"invalid_client", reply(400, js, `{"error":"invalid_client"}`), 400, "invalid_client",
			[]string{"the identity provider rejected client 'my.trusted.app/service': check client_id (the Trusted Application's ApplicationUri), the secret, ClientType Confidential and IsEnabled"}},
		{"invalid_client echoing the secret", reply(400, js, `{"error":"invalid_client","error_description":"bad secret `+testSecret+`"}`),
			400, "invalid_client", []string{"'bad secret [secret]'"}},
		{"invalid_scope", reply(400, js, `{"error":"invalid_scope","error_description":"Invalid scope: update"}`), 400, "invalid_scope",
			[]string{"refused scope 'read update' ('Invalid scope: update')", "must be in the Trusted Application's Scope"}},
		{"unauthorized_client", reply(400, js, `{"error":"unauthorized_client"}`), 400, "unauthorized_client",
			[]string{"may not use the client-credentials grant", "SystemUserAllowed", "SystemUser"}},
		{"invalid_grant", reply(400, js, `{"error":"invalid_grant"}`), 400, "invalid_grant",
			[]string{"rejected the client credentials (invalid_grant)"}},
		{"unsupported_grant_type", reply(400, js, `{"error":"unsupported_grant_type"}`), 400, "unsupported_grant_type",
			[]string{"does not accept the client_credentials grant", "/id/connect/token"}},
		{"invalid_request", reply(400, js, `{"error":"invalid_request","error_description":"Missing client_secret"}`), 400, "invalid_request",
			[]string{"malformed (invalid_request) ('Missing client_secret')"}},
		{"unknown code", reply(400, js, `{"error":"slow_down\u001b[2J"}`), 400, "slow_down\x1b[2J",
			[]string{`"slow_down\x1b[2J" (HTTP 400)`}},
		{"HTML error page", reply(502, "text/html", "<html><body>Bad gateway</body></html>"), 502, "",
			[]string{"returned an HTML page (HTTP 502), not a token: check token_url"}},
		{"HTML with 200", reply(200, "text/html; charset=utf-8", "<!doctype html><p>login</p>"), 200, "",
			[]string{"returned an HTML page (HTTP 200)"}},
		{"non-JSON body", reply(200, js, "access_token: yes"), 200, "",
			[]string{"a body that is not JSON (HTTP 200)"}},
		{"empty 500", reply(500, "", ""), 500, "", []string{"identity provider failed (HTTP 500): try again later"}},
		{"JSON 500 without code", reply(500, js, `{"message":"boom"}`), 500, "",
			[]string{"identity provider failed (HTTP 500): try again later"}},
		{"plain-text 503", reply(503, "text/plain", "down for maintenance"), 503, "",
			[]string{"identity provider failed (HTTP 503): try again later"}},
		{"200 without access_token", reply(200, js, `{"token_type":"Bearer","expires_in":3600}`), 200, "",
			[]string{"answered HTTP 200 without an access_token"}},
		{"access_token not a string", reply(200, js, `{"access_token":{"v":"abc"}}`), 200, "",
			[]string{"answered HTTP 200 with a token response whose access_token is not a string: check that token_url"}},
		{"error_description not a string", reply(200, js, `{"access_token":"abc","error_description":5}`), 200, "",
			[]string{"whose error_description is not a string"}},
		{"expires_in not a number", reply(200, js, `{"access_token":"abc","expires_in":"`+testSecret+`"}`), 200, "",
			[]string{"answered HTTP 200 with a token response whose expires_in is not a whole number of seconds: check that token_url"}},
		{"expires_in a fraction", reply(200, js, `{"access_token":"abc","expires_in":3599.5}`), 200, "",
			[]string{"whose expires_in is not a whole number of seconds"}},
		{"body over 1 MiB", reply(200, js, `{"access_token":"`+strings.Repeat("a", 1<<20)+`"}`), 200, "",
			[]string{"response over 1 MiB (HTTP 200)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ae := tokenError(t, tt.h)
			t.Log(ae)
			if ae.Status != tt.status || ae.Code != tt.code {
				t.Errorf("status, code: got %d, %q; want %d, %q", ae.Status, ae.Code, tt.status, tt.code)
			}
			for _, want := range tt.contains {
				if !strings.Contains(ae.Error(), want) {
					t.Errorf("message:\n  %s\nwant it to contain:\n  %s", ae.Error(), want)
				}
			}
			if strings.Contains(ae.Error(), "\n") || strings.Contains(ae.Error(), "\x1b") {
				t.Errorf("message is not one clean line: %q", ae.Error())
			}
		})
	}
}

func TestTokenEndpointUnreachable(t *testing.T) {
	// A port nobody listens on.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closedURL := "http://" + ln.Addr().String() + "/id/connect/token"
	ln.Close()

	done := make(chan struct{})
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-done }))
	defer slow.Close()
	defer close(done)
	tlsSrv := httptest.NewTLSServer(reply(200, "application/json", `{"access_token":"x"}`))
	defer tlsSrv.Close()
	plain := httptest.NewServer(reply(200, "application/json", `{"access_token":"x"}`))
	defer plain.Close()
	elsewhere := httptest.NewServer(reply(200, "application/json", `{"access_token":"x"}`))
	defer elsewhere.Close()
	redirecting := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, elsewhere.URL+"/token", http.StatusTemporaryRedirect)
	}))
	defer redirecting.Close()
	noDNS := &http.Client{Transport: &http.Transport{DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
		host, _, _ := net.SplitHostPort(addr)
		return nil, &net.OpError{Op: "dial", Net: network, Err: &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}}
	}}}

	tests := []struct {
		name     string
		url      string
		client   *http.Client
		contains string
	}{
		{"connection refused", closedURL, nil, "was refused: check the host and port in token_url"},
		{"DNS", "https://no-such-instance.example/id/connect/token", noDNS,
			"cannot resolve the host of token_url, 'no-such-instance.example'"},
		{"timeout", slow.URL + "/token", &http.Client{Timeout: 100 * time.Millisecond}, "did not answer within 100ms"},
		{"untrusted certificate", tlsSrv.URL + "/token", nil, "TLS certificate of"},
		{"TLS to a plain server", strings.Replace(plain.URL, "http:", "https:", 1) + "/token", nil, "does not speak TLS"},
		{"redirect to another origin", redirecting.URL + "/token", nil, "redirected to another origin"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := NewSource(Config{ClientID: testClientID, ClientSecret: testSecret, TokenURL: tt.url, HTTPClient: tt.client})
			ae := mustAuthError(t, s)
			t.Log(ae)
			if !strings.Contains(ae.Error(), tt.contains) {
				t.Errorf("message:\n  %s\nwant it to contain:\n  %s", ae.Error(), tt.contains)
			}
			if s.Stats().FetchFailures != 1 {
				t.Errorf("FetchFailures: got %d; want 1", s.Stats().FetchFailures)
			}
		})
	}
}

func TestDiscover(t *testing.T) {
	var base string
	mux := http.NewServeMux()
	mux.HandleFunc("/id/.well-known/openid-configuration", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"issuer":"`+base+`/id","token_endpoint":"`+base+`/id/connect/token"}`)
	})
	mux.HandleFunc("/evil/.well-known/openid-configuration", reply(200, "application/json",
		`{"token_endpoint":"https://elsewhere.example/token"}`))
	mux.HandleFunc("/html/.well-known/openid-configuration", reply(200, "text/html", "<html></html>"))
	mux.HandleFunc("/none/.well-known/openid-configuration", reply(200, "application/json", `{"issuer":"x"}`))
	srv := httptest.NewServer(mux)
	defer srv.Close()
	base = srv.URL
	ctx := context.Background()
	got, err := Discover(ctx, nil, srv.URL+"/id/")
	if err != nil || got != srv.URL+"/id/connect/token" {
		t.Errorf("Discover: got %q, %v; want %s/id/connect/token", got, err, srv.URL)
	}
	for path, want := range map[string]string{
		"/evil":    "on another origin",
		"/html":    "HTML page",
		"/none":    "no token_endpoint",
		"/missing": "answered HTTP 404",
	} {
		_, err := Discover(ctx, nil, srv.URL+path)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Discover(%s): got %v; want an error containing %q", path, err, want)
		}
	}
}
