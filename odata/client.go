package odata

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
)

// DefaultMaxBody is the largest response body a Client reads before it gives
// up with an error, so a runaway server cannot exhaust memory.
const DefaultMaxBody = 64 << 20

// Client talks to one OData service. Its HTTP client carries authentication
// (for odx, auth's transport); Client itself never sees a token.
type Client struct {
	// HTTP sends every request. It must not be nil.
	HTTP *http.Client

	// MaxBody caps the bytes read from one response body; zero means
	// DefaultMaxBody.
	MaxBody int64

	root *url.URL
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
	}
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

// get sends a GET for u with the given Accept header (and extra headers) and
// returns the response when its status is 2xx or 304; any other status is
// turned into an error and the body is closed.
//
// PLACEHOLDER: the client work replaces this with retries on 429/503, one
// request in flight per client, and typed error decoding.
func (c *Client) get(ctx context.Context, u *url.URL, accept string, hdr http.Header) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, err
	}
	for k, v := range hdr {
		req.Header[k] = v
	}
	req.Header.Set("Accept", accept)
	req.Header.Set("OData-MaxVersion", "4.0")
	resp, err := c.HTTP.Do(req)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode/100 == 2 || resp.StatusCode == http.StatusNotModified {
		return resp, nil
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
	return nil, fmt.Errorf("odata: %s: HTTP %d", u.Redacted(), resp.StatusCode)
}
