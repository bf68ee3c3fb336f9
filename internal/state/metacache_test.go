package state

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/odx-dev/odx/odata"
)

const testDoc = `<?xml version="1.0"?>
<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">
  <edmx:DataServices>
    <Schema Namespace="Shop" xmlns="http://docs.oasis-open.org/odata/ns/edm">
      <EntityType Name="Order"><Key><PropertyRef Name="Id"/></Key><Property Name="Id" Type="Edm.Int32" Nullable="false"/></EntityType>
      <EntityContainer Name="C"><EntitySet Name="Orders" EntityType="Shop.Order"/></EntityContainer>
    </Schema>
  </edmx:DataServices>
</edmx:Edmx>`

// metadataServer serves testDoc with an ETag and answers a matching
// If-None-Match with 304; it counts full bodies.
func metadataServer(t *testing.T, etag string) (*httptest.Server, *atomic.Int64, *atomic.Value) {
	var full atomic.Int64
	var inm atomic.Value
	inm.Store("")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		inm.Store(r.Header.Get("If-None-Match"))
		w.Header().Set("ETag", etag)
		if r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		full.Add(1)
		w.Header().Set("Content-Type", "application/xml")
		fmt.Fprint(w, testDoc)
	}))
	t.Cleanup(srv.Close)
	return srv, &full, &inm
}

func metadataVia(t *testing.T, srv *httptest.Server, cache *MetadataCache) {
	t.Helper()
	c, err := odata.NewClient(srv.URL+"/svc/", srv.Client())
	if err != nil {
		t.Fatal(err)
	}
	c.MetadataCache = cache
	m, err := c.Metadata(context.Background())
	if err != nil {
		t.Fatalf("Metadata: %v", err)
	}
	if len(m.EntitySets()) != 1 {
		t.Fatalf("got %d entity sets; want 1", len(m.EntitySets()))
	}
}

func TestMetadataCacheRevalidates(t *testing.T) {
	srv, full, inm := metadataServer(t, `W/"v1"`)
	dir := filepath.Join(t.TempDir(), "odx", "metadata")
	metadataVia(t, srv, NewMetadataCache(dir))
	files := leftovers(t, dir)
	if len(files) != 2 || !strings.HasSuffix(files[0], ".body") || !strings.HasSuffix(files[1], ".json") {
		t.Fatalf("cache dir holds %v; want one .body and one .json", files)
	}
	body, _ := os.ReadFile(filepath.Join(dir, files[0]))
	if string(body) != testDoc {
		t.Errorf("cached body is %d bytes; want the %d served", len(body), len(testDoc))
	}
	raw, _ := os.ReadFile(filepath.Join(dir, files[1]))
	var side sidecar
	if err := json.Unmarshal(raw, &side); err != nil || side.ETag != `W/"v1"` || side.Size != int64(len(testDoc)) ||
		side.URL != srv.URL+"/svc/" || len(side.SHA256) != 64 || side.Fetched.IsZero() {
		t.Errorf("sidecar %s (%v); want the ETag, size, root, hash and fetch time", raw, err)
	}
	for _, f := range files {
		if fi, _ := os.Stat(filepath.Join(dir, f)); fi.Mode().Perm() != 0o600 {
			t.Errorf("%s: mode %v; want 0600", f, fi.Mode().Perm())
		}
	}
	if fi, _ := os.Stat(dir); fi.Mode().Perm() != 0o700 {
		t.Errorf("cache dir mode %v; want 0700", fi.Mode().Perm())
	}

	// A new run: conditional request, 304, parse from disk.
	metadataVia(t, srv, NewMetadataCache(dir))
	if got := inm.Load(); got != `W/"v1"` {
		t.Errorf("second run sent If-None-Match %q; want W/\"v1\"", got)
	}
	if full.Load() != 1 {
		t.Errorf("full bodies: got %d; want 1", full.Load())
	}
}

func TestMetadataCacheDamagedEntries(t *testing.T) {
	tests := []struct {
		name   string
		damage func(body, side string)
	}{
		{"body changed", func(body, _ string) { os.WriteFile(body, []byte("<edmx:Edmx>garbage"), 0o600) }},
		{"body flipped, same size", func(body, _ string) {
			b, _ := os.ReadFile(body)
			b[len(b)/2] ^= 1
			os.WriteFile(body, b, 0o600)
		}},
		{"body missing", func(body, _ string) { os.Remove(body) }},
		{"sidecar not JSON", func(_, side string) { os.WriteFile(side, []byte("{"), 0o600) }},
		{"sidecar without validators", func(_, side string) {
			raw, _ := os.ReadFile(side)
			var s sidecar
			json.Unmarshal(raw, &s)
			s.ETag = ""
			raw, _ = json.Marshal(s)
			os.WriteFile(side, raw, 0o600)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			c := NewMetadataCache(dir)
			store(t, c, "https://a.example.test/odata/", testDoc)
			files := leftovers(t, dir)
			tt.damage(filepath.Join(dir, files[0]), filepath.Join(dir, files[1]))
			if doc, _, ok := c.Load("https://a.example.test/odata/"); ok {
				t.Errorf("Load of a damaged entry: got %d bytes; want a miss", len(doc))
			}
			if left := leftovers(t, dir); len(left) != 0 {
				t.Errorf("the damaged entry left %v; want it removed", left)
			}
		})
	}
}

// store puts doc under key as the odata client would.
func store(t *testing.T, c *MetadataCache, key, doc string) {
	t.Helper()
	w, err := c.Store(key, odata.CacheValidators{ETag: `"e"`, Fetched: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write([]byte(doc)); err != nil {
		t.Fatal(err)
	}
	if err := w.Commit(); err != nil {
		t.Fatal(err)
	}
}

func TestMetadataCachePrunes(t *testing.T) {
	dir := t.TempDir()
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	c := NewMetadataCache(dir)
	c.MaxEntries, c.MaxAge = 3, 48*time.Hour
	c.Clock = func() time.Time { return now }
	key := func(i int) string { return fmt.Sprintf("http://127.0.0.1:%d/api/domain/odata/", 40000+i) }
	for i := range 5 { // five demo runs, an hour apart
		store(t, c, key(i), testDoc)
		now = now.Add(time.Hour)
	}
	if got := present(c, 5, key); !slices.Equal(got, []int{2, 3, 4}) {
		t.Errorf("after 5 stores with room for 3: got %v; want [2 3 4]", got)
	}
	// Using entry 2 makes it newer than 3, so the next store drops 3.
	if _, _, ok := c.Load(key(2)); !ok {
		t.Fatal("entry 2 is gone")
	}
	now = now.Add(time.Hour)
	store(t, c, key(5), testDoc)
	if got := present(c, 6, key); !slices.Equal(got, []int{2, 4, 5}) {
		t.Errorf("after using 2 and storing 5: got %v; want [2 4 5]", got)
	}
	// Two days later only what was stored then survives.
	now = now.Add(49 * time.Hour)
	stray := filepath.Join(dir, ".abc.body.123.tmp")
	os.WriteFile(stray, []byte("half"), 0o600)
	os.Chtimes(stray, now.Add(-2*time.Hour), now.Add(-2*time.Hour))
	young := filepath.Join(dir, ".def.body.456.tmp")
	os.WriteFile(young, []byte("in use"), 0o600)
	os.Chtimes(young, now, now)
	store(t, c, key(6), testDoc)
	if got := present(c, 7, key); !slices.Equal(got, []int{6}) {
		t.Errorf("after 49 h: got %v; want [6]", got)
	}
	if _, err := os.Stat(stray); err == nil {
		t.Errorf("a temporary file two hours old survived pruning")
	}
	if _, err := os.Stat(young); err != nil {
		t.Errorf("a fresh temporary file was pruned: %v", err)
	}
}

// present lists which of keys 0…n-1 have a loadable entry, without
// touching them.
func present(c *MetadataCache, n int, key func(int) string) []int {
	var out []int
	for i := range n {
		if _, err := os.Stat(c.path(key(i), metaExt)); err == nil {
			out = append(out, i)
		}
	}
	return out
}

func TestMetadataCacheAbort(t *testing.T) {
	dir := t.TempDir()
	c := NewMetadataCache(dir)
	store(t, c, "k", testDoc)
	w, err := c.Store("k", odata.CacheValidators{ETag: `"new"`})
	if err != nil {
		t.Fatal(err)
	}
	w.Write([]byte("<edmx:Edmx partial"))
	if doc, v, ok := c.Load("k"); !ok || string(doc) != testDoc || v.ETag != `"e"` {
		t.Errorf("during a store: got %v, %q; want the previous entry", ok, v.ETag)
	}
	w.Abort()
	if doc, _, ok := c.Load("k"); !ok || string(doc) != testDoc {
		t.Errorf("after Abort: got %v; want the previous entry", ok)
	}
	if left := leftovers(t, dir); len(left) != 2 {
		t.Errorf("after Abort the directory holds %v; want the entry's two files", left)
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
		t.Errorf("got %q; want …/odx/metadata", dir)
	}
}
