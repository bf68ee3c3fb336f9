package demo

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestBearerRequired(t *testing.T) {
	s := newTestServer(t, Options{})
	tok := getToken(t, s, "")
	parts := strings.Split(tok, ".")
	forged := parts[0] + "." + parts[1] + "x." + parts[2] // payload changed: signature no longer matches
	tests := []struct {
		name, tok, challenge string
	}{
		{"missing", "", "Bearer"},
		{"garbage", "not-a-jwt", `Bearer error="invalid_token"`},
		{"bad signature", forged, `Bearer error="invalid_token"`},
		{"opaque reference token", "enrt_abc123", `Bearer error="invalid_token"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := get(t, s, tt.tok, "Crm_Sales_Customers?$top=1", "")
			if r.status != 401 {
				t.Fatalf("got status %d; want 401", r.status)
			}
			if got := r.header.Get("WWW-Authenticate"); !strings.HasPrefix(got, tt.challenge) || tt.challenge == "Bearer" && got != "Bearer" {
				t.Errorf("WWW-Authenticate: got %q; want %q…", got, tt.challenge)
			}
		})
	}
	if got := s.Stats().Unauthorized; got != int64(len(tests)) {
		t.Errorf("Stats.Unauthorized: got %d; want %d", got, len(tests))
	}
	for _, path := range []string{"", "$metadata"} {
		if r := get(t, s, "", path, ""); r.status != 401 {
			t.Errorf("GET %q without token: got %d; want 401", path, r.status)
		}
	}
}

func TestTokenExpiry(t *testing.T) {
	var now atomic.Int64
	now.Store(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).Unix())
	s := newTestServer(t, Options{TokenTTL: 30 * time.Second, Now: func() time.Time { return time.Unix(now.Load(), 0) }})
	tok := getToken(t, s, "")
	if r := get(t, s, tok, "Crm_Sales_Customers?$top=1", ""); r.status != 200 {
		t.Fatalf("fresh token: got %d; want 200", r.status)
	}
	now.Add(29)
	if r := get(t, s, tok, "Crm_Sales_Customers?$top=1", ""); r.status != 200 {
		t.Fatalf("token 1 s before expiry: got %d; want 200", r.status)
	}
	now.Add(1)
	r := get(t, s, tok, "Crm_Sales_Customers?$top=1", "")
	if got := r.header.Get("WWW-Authenticate"); r.status != 401 || !strings.Contains(got, `error="invalid_token"`) || !strings.Contains(got, "expired") {
		t.Fatalf("expired token: got %d %q; want 401 invalid_token expired", r.status, got)
	}
	if r := get(t, s, getToken(t, s, ""), "Crm_Sales_Customers?$top=1", ""); r.status != 200 {
		t.Errorf("new token after expiry: got %d; want 200", r.status)
	}
}

func TestRevokeAfter(t *testing.T) {
	s := newTestServer(t, Options{RevokeAfter: 3})
	tok := getToken(t, s, "")
	for n := 1; n <= 3; n++ {
		if r := get(t, s, tok, "General_Currencies?$top=1", ""); r.status != 200 {
			t.Fatalf("request %d: got %d; want 200", n, r.status)
		}
	}
	r := get(t, s, tok, "General_Currencies?$top=1", "")
	if r.status != 401 || !strings.Contains(r.header.Get("WWW-Authenticate"), "invalid_token") {
		t.Fatalf("request 4: got %d %q; want 401 invalid_token", r.status, r.header.Get("WWW-Authenticate"))
	}
	if r := get(t, s, getToken(t, s, ""), "General_Currencies?$top=1", ""); r.status != 200 {
		t.Errorf("new token after revocation: got %d; want 200", r.status)
	}
	if st := s.Stats(); st.APIRequests != 4 || st.Unauthorized != 1 || st.TokensIssued != 2 {
		t.Errorf("Stats: got %+v; want APIRequests 4, Unauthorized 1, TokensIssued 2", st)
	}
}

func TestInsufficientScope(t *testing.T) {
	s := newTestServer(t, Options{})
	r := get(t, s, getToken(t, s, "update"), "Crm_Sales_Customers?$top=1", "")
	if want := `Bearer error="insufficient_scope", scope="read"`; r.status != 403 || r.header.Get("WWW-Authenticate") != want {
		t.Fatalf("got %d %q; want 403 %q", r.status, r.header.Get("WWW-Authenticate"), want)
	}
	if got := s.Stats().Forbidden; got != 1 {
		t.Errorf("Stats.Forbidden: got %d; want 1", got)
	}
}

// One request runs, five queue, the seventh concurrent request gets 429.
func TestSessionConcurrencyLimit(t *testing.T) {
	s := newTestServer(t, Options{LatencyFunc: func(r *http.Request) time.Duration {
		if r.URL.Query().Get("hold") != "" {
			return time.Minute // released by cancelling the request
		}
		return 0
	}})
	tok := getToken(t, s, "")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var wg sync.WaitGroup
	for range sessionConcurrent + sessionQueue {
		wg.Go(func() {
			req, _ := http.NewRequestWithContext(ctx, "GET", s.URL+"/api/domain/odata/General_Currencies?$top=1&hold=1", nil)
			req.Header.Set("Authorization", "Bearer "+tok)
			if resp, err := http.DefaultClient.Do(req); err == nil {
				resp.Body.Close()
				t.Errorf("held request finished with %d; want it cancelled", resp.StatusCode)
			}
		})
	}
	waitFor(t, func() bool { return s.waiting(tok) == 6 })

	r := get(t, s, tok, "General_Currencies?$top=1", "")
	if r.status != 429 {
		t.Fatalf("7th concurrent request: got %d; want 429", r.status)
	}
	if r.header.Get("Retry-After") != "" {
		t.Errorf("429 carries Retry-After %q; ERP.net sends none", r.header.Get("Retry-After"))
	}
	if _, typ := erpError(t, r); typ == "" {
		t.Errorf("429 body has no type")
	}
	if r := get(t, s, getToken(t, s, ""), "General_Currencies?$top=1", ""); r.status != 200 {
		t.Errorf("another token (another session): got %d; want 200", r.status)
	}
	cancel()
	wg.Wait()
	waitFor(t, func() bool { return s.waiting(tok) == 0 })
	if r := get(t, s, tok, "General_Currencies?$top=1", ""); r.status != 200 {
		t.Errorf("after the queue drained: got %d; want 200", r.status)
	}
	if got := s.Stats().Throttled; got != 1 {
		t.Errorf("Stats.Throttled: got %d; want 1", got)
	}
}

// waiting is the number of running and queued requests of a token's session.
func (i *Instance) waiting(tok string) int {
	i.mu.Lock()
	defer i.mu.Unlock()
	if s := i.sessions[tok]; s != nil {
		return s.waiting
	}
	return 0
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); !cond(); time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("condition not reached within 10 s")
		}
	}
}

func TestSetLatency(t *testing.T) {
	s := newTestServer(t, Options{})
	s.SetLatency(time.Millisecond)
	if got := time.Duration(s.latency.Load()); got != time.Millisecond {
		t.Errorf("latency: got %v; want 1ms", got)
	}
	if r := get(t, s, getToken(t, s, ""), "General_Currencies?$top=1", ""); r.status != 200 {
		t.Errorf("with latency: got %d; want 200", r.status)
	}
}
