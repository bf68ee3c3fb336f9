package httplog

import (
	"bytes"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/odx-dev/odx/auth"
)

// logBodyMax is how much of each response body the request log keeps.
const logBodyMax = 1024

// Entry is one HTTP exchange in the request log. Every string in it
// comes from the request or the server and is untrusted: sanitise before
// showing. RequestHeader, Header and Body are shared with the log and must
// not be changed.
type Entry struct {
	// Time is when the request was sent.
	Time time.Time
	// Method and URL of the request. The URL has no user information, and
	// the values of query parameters that carry secrets (client_secret,
	// access_token, …) are replaced by REDACTED; tokens are masked (see
	// Log).
	Method, URL string
	// Status is the HTTP status, 0 while waiting or when no response came.
	Status int
	// Bytes counts the response body bytes read by the caller so far.
	Bytes int64
	// Rows counts the entities of a collection response read so far (the
	// objects of the top-level "value" array); 0 for other bodies.
	Rows int
	// Duration runs from sending to the end of the body (to the response
	// headers while the body is still being read, or if it never is).
	Duration time.Duration
	// Token marks a request to the token endpoint: a URL path ending in
	// /connect/token, or a POST of an HTML form (how OAuth2 token requests
	// are sent; the API is never sent forms), or a request that follows a
	// redirect of one.
	Token bool
	// Replay marks a request sent again after re-authentication: the same
	// method and URL as the previous API entry, which was answered 401.
	Replay bool
	// RequestHeader holds the request headers as the request reached the
	// log (odx's own, Accept, Prefer, OData-Version…, and the user's extra
	// headers; not those Go's transport adds on the wire: Host, a default
	// User-Agent, Accept-Encoding). A header that carries a credential is
	// recorded by name with the value NotRecorded: Authorization,
	// Proxy-Authorization and Cookie always, a name that by convention
	// holds one (…Key, …Token, …Secret, …Auth…, …Session…), a value that
	// starts with an authentication scheme (Bearer, Basic, …) or holds a
	// JSON Web Token. Every other name and value is masked. nil when the
	// request had none.
	RequestHeader http.Header
	// Header holds the response headers; Set-Cookie values are redacted,
	// tokens masked.
	Header http.Header
	// Body is the first KiB of the response body as the caller read it,
	// with tokens masked. It is nil for token requests: their response
	// holds the access token.
	Body []byte
	// Err is the transport's error, if the request failed, tokens masked.
	Err string
	// Done reports that the body was read to its end or closed.
	Done bool

	// Seq numbers the entries of a log in the order they were sent.
	Seq uint64
}

// Log records the HTTP exchanges of a session in a ring buffer of
// fixed capacity (the oldest entries make room). Install it with Wrap as the
// base transport, under auth, so every token request, API request and
// replay passes through it once. Request bodies are never read (a token
// request's form holds the client secret); request headers are kept
// without the values of those that carry a credential (Entry.RequestHeader).
//
// What it records is masked as it is recorded (auth.Masker): the
// credentials of the requests' Authorization headers and the tokens of the
// token responses it has seen (the last few of each), in every form a
// server may echo them, and the values of token-response fields
// (access_token, refresh_token, id_token), in URLs, headers, bodies and
// errors.
//
// A Log is safe for concurrent use.
type Log struct {
	mu      sync.Mutex
	ring    []Entry
	next    uint64 // sequence number of the next entry; also the count so far
	changes uint64 // bumped on every change, so a view can skip copying

	creds credentials
}

// New returns a log that keeps the last capacity exchanges (500
// when capacity is not positive).
func New(capacity int) *Log {
	if capacity <= 0 {
		capacity = 500
	}
	return &Log{ring: make([]Entry, capacity)}
}

// Wrap returns a RoundTripper that sends requests with base (nil means
// http.DefaultTransport) and records each exchange. The response body is
// handed to the caller unchanged; the log keeps a copy of its first KiB as
// the caller reads it, and never reads ahead.
func (l *Log) Wrap(base http.RoundTripper) http.RoundTripper {
	if base == nil {
		base = http.DefaultTransport
	}
	return &logTransport{log: l, base: base}
}

// Entries returns the entries held, oldest first, as copies.
func (l *Log) Entries() []Entry {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := min(l.next, uint64(len(l.ring)))
	out := make([]Entry, 0, n)
	for s := l.next - n; s < l.next; s++ {
		e := l.ring[s%uint64(len(l.ring))]
		e.Body = e.Body[:len(e.Body):len(e.Body)]
		out = append(out, e)
	}
	return out
}

// Version changes whenever an entry is added or updated.
func (l *Log) Version() uint64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.changes
}

// Add records an exchange (Wrap calls it for each request) and returns
// its sequence number.
func (l *Log) Add(e Entry) uint64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !e.Token {
		if prev, ok := l.lastAPI(); ok && prev.Status == http.StatusUnauthorized && prev.Method == e.Method && prev.URL == e.URL {
			e.Replay = true
		}
	}
	e.Seq = l.next
	l.ring[l.next%uint64(len(l.ring))] = e
	l.next++
	l.changes++
	return e.Seq
}

// lastAPI is the newest entry that is not a token request.
func (l *Log) lastAPI() (*Entry, bool) {
	n := min(l.next, uint64(len(l.ring)))
	for s := l.next; s > l.next-n; s-- {
		e := &l.ring[(s-1)%uint64(len(l.ring))]
		if !e.Token {
			return e, true
		}
	}
	return nil, false
}

// update changes entry seq if it is still held.
func (l *Log) update(seq uint64, f func(*Entry)) {
	l.mu.Lock()
	defer l.mu.Unlock()
	e := &l.ring[seq%uint64(len(l.ring))]
	if e.Seq != seq || seq >= l.next {
		return // overwritten by newer entries
	}
	f(e)
	l.changes++
}

type logTransport struct {
	log  *Log
	base http.RoundTripper
}

// RoundTrip sends req with the base transport and records the exchange.
func (t *logTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	start := time.Now()
	token := isTokenRequest(req) || followsTokenRequest(req)
	t.log.creds.learnHeader(req.Header)
	m := t.log.creds.masker()
	seq := t.log.Add(Entry{Time: start, Method: req.Method, URL: m.String(RedactURL(req.URL)), Token: token,
		RequestHeader: requestHeader(req.Header, m)})
	resp, err := t.base.RoundTrip(req)
	took := time.Since(start)
	if err != nil {
		msg := m.String(err.Error())
		t.log.update(seq, func(e *Entry) { e.Err, e.Duration, e.Done = msg, took, true })
		return resp, err
	}
	raw := redactHeader(resp.Header)
	hdr := maskHeader(raw, m)
	t.log.update(seq, func(e *Entry) { e.Status, e.Header, e.Duration = resp.StatusCode, hdr, took })
	if resp.Body == nil || resp.Body == http.NoBody {
		t.log.update(seq, func(e *Entry) { e.Done = true })
		return resp, nil
	}
	resp.Body = &teeBody{rc: resp.Body, log: t.log, seq: seq, start: start, keep: !token, mask: m, hdr: raw}
	return resp, nil
}

// followsTokenRequest tells a request made to follow a redirect of a token
// request (at any depth): its response is a token response too.
func followsTokenRequest(req *http.Request) bool {
	for r := req; r.Response != nil && r.Response.Request != nil; r = r.Response.Request {
		if isTokenRequest(r.Response.Request) {
			return true
		}
	}
	return false
}

// isTokenRequest tells a token request: the path of an OAuth2 token
// endpoint as ERP.net and IdentityServer name it, or a POSTed form.
func isTokenRequest(req *http.Request) bool {
	if req.URL != nil && strings.HasSuffix(req.URL.Path, "/connect/token") {
		return true
	}
	if req.Method != http.MethodPost {
		return false
	}
	mt, _, _ := mime.ParseMediaType(req.Header.Get("Content-Type"))
	return mt == "application/x-www-form-urlencoded"
}

// secretParams are query parameters whose values are never recorded.
var secretParams = []string{"client_secret", "access_token", "refresh_token", "id_token", "token", "password", "client_assertion", "assertion", "code"}

// RedactURL is u without user information, secret parameters redacted.
func RedactURL(u *url.URL) string {
	if u == nil {
		return ""
	}
	c := *u
	c.User = nil
	if c.RawQuery != "" {
		parts := strings.Split(c.RawQuery, "&")
		changed := false
		for i, p := range parts {
			name, _, _ := strings.Cut(p, "=")
			if n, err := url.QueryUnescape(name); err == nil {
				name = n
			}
			for _, s := range secretParams {
				if strings.EqualFold(name, s) {
					parts[i] = url.QueryEscape(name) + "=REDACTED"
					changed = true
				}
			}
		}
		if changed {
			c.RawQuery = strings.Join(parts, "&")
		}
	}
	return c.String()
}

// redactHeader copies h without credentials: Set-Cookie values are
// redacted, any Authorization header dropped.
func redactHeader(h http.Header) http.Header {
	c := h.Clone()
	for k := range c {
		switch http.CanonicalHeaderKey(k) {
		case "Set-Cookie", "Set-Cookie2":
			c[k] = []string{"REDACTED"}
		case "Authorization", "Proxy-Authorization":
			delete(c, k)
		}
	}
	return c
}

// teeBody passes a response body through to the caller, counting bytes and
// keeping the first KiB, masked, for the log. Of a token response it keeps
// nothing for the log, but reads the tokens it issues, so that the log
// masks them from then on (and in the token response's own headers).
type teeBody struct {
	rc    io.ReadCloser
	log   *Log
	seq   uint64
	start time.Time
	keep  bool
	raw   []byte       // the first KiB as read (kept), or the token response (not kept)
	mask  *auth.Masker // the masker of the entry's credentials
	hdr   http.Header  // the response headers before masking
	n     int64
	done  bool
	read  bool // the tokens of a token response were read
	count rowCounter
}

func (t *teeBody) Read(p []byte) (int, error) {
	n, err := t.rc.Read(p)
	if n > 0 || err != nil {
		t.n += int64(n)
		var body []byte
		switch {
		case t.keep && len(t.raw) < logBodyMax && n > 0:
			t.raw = append(t.raw, p[:min(n, logBodyMax-len(t.raw))]...)
			body = bytes.Clone(t.mask.Bytes(t.raw))
		case !t.keep && !t.read && len(t.raw) < maxTokenResponse:
			t.raw = append(t.raw, p[:min(n, maxTokenResponse-len(t.raw))]...)
		}
		end := err != nil
		if end && !t.keep {
			t.learnTokens()
		}
		t.count.write(p[:n])
		total, took, rows := t.n, time.Since(t.start), t.count.rows
		var msg string
		if end && err != io.EOF {
			msg = t.mask.String(err.Error())
		}
		t.log.update(t.seq, func(e *Entry) {
			e.Bytes = total
			e.Rows = rows
			if body != nil {
				e.Body = body
			}
			if end && !e.Done {
				e.Done, e.Duration, e.Err = true, took, msg
			}
		})
	}
	return n, err
}

func (t *teeBody) Close() error {
	err := t.rc.Close()
	if !t.done {
		t.done = true
		if !t.keep {
			t.learnTokens()
		}
		took := time.Since(t.start)
		t.log.update(t.seq, func(e *Entry) {
			if !e.Done {
				e.Done, e.Duration = true, took
			}
		})
	}
	return err
}

// learnTokens reads the tokens of a token response (once), adds them to
// the log's credentials, and masks the entry's headers again with them.
func (t *teeBody) learnTokens() {
	if t.read {
		return
	}
	t.read = true
	toks := tokensIn(t.raw)
	t.raw = nil
	if len(toks) == 0 {
		return
	}
	t.log.creds.learn(toks...)
	t.mask = t.log.creds.masker()
	hdr := maskHeader(t.hdr, t.mask)
	t.log.update(t.seq, func(e *Entry) { e.Header = hdr })
}
