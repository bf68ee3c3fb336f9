package auth

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
)

func TestRevocationMidSession(t *testing.T) {
	ti := newTestInstance(t)
	s := NewSource(ti.config())
	c := s.Client()
	url := ti.URL + "/api/domain/odata/Crm_Sales_Customers"
	get(t, c, url)
	ti.revokeAll()
	if got := get(t, c, url); got != http.StatusOK {
		t.Fatalf("request after revocation: got %d; want 200 after one replay", got)
	}
	st := s.Stats()
	if st.TokensFetched != 2 || st.Replays != 1 || st.Reauthentications != 1 {
		t.Errorf("stats: got %d fetched, %d replays, %d re-auths; want 2, 1, 1",
			st.TokensFetched, st.Replays, st.Reauthentications)
	}
	if got := ti.apiCalls.Load(); got != 3 {
		t.Errorf("API requests: got %d; want 3 (1 + rejected + replay)", got)
	}
}

func TestAlways401StopsAfterOneReplay(t *testing.T) {
	ti := newTestInstance(t)
	ti.reject.Store(true)
	s := NewSource(ti.config())
	_, err := s.Client().Get(ti.URL + "/api/domain/odata/Crm_Sales_Customers")
	var ae *Error
	if !errors.As(err, &ae) {
		t.Fatalf("got %v; want an *auth.Error", err)
	}
	if ae.Status != 401 || ae.Code != "invalid_token" {
		t.Errorf("error status, code: got %d, %q; want 401, invalid_token", ae.Status, ae.Code)
	}
	for _, want := range []string{"rejected a fresh token (HTTP 401)", "re-authentication did not help", "'The token expired'"} {
		if !strings.Contains(ae.Error(), want) {
			t.Errorf("message %q; want it to contain %q", ae.Error(), want)
		}
	}
	if got := ti.apiCalls.Load(); got != 2 {
		t.Errorf("API requests: got %d; want 2 (one replay, no loop)", got)
	}
	if got := ti.fetches.Load(); got != 2 {
		t.Errorf("token fetches: got %d; want 2", got)
	}
}

func TestForbiddenIsNotRetried(t *testing.T) {
	tests := []struct {
		name, header, body string
		wantScope          string
		want               string
	}{
		{"insufficient_scope", `Bearer realm="api", error="insufficient_scope", scope="read"`, "", "read",
			"the token lacks scope 'read' (HTTP 403); add it to the Trusted Application's Scope and to `scopes`"},
		{"quoted escapes", `Bearer error="insufficient_scope", scope="upd\"ate"`, "", `upd"ate`, `lacks scope 'upd"ate'`},
		{"no header", "", `{"message":"Access denied to Crm.Sales.Customers","code":2129}`, "",
			"the API refused access (HTTP 403): 'Access denied to Crm.Sales.Customers'"},
		{"license", "", `{"message":"MaximumLicenseCountExceeded"}`, "", "no free license"},
		{"token echoed", `Bearer error="insufficient_scope", error_description="token tok-zzzzzzzzzz1 lacks it"`, "", "",
			"'token …zzzzz1 lacks it'"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var calls int
			var mu sync.Mutex
			srv := newTokenAndAPI(t, func(w http.ResponseWriter, r *http.Request) {
				mu.Lock()
				calls++
				mu.Unlock()
				if tt.header != "" {
					w.Header().Set("WWW-Authenticate", tt.header)
				}
				w.WriteHeader(http.StatusForbidden)
				io.WriteString(w, tt.body)
			})
			s := NewSource(Config{ClientID: "c", ClientSecret: testSecret, TokenURL: srv.URL + "/token"})
			_, err := s.Client().Get(srv.URL + "/api/x")
			var ae *Error
			if !errors.As(err, &ae) {
				t.Fatalf("got %v; want an *auth.Error", err)
			}
			if ae.Status != 403 || ae.Scope != tt.wantScope {
				t.Errorf("status, scope: got %d, %q; want 403, %q", ae.Status, ae.Scope, tt.wantScope)
			}
			if !strings.Contains(ae.Error(), tt.want) {
				t.Errorf("message %q; want it to contain %q", ae.Error(), tt.want)
			}
			mu.Lock()
			defer mu.Unlock()
			if calls != 1 {
				t.Errorf("API requests: got %d; want 1 (403 is never retried)", calls)
			}
		})
	}
}

// newTokenAndAPI serves a token endpoint at /token issuing "tok-1",
// "tok-2", … and api at every other path.
func newTokenAndAPI(t *testing.T, api http.HandlerFunc) *httptest.Server {
	var mu sync.Mutex
	n := 0
	mux := http.NewServeMux()
	mux.HandleFunc("/token", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		n++
		tok := "tok-" + strings.Repeat("z", 10) + string(rune('0'+n%10))
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"access_token":"`+tok+`","token_type":"Bearer","expires_in":3600}`)
	})
	mux.HandleFunc("/", api)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

// foreign is a server that records the Authorization and X-Trace headers
// of what it receives.
type foreign struct {
	*httptest.Server
	mu    sync.Mutex
	auth  []string
	trace []string
}

func newForeign(t *testing.T, addr string) *foreign {
	f := &foreign{}
	f.Server = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		f.auth = append(f.auth, r.Header.Get("Authorization"))
		f.trace = append(f.trace, r.Header.Get("X-Trace"))
		f.mu.Unlock()
	}))
	if addr != "" {
		ln, err := net.Listen("tcp", addr)
		if err != nil {
			t.Skipf("cannot listen on %s: %v", addr, err)
		}
		f.Listener.Close()
		f.Listener = ln
	}
	f.Start()
	t.Cleanup(f.Close)
	return f
}

func (f *foreign) seen() (auth, trace []string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.auth...), append([]string(nil), f.trace...)
}

func TestNoBearerToOtherOrigins(t *testing.T) {
	ti := newTestInstance(t)
	s := NewSource(ti.config())
	c := s.Client()
	for name, f := range map[string]*foreign{
		"other port": newForeign(t, "127.0.0.1:0"),
		"other host": newForeign(t, "127.0.0.2:0"),
	} {
		req, _ := http.NewRequest("GET", f.URL+"/api/domain/odata/", nil)
		req.Header.Set("X-Trace", "kept")
		resp, err := c.Do(req)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		resp.Body.Close()
		auth, trace := f.seen()
		if len(auth) != 1 || auth[0] != "" {
			t.Errorf("%s: Authorization received: got %q; want one request without it", name, auth)
		}
		if len(trace) != 1 || trace[0] != "kept" {
			t.Errorf("%s: X-Trace received: got %q; want \"kept\" (other headers untouched)", name, trace)
		}
		if req.Header.Get("Authorization") != "" {
			t.Errorf("%s: the caller's request was modified", name)
		}
	}
	if got := ti.fetches.Load(); got != 0 {
		t.Errorf("token fetches for foreign requests only: got %d; want 0", got)
	}
}

func TestRedirectsNeverCarryTheBearer(t *testing.T) {
	for _, addr := range []string{"127.0.0.1:0", "127.0.0.2:0"} {
		f := newForeign(t, addr)
		ti := newTestInstance(t)
		mux := http.NewServeMux()
		// The instance redirects one path to the foreign server.
		redirect := httptest.NewServer(mux)
		t.Cleanup(redirect.Close)
		mux.HandleFunc("/api/away", func(w http.ResponseWriter, r *http.Request) {
			if !strings.HasPrefix(r.Header.Get("Authorization"), "Bearer ") {
				t.Errorf("the service origin itself got no bearer token")
			}
			http.Redirect(w, r, f.URL+"/landed", http.StatusFound)
		})
		mux.HandleFunc("/api/here", func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "/api/there", http.StatusTemporaryRedirect)
		})
		var thereMu sync.Mutex
		var thereAuth string
		mux.HandleFunc("/api/there", func(w http.ResponseWriter, r *http.Request) {
			thereMu.Lock()
			thereAuth = r.Header.Get("Authorization")
			thereMu.Unlock()
		})
		cfg := ti.config()
		cfg.ServiceURL = redirect.URL
		s := NewSource(cfg)

		// Source.Client refuses the cross-origin hop.
		_, err := s.Client().Get(redirect.URL + "/api/away")
		var ae *Error
		if !errors.As(err, &ae) || !strings.Contains(ae.Error(), "refused a redirect") {
			t.Errorf("%s: got %v; want a refused-redirect *auth.Error", addr, err)
		}
		if auth, _ := f.seen(); len(auth) != 0 {
			t.Errorf("%s: foreign server got %d requests via Source.Client; want 0", addr, len(auth))
		}
		// A plain client over the Transport (Go's redirect policy) follows,
		// but the bearer stays home, even for the same host on another port.
		plain := &http.Client{Transport: &Transport{Source: s}}
		if got := get(t, plain, redirect.URL+"/api/away"); got != http.StatusOK {
			t.Errorf("%s: plain client: got %d; want 200", addr, got)
		}
		if auth, _ := f.seen(); len(auth) != 1 || auth[0] != "" {
			t.Errorf("%s: foreign server Authorization: got %q; want one request without it", addr, auth)
		}
		// Same-origin redirects are followed, with the token.
		if got := get(t, s.Client(), redirect.URL+"/api/here"); got != http.StatusOK {
			t.Errorf("%s: same-origin redirect: got %d; want 200", addr, got)
		}
		thereMu.Lock()
		defer thereMu.Unlock()
		if !strings.HasPrefix(thereAuth, "Bearer ") {
			t.Errorf("%s: same-origin redirect target got Authorization %q; want a bearer token", addr, thereAuth)
		}
	}
}

func TestOriginNormalisation(t *testing.T) {
	tests := []struct {
		a, b string
		same bool
	}{
		{"https://Host.example/x", "https://host.example:443/y", true},
		{"http://h/", "http://h:80/", true},
		{"http://h/", "https://h/", false},
		{"http://h:8080/", "http://h:8081/", false},
		{"http://h.example./", "http://h.example/", true},
		{"http://[::1]:80/", "http://[::1]/", true},
	}
	for _, tt := range tests {
		a, _ := originOf(tt.a, "a")
		b, _ := originOf(tt.b, "b")
		if got := a == b; got != tt.same {
			t.Errorf("same origin %s, %s: got %v (%s vs %s); want %v", tt.a, tt.b, got, a, b, tt.same)
		}
	}
}

func TestReplayWithBody(t *testing.T) {
	ti := newTestInstance(t)
	s := NewSource(ti.config())
	c := s.Client()
	get(t, c, ti.URL+"/api/x")
	ti.revokeAll()
	resp, err := c.Post(ti.URL+"/api/x", "application/json", strings.NewReader(`{"a":1}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	ti.mu.Lock()
	bodies := append([]string(nil), ti.bodies...)
	ti.mu.Unlock()
	if len(bodies) != 3 || bodies[1] != `{"a":1}` || bodies[2] != `{"a":1}` {
		t.Errorf("bodies received: got %q; want the JSON body twice (rejected, then replayed)", bodies)
	}

	// A body without GetBody cannot be replayed: one attempt, then an error.
	ti.revokeAll()
	req, _ := http.NewRequest("POST", ti.URL+"/api/x", io.NopCloser(strings.NewReader("once")))
	before := ti.apiCalls.Load()
	_, err = c.Do(req)
	var ae *Error
	if !errors.As(err, &ae) || !strings.Contains(ae.Error(), "cannot be replayed") {
		t.Errorf("unreplayable request: got %v; want an *auth.Error saying it cannot be replayed", err)
	}
	if got := ti.apiCalls.Load() - before; got != 1 {
		t.Errorf("API requests for the unreplayable request: got %d; want 1", got)
	}
	// The next request gets a fresh token without a replay.
	if got := get(t, c, ti.URL+"/api/x"); got != http.StatusOK {
		t.Errorf("next request: got %d; want 200", got)
	}
}

func TestRequestEvents(t *testing.T) {
	ti := newTestInstance(t)
	var mu sync.Mutex
	var events []RequestEvent
	cfg := ti.config()
	cfg.OnRequest = func(e RequestEvent) {
		mu.Lock()
		events = append(events, e)
		mu.Unlock()
	}
	s := NewSource(cfg)
	c := s.Client()
	get(t, c, ti.URL+"/api/x")
	ti.revokeAll()
	get(t, c, ti.URL+"/api/x")
	mu.Lock()
	defer mu.Unlock()
	type brief struct {
		token, bearer, replayed bool
		status                  int
	}
	want := []brief{{true, false, false, 200}, {false, true, false, 200}, {false, true, false, 401},
		{true, false, false, 200}, {false, true, true, 200}}
	if len(events) != len(want) {
		t.Fatalf("events: got %d (%+v); want %d", len(events), events, len(want))
	}
	for i, e := range events {
		got := brief{e.TokenRequest, e.Bearer, e.Replayed, e.Status}
		if got != want[i] {
			t.Errorf("event %d: got %+v; want %+v", i, got, want[i])
		}
		for _, s := range []string{e.URL, e.Method} {
			if strings.Contains(s, "access-") || strings.Contains(s, testSecret) {
				t.Errorf("event %d carries a token or the secret: %q", i, s)
			}
		}
	}
}

// TestErrorBodiesMaskTheToken: a server that echoes the Authorization header
// in an error body must not make odx print the token; successful bodies are
// passed through untouched.
func TestErrorBodiesMaskTheToken(t *testing.T) {
	srv := newTokenAndAPI(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/ok" {
			io.WriteString(w, "ok "+r.Header.Get("Authorization"))
			return
		}
		w.WriteHeader(http.StatusInternalServerError)
		io.WriteString(w, `{"message":"bad header `+r.Header.Get("Authorization")+`"}`)
	})
	s := NewSource(Config{ClientID: "c", ClientSecret: testSecret, TokenURL: srv.URL + "/token"})
	tok, err := s.Token(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	read := func(path string) string {
		resp, err := s.Client().Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return string(b)
	}
	if got := read("/fail"); strings.Contains(got, tok.AccessToken) || !strings.Contains(got, Mask(tok.AccessToken)) {
		t.Errorf("error body %q; want the token masked as %q", got, Mask(tok.AccessToken))
	}
	if got := read("/ok"); got != "ok Bearer "+tok.AccessToken {
		t.Errorf("successful body %q; want it untouched", got)
	}
}

// TestSecretRedactedInEveryForm: a token endpoint that echoes the form body
// shows the secret URL-encoded; that form is redacted too.
func TestSecretRedactedInEveryForm(t *testing.T) {
	const secret = "abc+def/ghi=jkl"
	mux := http.NewServeMux()
	mux.HandleFunc("/token", func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		io.WriteString(w, `{"error":"invalid_request","error_description":"body was `+string(b)+`"}`)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	s := NewSource(Config{ClientID: "c", ClientSecret: secret, TokenURL: srv.URL + "/token"})
	_, err := s.Token(context.Background())
	if err == nil {
		t.Fatal("got no error")
	}
	for _, form := range []string{secret, url.QueryEscape(secret)} {
		if strings.Contains(err.Error(), form) {
			t.Errorf("error %q shows the secret as %q", err, form)
		}
	}
}
