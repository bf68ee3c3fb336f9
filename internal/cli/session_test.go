package cli

// Faults below the command line, on a session as newSession builds it:
// faults that need a fake clock (retries) or a measured heap (huge bodies).
// After every fault the same session must work again once the fault is
// lifted: no request slot or token is left broken.

import (
	"context"
	"errors"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/odx-dev/odx/odata"
)

// pageAgain checks that s serves the first page of Items once a fault is
// lifted, within a deadline (a leaked request slot would hang).
func pageAgain(t *testing.T, s *Session) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	p, err := s.Client.Page(ctx, odata.Query{Set: "Items", Top: 10})
	if err != nil {
		t.Fatalf("after the fault was lifted: %v; want the first page", err)
	}
	if len(p.Rows) != 10 {
		t.Fatalf("after the fault was lifted: %d rows; want 10", len(p.Rows))
	}
}

func TestFaultRetryStorms(t *testing.T) {
	cases := []struct {
		status     int
		retryAfter string
		storm      int64  // requests answered with status; 0: all of them
		want       string // the error once the tries are used up ("" when the storm ends in time)
	}{
		{429, "1", 2, ""},
		{429, "", 3, ""},
		{429, "1", 0, "the server is busy (HTTP 429)"},
		{429, "", 0, "the server is busy (HTTP 429)"},
		{503, "1", 3, ""},
		{503, "", 2, ""},
		{503, "", 0, "the service is unavailable (HTTP 503)"},
	}
	for _, tc := range cases {
		name := strconv.Itoa(tc.status) + " Retry-After=" + tc.retryAfter + " storm=" + strconv.FormatInt(tc.storm, 10)
		t.Run(name, func(t *testing.T) {
			f := newFaultServer(t, 35)
			h := answer("/Items", tc.status, `{"message":"Please slow down"}`, "Retry-After", tc.retryAfter)
			if tc.storm > 0 {
				h = firstN(tc.storm, h)
			}
			f.setAPI(h)
			s, waits := f.session(t)
			p, err := s.Client.Page(context.Background(), odata.Query{Set: "Items", Top: 10})
			tries := tc.storm + 1
			if tc.want != "" {
				tries = 4
				if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "try again") {
					t.Fatalf("error %v; want %q and advice to try again", err, tc.want)
				}
			} else if err != nil || len(p.Rows) != 10 {
				t.Fatalf("Page: %v; want 10 rows once the storm ended", err)
			}
			wantRequests(t, "API", f.apiReqs.Load(), tries)
			if int64(len(*waits)) != tries-1 {
				t.Fatalf("waited %d times %v; want %d", len(*waits), *waits, tries-1)
			}
			for i, d := range *waits {
				lo, hi := (125*time.Millisecond)<<i, (250*time.Millisecond)<<i // backoff with jitter
				if tc.retryAfter != "" {
					lo, hi = time.Second, time.Second
				}
				if d < lo || d > hi {
					t.Errorf("wait %d was %v; want %v to %v", i+1, d, lo, hi)
				}
			}
			f.setAPI(nil)
			pageAgain(t, s)
		})
	}
}

// streamHuge answers Items with an endless page of rows, generated as it
// is sent, up to total bytes; sent counts what the server managed to write.
func streamHuge(total int64, sent *atomic.Int64) hook {
	return func(w http.ResponseWriter, r *http.Request, _ int64) bool {
		if !strings.HasSuffix(r.URL.Path, "/Items") {
			return false
		}
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"value":[`)
		row := `{"Id":1,"Name":"` + strings.Repeat("x", 100) + `"},`
		chunk := []byte(strings.Repeat(row, (32<<10)/len(row)))
		for sent.Load() < total {
			n, err := w.Write(chunk)
			sent.Add(int64(n))
			if err != nil {
				return true
			}
		}
		io.WriteString(w, `{"Id":0}]}`)
		return true
	}
}

func TestFaultHugeBody(t *testing.T) {
	const body = 200 << 20
	for _, tc := range []struct {
		limit int64
		want  string
	}{{1 << 20, "sent more than 1 MiB"}, {0, "sent more than 64 MiB"}} {
		t.Run(tc.want, func(t *testing.T) {
			f := newFaultServer(t, 35)
			var sent atomic.Int64
			f.setAPI(streamHuge(body, &sent))
			s, _ := f.session(t)
			s.Client.MaxBody = tc.limit
			limit := tc.limit
			if limit == 0 {
				limit = odata.DefaultMaxBody
			}
			ctx := context.Background()
			if _, err := s.Auth.Token(ctx); err != nil {
				t.Fatal(err)
			}
			runtime.GC()
			var before, now runtime.MemStats
			runtime.ReadMemStats(&before)
			var peak atomic.Uint64
			stop := make(chan struct{})
			done := make(chan struct{})
			go func() { // sample the heap every 5 ms while the body streams
				defer close(done)
				tick := time.NewTicker(5 * time.Millisecond)
				defer tick.Stop()
				var m runtime.MemStats
				for {
					runtime.ReadMemStats(&m)
					if m.HeapAlloc > peak.Load() {
						peak.Store(m.HeapAlloc)
					}
					select {
					case <-stop:
						return
					case <-tick.C:
					}
				}
			}()
			_, err := s.Client.Page(ctx, odata.Query{Set: "Items", Top: 10})
			close(stop)
			<-done
			if !errors.Is(err, odata.ErrBodyTooLarge) || !strings.Contains(err.Error(), tc.want) ||
				!strings.Contains(err.Error(), "narrow the query") {
				t.Fatalf("error %v; want %q and advice to narrow the query", err, tc.want)
			}
			growth := int64(peak.Load()) - int64(before.HeapAlloc)
			t.Logf("limit %d MiB: server wrote %d MiB; peak heap growth %d MiB", limit>>20, sent.Load()>>20, growth>>20)
			if s := sent.Load(); s > limit+16<<20 {
				t.Errorf("the server wrote %d MiB before the client stopped; want about the %d MiB limit", s>>20, limit>>20)
			}
			if tc.limit > 0 && growth > 32<<20 {
				t.Errorf("heap grew by %d MiB for a %d MiB limit; want well under the %d MiB body", growth>>20, limit>>20, body>>20)
			}
			runtime.GC()
			runtime.ReadMemStats(&now)
			if kept := int64(now.HeapAlloc) - int64(before.HeapAlloc); kept > 8<<20 {
				t.Errorf("%d MiB of heap still held after the refused body; want it released", kept>>20)
			}
			if growth > body/2 {
				t.Errorf("refusing a %d MiB body at the %d MiB limit grew the heap by %d MiB (sampled peak); want well under the body",
					body>>20, limit>>20, growth>>20)
			}
			f.setAPI(nil)
			pageAgain(t, s)
		})
	}
}

// TestSessionMetadataCache: a profile's session keeps $metadata in the
// user cache directory; a --demo session keeps nothing.
func TestSessionMetadataCache(t *testing.T) {
	faultEnv(t) // XDG_CACHE_HOME is a temporary directory
	dir := filepath.Join(os.Getenv("XDG_CACHE_HOME"), "odx", "metadata")
	cached := func() int {
		entries, err := os.ReadDir(dir)
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			t.Fatal(err)
		}
		return len(entries)
	}
	f := newFaultServer(t, 3)
	s, _ := f.session(t)
	if s.Client.MetadataCache == nil {
		t.Fatal("a profile's session has no $metadata cache; want one in the user cache directory")
	}
	if _, err := s.Client.Metadata(context.Background()); err != nil {
		t.Fatal(err)
	}
	n := cached()
	if n == 0 {
		t.Fatalf("nothing cached in %s after loading $metadata; want the document", dir)
	}
	var out, errb strings.Builder
	e := &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errb, getenv: os.Getenv}
	if code := run(context.Background(), e, []string{"metadata", "--demo"}); code != exitOK {
		t.Fatalf("odx metadata --demo: exit status %d, stderr %q; want 0", code, errb.String())
	}
	if got := cached(); got != n {
		t.Errorf("odx metadata --demo left %d files in the cache (%d before); want none added", got, n)
	}
}

// TestSessionHeaders: a profile's headers and --header go on every request
// to the service and never to the token endpoint; Authorization, Host and
// Content-Length are refused with the reason.
func TestSessionHeaders(t *testing.T) {
	faultEnv(t)
	f := newFaultServer(t, 5)
	var mu sync.Mutex
	var api, token []http.Header
	f.setAPI(func(_ http.ResponseWriter, r *http.Request, _ int64) bool {
		mu.Lock()
		api = append(api, r.Header.Clone())
		mu.Unlock()
		return false
	})
	f.setToken(func(_ http.ResponseWriter, r *http.Request, _ int64) bool {
		mu.Lock()
		token = append(token, r.Header.Clone())
		mu.Unlock()
		return false
	})
	cfg := filepath.Join(t.TempDir(), "config.toml")
	toml := "[profiles.graph]\ninstance = \"" + f.URL + "\"\nclient_id = \"" + faultClientID + "\"\nheaders = { ConsistencyLevel = \"eventual\", X-Team = \"a\" }\n"
	if err := os.WriteFile(cfg, []byte(toml), 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := f.cli(t, "get", "Items", "--count", "--config", cfg, "--header", "x-team: b")
	if code != exitOK {
		t.Fatalf("exit status %d, stderr %q; want 0", code, stderr)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(api) != 2 || len(token) != 1 {
		t.Fatalf("%d API and %d token requests; want 2 ($count, the page) and 1", len(api), len(token))
	}
	for i, h := range api {
		if h.Get("ConsistencyLevel") != "eventual" || h.Get("X-Team") != "b" || len(h.Values("X-Team")) != 1 {
			t.Errorf("API request %d: ConsistencyLevel %q, X-Team %q; want eventual and b (the flag's)", i, h.Get("ConsistencyLevel"), h.Values("X-Team"))
		}
	}
	if h := token[0]; h.Get("ConsistencyLevel") != "" || h.Get("X-Team") != "" {
		t.Errorf("the token request carried %v; want none of the extra headers", h)
	}
	for _, tc := range []struct{ flag, want string }{
		{"Authorization: Bearer x", "the header Authorization (--header) cannot be set: odx sends the bearer token itself"},
		{"host: evil", "the header Host (--header) cannot be set: the host comes from the service root"},
		{"Content-Length: 1", "the header Content-Length (--header) cannot be set"},
	} {
		code, _, stderr := f.cli(t, "get", "Items", "--header", tc.flag)
		if code != exitUsage || !strings.Contains(stderr, tc.want) {
			t.Errorf("--header %q: exit %d, stderr %q; want %d and %q", tc.flag, code, stderr, exitUsage, tc.want)
		}
	}
}
