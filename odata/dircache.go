package odata

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"hash"
	"os"
	"path/filepath"
	"time"
)

// DefaultMetadataCacheDir returns os.UserCacheDir()/odx/metadata.
//
// Deprecated: the application chooses the cache; odx's is
// state.DefaultMetadataCacheDir with state.NewMetadataCache.
func DefaultMetadataCacheDir() (string, error) {
	dir, err := os.UserCacheDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, "odx", "metadata"), nil
}

// MetadataWithCache is Metadata with a cache in dir ("" disables it), in
// the layout odx has always used: per service root, a body file and a JSON
// sidecar with the validators, size and SHA-256. It never prunes.
//
// Deprecated: set Client.MetadataCache (odx: state.NewMetadataCache(dir))
// and call Metadata.
func (c *Client) MetadataWithCache(ctx context.Context, dir string) (*Model, error) {
	var cache MetadataCache
	if dir != "" {
		cache = dirCache(dir)
	}
	return c.metadataFrom(ctx, cache)
}

// dirCache is the MetadataCache behind MetadataWithCache.
type dirCache string

// dirMeta is the JSON sidecar of a cached document.
type dirMeta struct {
	URL          string    `json:"url"`
	ETag         string    `json:"etag,omitempty"`
	LastModified string    `json:"last_modified,omitempty"`
	Fetched      time.Time `json:"fetched"`
	Size         int64     `json:"size"`
	SHA256       string    `json:"sha256"`
}

func (d dirCache) path(key, ext string) string {
	sum := sha256.Sum256([]byte(key))
	return filepath.Join(string(d), hex.EncodeToString(sum[:16])+ext)
}

func (d dirCache) Load(key string) ([]byte, CacheValidators, bool) {
	raw, err := os.ReadFile(d.path(key, ".json"))
	if err != nil {
		return nil, CacheValidators{}, false
	}
	var m dirMeta
	if json.Unmarshal(raw, &m) != nil {
		d.Remove(key)
		return nil, CacheValidators{}, false
	}
	body, err := os.ReadFile(d.path(key, ".body"))
	sum := sha256.Sum256(body)
	if err != nil || int64(len(body)) != m.Size || hex.EncodeToString(sum[:]) != m.SHA256 {
		d.Remove(key)
		return nil, CacheValidators{}, false
	}
	return body, CacheValidators{ETag: m.ETag, LastModified: m.LastModified, Fetched: m.Fetched}, true
}

func (d dirCache) Remove(key string) {
	os.Remove(d.path(key, ".json"))
	os.Remove(d.path(key, ".body"))
}

func (d dirCache) Store(key string, v CacheValidators) (CacheWriter, error) {
	if err := os.MkdirAll(string(d), 0o700); err != nil {
		return nil, err
	}
	f, err := os.CreateTemp(string(d), filepath.Base(d.path(key, ".*.tmp")))
	if err != nil {
		return nil, err
	}
	return &dirWriter{d: d, key: key, f: f, hash: sha256.New(),
		meta: dirMeta{URL: key, ETag: v.ETag, LastModified: v.LastModified, Fetched: v.Fetched}}, nil
}

// dirWriter streams a body to a temporary file; Commit renames it into
// place and writes the sidecar.
type dirWriter struct {
	d    dirCache
	key  string
	f    *os.File
	hash hash.Hash
	meta dirMeta
}

func (w *dirWriter) Write(p []byte) (int, error) {
	n, err := w.f.Write(p)
	w.hash.Write(p[:n])
	w.meta.Size += int64(n)
	return n, err
}

func (w *dirWriter) Abort() {
	w.f.Close()
	os.Remove(w.f.Name())
}

func (w *dirWriter) Commit() error {
	tmp := w.f.Name()
	if err := w.f.Close(); err != nil {
		os.Remove(tmp)
		return err
	}
	if err := os.Rename(tmp, w.d.path(w.key, ".body")); err != nil {
		os.Remove(tmp)
		return err
	}
	w.meta.SHA256 = hex.EncodeToString(w.hash.Sum(nil))
	raw, _ := json.MarshalIndent(w.meta, "", "  ")
	f, err := os.CreateTemp(string(w.d), filepath.Base(w.d.path(w.key, ".*.tmp")))
	if err != nil {
		return err
	}
	_, err = f.Write(raw)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), w.d.path(w.key, ".json"))
	}
	if err != nil {
		os.Remove(f.Name())
	}
	return err
}
