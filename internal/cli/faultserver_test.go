package cli

// The fault server of the fault-injection tests (get_test.go,
// session_test.go, explore_test.go, output_test.go): one
// httptest server that plays both an identity provider (client-credentials
// token endpoint) and an OData service with one set, Items, of N
// deterministic rows paged by $top and $skiptoken. Every fault is a knob: a
// hook that may answer a request in place of the normal handler. The
// client's side of the wire is observed too: clientTransport tells a test
// when the client reads a response body.

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/odx-dev/odx/internal/config"
)

const (
	faultSecret   = "s3cr3t-FAULT-7f9c2e41" // must never reach any output
	faultClientID = "fault.example/odx"
	faultRoot     = "/api/domain/odata/"
)

// hook answers a request in place of the normal handler and reports true,
// or reports false to let the normal handler answer. n counts the requests
// of its kind (token or API) from 1.
type hook func(w http.ResponseWriter, r *http.Request, n int64) bool

type faultServer struct {
	*httptest.Server
	rows int // rows of Items

	mu         sync.Mutex
	tokenHook  hook
	apiHook    hook
	valid      map[string]bool // access tokens the API accepts
	issued     int
	claims     map[string]any      // extra JWT claims
	scope      string              // scope of the token response
	tokenType  string              // token_type of the token response
	rowJSON    func(i int) string  // one row of Items as a JSON object
	setsJSON   string              // the service document, when set
	nextPrefix string              // put before next links ("": relative)
	clientRead func(*http.Request) // called when the client reads the first body bytes of a response

	tokenReqs, apiReqs atomic.Int64
}

func newFaultServer(t *testing.T, rows int) *faultServer {
	t.Helper()
	f := &faultServer{rows: rows, valid: map[string]bool{}, scope: "read", tokenType: "Bearer"}
	mux := http.NewServeMux()
	mux.HandleFunc("/id/connect/token", f.serveToken)
	mux.HandleFunc(faultRoot, f.serveAPI)
	f.Server = httptest.NewServer(mux)
	t.Cleanup(f.Close)
	return f
}

// setToken and setAPI arm (or, with nil, lift) a fault.
func (f *faultServer) setToken(h hook) { f.mu.Lock(); f.tokenHook = h; f.mu.Unlock() }
func (f *faultServer) setAPI(h hook)   { f.mu.Lock(); f.apiHook = h; f.mu.Unlock() }

// setClientRead sets the function called when the client (through
// clientTransport) reads the first bytes of a response body.
func (f *faultServer) setClientRead(fn func(*http.Request)) {
	f.mu.Lock()
	f.clientRead = fn
	f.mu.Unlock()
}

// clientTransport is the bottom transport of the sessions the tests build:
// http.DefaultTransport, reporting the first read of each response body to
// the function set by setClientRead.
func (f *faultServer) clientTransport() http.RoundTripper {
	return roundTripFunc(func(req *http.Request) (*http.Response, error) {
		resp, err := http.DefaultTransport.RoundTrip(req)
		if err == nil && resp.Body != nil {
			resp.Body = &readReporter{ReadCloser: resp.Body, report: func() {
				f.mu.Lock()
				fn := f.clientRead
				f.mu.Unlock()
				if fn != nil {
					fn(req)
				}
			}}
		}
		return resp, err
	})
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (fn roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return fn(r) }

// readReporter calls report once, when the first bytes are read from it.
type readReporter struct {
	io.ReadCloser
	once   sync.Once
	report func()
}

func (r *readReporter) Read(p []byte) (int, error) {
	n, err := r.ReadCloser.Read(p)
	if n > 0 {
		r.once.Do(r.report)
	}
	return n, err
}

// revokeAll makes the API reject every token issued so far (a rotation).
func (f *faultServer) revokeAll() { f.mu.Lock(); clear(f.valid); f.mu.Unlock() }

func (f *faultServer) serveToken(w http.ResponseWriter, r *http.Request) {
	n := f.tokenReqs.Add(1)
	f.mu.Lock()
	h := f.tokenHook
	f.mu.Unlock()
	if h != nil && h(w, r, n) {
		return
	}
	if err := r.ParseForm(); err != nil || r.PostForm.Get("grant_type") != "client_credentials" {
		writeJSON(w, http.StatusBadRequest, `{"error":"unsupported_grant_type"}`)
		return
	}
	if r.PostForm.Get("client_id") != faultClientID || r.PostForm.Get("client_secret") != faultSecret {
		writeJSON(w, http.StatusUnauthorized, `{"error":"invalid_client"}`)
		return
	}
	f.mu.Lock()
	f.issued++
	now := time.Now().Unix()
	claims := map[string]any{"client_id": faultClientID, "scope": f.scope, "iat": now, "exp": now + 3600,
		"jti": strconv.Itoa(f.issued)}
	for k, v := range f.claims {
		claims[k] = v
	}
	tok := mintJWT(claims)
	f.valid[tok] = true
	scope, typ := f.scope, f.tokenType
	f.mu.Unlock()
	body, _ := json.Marshal(map[string]any{"access_token": tok, "token_type": typ, "expires_in": 3600, "scope": scope})
	writeJSON(w, http.StatusOK, string(body))
}

// mintJWT returns a JWT-shaped token (its signature is not a real one: the
// client decodes tokens, it never verifies them).
func mintJWT(claims map[string]any) string {
	head := base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"RS256","typ":"JWT","kid":"fault"}`))
	body, _ := json.Marshal(claims)
	return head + "." + base64.RawURLEncoding.EncodeToString(body) + "." + base64.RawURLEncoding.EncodeToString([]byte("not-a-signature"))
}

func (f *faultServer) serveAPI(w http.ResponseWriter, r *http.Request) {
	n := f.apiReqs.Add(1)
	f.mu.Lock()
	h := f.apiHook
	f.mu.Unlock()
	if h != nil && h(w, r, n) {
		return
	}
	f.mu.Lock()
	ok := f.valid[strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")]
	sets, rowJSON, prefix := f.setsJSON, f.rowJSON, f.nextPrefix
	f.mu.Unlock()
	if !ok {
		w.Header().Set("WWW-Authenticate", `Bearer error="invalid_token"`)
		writeJSON(w, http.StatusUnauthorized, `{"message":"The access token is not valid."}`)
		return
	}
	switch strings.TrimPrefix(r.URL.Path, faultRoot) {
	case "":
		if sets == "" {
			sets = `{"@odata.context":"$metadata","value":[{"name":"Items","kind":"EntitySet","url":"Items"}]}`
		}
		writeJSON(w, http.StatusOK, sets)
	case "$metadata":
		w.Header().Set("Content-Type", "application/xml")
		w.Header().Set("ETag", `"fault-csdl"`) // a validator, so that a cache keeps the document
		io.WriteString(w, faultCSDL)
	case "Items/$count":
		w.Header().Set("Content-Type", "text/plain")
		fmt.Fprint(w, f.rows)
	case "Items":
		q := r.URL.Query()
		skip, _ := strconv.Atoi(q.Get("$skip"))
		tok, _ := strconv.Atoi(q.Get("$skiptoken"))
		top, _ := strconv.Atoi(q.Get("$top"))
		if top <= 0 {
			top = 20
		}
		from, to := min(skip+tok, f.rows), min(skip+tok+top, f.rows)
		var b bytes.Buffer
		b.WriteString(`{"@odata.context":"$metadata#Items","value":[`)
		for i := from; i < to; i++ {
			if i > from {
				b.WriteByte(',')
			}
			if rowJSON != nil {
				b.WriteString(rowJSON(i))
			} else {
				fmt.Fprintf(&b, `{"@odata.id":"Items(%d)","Id":%d,"Name":"Item %d"}`, i, i, i)
			}
		}
		b.WriteByte(']')
		if to < f.rows {
			fmt.Fprintf(&b, `,"@odata.nextLink":"%sItems?$top=%d&$skiptoken=%d"`, prefix, top, to-skip)
		}
		b.WriteByte('}')
		writeJSON(w, http.StatusOK, b.String())
	default:
		writeJSON(w, http.StatusNotFound, `{"error":{"code":"NotFound","message":"No such resource."}}`)
	}
}

const faultCSDL = `<?xml version="1.0" encoding="utf-8"?>
<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx"><edmx:DataServices>
<Schema Namespace="Fault" xmlns="http://docs.oasis-open.org/odata/ns/edm">
<EntityType Name="Item"><Key><PropertyRef Name="Id"/></Key>
<Property Name="Id" Type="Edm.Int32" Nullable="false"/><Property Name="Name" Type="Edm.String"/></EntityType>
<EntityContainer Name="Container"><EntitySet Name="Items" EntityType="Fault.Item"/></EntityContainer>
</Schema></edmx:DataServices></edmx:Edmx>`

func writeJSON(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	io.WriteString(w, body)
}

// answer returns a hook that answers every request whose path ends with
// suffix ("" for all) with status, headers and body.
func answer(suffix string, status int, body string, hdr ...string) hook {
	return func(w http.ResponseWriter, r *http.Request, _ int64) bool {
		if !strings.HasSuffix(r.URL.Path, suffix) {
			return false
		}
		for i := 0; i+1 < len(hdr); i += 2 {
			w.Header().Set(hdr[i], hdr[i+1])
		}
		if w.Header().Get("Content-Type") == "" {
			w.Header().Set("Content-Type", "application/json")
		}
		w.WriteHeader(status)
		io.WriteString(w, body)
		return true
	}
}

// firstN applies h to the first n requests only: a storm that ends.
func firstN(n int64, h hook) hook {
	return func(w http.ResponseWriter, r *http.Request, k int64) bool { return k <= n && h(w, r, k) }
}

// foreign is another origin that records whatever reaches it.
type foreign struct {
	*httptest.Server
	mu     sync.Mutex
	auth   []string // Authorization header of each request
	bodies []string
}

func newForeign(t *testing.T) *foreign {
	t.Helper()
	fo := &foreign{}
	fo.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		fo.mu.Lock()
		fo.auth = append(fo.auth, r.Header.Get("Authorization"))
		fo.bodies = append(fo.bodies, string(b))
		fo.mu.Unlock()
		writeJSON(w, http.StatusOK, `{"value":[{"Id":999,"Name":"from elsewhere"}]}`)
	}))
	t.Cleanup(fo.Close)
	return fo
}

// check fails t if a bearer token or the secret reached the foreign origin.
func (fo *foreign) check(t *testing.T) {
	t.Helper()
	fo.mu.Lock()
	defer fo.mu.Unlock()
	for i, a := range fo.auth {
		if a != "" {
			t.Errorf("the foreign origin received Authorization %q on request %d; want none", a, i+1)
		}
		if strings.Contains(fo.bodies[i], faultSecret) {
			t.Errorf("the foreign origin received the client secret in request %d", i+1)
		}
	}
}

func (fo *foreign) requests() int { fo.mu.Lock(); defer fo.mu.Unlock(); return len(fo.auth) }

// session connects to f as the program does, with a fake sleep for
// retries that records the waits asked for.
func (f *faultServer) session(t *testing.T) (*Session, *[]time.Duration) {
	t.Helper()
	st, err := config.New(f.URL, faultClientID, faultSecret)
	if err != nil {
		t.Fatal(err)
	}
	st.PageSize = 10
	s, err := newSession(context.Background(), st, nil, f.clientTransport())
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	waits := &[]time.Duration{}
	s.Client.Retry.Sleep = func(ctx context.Context, d time.Duration) error {
		mu.Lock()
		*waits = append(*waits, d)
		mu.Unlock()
		return ctx.Err()
	}
	return s, waits
}
