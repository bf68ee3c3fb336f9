package auth

import (
	"context"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"

	"golang.org/x/oauth2"
)

// maxTokenBody is the most of a token response that is read, the same limit
// golang.org/x/oauth2 applies.
const maxTokenBody = 1 << 20

// fetch asks the grant for a new token and caches it. It runs inside the
// single flight, under a context of its own that carries the HTTP client
// the grant must use (oauth2.HTTPClient): one that refuses cross-origin
// redirects and records the answer, so that a failure can be explained.
func (s *Source) fetch() (*oauth2.Token, error) {
	ctx, cancel := context.WithTimeout(context.Background(), s.timeout)
	defer cancel()
	obs := &observer{}
	ctx = context.WithValue(ctx, oauth2.HTTPClient, tokenClient(s.hc, obs))

	start := time.Now()
	tok, err := s.grant.Token(ctx)
	took := time.Since(start)
	status, _, _, _ := obs.result()
	if err == nil && (tok == nil || tok.AccessToken == "") {
		err = &Error{Status: status, msg: "the grant returned no access token: check token_url"}
	}
	if err != nil {
		err = s.classifyTokenError(ctx, err, obs)
		s.emit(RequestEvent{TokenRequest: true, Method: http.MethodPost, URL: safeURL(s.opt.TokenURL),
			Status: status, Duration: took, Err: err})
		s.mu.Lock()
		s.stats.FetchFailures++
		s.mu.Unlock()
		return nil, err
	}
	s.emit(RequestEvent{TokenRequest: true, Method: http.MethodPost, URL: safeURL(s.opt.TokenURL),
		Status: status, Duration: took})
	tok.Expiry = expiryOf(tok, start)
	s.store(tok, start, took)
	return tok, nil
}

// tokenClient returns the client a grant sends token requests with: hc's
// transport (observed by obs when it is not nil), timeout and cookie jar,
// with redirects kept to the token endpoint's origin.
func tokenClient(hc *http.Client, obs *observer) *http.Client {
	base := hc.Transport
	if base == nil {
		base = http.DefaultTransport
	}
	if obs != nil {
		base = &observingTransport{base: base, obs: obs}
	}
	return &http.Client{
		Transport:     base,
		Timeout:       hc.Timeout,
		Jar:           hc.Jar,
		CheckRedirect: tokenRedirectPolicy,
	}
}

// expiryOf decides when tok expires: from expires_in when the server sent
// it (or the JWT's exp if that is earlier but still ahead: exp counts from
// a whole second, so it can fall before now+expires_in); otherwise from the
// JWT's lifetime (exp − iat, counted from now so a skewed clock does no
// harm) or its exp; otherwise after assumedLifetime.
func expiryOf(tok *oauth2.Token, now time.Time) time.Time {
	c := parseJWT(tok.AccessToken)
	if !tok.Expiry.IsZero() && tok.Expiry.After(now) {
		if c.exp != nil && c.exp.After(now) && c.exp.Before(tok.Expiry) {
			return *c.exp
		}
		return tok.Expiry
	}
	switch {
	case c.exp != nil && c.iat != nil && c.exp.After(*c.iat):
		return now.Add(c.exp.Sub(*c.iat))
	case c.exp != nil && c.exp.After(now):
		return *c.exp
	}
	return now.Add(assumedLifetime)
}

// tokenRedirectPolicy follows a token request's redirect only within the
// same origin: the form body carries the client secret.
func tokenRedirectPolicy(req *http.Request, via []*http.Request) error {
	if len(via) >= 10 {
		return &Error{msg: "the token endpoint redirected more than 10 times: check token_url"}
	}
	prev := via[len(via)-1]
	if sameOrigin(prev.URL, req.URL) {
		return nil
	}
	return &Error{msg: "the token endpoint " + safeURL(prev.URL.String()) + " redirected to another origin, " +
		safeURL(req.URL.String()) + ", which is refused because the request carries the secret: set token_url to the final address"}
}

// observer records what the token endpoint answered, so that errors can be
// classified beyond what golang.org/x/oauth2 reports. The body is kept only
// in memory and only until the error is built.
type observer struct {
	mu       sync.Mutex
	status   int
	ctype    string
	body     []byte
	tooLarge bool
}

func (o *observer) result() (status int, ctype string, body []byte, tooLarge bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.status, o.ctype, o.body, o.tooLarge
}

type observingTransport struct {
	base http.RoundTripper
	obs  *observer
}

func (t *observingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := t.base.RoundTrip(req)
	if err != nil {
		return resp, err
	}
	t.obs.mu.Lock()
	t.obs.status = resp.StatusCode
	t.obs.ctype = resp.Header.Get("Content-Type")
	t.obs.body = t.obs.body[:0]
	t.obs.tooLarge = resp.ContentLength > maxTokenBody
	t.obs.mu.Unlock()
	resp.Body = &observedBody{rc: resp.Body, obs: t.obs}
	return resp, nil
}

// observedBody copies what is read (up to maxTokenBody) and, on Close,
// checks whether more than maxTokenBody bytes were sent.
type observedBody struct {
	rc  io.ReadCloser
	obs *observer
	n   int64
}

func (b *observedBody) Read(p []byte) (int, error) {
	n, err := b.rc.Read(p)
	b.obs.mu.Lock()
	if room := maxTokenBody - len(b.obs.body); room > 0 {
		b.obs.body = append(b.obs.body, p[:min(n, room)]...)
	}
	b.obs.mu.Unlock()
	b.n += int64(n)
	return n, err
}

func (b *observedBody) Close() error {
	if b.n >= maxTokenBody {
		var one [1]byte
		if n, _ := io.ReadFull(b.rc, one[:]); n > 0 {
			b.obs.mu.Lock()
			b.obs.tooLarge = true
			b.obs.mu.Unlock()
		}
	}
	return b.rc.Close()
}

// looksHTML reports whether a response is an HTML page.
func looksHTML(ctype string, body []byte) bool {
	ct := strings.ToLower(ctype)
	if strings.Contains(ct, "html") {
		return true
	}
	t := strings.TrimLeft(string(body[:min(len(body), 512)]), " \t\r\n\ufeff")
	return strings.HasPrefix(t, "<")
}
