package auth

import (
	"context"
	"net/http"
	"time"

	"golang.org/x/oauth2"
)

// Grant obtains new access tokens from an authorization server: one OAuth2
// grant type (client credentials today; a device-code or PKCE grant would
// be another). A Source caches what a Grant returns, shares one request
// among concurrent callers and drops tokens the API refused; the Grant only
// asks for a token when the Source tells it to.
//
// Source calls Token from one goroutine at a time, under a context of its
// own bounded by the Source's timeout. That context carries, under
// oauth2.HTTPClient (the golang.org/x/oauth2 convention), the *http.Client
// the request must be sent with: it refuses cross-origin redirects and lets
// the Source see the status and body of the answer, for its request events
// and error messages. A token whose Expiry is zero is given one by the
// Source (from the JWT's exp and iat, else five minutes).
type Grant interface {
	Token(ctx context.Context) (*oauth2.Token, error)
}

// explainer is implemented by a Grant of this package that knows its OAuth
// error codes and its secrets: explain says what an RFC 6749 §5.2 error
// code means for it (and may fill e.Scope), redactor finds its secrets in
// server text (nil: it has none to hide).
type explainer interface {
	explain(e *Error) string
	redactor() *redactor
}

// SourceOptions configure a Source built around a Grant by
// NewSourceFromGrant: everything a Source needs that is not the grant.
type SourceOptions struct {
	// TokenURL is the token endpoint the grant sends its requests to. It
	// names the endpoint in request events and messages; it must be an
	// absolute http(s) URL when set.
	TokenURL string

	// ServiceURL is a URL of the service the tokens are for; only its
	// origin matters (see Config.ServiceURL). When empty, the origin of
	// TokenURL is used.
	ServiceURL string

	// Scopes are the scopes the grant asks for, shown by Info.
	Scopes []string

	// HTTPClient is the base of the client handed to the grant (its
	// Timeout bounds each token request, 30 s when it has none) and its
	// Transport the base transport of Source.Client; see Config.HTTPClient.
	HTTPClient *http.Client

	// ExpiryMargin is how long before its expiry a cached token is
	// replaced; see Config.ExpiryMargin.
	ExpiryMargin time.Duration

	// OnRequest, if not nil, receives an event for every token request and
	// every request sent by a Transport of the Source; see Config.OnRequest.
	OnRequest func(RequestEvent)
}

// NewSourceFromGrant returns a Source that caches the tokens g obtains.
// Mistakes in opt (a TokenURL or ServiceURL that is not an absolute http(s)
// URL, or neither given) are reported by the first call to Token.
func NewSourceFromGrant(g Grant, opt SourceOptions) *Source {
	hc := opt.HTTPClient
	if hc == nil {
		hc = &http.Client{Timeout: defaultTimeout}
	}
	opt.Scopes = append([]string(nil), opt.Scopes...)
	s := &Source{opt: opt, grant: g, hc: hc, timeout: hc.Timeout}
	if s.timeout <= 0 {
		s.timeout = defaultTimeout
	}
	if opt.TokenURL != "" || opt.ServiceURL == "" {
		if _, err := originOf(opt.TokenURL, "token_url"); err != nil {
			s.cfgErr = err
		}
	}
	svc := opt.ServiceURL
	if svc == "" {
		svc = opt.TokenURL
	}
	o, err := originOf(svc, "the service URL")
	if err != nil && s.cfgErr == nil {
		s.cfgErr = err
	}
	s.origin = o
	if g == nil && s.cfgErr == nil {
		s.cfgErr = &Error{msg: "auth: the Source has no grant to obtain tokens with"}
	}
	return s
}
