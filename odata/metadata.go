package odata

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"time"
)

// DefaultMetadataCacheDir returns the directory Metadata caches documents
// in: os.UserCacheDir()/odx/metadata.
func DefaultMetadataCacheDir() (string, error) {
	dir, err := os.UserCacheDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, "odx", "metadata"), nil
}

// Metadata fetches the service's metadata document ({root}$metadata, asked
// for as XML) and parses it with ParseMetadata. The raw document is cached
// in DefaultMetadataCacheDir and revalidated with the validators the server
// sent (ETag, Last-Modified), so an unchanged document costs a 304 and a
// local parse. When no cache directory can be determined it fetches without
// caching.
func (c *Client) Metadata(ctx context.Context) (*Model, error) {
	dir, err := DefaultMetadataCacheDir()
	if err != nil {
		dir = ""
	}
	return c.MetadataWithCache(ctx, dir)
}

// MetadataWithCache is Metadata with the cache in dir ("" disables the
// cache). An entry is two files named by a hash of the service root: the
// body (.body) and a JSON sidecar (.json) with ETag, Last-Modified, fetch
// time, size and SHA-256. Both are written atomically (temporary file, then
// rename). An entry that is damaged or no longer parses is deleted and the
// document fetched again; a failure to write the cache is not an error.
// The body is limited to the client's MaxBody.
func (c *Client) MetadataWithCache(ctx context.Context, dir string) (*Model, error) {
	u := c.Root()
	u.Path += "$metadata"
	u.RawPath = ""
	var key string
	var ent *cacheEntry
	if dir != "" {
		sum := sha256.Sum256([]byte(c.Root().String()))
		key = hex.EncodeToString(sum[:16])
		ent = loadCache(dir, key)
	}
	m, err := c.fetchMetadata(ctx, u, dir, key, ent)
	if errors.Is(err, errStaleCache) { // the cached copy failed to parse
		m, err = c.fetchMetadata(ctx, u, dir, key, nil)
	}
	if err == nil {
		c.detect(m)
	}
	return m, err
}

var errStaleCache = errors.New("odata: the cached metadata document does not parse")

func (c *Client) fetchMetadata(ctx context.Context, u *url.URL, dir, key string, ent *cacheEntry) (*Model, error) {
	hdr := http.Header{}
	if ent != nil {
		if ent.meta.ETag != "" {
			hdr.Set("If-None-Match", ent.meta.ETag)
		}
		if ent.meta.LastModified != "" {
			hdr.Set("If-Modified-Since", ent.meta.LastModified)
		}
	}
	resp, err := c.get(ctx, u, "application/xml", hdr)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode == http.StatusNotModified {
		if ent == nil {
			return nil, fmt.Errorf("odata: %s answered 304 Not Modified to an unconditional request; the server or a proxy is misbehaving", u.Redacted())
		}
		m, err := ParseMetadata(bytes.NewReader(ent.body))
		if err != nil {
			removeCache(dir, key)
			return nil, errStaleCache
		}
		return m, nil
	}
	body := &limitedReader{r: resp.Body, n: c.maxBody()}
	etag, lastMod := resp.Header.Get("ETag"), resp.Header.Get("Last-Modified")
	if dir == "" || (etag == "" && lastMod == "") {
		if dir != "" {
			removeCache(dir, key) // nothing to revalidate with
		}
		m, err := ParseMetadata(body)
		return m, c.metadataError(u, body, err)
	}
	w := newCacheWriter(dir, key)
	m, err := ParseMetadata(io.TeeReader(body, w))
	if err == nil {
		_, err = io.Copy(io.Discard, io.TeeReader(body, w)) // trailing bytes, so the copy is whole
		if err != nil {
			err = fmt.Errorf("odata: reading metadata: %w", err)
		}
	}
	if err != nil {
		w.abort()
		return nil, c.metadataError(u, body, err)
	}
	w.commit(cacheMeta{URL: c.Root().Redacted(), ETag: etag, LastModified: lastMod, Fetched: time.Now().UTC()})
	return m, nil
}

// metadataError turns a failure at the size limit into advice; other
// errors pass. Reaching the limit counts whoever noticed (this reader or the
// client's own body limit).
func (c *Client) metadataError(u *url.URL, body *limitedReader, err error) error {
	if err != nil && (errors.Is(err, errBodyTooLarge) || body.n <= 0) {
		return fmt.Errorf("odata: %s is larger than %d bytes; raise Client.MaxBody to read it", u.Redacted(), c.maxBody())
	}
	return err
}

var errBodyTooLarge = errors.New("response body exceeds the size limit")

// limitedReader is io.LimitReader that fails, rather than stopping
// quietly, when the body goes past the limit.
type limitedReader struct {
	r io.Reader
	n int64
}

func (l *limitedReader) Read(p []byte) (int, error) {
	if l.n <= 0 {
		var one [1]byte
		n, err := l.r.Read(one[:])
		if n > 0 {
			return 0, errBodyTooLarge
		}
		if err == nil {
			err = io.ErrNoProgress
		}
		return 0, err
	}
	if int64(len(p)) > l.n {
		p = p[:l.n]
	}
	n, err := l.r.Read(p)
	l.n -= int64(n)
	return n, err
}

// cacheMeta is the JSON sidecar of a cached document.
type cacheMeta struct {
	URL          string    `json:"url"`
	ETag         string    `json:"etag,omitempty"`
	LastModified string    `json:"last_modified,omitempty"`
	Fetched      time.Time `json:"fetched"`
	Size         int64     `json:"size"`
	SHA256       string    `json:"sha256"`
}

type cacheEntry struct {
	meta cacheMeta
	body []byte
}

// loadCache returns the entry for key, or nil when there is none. A
// damaged entry (unreadable sidecar, size or hash mismatch, no validator)
// is deleted.
func loadCache(dir, key string) *cacheEntry {
	raw, err := os.ReadFile(filepath.Join(dir, key+".json"))
	if err != nil {
		return nil
	}
	var e cacheEntry
	if json.Unmarshal(raw, &e.meta) != nil || (e.meta.ETag == "" && e.meta.LastModified == "") {
		removeCache(dir, key)
		return nil
	}
	e.body, err = os.ReadFile(filepath.Join(dir, key+".body"))
	sum := sha256.Sum256(e.body)
	if err != nil || int64(len(e.body)) != e.meta.Size || hex.EncodeToString(sum[:]) != e.meta.SHA256 {
		removeCache(dir, key)
		return nil
	}
	return &e
}

func removeCache(dir, key string) {
	os.Remove(filepath.Join(dir, key+".json"))
	os.Remove(filepath.Join(dir, key+".body"))
}

// cacheWriter streams a body to a temporary file while it is parsed; commit
// renames it into place and writes the sidecar. Any failure disables it
// quietly: caching is an optimisation.
type cacheWriter struct {
	dir, key string
	f        *os.File
	hash     hash.Hash
	size     int64
}

func newCacheWriter(dir, key string) *cacheWriter {
	w := &cacheWriter{dir: dir, key: key, hash: sha256.New()}
	if os.MkdirAll(dir, 0o700) == nil {
		w.f, _ = os.CreateTemp(dir, key+".*.tmp")
	}
	return w
}

// Write never fails, so that a full disk does not fail the fetch.
func (w *cacheWriter) Write(p []byte) (int, error) {
	if w.f != nil {
		if _, err := w.f.Write(p); err != nil {
			w.abort()
		}
	}
	w.hash.Write(p)
	w.size += int64(len(p))
	return len(p), nil
}

func (w *cacheWriter) abort() {
	if w.f != nil {
		w.f.Close()
		os.Remove(w.f.Name())
		w.f = nil
	}
}

func (w *cacheWriter) commit(meta cacheMeta) {
	if w.f == nil {
		return
	}
	tmp := w.f.Name()
	err := w.f.Close()
	w.f = nil
	if err != nil || os.Rename(tmp, filepath.Join(w.dir, w.key+".body")) != nil {
		os.Remove(tmp)
		return
	}
	meta.Size = w.size
	meta.SHA256 = hex.EncodeToString(w.hash.Sum(nil))
	raw, _ := json.MarshalIndent(meta, "", "  ")
	f, err := os.CreateTemp(w.dir, w.key+".*.tmp")
	if err != nil {
		return
	}
	_, err = f.Write(raw)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil || os.Rename(f.Name(), filepath.Join(w.dir, w.key+".json")) != nil {
		os.Remove(f.Name())
	}
}
