package auth

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"
)

// Transport is an http.RoundTripper that adds a bearer token from Source to
// requests for the Source's service origin, and to no other.
//
// When the API answers 401, Transport drops the token it used (unless it has
// been replaced already), gets a new one and sends the request once more; a
// request with a body is replayed only if it has GetBody (as requests built
// by http.NewRequest from a bytes or strings reader do).
//
// Unlike most RoundTrippers, Transport turns two statuses into errors, so
// that the caller, which knows nothing of OAuth, shows the right sentence:
// a 401 that survives the replay and any 403 come back as an *Error (inside
// the *url.Error of http.Client), with the status, the WWW-Authenticate
// error and scope, and up to 64 KiB of the body. A 403 is never retried.
//
// Every other error response (status 400 and above) comes back with the
// tokens masked, in its body (cut to 64 KiB) and its headers: the token
// just sent and the last few before it, in every form a server may echo
// them (see Masker). Successful responses pass through untouched.
type Transport struct {
	// Source supplies the tokens. It must not be nil.
	Source *Source

	// Base sends the requests. Nil means http.DefaultTransport.
	Base http.RoundTripper

	sent sentTokens
}

// RoundTrip sends req, authorised when it goes to the service origin.
func (t *Transport) RoundTrip(req *http.Request) (*http.Response, error) {
	s := t.Source
	if s == nil {
		closeBody(req)
		return nil, errors.New("auth: Transport has no Source")
	}
	if s.cfgErr != nil {
		closeBody(req)
		return nil, s.cfgErr
	}
	if t.sent.inURL(req.URL) {
		closeBody(req)
		return nil, errLinkHoldsToken
	}
	if originOfURL(req.URL) != s.origin {
		return t.send(req, "", false)
	}
	tok, err := s.Token(req.Context())
	if err != nil {
		closeBody(req)
		return nil, err
	}
	if t.sent.add(tok.AccessToken); t.sent.inURL(req.URL) {
		closeBody(req)
		return nil, errLinkHoldsToken
	}
	replayable := req.Body == nil || req.Body == http.NoBody || req.GetBody != nil
	resp, err := t.send(req, tok.AccessToken, false)
	if err != nil {
		return nil, err
	}
	switch resp.StatusCode {
	case http.StatusForbidden:
		return nil, apiError(t.masked(resp), tok.AccessToken, false)
	case http.StatusUnauthorized:
	default:
		return t.masked(resp), nil
	}
	s.invalidate(tok, true)
	if !replayable {
		return nil, apiError(t.masked(resp), tok.AccessToken, false)
	}
	drain(resp)
	tok, err = s.Token(req.Context())
	if err != nil {
		return nil, err
	}
	t.sent.add(tok.AccessToken)
	s.mu.Lock()
	s.stats.Replays++
	s.mu.Unlock()
	resp, err = t.send(req, tok.AccessToken, true)
	if err != nil {
		return nil, err
	}
	switch resp.StatusCode {
	case http.StatusUnauthorized:
		return nil, apiError(t.masked(resp), tok.AccessToken, true)
	case http.StatusForbidden:
		return nil, apiError(t.masked(resp), tok.AccessToken, false)
	}
	return t.masked(resp), nil
}

// maxMaskedBody bounds the error bodies read to mask the token in them:
// as much as any reader of an error body keeps (auth's Error, odata's).
const maxMaskedBody = maxErrorBody

// masked masks the tokens sent lately in the body and the headers of an
// error response (a server that echoes the Authorization header, in any
// encoding, must not make odx print the token); successful responses pass
// untouched. The body is cut to maxMaskedBody.
func (t *Transport) masked(resp *http.Response) *http.Response {
	if resp.StatusCode < 400 {
		return resp
	}
	m := t.sent.masker()
	for _, vs := range resp.Header {
		for i, v := range vs {
			vs[i] = m.String(v)
		}
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxMaskedBody))
	resp.Body.Close()
	b = m.Bytes(b)
	var body io.Reader = bytes.NewReader(b)
	if err != nil {
		body = io.MultiReader(body, errReader{err})
	}
	resp.Body = io.NopCloser(body)
	resp.ContentLength = -1
	resp.Header.Del("Content-Length")
	return resp
}

// maxSentTokens is how many of the tokens sent last a Transport masks in
// error responses: the current one and those it replaced, which a server
// may still echo.
const maxSentTokens = 4

// errLinkHoldsToken refuses a request whose URL holds a token: a server
// that puts the token it received into a link (a next page, a related
// entity) would have it shown in messages and sent again in the clear.
var errLinkHoldsToken = &Error{msg: "refused a link that holds the access token: the service put the token it " +
	"received into an address it sent (a hostile or broken service); the token was not sent again"}

// sentTokens remembers the tokens a Transport sent last, newest first, and
// the Maskers of them.
type sentTokens struct {
	mu   sync.Mutex
	toks []string
	m    *Masker // nil when toks changed since it was built
	link *Masker // of the tokens' secret parts, for links; nil likewise
}

// add records tok as the token sent last.
func (st *sentTokens) add(tok string) {
	st.mu.Lock()
	defer st.mu.Unlock()
	if tok == "" || len(st.toks) > 0 && st.toks[0] == tok {
		return
	}
	st.toks = slices.DeleteFunc(st.toks, func(s string) bool { return s == tok })
	st.toks = slices.Insert(st.toks, 0, tok)[:min(len(st.toks)+1, maxSentTokens)]
	st.m, st.link = nil, nil
}

// masker returns the Masker of the tokens sent last.
func (st *sentTokens) masker() *Masker {
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.m == nil {
		st.m = NewMasker(st.toks...)
	}
	return st.m
}

// inURL reports whether u holds a trace of the secret part of a token sent
// lately: of a JWT its signature (its header and claims are shared with
// other JWTs of the issuer, which a URL may legitimately carry), of any
// other token all of it.
func (st *sentTokens) inURL(u *url.URL) bool {
	st.mu.Lock()
	if len(st.toks) == 0 {
		st.mu.Unlock()
		return false
	}
	if st.link == nil {
		parts := make([]string, len(st.toks))
		for i, tok := range st.toks {
			parts[i] = secretPart(tok)
		}
		st.link = NewMasker(parts...)
	}
	m := st.link
	st.mu.Unlock()
	return m.holds(u.String())
}

// secretPart is a JWT's signature when it has one of 16 characters or
// more, else the whole token.
func secretPart(tok string) string {
	if strings.Count(tok, ".") == 2 {
		if sig := tok[strings.LastIndexByte(tok, '.')+1:]; len(sig) >= 16 {
			return sig
		}
	}
	return tok
}

// errReader fails every read with err.
type errReader struct{ err error }

func (r errReader) Read([]byte) (int, error) { return 0, r.err }

// send sends a copy of req with the bearer token (if token is not empty),
// taking a fresh body from GetBody when replaying, and reports the exchange.
func (t *Transport) send(req *http.Request, token string, replay bool) (*http.Response, error) {
	r := req
	if token != "" || replay {
		r = req.Clone(req.Context())
		if replay && req.GetBody != nil {
			body, err := req.GetBody()
			if err != nil {
				return nil, fmt.Errorf("cannot re-read the request body to replay it: %w", err)
			}
			r.Body = body
		}
		if token != "" {
			r.Header.Set("Authorization", "Bearer "+token)
		}
	}
	base := t.Base
	if base == nil {
		base = http.DefaultTransport
	}
	start := time.Now()
	resp, err := base.RoundTrip(r)
	ev := RequestEvent{Method: req.Method, URL: safeURL(req.URL.String()), Duration: time.Since(start),
		Bearer: token != "", Replayed: replay, Err: err}
	if resp != nil {
		ev.Status = resp.StatusCode
	}
	t.Source.emit(ev)
	return resp, err
}

// Client returns an *http.Client whose Transport is a Transport of s over
// Config.HTTPClient's transport. It has no overall timeout (give each
// request a context instead) and refuses redirects that leave the origin of
// the request that was redirected: the bearer token is never sent to another
// origin anyway, and refusing keeps the caller's other headers home too. A
// refused redirect is an error naming both addresses.
func (s *Source) Client() *http.Client {
	return &http.Client{
		Transport:     &Transport{Source: s, Base: s.hc.Transport},
		CheckRedirect: apiRedirectPolicy,
	}
}

func apiRedirectPolicy(req *http.Request, via []*http.Request) error {
	if len(via) >= 10 {
		return errors.New("stopped after 10 redirects")
	}
	prev := via[len(via)-1]
	if sameOrigin(prev.URL, req.URL) {
		return nil
	}
	return &Error{msg: "refused a redirect from " + safeURL(prev.URL.String()) + " to another origin, " +
		safeURL(req.URL.String()) + ": point the service URL at the final address if it is the same service"}
}

// originOf parses raw and returns its normalised origin.
func originOf(raw, what string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", &Error{msg: fmt.Sprintf("%s %s is not an absolute http or https URL: fix it in the configuration",
			what, quote(raw, 200))}
	}
	return originOfURL(u), nil
}

// originOfURL returns scheme://host:port with the default port made
// explicit and scheme and host lower-cased, so equal origins compare equal.
func originOfURL(u *url.URL) string {
	if u == nil {
		return ""
	}
	scheme := strings.ToLower(u.Scheme)
	host := strings.ToLower(strings.TrimSuffix(u.Hostname(), "."))
	port := u.Port()
	if port == "" {
		switch scheme {
		case "http":
			port = "80"
		case "https":
			port = "443"
		}
	}
	return scheme + "://" + net.JoinHostPort(host, port)
}

func sameOrigin(a, b *url.URL) bool { return originOfURL(a) == originOfURL(b) }

// safeURL returns raw without user information, for logs and messages.
func safeURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unparsable URL)"
	}
	u.User = nil
	return escape(u.String())
}

func closeBody(req *http.Request) {
	if req.Body != nil {
		req.Body.Close()
	}
}

// drain reads a little of resp's body, so the connection can be reused, and
// closes it.
func drain(resp *http.Response) {
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()
}
