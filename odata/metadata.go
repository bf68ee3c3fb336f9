package odata

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"
)

// MetadataCache stores raw $metadata documents between runs, keyed by
// service root, so that an unchanged document costs a 304 and a local
// parse. The application gives one to a Client (Client.MetadataCache); the
// odx state package keeps them on disk. A cache must be safe for use by
// several Clients at once. Caching is an optimisation: a cache that fails
// never fails a Metadata call.
type MetadataCache interface {
	// Load returns the document stored under key and the validators it
	// was stored with; ok is false when there is none, or when the entry
	// is damaged (the cache removes it then).
	Load(key string) (doc []byte, v CacheValidators, ok bool)

	// Store begins storing a new document under key: the Client writes
	// the body to the returned writer while it parses it, then calls
	// Commit when the whole document parsed, else Abort. Until Commit, a
	// Load sees the previous entry.
	Store(key string, v CacheValidators) (CacheWriter, error)

	// Remove deletes the entry stored under key, if any.
	Remove(key string)
}

// CacheValidators are what a cached document is revalidated with: the
// server's ETag and Last-Modified headers (at least one is set), and when
// the document was fetched.
type CacheValidators struct {
	ETag         string
	LastModified string
	Fetched      time.Time
}

// CacheWriter receives a document being stored by a MetadataCache.
type CacheWriter interface {
	io.Writer
	// Commit makes the written document the entry, atomically.
	Commit() error
	// Abort discards what was written.
	Abort()
}

// Metadata fetches the service's metadata document ({root}$metadata, asked
// for as XML) and parses it with ParseMetadata, streaming. With a
// MetadataCache the raw document is cached and revalidated with the
// validators the server sent (If-None-Match, If-Modified-Since), so an
// unchanged document costs a 304 and a local parse; a cached copy that no
// longer parses is removed and the document fetched again. A document
// without validators is not cached. The body is limited to MaxBody. On
// success the model also sets the client's Dialect (unless SetDialect
// pinned one).
func (c *Client) Metadata(ctx context.Context) (*Model, error) {
	return c.metadataFrom(ctx, c.MetadataCache)
}

func (c *Client) metadataFrom(ctx context.Context, cache MetadataCache) (*Model, error) {
	u := c.Root()
	u.Path += "$metadata"
	u.RawPath = ""
	key := c.Root().Redacted()
	var ent *cached
	if cache != nil {
		if doc, v, ok := cache.Load(key); ok && (v.ETag != "" || v.LastModified != "") {
			ent = &cached{doc: doc, v: v}
		}
	}
	m, err := c.fetchMetadata(ctx, u, cache, key, ent)
	if errors.Is(err, errStaleCache) { // the cached copy failed to parse
		m, err = c.fetchMetadata(ctx, u, cache, key, nil)
	}
	if err == nil {
		c.detect(m)
	}
	return m, err
}

var errStaleCache = errors.New("odata: the cached metadata document does not parse")

// cached is a document from the cache.
type cached struct {
	doc []byte
	v   CacheValidators
}

func (c *Client) fetchMetadata(ctx context.Context, u *url.URL, cache MetadataCache, key string, ent *cached) (*Model, error) {
	hdr := http.Header{}
	if ent != nil {
		if ent.v.ETag != "" {
			hdr.Set("If-None-Match", ent.v.ETag)
		}
		if ent.v.LastModified != "" {
			hdr.Set("If-Modified-Since", ent.v.LastModified)
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
		m, err := ParseMetadata(bytes.NewReader(ent.doc))
		if err != nil {
			cache.Remove(key)
			return nil, errStaleCache
		}
		return m, nil
	}
	body := &limitedReader{r: resp.Body, n: c.maxBody()}
	v := CacheValidators{ETag: resp.Header.Get("ETag"), LastModified: resp.Header.Get("Last-Modified"), Fetched: time.Now().UTC()}
	var w CacheWriter
	if cache != nil {
		if v.ETag == "" && v.LastModified == "" {
			cache.Remove(key) // nothing to revalidate with
		} else if cw, err := cache.Store(key, v); err == nil {
			w = cw
		}
	}
	if w == nil {
		m, err := ParseMetadata(body)
		return m, c.metadataError(u, body, err)
	}
	qw := &quietWriter{w: w}
	m, err := ParseMetadata(io.TeeReader(body, qw))
	if err == nil {
		_, err = io.Copy(io.Discard, io.TeeReader(body, qw)) // trailing bytes, so the copy is whole
		if err != nil {
			err = fmt.Errorf("odata: reading metadata: %w", err)
		}
	}
	if err != nil || qw.failed {
		w.Abort()
	} else {
		_ = w.Commit() // a cache that cannot keep the document costs a full fetch next time, nothing more
	}
	if err != nil {
		return nil, c.metadataError(u, body, err)
	}
	return m, nil
}

// quietWriter passes writes to a CacheWriter until one fails, then
// swallows the rest, so that a full disk never fails the fetch.
type quietWriter struct {
	w      CacheWriter
	failed bool
}

func (q *quietWriter) Write(p []byte) (int, error) {
	if !q.failed {
		if _, err := q.w.Write(p); err != nil {
			q.failed = true
		}
	}
	return len(p), nil
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
