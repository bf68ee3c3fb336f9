package auth

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"

	"golang.org/x/oauth2"
	"golang.org/x/sync/singleflight"
)

const (
	// defaultTimeout bounds one token request when Config.HTTPClient has no
	// timeout of its own.
	defaultTimeout = 30 * time.Second
	// defaultMargin is how long before its expiry a token is renewed.
	defaultMargin = 10 * time.Second
	// assumedLifetime is used when the server says nothing about expiry:
	// neither expires_in nor a JWT exp claim. A 401 renews it earlier.
	assumedLifetime = 5 * time.Minute
)

// Config describes a client-credentials client: who it is, where it gets
// tokens, and which origin may receive them.
type Config struct {
	// ClientID is the client identifier; for ERP.net, the Trusted
	// Application's ApplicationUri. It is sent as given and may contain '/'.
	ClientID string

	// ClientSecret is the client's secret. It is sent as a form field to
	// TokenURL only, and never appears in an error, event or Info.
	ClientSecret string

	// TokenURL is the token endpoint, for ERP.net
	// https://{instance}/id/connect/token.
	TokenURL string

	// Scopes are the scopes requested, sent space-separated. When empty,
	// no scope parameter is sent and the server grants its default (ERP.net:
	// every scope of the Trusted Application).
	Scopes []string

	// ServiceURL is a URL of the service the tokens are for. Only its origin
	// (scheme, host and port) matters: Transport adds the bearer token to
	// requests for that origin and to no other. When empty, the origin of
	// TokenURL is used.
	ServiceURL string

	// HTTPClient sends token requests. Its Timeout bounds each token fetch
	// (30 s when it has none) and its Transport is the base transport of
	// Source.Client. Cross-origin redirects of token requests are refused,
	// whatever its CheckRedirect says, because the request body holds the
	// secret. Nil means a client with a 30 s timeout over
	// http.DefaultTransport.
	HTTPClient *http.Client

	// ExpiryMargin is how long before its expiry a cached token is replaced.
	// It is capped at a tenth of the token's lifetime, so that very short
	// lifetimes still get used. Zero means 10 s; negative means none.
	ExpiryMargin time.Duration

	// OnRequest, if not nil, is called after every token request and every
	// request sent by a Transport of this Source, possibly from several
	// goroutines at once. It must not block. Events never carry the
	// Authorization header, the secret or a token.
	OnRequest func(RequestEvent)
}

// RequestEvent describes one HTTP exchange made by a Source or its
// Transport, for a request log.
type RequestEvent struct {
	// TokenRequest is true for a request to the token endpoint and false for
	// a request to the API (or any other URL sent through the Transport).
	TokenRequest bool
	// Method is the HTTP method.
	Method string
	// URL is the request URL without user information.
	URL string
	// Status is the HTTP status received, or 0 when there was no response.
	Status int
	// Duration is the time from sending the request to receiving the
	// response headers (for a token request: to the decoded token).
	Duration time.Duration
	// Bearer reports whether a bearer token was attached.
	Bearer bool
	// Replayed is true for the second attempt of a request after a 401.
	Replayed bool
	// Err is the transport-level error, if any.
	Err error
}

// Stats are counters of a Source's activity.
type Stats struct {
	// TokensFetched counts tokens received from the token endpoint.
	TokensFetched int64
	// FetchFailures counts token requests that failed.
	FetchFailures int64
	// Reauthentications counts cached tokens dropped because the API
	// answered 401 to them.
	Reauthentications int64
	// Replays counts requests sent a second time after a 401.
	Replays int64
	// LastFetch is when the last successful token request started.
	LastFetch time.Time
	// LastFetchDuration is how long the last successful token request took.
	LastFetchDuration time.Duration
}

// Source supplies access tokens obtained with a Grant (for NewSource, the
// client-credentials grant). It fetches a token once and hands out the
// cached one until it is within the expiry margin; concurrent callers that
// find no valid token share one fetch. A Source is safe for concurrent use;
// create it with NewSource or NewSourceFromGrant.
type Source struct {
	opt     SourceOptions
	grant   Grant
	hc      *http.Client
	timeout time.Duration
	origin  string // normalised service origin
	cfgErr  error  // a config mistake, reported by Token and RoundTrip

	group  singleflight.Group
	onWait func() // test hook: a caller is about to wait for the flight

	mu    sync.Mutex
	cur   *entry
	stats Stats
}

// entry is a cached token and what is known about its lifetime.
type entry struct {
	tok      *oauth2.Token
	obtained time.Time
	expiry   time.Time
	margin   time.Duration
}

func (e *entry) valid(now time.Time) bool {
	return e != nil && now.Before(e.expiry.Add(-e.margin))
}

// NewSource returns a Source for cfg: the client-credentials grant of
// NewClientCredentials(cfg) behind a Source configured from the same cfg.
// Mistakes in cfg (a TokenURL or ServiceURL that is not an absolute http(s)
// URL) are reported by the first call to Token.
func NewSource(cfg Config) *Source {
	s := NewSourceFromGrant(NewClientCredentials(cfg), SourceOptions{
		TokenURL:     cfg.TokenURL,
		ServiceURL:   cfg.ServiceURL,
		Scopes:       cfg.Scopes,
		HTTPClient:   cfg.HTTPClient,
		ExpiryMargin: cfg.ExpiryMargin,
		OnRequest:    cfg.OnRequest,
	})
	if _, err := originOf(cfg.TokenURL, "token_url"); err != nil {
		s.cfgErr = err // the grant needs a token endpoint even when a service URL is given
	}
	return s
}

// Token returns a valid token, from the cache when it holds one, otherwise
// from the token endpoint. When several callers need a new token at once,
// one request is made and all of them wait for it; a caller whose ctx ends
// first returns ctx.Err() at once while the fetch goes on for the others.
// The fetch itself runs under its own context, bounded by the HTTP client's
// timeout, so one caller's cancellation never spoils the cache.
func (s *Source) Token(ctx context.Context) (*oauth2.Token, error) {
	if s.cfgErr != nil {
		return nil, s.cfgErr
	}
	s.mu.Lock()
	e := s.cur
	s.mu.Unlock()
	if e.valid(time.Now()) {
		return e.tok, nil
	}
	return s.wait(ctx)
}

// Refresh drops the cached token and returns a new one. If a fetch is
// already under way, Refresh waits for it instead of starting another.
func (s *Source) Refresh(ctx context.Context) (*oauth2.Token, error) {
	if s.cfgErr != nil {
		return nil, s.cfgErr
	}
	s.mu.Lock()
	s.cur = nil
	s.mu.Unlock()
	return s.wait(ctx)
}

// Invalidate drops t from the cache if t is still the cached token, and
// reports whether it did. Invalidating a token that has already been
// replaced does nothing, so many requests failing with the same old token
// cause a single new fetch.
func (s *Source) Invalidate(t *oauth2.Token) bool {
	return s.invalidate(t, false)
}

func (s *Source) invalidate(t *oauth2.Token, byAPI bool) bool {
	if t == nil {
		return false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cur == nil || s.cur.tok.AccessToken != t.AccessToken {
		return false
	}
	s.cur = nil
	if byAPI {
		s.stats.Reauthentications++
	}
	return true
}

// Stats returns a snapshot of the counters.
func (s *Source) Stats() Stats {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stats
}

// wait joins (or starts) the one fetch in flight and waits for it or for ctx.
func (s *Source) wait(ctx context.Context) (*oauth2.Token, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	ch := s.group.DoChan("token", func() (any, error) {
		s.mu.Lock()
		e := s.cur
		s.mu.Unlock()
		if e.valid(time.Now()) { // another flight finished just before this one started
			return e.tok, nil
		}
		return s.fetch()
	})
	if s.onWait != nil {
		s.onWait()
	}
	select {
	case <-ctx.Done():
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return nil, &Error{err: ctx.Err(), msg: fmt.Sprintf("the token endpoint at %s did not answer in time: "+
				"check that the identity provider is up, or raise `timeout` in the profile", hostOf(s.opt.TokenURL))}
		}
		return nil, ctx.Err()
	case r := <-ch:
		if r.Err != nil {
			return nil, r.Err
		}
		return r.Val.(*oauth2.Token), nil
	}
}

// store caches tok, obtained at start, and updates the counters.
func (s *Source) store(tok *oauth2.Token, start time.Time, took time.Duration) {
	e := &entry{tok: tok, obtained: start, expiry: tok.Expiry}
	lifetime := e.expiry.Sub(start)
	margin := s.opt.ExpiryMargin
	if margin == 0 {
		margin = defaultMargin
	}
	if margin < 0 {
		margin = 0
	}
	if margin > lifetime/10 {
		margin = lifetime / 10
	}
	e.margin = margin
	s.mu.Lock()
	s.cur = e
	s.stats.TokensFetched++
	s.stats.LastFetch = start
	s.stats.LastFetchDuration = took
	s.mu.Unlock()
}

// current returns the cached entry, if any.
func (s *Source) current() *entry {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.cur
}

func (s *Source) emit(ev RequestEvent) {
	if s.opt.OnRequest != nil {
		s.opt.OnRequest(ev)
	}
}
