package odata

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
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

func TestMetadataErrors(t *testing.T) {
	s := newMetadataServer(t, openFixture(t, "trippin.xml"), `"x"`, "")
	c := s.client(t)
	c.MaxBody = 1000
	cache := newMemCache()
	c.MetadataCache = cache
	_, err := c.Metadata(context.Background())
	if err == nil || !strings.Contains(err.Error(), "larger than 1000 bytes") || !strings.Contains(err.Error(), "MaxBody") {
		t.Errorf("error = %v; want one that names the 1000-byte limit and MaxBody", err)
	}
	if len(cache.docs) != 0 {
		t.Errorf("the cache holds %d documents after a failed fetch; want none", len(cache.docs))
	}

	bad := newMetadataServer(t, []byte("<html><body>Sign in</body></html>"), `"x"`, "")
	bc := bad.client(t)
	bc.MetadataCache = cache
	_, err = bc.Metadata(context.Background())
	if err == nil || !strings.Contains(err.Error(), `root element is "html"`) {
		t.Errorf("error = %v; want the not-metadata error", err)
	}

	missing, _ := NewClient(s.URL+"/nowhere/", s.Client())
	if _, err := missing.Metadata(context.Background()); err == nil {
		t.Error("a 404 gave no error")
	}

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := s.client(t).Metadata(ctx); err == nil {
		t.Error("a cancelled context gave no error")
	}
}

// memCache is a MetadataCache in memory that logs what the client did.
type memCache struct {
	mu     sync.Mutex
	docs   map[string][]byte
	vals   map[string]CacheValidators
	log    []string
	failAt int // a writer fails after this many bytes; 0 never
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

// fetchSets reads $metadata through cache (nil: none) and counts its sets.
func fetchSets(t *testing.T, c *Client, cache MetadataCache) int {
	t.Helper()
	c.MetadataCache = cache
	m, err := c.Metadata(context.Background())
	if err != nil {
		t.Fatalf("Metadata: %v", err)
	}
	return len(m.EntitySets())
}

func TestMetadataCacheLastModified(t *testing.T) {
	const lm = "Wed, 21 Oct 2026 07:28:00 GMT"
	s := newMetadataServer(t, openFixture(t, "northwind-v4.xml"), "", lm)
	cache := newMemCache()
	fetchSets(t, s.client(t), cache)
	if n := fetchSets(t, s.client(t), cache); n != 26 {
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

func TestMetadataWithoutValidators(t *testing.T) {
	s := newMetadataServer(t, openFixture(t, "trippin.xml"), "", "")
	cache := newMemCache()
	fetchSets(t, s.client(t), cache)
	fetchSets(t, s.client(t), cache)
	if req, full := s.counts(); req != 2 || full != 2 {
		t.Errorf("requests, full bodies = %d, %d; want 2, 2", req, full)
	}
	if got := s.header(1, "If-None-Match") + s.header(1, "If-Modified-Since"); got != "" {
		t.Errorf("conditional headers %q sent without validators", got)
	}
	if len(cache.docs) != 0 {
		t.Errorf("the cache holds %d documents; want none (no validator to revalidate with)", len(cache.docs))
	}
}

func TestMetadataNoCache(t *testing.T) {
	s := newMetadataServer(t, openFixture(t, "trippin.xml"), `"x"`, "")
	c := s.client(t)
	fetchSets(t, c, nil)
	fetchSets(t, c, nil)
	if got := s.header(1, "If-None-Match"); got != "" {
		t.Errorf("If-None-Match = %q with no cache; want none", got)
	}
}
