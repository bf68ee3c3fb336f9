package odata

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Tests of the deprecated MetadataWithCache layout (dirCache): what is
// written to the cache directory, revalidation, damaged entries.

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
