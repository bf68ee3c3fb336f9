package state

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"hash"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/odx-dev/odx/odata"
)

// Defaults of a MetadataCache's pruning.
const (
	// DefaultMaxEntries is how many documents a MetadataCache keeps.
	DefaultMaxEntries = 20
	// DefaultMaxAge is how long an entry unused is kept.
	DefaultMaxAge = 30 * 24 * time.Hour
	// strayAge is how old a temporary file of an interrupted write must
	// be before pruning removes it (a younger one may be in use).
	strayAge = time.Hour
)

// MetadataCache keeps raw $metadata documents on disk between runs, one
// entry per service root: a body file and a JSON sidecar holding the
// validators, the size and the SHA-256 of the body, both named by a hash of
// the root and written atomically. A damaged entry is removed when loaded.
// Every Store prunes the directory: entries not used (loaded or stored) for
// MaxAge go, then the least recently used beyond MaxEntries, and stray
// temporary files. It is an odata.MetadataCache; several odx processes may
// share the directory.
type MetadataCache struct {
	dir string

	// MaxEntries is how many entries are kept; zero means
	// DefaultMaxEntries.
	MaxEntries int

	// MaxAge is how long an entry is kept after its last use; zero means
	// DefaultMaxAge.
	MaxAge time.Duration

	// Clock tells the time of loads and stores; nil means time.Now.
	Clock func() time.Time
}

var _ odata.MetadataCache = (*MetadataCache)(nil)

// NewMetadataCache returns a cache in dir, which is created (mode 0700)
// on the first Store.
func NewMetadataCache(dir string) *MetadataCache {
	return &MetadataCache{dir: dir}
}

// DefaultMetadataCacheDir returns where odx caches $metadata documents:
// os.UserCacheDir()/odx/metadata.
func DefaultMetadataCacheDir() (string, error) {
	dir, err := os.UserCacheDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, "odx", "metadata"), nil
}

// sidecar is the JSON file beside a cached body.
type sidecar struct {
	URL          string    `json:"url"`
	ETag         string    `json:"etag,omitempty"`
	LastModified string    `json:"last_modified,omitempty"`
	Fetched      time.Time `json:"fetched"`
	Size         int64     `json:"size"`
	SHA256       string    `json:"sha256"`
}

const (
	bodyExt = ".body"
	metaExt = ".json"
)

// name returns the file name stem of key's entry.
func name(key string) string {
	sum := sha256.Sum256([]byte(key))
	return hex.EncodeToString(sum[:16])
}

func (c *MetadataCache) path(key, ext string) string {
	return filepath.Join(c.dir, name(key)+ext)
}

func (c *MetadataCache) now() time.Time {
	if c.Clock != nil {
		return c.Clock()
	}
	return time.Now()
}

// Load returns the document stored for key. An entry whose sidecar does
// not parse, has no validator, or disagrees with the body's size or hash
// is removed. A hit counts as a use: it keeps the entry from pruning.
func (c *MetadataCache) Load(key string) ([]byte, odata.CacheValidators, bool) {
	raw, err := os.ReadFile(c.path(key, metaExt))
	if err != nil {
		return nil, odata.CacheValidators{}, false
	}
	var m sidecar
	if json.Unmarshal(raw, &m) != nil || (m.ETag == "" && m.LastModified == "") {
		c.Remove(key)
		return nil, odata.CacheValidators{}, false
	}
	body, err := os.ReadFile(c.path(key, bodyExt))
	sum := sha256.Sum256(body)
	if err != nil || int64(len(body)) != m.Size || hex.EncodeToString(sum[:]) != m.SHA256 {
		c.Remove(key)
		return nil, odata.CacheValidators{}, false
	}
	now := c.now()
	_ = os.Chtimes(c.path(key, metaExt), now, now) // last use, for pruning
	return body, odata.CacheValidators{ETag: m.ETag, LastModified: m.LastModified, Fetched: m.Fetched}, true
}

// Remove deletes key's entry.
func (c *MetadataCache) Remove(key string) {
	os.Remove(c.path(key, metaExt))
	os.Remove(c.path(key, bodyExt))
}

// Store begins writing a new body for key; Commit puts it and its sidecar
// in place and prunes the directory.
func (c *MetadataCache) Store(key string, v odata.CacheValidators) (odata.CacheWriter, error) {
	if err := os.MkdirAll(c.dir, 0o700); err != nil {
		return nil, err
	}
	f, err := Create(c.path(key, bodyExt), 0o600)
	if err != nil {
		return nil, err
	}
	return &metaWriter{c: c, key: key, f: f, hash: sha256.New(),
		meta: sidecar{URL: key, ETag: v.ETag, LastModified: v.LastModified, Fetched: v.Fetched}}, nil
}

// metaWriter streams a body to its atomic file, hashing and counting it.
type metaWriter struct {
	c    *MetadataCache
	key  string
	f    *AtomicFile
	hash hash.Hash
	meta sidecar
}

func (w *metaWriter) Write(p []byte) (int, error) {
	n, err := w.f.Write(p)
	w.hash.Write(p[:n])
	w.meta.Size += int64(n)
	return n, err
}

func (w *metaWriter) Abort() { w.f.Abort() }

// Commit renames the body into place, then writes the sidecar: a crash in
// between leaves a sidecar that disagrees with the body, which Load
// removes.
func (w *metaWriter) Commit() error {
	if err := w.f.Commit(); err != nil {
		return err
	}
	w.meta.SHA256 = hex.EncodeToString(w.hash.Sum(nil))
	raw, err := json.MarshalIndent(w.meta, "", "  ")
	if err == nil {
		err = WriteFile(w.c.path(w.key, metaExt), raw, 0o600)
	}
	if err != nil {
		w.c.Remove(w.key)
		return err
	}
	now := w.c.now()
	_ = os.Chtimes(w.c.path(w.key, metaExt), now, now)
	w.c.prune()
	return nil
}

// prune removes entries unused for MaxAge, then the least recently used
// beyond MaxEntries, bodies without a sidecar and stale temporary files.
func (c *MetadataCache) prune() {
	maxN, maxAge := c.MaxEntries, c.MaxAge
	if maxN <= 0 {
		maxN = DefaultMaxEntries
	}
	if maxAge <= 0 {
		maxAge = DefaultMaxAge
	}
	files, err := os.ReadDir(c.dir)
	if err != nil {
		return
	}
	now := c.now()
	type entry struct {
		stem string
		used time.Time
	}
	var live []entry
	hasMeta := map[string]bool{}
	for _, f := range files {
		n := f.Name()
		info, err := f.Info()
		if err != nil || !f.Type().IsRegular() {
			continue
		}
		switch {
		case strings.HasSuffix(n, ".tmp") && strings.HasPrefix(n, "."):
			if now.Sub(info.ModTime()) > strayAge {
				os.Remove(filepath.Join(c.dir, n))
			}
		case strings.HasSuffix(n, metaExt):
			stem := strings.TrimSuffix(n, metaExt)
			hasMeta[stem] = true
			if now.Sub(info.ModTime()) > maxAge {
				c.removeStem(stem)
				continue
			}
			live = append(live, entry{stem, info.ModTime()})
		}
	}
	for _, f := range files {
		if n := f.Name(); strings.HasSuffix(n, bodyExt) && !hasMeta[strings.TrimSuffix(n, bodyExt)] {
			if info, err := f.Info(); err == nil && now.Sub(info.ModTime()) > strayAge {
				os.Remove(filepath.Join(c.dir, n)) // a body whose sidecar was never written
			}
		}
	}
	if len(live) <= maxN {
		return
	}
	slices.SortFunc(live, func(a, b entry) int { return b.used.Compare(a.used) }) // newest first
	for _, e := range live[maxN:] {
		c.removeStem(e.stem)
	}
}

func (c *MetadataCache) removeStem(stem string) {
	os.Remove(filepath.Join(c.dir, stem+metaExt))
	os.Remove(filepath.Join(c.dir, stem+bodyExt))
}
