package auth

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"
)

// ClientCredentials is the OAuth 2.0 client-credentials grant (RFC 6749
// §4.4): the client sends its id and secret as form fields to the token
// endpoint, as ERP.net documents, and receives a token for itself. It is a
// Grant; NewSource puts one behind a Source.
type ClientCredentials struct {
	cfg Config
	cc  clientcredentials.Config
	red *redactor // the secret's, nil when it is too short to redact
}

// NewClientCredentials returns the client-credentials grant of cfg. Only
// ClientID, ClientSecret, TokenURL, Scopes and HTTPClient matter to it.
func NewClientCredentials(cfg Config) *ClientCredentials {
	cfg.Scopes = append([]string(nil), cfg.Scopes...)
	return &ClientCredentials{
		cfg: cfg,
		red: newRedactor(cfg.ClientSecret),
		cc: clientcredentials.Config{
			ClientID:     cfg.ClientID,
			ClientSecret: cfg.ClientSecret,
			TokenURL:     cfg.TokenURL,
			Scopes:       cfg.Scopes,
			AuthStyle:    oauth2.AuthStyleInParams,
		},
	}
}

// Token requests a new token from the token endpoint. It sends the request
// with the *http.Client ctx carries under oauth2.HTTPClient (a Source puts
// one there); without one, with Config.HTTPClient (or a client with a 30 s
// timeout), never following a redirect to another origin, since the body
// holds the secret. Errors are golang.org/x/oauth2's: a Source turns them
// into an *Error.
func (g *ClientCredentials) Token(ctx context.Context) (*oauth2.Token, error) {
	if _, ok := ctx.Value(oauth2.HTTPClient).(*http.Client); !ok {
		hc := g.cfg.HTTPClient
		if hc == nil {
			hc = &http.Client{Timeout: defaultTimeout}
		}
		ctx = context.WithValue(ctx, oauth2.HTTPClient, tokenClient(hc, nil))
	}
	return g.cc.Token(ctx)
}

// explain says what an RFC 6749 §5.2 error code means for a
// client-credentials client of ERP.net. What the server said is redacted
// before it is cut and quoted, and the message once more.
func (g *ClientCredentials) explain(e *Error) string {
	client := quote(g.cfg.ClientID, 200)
	said := saidOf(e, g.red)
	var m string
	switch e.Code {
	case "invalid_client":
		m = fmt.Sprintf("the identity provider rejected client %s%s: check client_id (the Trusted Application's ApplicationUri), "+
			"the secret, ClientType Confidential and IsEnabled", client, said)
	case "invalid_scope":
		e.Scope = strings.Join(g.cfg.Scopes, " ")
		what := "the default scope"
		if e.Scope != "" {
			what = "scope " + quote(e.Scope, 200)
		}
		m = fmt.Sprintf("the identity provider refused %s%s: each requested scope must be in the Trusted Application's Scope; "+
			"fix `scopes` or the application", what, said)
	case "unauthorized_client":
		m = fmt.Sprintf("client %s may not use the client-credentials grant%s: on the Trusted Application set SystemUserAllowed "+
			"and choose a SystemUser", client, said)
	case "invalid_grant":
		m = fmt.Sprintf("the identity provider rejected the client credentials (invalid_grant)%s: check that client_id and "+
			"client_secret are both set and correct", said)
	case "unsupported_grant_type":
		m = fmt.Sprintf("the token endpoint does not accept the client_credentials grant (unsupported_grant_type)%s: "+
			"check that token_url is the instance's /id/connect/token", said)
	case "invalid_request":
		m = fmt.Sprintf("the identity provider found the token request malformed (invalid_request)%s: check that client_id "+
			"and client_secret are set and token_url is right", said)
	default:
		m = oauthDefault(e, g.red)
	}
	return g.red.redact(m)
}

// redactor returns the redactor of the client secret (nil when the secret
// is too short to redact): a server may echo the secret, which it received
// as a form field, in any form.
func (g *ClientCredentials) redactor() *redactor { return g.red }
