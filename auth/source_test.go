package auth

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"golang.org/x/oauth2"
)

func TestAuthenticateOnce(t *testing.T) {
	ti := newTestInstance(t)
	s := NewSource(ti.config())
	c := s.Client()
	for i := range 200 {
		if got := get(t, c, ti.URL+"/api/domain/odata/Crm_Sales_Customers"); got != http.StatusOK {
			t.Fatalf("request %d: got status %d; want 200", i, got)
		}
	}
	if got := ti.fetches.Load(); got != 1 {
		t.Errorf("token fetches for 200 requests: got %d; want 1", got)
	}
	if got := s.Stats(); got.TokensFetched != 1 || got.Replays != 0 || got.LastFetch.IsZero() {
		t.Errorf("stats: got %+v; want 1 fetch, 0 replays, a LastFetch time", got)
	}
}

func TestConcurrentFirstFetchIsShared(t *testing.T) {
	ti := newTestInstance(t)
	s := NewSource(ti.config())
	var wg sync.WaitGroup
	errs := make(chan error, 50)
	for range 50 {
		wg.Go(func() {
			if _, err := s.Token(context.Background()); err != nil {
				errs <- err
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("Token: %v", err)
	}
	if got := ti.fetches.Load(); got != 1 {
		t.Errorf("fetches for 50 concurrent callers: got %d; want 1", got)
	}
}

func TestConcurrent401sCauseOneFetch(t *testing.T) {
	ti := newTestInstance(t)
	s := NewSource(ti.config())
	c := s.Client()
	url := ti.URL + "/api/domain/odata/Crm_Sales_Customers"
	if got := get(t, c, url); got != http.StatusOK {
		t.Fatalf("first request: got %d; want 200", got)
	}
	ti.revokeAll()
	// Hold every 401 until all 50 requests have been rejected with the old
	// token, so none of them can start after the new token arrived.
	const n = 50
	var rejected sync.WaitGroup
	rejected.Add(n)
	release := make(chan struct{})
	var once sync.Once
	ti.mu.Lock()
	ti.on401 = func() {
		rejected.Done()
		<-release
	}
	ti.mu.Unlock()
	go func() {
		rejected.Wait()
		ti.mu.Lock()
		ti.on401 = nil
		ti.mu.Unlock()
		once.Do(func() { close(release) })
	}()
	var wg sync.WaitGroup
	statuses := make(chan int, n)
	for range n {
		wg.Go(func() {
			resp, err := c.Get(url)
			if err != nil {
				t.Errorf("GET: %v", err)
				return
			}
			resp.Body.Close()
			statuses <- resp.StatusCode
		})
	}
	wg.Wait()
	close(statuses)
	ok := 0
	for st := range statuses {
		if st == http.StatusOK {
			ok++
		}
	}
	if ok != n {
		t.Errorf("successful replays: got %d; want %d", ok, n)
	}
	if got := ti.fetches.Load(); got != 2 {
		t.Errorf("token fetches: got %d; want 2 (the first and one after the 401s)", got)
	}
	st := s.Stats()
	if st.Replays != n || st.Reauthentications != 1 {
		t.Errorf("stats: got %d replays, %d re-authentications; want %d, 1", st.Replays, st.Reauthentications, n)
	}
}

func TestExpiryRenewsWithoutErrors(t *testing.T) {
	ti := newTestInstance(t)
	ti.expiresIn.Store(1)
	s := NewSource(ti.config())
	c := s.Client()
	url := ti.URL + "/api/domain/odata/Crm_Sales_Customers"
	for i := range 3 {
		if got := get(t, c, url); got != http.StatusOK {
			t.Fatalf("token %d, first request: got status %d; want 200", i+1, got)
		}
		// Wait for the moment the Source renews (its margin before expiry),
		// then ask again: the token must be replaced, not used and refused.
		e := s.current()
		<-time.After(time.Until(e.expiry.Add(-e.margin)))
		if got := get(t, c, url); got != http.StatusOK {
			t.Fatalf("token %d, request at renewal time: got status %d; want 200", i+1, got)
		}
		if s.current() == e {
			t.Fatalf("token %d: still cached after its renewal time", i+1)
		}
	}
	st := s.Stats()
	if st.TokensFetched != 4 {
		t.Errorf("tokens fetched over three renewals: got %d; want 4", st.TokensFetched)
	}
	if st.Replays != 0 {
		t.Errorf("replays: got %d; want 0 (tokens renewed before they expired)", st.Replays)
	}
}

func TestWaiterCancellation(t *testing.T) {
	ti := newTestInstance(t)
	gate := make(chan struct{})
	ti.mu.Lock()
	ti.gate = gate
	ti.mu.Unlock()
	s := NewSource(ti.config())
	joined := make(chan struct{}, 2)
	s.onWait = func() { joined <- struct{}{} }

	// The first caller starts the fetch and gives up; the second waits.
	ctx1, cancel1 := context.WithCancel(context.Background())
	first := make(chan error, 1)
	go func() { _, err := s.Token(ctx1); first <- err }()
	second := make(chan *oauth2.Token, 1)
	go func() {
		tok, err := s.Token(context.Background())
		if err != nil {
			t.Errorf("second caller: %v", err)
		}
		second <- tok
	}()
	<-joined // both callers wait on the one flight
	<-joined
	cancel1()
	select {
	case err := <-first:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("cancelled caller: got %v; want context.Canceled", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("cancelled caller did not return while the fetch was blocked")
	}
	close(gate) // the fetch completes for the other caller
	if tok := <-second; tok == nil {
		t.Fatal("second caller got no token")
	}
	// The cancelled caller's context did not spoil the cache.
	if _, err := s.Token(context.Background()); err != nil {
		t.Fatalf("Token after the fetch: %v", err)
	}
	if got := ti.fetches.Load(); got != 1 {
		t.Errorf("fetches: got %d; want 1", got)
	}
}

func TestRefreshAndInvalidate(t *testing.T) {
	ti := newTestInstance(t)
	s := NewSource(ti.config())
	ctx := context.Background()
	t1, err := s.Token(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t2, err := s.Refresh(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if t1.AccessToken == t2.AccessToken {
		t.Errorf("Refresh returned the cached token; want a new one")
	}
	if s.Invalidate(t1) {
		t.Errorf("Invalidate(old token) = true; want false, it is no longer cached")
	}
	if got, _ := s.Token(ctx); got.AccessToken != t2.AccessToken {
		t.Errorf("after invalidating an old token the cache changed")
	}
	if !s.Invalidate(t2) {
		t.Errorf("Invalidate(current token) = false; want true")
	}
	t3, _ := s.Token(ctx)
	if t3.AccessToken == t2.AccessToken {
		t.Errorf("Token after Invalidate returned the invalidated token")
	}
	if got := ti.fetches.Load(); got != 3 {
		t.Errorf("fetches: got %d; want 3", got)
	}
}

func TestExpiryOf(t *testing.T) {
	now := time.Unix(1_766_505_147, 0)
	jwtTok := makeJWT(`{"alg":"RS256","typ":"at+jwt"}`, `{"iat":1766505147,"exp":1766505747}`)
	expOnly := makeJWT(`{"alg":"RS256"}`, `{"exp":1766505447}`)
	tests := []struct {
		name string
		tok  *oauth2.Token
		want time.Duration
	}{
		{"expires_in", &oauth2.Token{AccessToken: "x", Expiry: now.Add(90 * time.Second)}, 90 * time.Second},
		{"JWT exp-iat", &oauth2.Token{AccessToken: jwtTok}, 10 * time.Minute},
		{"JWT exp only", &oauth2.Token{AccessToken: expOnly}, 5 * time.Minute},
		{"neither", &oauth2.Token{AccessToken: "enrt_abc"}, assumedLifetime},
		{"expires_in in the past", &oauth2.Token{AccessToken: "x", Expiry: now.Add(-time.Second)}, assumedLifetime},
		{"JWT exp before expires_in", &oauth2.Token{AccessToken: expOnly, Expiry: now.Add(time.Hour)}, 5 * time.Minute},
		{"JWT exp after expires_in", &oauth2.Token{AccessToken: jwtTok, Expiry: now.Add(time.Minute)}, time.Minute},
	}
	for _, tt := range tests {
		if got := expiryOf(tt.tok, now).Sub(now); got != tt.want {
			t.Errorf("%s: got lifetime %s; want %s", tt.name, got, tt.want)
		}
	}
}

func TestMarginForShortLifetimes(t *testing.T) {
	s := NewSource(Config{TokenURL: "http://127.0.0.1/t"})
	start := time.Now()
	s.store(&oauth2.Token{AccessToken: "a", Expiry: start.Add(time.Second)}, start, 0)
	if got := s.current().margin; got != 100*time.Millisecond {
		t.Errorf("margin for a 1 s token: got %s; want 100ms", got)
	}
	s.store(&oauth2.Token{AccessToken: "b", Expiry: start.Add(time.Hour)}, start, 0)
	if got := s.current().margin; got != 10*time.Second {
		t.Errorf("margin for a 1 h token: got %s; want 10s", got)
	}
}

func TestTokenRequestForm(t *testing.T) {
	var got http.Header
	var form map[string][]string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.ParseForm()
		got, form = r.Header.Clone(), r.PostForm
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"access_token":"abc.def","token_type":"bearer","expires_in":60}`))
	}))
	defer srv.Close()
	s := NewSource(Config{ClientID: testClientID, ClientSecret: testSecret, TokenURL: srv.URL + "/id/connect/token",
		Scopes: []string{"read", "update"}})
	if _, err := s.Token(context.Background()); err != nil {
		t.Fatal(err)
	}
	if h := got.Get("Authorization"); h != "" {
		t.Errorf("token request Authorization header: got %q; want none (credentials as form fields)", h)
	}
	want := map[string]string{"grant_type": "client_credentials", "client_id": testClientID,
		"client_secret": testSecret, "scope": "read update"}
	for k, v := range want {
		if g := form[k]; len(g) != 1 || g[0] != v {
			t.Errorf("form field %s: got %q; want %q", k, g, v)
		}
	}
}

func TestConfigMistakes(t *testing.T) {
	for _, cfg := range []Config{
		{TokenURL: "connect/token"},
		{TokenURL: "https://x/id/connect/token", ServiceURL: "ftp://x/"},
	} {
		s := NewSource(cfg)
		_, err := s.Token(context.Background())
		var ae *Error
		if !errors.As(err, &ae) {
			t.Errorf("%+v: got %v; want an *Error", cfg, err)
		}
		if _, err := s.Client().Get("https://x/"); err == nil {
			t.Errorf("%+v: request through the Transport succeeded; want the config error", cfg)
		}
	}
}
