package odata

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// metadataServer serves doc at /svc/$metadata, sending the given validators
// and answering conditional requests with 304 when they match. It records
// the conditional headers of every request.
type metadataServer struct {
	*httptest.Server
	doc           []byte
	etag, lastMod string

	mu       sync.Mutex
	requests []http.Header
	full     int // 200 responses
}

func newMetadataServer(t *testing.T, doc []byte, etag, lastMod string) *metadataServer {
	s := &metadataServer{doc: doc, etag: etag, lastMod: lastMod}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/svc/$metadata" {
			http.NotFound(w, r)
			return
		}
		s.mu.Lock()
		s.requests = append(s.requests, r.Header.Clone())
		s.mu.Unlock()
		if s.etag != "" {
			w.Header().Set("ETag", s.etag)
		}
		if s.lastMod != "" {
			w.Header().Set("Last-Modified", s.lastMod)
		}
		if (s.etag != "" && r.Header.Get("If-None-Match") == s.etag) ||
			(s.etag == "" && s.lastMod != "" && r.Header.Get("If-Modified-Since") == s.lastMod) {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		s.mu.Lock()
		s.full++
		s.mu.Unlock()
		w.Header().Set("Content-Type", "application/xml")
		w.Write(s.doc)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *metadataServer) counts() (requests, full int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.requests), s.full
}

func (s *metadataServer) header(i int, name string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requests[i].Get(name)
}

func (s *metadataServer) client(t *testing.T) *Client {
	c, err := NewClient(s.URL+"/svc/", s.Client())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// fetchSets reads $metadata through the cache in dir ("" for none) in the
// layout of MetadataWithCache, and counts the entity sets.
func fetchSets(t *testing.T, c *Client, dir string) int {
	t.Helper()
	c.MetadataCache = nil
	if dir != "" {
		c.MetadataCache = dirCache(dir)
	}
	m, err := c.Metadata(context.Background())
	if err != nil {
		t.Fatalf("Metadata: %v", err)
	}
	return len(m.EntitySets())
}

func cacheFiles(t *testing.T, dir string) []string {
	t.Helper()
	entries, _ := os.ReadDir(dir)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

func TestMetadataCacheETag(t *testing.T) {
	doc := openFixture(t, "trippin.xml")
	s := newMetadataServer(t, doc, `W/"v1"`, "")
	dir := t.TempDir()
	c := s.client(t)
	if n := fetchSets(t, c, dir); n != 4 {
		t.Fatalf("first fetch: %d sets; want 4", n)
	}
	if got := s.header(0, "Accept"); got != "application/xml" {
		t.Errorf("Accept = %q; want application/xml", got)
	}
	if got := s.header(0, "If-None-Match"); got != "" {
		t.Errorf("first request sent If-None-Match %q; want none", got)
	}
	files := cacheFiles(t, dir)
	if len(files) != 2 || !strings.HasSuffix(files[0], ".body") || !strings.HasSuffix(files[1], ".json") {
		t.Fatalf("cache dir holds %v; want one .body and one .json", files)
	}
	body, _ := os.ReadFile(filepath.Join(dir, files[0]))
	if string(body) != string(doc) {
		t.Errorf("cached body is %d bytes; want the %d bytes served", len(body), len(doc))
	}
	sidecar, _ := os.ReadFile(filepath.Join(dir, files[1]))
	for _, want := range []string{`"etag": "W/\"v1\""`, `"size": 18716`, `"fetched"`, `"sha256"`} {
		if !strings.Contains(string(sidecar), want) {
			t.Errorf("sidecar %s lacks %s", sidecar, want)
		}
	}

	// A second client (a new run of odx) revalidates and gets a 304.
	if n := fetchSets(t, s.client(t), dir); n != 4 {
		t.Fatalf("second fetch: %d sets; want 4", n)
	}
	if got := s.header(1, "If-None-Match"); got != `W/"v1"` {
		t.Errorf("second request If-None-Match = %q; want W/\"v1\"", got)
	}
	if req, full := s.counts(); req != 2 || full != 1 {
		t.Errorf("requests, full bodies = %d, %d; want 2, 1", req, full)
	}

	// The document changes: the server's new ETag no longer matches.
	s.etag = `"v2"`
	fetchSets(t, c, dir)
	if req, full := s.counts(); req != 3 || full != 2 {
		t.Errorf("after a change: requests, full bodies = %d, %d; want 3, 2", req, full)
	}
	sidecar, _ = os.ReadFile(filepath.Join(dir, files[1]))
	if !strings.Contains(string(sidecar), `"etag": "\"v2\""`) {
		t.Errorf("sidecar after the change = %s; want the new ETag", sidecar)
	}
}

func TestMetadataCacheLastModified(t *testing.T) {
	const lm = "Wed, 21 Oct 2026 07:28:00 GMT"
	s := newMetadataServer(t, openFixture(t, "northwind-v4.xml"), "", lm)
	dir := t.TempDir()
	fetchSets(t, s.client(t), dir)
	if n := fetchSets(t, s.client(t), dir); n != 26 {
		t.Errorf("from cache: %d sets; want 26", n)
	}
	if got := s.header(1, "If-Modified-Since"); got != lm {
		t.Errorf("If-Modified-Since = %q; want %q", got, lm)
	}
	if got := s.header(1, "If-None-Match"); got != "" {
		t.Errorf("If-None-Match = %q; want none (no ETag was sent)", got)
	}
	if req, full := s.counts(); req != 2 || full != 1 {
		t.Errorf("requests, full bodies = %d, %d; want 2, 1", req, full)
	}
}

func TestMetadataCorruptCache(t *testing.T) {
	tests := []struct {
		name    string
		corrupt func(body, sidecar string, cache MetadataCache, key string)
	}{
		{"body changed", func(body, _ string, _ MetadataCache, _ string) {
			os.WriteFile(body, []byte("<edmx:Edmx>garbage"), 0o600)
		}},
		{"body flipped, same size", func(body, _ string, _ MetadataCache, _ string) {
			b, _ := os.ReadFile(body)
			b[len(b)/2] ^= 1
			os.WriteFile(body, b, 0o600)
		}},
		{"body missing", func(body, _ string, _ MetadataCache, _ string) { os.Remove(body) }},
		{"sidecar not JSON", func(_, sidecar string, _ MetadataCache, _ string) { os.WriteFile(sidecar, []byte("{"), 0o600) }},
		{"valid hash, unparsable body", func(_, _ string, cache MetadataCache, key string) {
			// A consistent entry whose body is not metadata: only parsing
			// after the 304 can tell.
			w, err := cache.Store(key, CacheValidators{ETag: `"abc"`})
			if err != nil {
				t.Fatal(err)
			}
			w.Write([]byte("<html>proxy error</html>"))
			if err := w.Commit(); err != nil {
				t.Fatal(err)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newMetadataServer(t, openFixture(t, "trippin.xml"), `"abc"`, "")
			dir := t.TempDir()
			fetchSets(t, s.client(t), dir)
			files := cacheFiles(t, dir)
			tt.corrupt(filepath.Join(dir, files[0]), filepath.Join(dir, files[1]), dirCache(dir), s.client(t).Root().Redacted())
			if n := fetchSets(t, s.client(t), dir); n != 4 {
				t.Errorf("after corruption: %d sets; want 4", n)
			}
			if _, full := s.counts(); full != 2 {
				t.Errorf("full bodies = %d; want 2 (the damaged entry refetched)", full)
			}
			// The refetch repaired the entry: the next run is a 304.
			fetchSets(t, s.client(t), dir)
			if req, full := s.counts(); full != 2 {
				t.Errorf("after repair: requests, full bodies = %d, %d; want the third to be a 304", req, full)
			}
		})
	}
}

func TestMetadataWithoutValidators(t *testing.T) {
	s := newMetadataServer(t, openFixture(t, "trippin.xml"), "", "")
	dir := t.TempDir()
	fetchSets(t, s.client(t), dir)
	fetchSets(t, s.client(t), dir)
	if req, full := s.counts(); req != 2 || full != 2 {
		t.Errorf("requests, full bodies = %d, %d; want 2, 2", req, full)
	}
	if got := s.header(1, "If-None-Match") + s.header(1, "If-Modified-Since"); got != "" {
		t.Errorf("conditional headers %q sent without validators", got)
	}
	if files := cacheFiles(t, dir); len(files) != 0 {
		t.Errorf("cache dir holds %v; want nothing (no validator to revalidate with)", files)
	}
}

func TestMetadataNoCacheDir(t *testing.T) {
	s := newMetadataServer(t, openFixture(t, "trippin.xml"), `"x"`, "")
	c := s.client(t)
	fetchSets(t, c, "")
	fetchSets(t, c, "")
	if got := s.header(1, "If-None-Match"); got != "" {
		t.Errorf("If-None-Match = %q with the cache disabled; want none", got)
	}
}

func TestMetadataErrors(t *testing.T) {
	s := newMetadataServer(t, openFixture(t, "trippin.xml"), `"x"`, "")
	c := s.client(t)
	c.MaxBody = 1000
	dir := t.TempDir()
	_, err := c.MetadataWithCache(context.Background(), dir)
	if err == nil || !strings.Contains(err.Error(), "larger than 1000 bytes") || !strings.Contains(err.Error(), "MaxBody") {
		t.Errorf("error = %v; want one that names the 1000-byte limit and MaxBody", err)
	}
	if files := cacheFiles(t, dir); len(files) != 0 {
		t.Errorf("cache dir holds %v after a failed fetch; want nothing", files)
	}

	bad := newMetadataServer(t, []byte("<html><body>Sign in</body></html>"), `"x"`, "")
	_, err = bad.client(t).MetadataWithCache(context.Background(), dir)
	if err == nil || !strings.Contains(err.Error(), `root element is "html"`) {
		t.Errorf("error = %v; want the not-metadata error", err)
	}

	missing, _ := NewClient(s.URL+"/nowhere/", s.Client())
	if _, err := missing.MetadataWithCache(context.Background(), ""); err == nil {
		t.Error("a 404 gave no error")
	}

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := s.client(t).MetadataWithCache(ctx, ""); err == nil {
		t.Error("a cancelled context gave no error")
	}
}

func TestDefaultMetadataCacheDir(t *testing.T) {
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	t.Setenv("HOME", t.TempDir())
	t.Setenv("LocalAppData", t.TempDir())
	dir, err := DefaultMetadataCacheDir()
	if err != nil {
		t.Fatalf("DefaultMetadataCacheDir with HOME, XDG_CACHE_HOME and LocalAppData set: %v", err)
	}
	if !strings.HasSuffix(dir, filepath.Join("odx", "metadata")) {
		t.Errorf("DefaultMetadataCacheDir() = %q; want …/odx/metadata", dir)
	}
}

// memCache is a MetadataCache in memory that logs what the client did.
type memCache struct {
	mu      sync.Mutex
	docs    map[string][]byte
	vals    map[string]CacheValidators
	log     []string
	failAt  int // a writer fails after this many bytes; 0 never
	removed int
}

func newMemCache() *memCache {
	return &memCache{docs: map[string][]byte{}, vals: map[string]CacheValidators{}}
}

func (c *memCache) Load(key string) ([]byte, CacheValidators, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	d, ok := c.docs[key]
	c.log = append(c.log, "load")
	return d, c.vals[key], ok
}

func (c *memCache) Store(key string, v CacheValidators) (CacheWriter, error) {
	c.mu.Lock()
	c.log = append(c.log, "store "+v.ETag)
	c.mu.Unlock()
	return &memWriter{c: c, key: key, v: v}, nil
}

func (c *memCache) Remove(key string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.log = append(c.log, "remove")
	delete(c.docs, key)
}

func (c *memCache) record(s string) {
	c.mu.Lock()
	c.log = append(c.log, s)
	c.mu.Unlock()
}

type memWriter struct {
	c   *memCache
	key string
	v   CacheValidators
	buf []byte
}

func (w *memWriter) Write(p []byte) (int, error) {
	if w.c.failAt > 0 && len(w.buf)+len(p) > w.c.failAt {
		return 0, errors.New("disk full")
	}
	w.buf = append(w.buf, p...)
	return len(p), nil
}

func (w *memWriter) Commit() error {
	w.c.mu.Lock()
	defer w.c.mu.Unlock()
	w.c.log = append(w.c.log, "commit")
	w.c.docs[w.key], w.c.vals[w.key] = w.buf, w.v
	return nil
}

func (w *memWriter) Abort() { w.c.record("abort") }

func TestMetadataCacheInterface(t *testing.T) {
	doc := openFixture(t, "trippin.xml")
	tests := []struct {
		name    string
		etag    string
		failAt  int
		maxBody int64
		runs    int
		log     string // what the cache saw over all runs
		full    int    // full bodies served
		wantErr bool
	}{
		{"stored then revalidated", `"v1"`, 0, 0, 2, `load store "v1" commit load`, 1, false},
		{"no validators", "", 0, 0, 2, "load remove load remove", 2, false},
		{"writer fails", `"v1"`, 100, 0, 2, `load store "v1" abort load store "v1" abort`, 2, false},
		{"too large", `"v1"`, 0, 1000, 1, `load store "v1" abort`, 1, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newMetadataServer(t, doc, tt.etag, "")
			cache := newMemCache()
			cache.failAt = tt.failAt
			for range tt.runs {
				c := s.client(t)
				c.MetadataCache = cache
				c.MaxBody = tt.maxBody
				m, err := c.Metadata(context.Background())
				if tt.wantErr != (err != nil) {
					t.Fatalf("Metadata: got %v; want error %v", err, tt.wantErr)
				}
				if err == nil && len(m.EntitySets()) != 4 {
					t.Errorf("got %d sets; want 4", len(m.EntitySets()))
				}
			}
			if got := strings.Join(cache.log, " "); got != tt.log {
				t.Errorf("cache calls: got %q; want %q", got, tt.log)
			}
			if _, full := s.counts(); full != tt.full {
				t.Errorf("full bodies: got %d; want %d", full, tt.full)
			}
			for key, d := range cache.docs {
				if key != s.URL+"/svc/" || string(d) != string(doc) || cache.vals[key].Fetched.IsZero() {
					t.Errorf("stored under %q %d bytes, fetched %v; want the root, the whole document, a time",
						key, len(d), cache.vals[key].Fetched)
				}
			}
		})
	}
}
