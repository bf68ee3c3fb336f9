package odata

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
)

// DefaultMaxBody is the largest response body a Client reads before it gives
// up with an error, so a runaway server cannot exhaust memory.
const DefaultMaxBody = 64 << 20

// DefaultPageSize is the $top a Client sends when neither the Query nor the
// Client sets one.
const DefaultPageSize = 100

// Client talks to one OData service. Its HTTP client carries authentication
// (for odx, auth's transport); Client itself never sees a token.
//
// A Client sends one request at a time: ERP.net serves one request per
// session and answers the rest with 429, so concurrent calls wait for their
// turn (or for their context to end). Create a Client with NewClient.
type Client struct {
	// HTTP sends every request. It must not be nil.
	HTTP *http.Client

	// MaxBody caps the bytes read from one response body; zero means
	// DefaultMaxBody.
	MaxBody int64

	// PageSize is the $top sent when a Query has none; zero means
	// DefaultPageSize.
	PageSize int

	// Retry governs retries of 429 and 503 responses.
	Retry RetryPolicy

	// Header holds extra headers sent on every request (a profile's
	// headers, odx's --header: ConsistencyLevel for Graph, a Prefer of
	// Dataverse's), names as given. A Prefer here joins the one a request
	// sends (odata.maxpagesize); an OData-MaxVersion or
	// MaxDataServiceVersion replaces the Client's; Accept is always the
	// Client's own. Set it before the first request.
	Header http.Header

	// MetadataCache, when not nil, keeps $metadata documents between runs
	// (see Metadata). Nil means no cache: every Metadata call fetches the
	// whole document.
	MetadataCache MetadataCache

	root *url.URL

	dmu      sync.Mutex
	dialect  *Dialect // set by SetDialect
	detected *Dialect // from the last model Metadata read

	semOnce sync.Once
	sem     chan struct{} // one request in flight
	queued  atomic.Int32  // callers waiting for sem (tests watch it)

	skipRefused atomic.Bool // the server answered $skip with 400 (SkipRefused)
	inlineCount atomic.Bool // the server refused /$count: count inline (Count)
}

// NewClient returns a client for the service whose root is serviceRoot
// (for ERP.net, https://{instance}/api/domain/odata/).
func NewClient(serviceRoot string, hc *http.Client) (*Client, error) {
	u, err := url.Parse(serviceRoot)
	if err != nil || u.Scheme == "" || u.Host == "" {
		return nil, fmt.Errorf("odata: service root %q is not an absolute URL", serviceRoot)
	}
	if !strings.HasSuffix(u.Path, "/") {
		u.Path += "/"
		if u.RawPath != "" {
			u.RawPath += "/"
		}
	}
	u.RawQuery, u.Fragment = "", ""
	if hc == nil {
		hc = http.DefaultClient
	}
	return &Client{HTTP: hc, root: u}, nil
}

// Root returns a copy of the service root URL (always ending in "/").
func (c *Client) Root() *url.URL {
	u := *c.root
	return &u
}

func (c *Client) maxBody() int64 {
	if c.MaxBody > 0 {
		return c.MaxBody
	}
	return DefaultMaxBody
}

func (c *Client) pageSize() int {
	if c.PageSize > 0 {
		return c.PageSize
	}
	return DefaultPageSize
}

// acquire takes the client's single request slot, or gives up when ctx ends.
func (c *Client) acquire(ctx context.Context) error {
	c.semOnce.Do(func() { c.sem = make(chan struct{}, 1) })
	select {
	case c.sem <- struct{}{}:
		return nil
	default:
	}
	c.queued.Add(1)
	defer c.queued.Add(-1)
	select {
	case c.sem <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (c *Client) release() { <-c.sem }

// get sends a GET for u with the given Accept header (and extra headers) and
// returns the response when its status is 2xx or 304. Any other status
// becomes an *Error and the body is closed; 429 and 503 are first retried
// as c.Retry says.
//
// Only one request is in flight per Client: the slot taken here is given
// back when the returned body is closed or read to its end, so the caller
// must close it. Reading more than MaxBody bytes from the body fails with
// an error wrapping ErrBodyTooLarge.
func (c *Client) get(ctx context.Context, u *url.URL, accept string, hdr http.Header) (*http.Response, error) {
	tries := c.Retry.tries()
	for attempt := 0; ; attempt++ {
		if err := c.acquire(ctx); err != nil {
			return nil, err
		}
		resp, err := c.send(ctx, u, accept, hdr)
		if err != nil {
			c.release()
			return nil, err
		}
		if resp.StatusCode/100 == 2 || resp.StatusCode == http.StatusNotModified {
			lb := &limitedBody{rc: resp.Body, max: c.maxBody(), release: c.release, url: u}
			if resp.ContentLength > lb.max {
				// Refused before reading a byte: the server said how big it is.
				resp.Body.Close()
				c.release()
				return nil, lb.tooLarge()
			}
			resp.Body = lb
			return resp, nil
		}
		raw, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
		resp.Body.Close()
		c.release()
		e := decodeError(resp.StatusCode, resp.Header.Get("Content-Type"), raw)
		e.Set, e.Entity = c.setOf(u), c.entityOf(u)
		if d, ok := c.Retry.retryAfter(resp.Header.Get("Retry-After")); ok {
			e.RetryAfter = d
		}
		if !retryable(resp.StatusCode) || attempt+1 >= tries {
			return nil, e
		}
		if err := c.Retry.sleep(ctx, c.Retry.wait(attempt, resp.Header.Get("Retry-After"))); err != nil {
			return nil, err
		}
	}
}

func (c *Client) send(ctx context.Context, u *url.URL, accept string, hdr http.Header) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, fmt.Errorf("odata: cannot build a request for %s: %w", u.Redacted(), err)
	}
	c.setHeaders(req.Header, accept, hdr)
	resp, err := c.HTTP.Do(req)
	if err != nil {
		return nil, transportError(u, err)
	}
	return resp, nil
}

// setHeaders fills h with a request's headers: the Client's own, hdr (the
// request's), and c.Header (see Client.Header).
func (c *Client) setHeaders(h http.Header, accept string, hdr http.Header) {
	for k, v := range hdr {
		h[k] = v
	}
	h.Set("Accept", accept)
	h.Set("OData-MaxVersion", "4.0")
	h.Set("MaxDataServiceVersion", "2.0")
	for k, v := range c.Header {
		switch canon := http.CanonicalHeaderKey(k); canon {
		case "Accept":
			continue
		case "Prefer":
			if own := h.Values("Prefer"); len(own) > 0 {
				h.Set("Prefer", strings.Join(append(slices.Clone(v), own...), ", "))
				continue
			}
			h.Del(canon)
		default:
			h.Del(canon) // the Client's own, replaced
		}
		h[k] = v
	}
}

// setOf returns the first path segment of u below the service root with
// any key removed: the entity set a request addressed, or "".
func (c *Client) setOf(u *url.URL) string {
	p, ok := strings.CutPrefix(u.Path, c.root.Path)
	if !ok || !sameOrigin(u, c.root) {
		return ""
	}
	p, _, _ = strings.Cut(p, "/")
	p, _, _ = strings.Cut(p, "(")
	if p == "" || strings.HasPrefix(p, "$") {
		return ""
	}
	return oneLine(p, 120)
}

// entityOf returns the path of u below the service root when it is one
// segment that addresses an entity by key (Set(key)), else "": the record
// a 404 did not find.
func (c *Client) entityOf(u *url.URL) string {
	p, ok := strings.CutPrefix(u.Path, c.root.Path)
	if !ok || !sameOrigin(u, c.root) || strings.Contains(p, "/") {
		return ""
	}
	if i := strings.IndexByte(p, '('); i <= 0 || !strings.HasSuffix(p, ")") || strings.HasPrefix(p, "$") {
		return ""
	}
	return oneLine(p, 160)
}

// resolve turns a link from the server or the caller (absolute, or relative
// to the service root) into an absolute URL and refuses one whose origin is
// not the service root's.
func (c *Client) resolve(link string) (*url.URL, error) {
	ref, err := url.Parse(strings.TrimSpace(link))
	if err != nil {
		return nil, fmt.Errorf("odata: the link %q is not a valid URL: %w", oneLine(link, 120), err)
	}
	u := c.root.ResolveReference(ref)
	if !sameOrigin(u, c.root) {
		return nil, fmt.Errorf("%w: %s is not on %s, so odx will not follow it (the token would leave the service)",
			ErrForeignLink, oneLine(u.Scheme+"://"+u.Host, 120), c.root.Scheme+"://"+c.root.Host)
	}
	return u, nil
}

// sameOrigin compares scheme, host and port, with default ports made explicit.
func sameOrigin(a, b *url.URL) bool {
	return strings.EqualFold(a.Scheme, b.Scheme) &&
		strings.EqualFold(a.Hostname(), b.Hostname()) && port(a) == port(b)
}

func port(u *url.URL) string {
	if p := u.Port(); p != "" {
		return p
	}
	switch strings.ToLower(u.Scheme) {
	case "https":
		return "443"
	case "http":
		return "80"
	}
	return ""
}

// limitedBody is a response body that fails once more than max bytes have
// been read and gives the client's request slot back when closed or
// exhausted.
type limitedBody struct {
	rc      io.ReadCloser
	n, max  int64
	release func()
	once    sync.Once
	url     *url.URL
}

func (b *limitedBody) Read(p []byte) (int, error) {
	if b.n > b.max {
		return 0, b.tooLarge()
	}
	if rest := b.max + 1 - b.n; int64(len(p)) > rest {
		p = p[:rest]
	}
	n, err := b.rc.Read(p)
	b.n += int64(n)
	if b.n > b.max {
		return n - int(b.n-b.max), b.tooLarge()
	}
	if err != nil {
		b.done()
	}
	return n, err
}

func (b *limitedBody) tooLarge() error {
	return fmt.Errorf("%w: %s%s sent more than %s; narrow the query with $select, $filter or a smaller $top",
		ErrBodyTooLarge, b.url.Host, b.url.EscapedPath(), byteSize(b.max))
}

func (b *limitedBody) done() { b.once.Do(b.release) }

func (b *limitedBody) Close() error {
	err := b.rc.Close()
	b.done()
	return err
}

// byteSize formats n bytes for a message.
func byteSize(n int64) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d bytes", n)
}
