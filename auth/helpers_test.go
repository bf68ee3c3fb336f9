package auth

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

const (
	testClientID = "my.trusted.app/service"
	testSecret   = "s3cr3t-DO-NOT-LEAK-7f1c"
)

// testInstance is an httptest server with a token endpoint at /id/connect/token
// and an API under /api/ that accepts the tokens it issued.
type testInstance struct {
	*httptest.Server
	t *testing.T

	expiresIn atomic.Int64 // seconds; 0 omits expires_in
	reject    atomic.Bool  // the API answers 401 to every token

	fetches  atomic.Int64
	apiCalls atomic.Int64

	mu      sync.Mutex
	n       int
	valid   map[string]time.Time // token → server-side expiry
	gate    chan struct{}        // when set, token requests wait for it to close
	on401   func()               // called before each 401
	lastReq http.Header          // headers of the last API request
	bodies  []string             // bodies of API requests
}

func newTestInstance(t *testing.T) *testInstance {
	ti := &testInstance{t: t, valid: map[string]time.Time{}}
	ti.expiresIn.Store(3600)
	mux := http.NewServeMux()
	mux.HandleFunc("POST /id/connect/token", ti.token)
	mux.HandleFunc("/api/", ti.api)
	ti.Server = httptest.NewServer(mux)
	t.Cleanup(ti.Close)
	return ti
}

func (ti *testInstance) token(w http.ResponseWriter, r *http.Request) {
	ti.mu.Lock()
	gate := ti.gate
	ti.mu.Unlock()
	if gate != nil {
		<-gate
	}
	if err := r.ParseForm(); err != nil || r.PostForm.Get("grant_type") != "client_credentials" ||
		r.PostForm.Get("client_id") != testClientID || r.PostForm.Get("client_secret") != testSecret {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprint(w, `{"error":"invalid_client"}`)
		return
	}
	ti.fetches.Add(1)
	expiresIn := int(ti.expiresIn.Load())
	ti.mu.Lock()
	ti.n++
	tok := fmt.Sprintf("access-%d-%s", ti.n, strings.Repeat("x", 20))
	ti.valid[tok] = time.Now().Add(time.Duration(expiresIn) * time.Second)
	if expiresIn == 0 {
		ti.valid[tok] = time.Now().Add(time.Hour)
	}
	ti.mu.Unlock()
	resp := map[string]any{"access_token": tok, "token_type": "Bearer", "scope": r.PostForm.Get("scope")}
	if expiresIn > 0 {
		resp["expires_in"] = expiresIn
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(resp)
}

func (ti *testInstance) api(w http.ResponseWriter, r *http.Request) {
	ti.apiCalls.Add(1)
	tok, _ := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	var body strings.Builder
	if r.Body != nil {
		b := make([]byte, 1024)
		n, _ := r.Body.Read(b)
		body.Write(b[:n])
	}
	ti.mu.Lock()
	ti.lastReq = r.Header.Clone()
	ti.bodies = append(ti.bodies, body.String())
	exp, ok := ti.valid[tok]
	on401 := ti.on401
	ti.mu.Unlock()
	if ti.reject.Load() || !ok || time.Now().After(exp) {
		if on401 != nil {
			on401()
		}
		w.Header().Set("WWW-Authenticate", `Bearer error="invalid_token", error_description="The token expired"`)
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	fmt.Fprint(w, `{"value":[]}`)
}

// revokeAll makes the API reject every token issued so far.
func (ti *testInstance) revokeAll() {
	ti.mu.Lock()
	defer ti.mu.Unlock()
	clear(ti.valid)
}

func (ti *testInstance) config() Config {
	return Config{
		ClientID:     testClientID,
		ClientSecret: testSecret,
		TokenURL:     ti.URL + "/id/connect/token",
		Scopes:       []string{"read", "update"},
		ServiceURL:   ti.URL + "/api/domain/odata/",
	}
}

// get sends a GET for path through c and returns the status, failing the
// test on a transport error.
func get(t *testing.T, c *http.Client, url string) int {
	t.Helper()
	resp, err := c.Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// makeJWT builds an unsigned-looking JWS compact token from header and
// claims JSON (the signature is not checked by Inspect).
func makeJWT(header, claims string) string {
	enc := base64.RawURLEncoding.EncodeToString
	return enc([]byte(header)) + "." + enc([]byte(claims)) + "." + enc([]byte("signature"))
}

// assertNoSecret fails if s contains the test secret.
func assertNoSecret(t *testing.T, what, s string) {
	t.Helper()
	if strings.Contains(s, testSecret) {
		t.Errorf("%s contains the client secret: %s", what, strings.ReplaceAll(s, testSecret, "<SECRET>"))
	}
}
