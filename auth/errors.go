package auth

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/url"
	"slices"
	"strings"
	"syscall"
	"unicode/utf8"

	"golang.org/x/oauth2"
)

// maxErrorBody is how much of an error response an Error keeps.
const maxErrorBody = 64 << 10

// Error is a failure to obtain a token from the token endpoint, or the API's
// refusal of a token (a 401 that a fresh token did not cure, or a 403).
// Error() is one sentence naming the cause and the next step; it never holds
// the secret, a whole token or a raw response body.
type Error struct {
	// Status is the HTTP status received, or 0 when there was no response.
	Status int
	// Code is the OAuth 2.0 error code: from the token endpoint's body
	// (RFC 6749 §5.2, e.g. "invalid_client") or from the API's
	// WWW-Authenticate header (RFC 6750 §3.1, e.g. "insufficient_scope").
	Code string
	// Description is the server's error_description, as sent (up to 64
	// KiB), with the client secret redacted. Untrusted.
	Description string
	// Scope is the scope the API said was missing (403 insufficient_scope),
	// or the scopes the token endpoint refused (invalid_scope).
	Scope string
	// Body holds up to 64 KiB of the response body, as sent, with the
	// client secret redacted. Untrusted; it is never part of Error().
	Body []byte

	msg string
	err error
}

// Error returns the one-sentence message.
func (e *Error) Error() string { return e.msg }

// Unwrap returns the underlying network or TLS error, if any.
func (e *Error) Unwrap() error { return e.err }

// classifyTokenError turns what a grant returned for a token request into
// an *Error with a message that says what to do. An *Error the grant built
// itself passes as it is, its message redacted; the grant's explainer, when
// it has one, words OAuth error codes and hides its secrets: in the
// server's text as received, before it is cut short or quoted, and in the
// message.
func (s *Source) classifyTokenError(ctx context.Context, err error, obs *observer) error {
	ex, _ := s.grant.(explainer)
	var red *redactor
	if ex != nil {
		red = ex.redactor()
	}
	var own *Error
	if errors.As(err, &own) { // our redirect refusal (it names the Location sent), wrapped in *url.Error, or the grant's own
		e := *own
		e.msg = red.redact(e.msg)
		return &e
	}
	status, ctype, body, tooLarge := obs.result()
	host := hostOf(s.opt.TokenURL)
	e := &Error{Status: status}
	if len(body) > 0 {
		e.Body = red.redactBytes(append([]byte(nil), body[:min(len(body), maxErrorBody)]...))
	}
	var re *oauth2.RetrieveError
	if errors.As(err, &re) {
		e.Code, e.Description = red.redact(re.ErrorCode), red.redact(headOf(re.ErrorDescription, maxErrorBody))
		if re.Response != nil {
			e.Status = re.Response.StatusCode
		}
		if e.Code != "" {
			if ex != nil {
				e.msg = ex.explain(e)
			} else {
				e.msg = oauthDefault(e, nil)
			}
			return e
		}
	}
	if status != 0 {
		e.msg = bodyMessage(status, ctype, body, tooLarge)
		if e.msg != "" {
			return e
		}
	}
	e.err = err
	e.msg = red.redact(netMessage(ctx, err, host, s.timeout.String(), red))
	return e
}

// headOf returns at most the first n bytes of s, cut at a rune boundary.
func headOf(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// oauthDefault words an OAuth error code no grant explained; red (which
// may be nil) hides the grant's secrets in what the server said.
func oauthDefault(e *Error, red *redactor) string {
	return fmt.Sprintf("the identity provider refused the token request with %s (HTTP %d)%s: check the Trusted Application "+
		"and token_url", red.quote(e.Code, 80), e.Status, saidOf(e, red))
}

// saidOf is the server's error_description, redacted by red (which may be
// nil) and quoted, for a message.
func saidOf(e *Error, red *redactor) string {
	if e.Description == "" {
		return ""
	}
	return " (" + red.quote(e.Description, 200) + ")"
}

// bodyMessage explains a token response that is not a usable token and has
// no OAuth error code; "" when the body looks like a token after all.
func bodyMessage(status int, ctype string, body []byte, tooLarge bool) string {
	st := fmt.Sprintf("HTTP %d", status)
	switch {
	case tooLarge:
		return fmt.Sprintf("the token endpoint sent a response over 1 MiB (%s), not a token: check token_url", st)
	case looksHTML(ctype, body):
		return fmt.Sprintf("the token endpoint returned an HTML page (%s), not a token: check token_url", st)
	case status >= 500:
		return fmt.Sprintf("the identity provider failed (%s): try again later; if it persists, check token_url and "+
			"the identity provider's health", st)
	case len(strings.TrimSpace(string(body))) == 0:
		return fmt.Sprintf("the token endpoint returned an empty response (%s), not a token: check token_url", st)
	case !json.Valid(body):
		return fmt.Sprintf("the token endpoint returned a body that is not JSON (%s), not a token: check token_url", st)
	case status < 200 || status > 299:
		return fmt.Sprintf("the token endpoint answered %s without an OAuth error code: check token_url and that the "+
			"identity provider is up", st)
	}
	var t map[string]json.RawMessage
	if json.Unmarshal(body, &t) != nil || isNullOr(t["access_token"], `""`) {
		return fmt.Sprintf("the token endpoint answered %s without an access_token: check that token_url is an OAuth2 "+
			"token endpoint", st)
	}
	// What golang.org/x/oauth2 fails to read (its error would quote the
	// value, which may be anything the server chose to send back).
	for _, k := range []string{"access_token", "token_type", "refresh_token", "error", "error_description", "error_uri"} {
		var v *string
		if raw, ok := t[k]; ok && json.Unmarshal(raw, &v) != nil {
			return fmt.Sprintf("the token endpoint answered %s with a token response whose %s is not a string: check that "+
				"token_url is an OAuth2 token endpoint", st, k)
		}
	}
	if raw, ok := t["expires_in"]; ok && !isNullOr(raw) {
		var n json.Number
		err := json.Unmarshal(raw, &n)
		if err == nil {
			_, err = n.Int64()
		}
		if err != nil {
			return fmt.Sprintf("the token endpoint answered %s with a token response whose expires_in is not a whole "+
				"number of seconds: check that token_url is an OAuth2 token endpoint", st)
		}
	}
	return ""
}

// isNullOr reports whether a JSON value is absent, null, or one of alt.
func isNullOr(raw json.RawMessage, alt ...string) bool {
	v := strings.TrimSpace(string(raw))
	return v == "" || v == "null" || slices.Contains(alt, v)
}

// netMessage explains a token request that got no response, or whose
// response the grant could not read; red (which may be nil) hides the
// grant's secrets in the error's text.
func netMessage(ctx context.Context, err error, host, timeout string, red *redactor) string {
	var dns *net.DNSError
	var unknownCA x509.UnknownAuthorityError
	var hostErr x509.HostnameError
	var invalid x509.CertificateInvalidError
	var verify *tls.CertificateVerificationError
	var record tls.RecordHeaderError
	var ne net.Error
	switch {
	case errors.Is(ctx.Err(), context.DeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout()):
		return fmt.Sprintf("the token endpoint at %s did not answer within %s: check token_url and your network, or try again", host, timeout)
	case errors.As(err, &dns):
		return fmt.Sprintf("cannot resolve the host of token_url, %s: check the instance name in token_url", red.quote(dns.Name, 200))
	case errors.Is(err, syscall.ECONNREFUSED):
		return fmt.Sprintf("the connection to the token endpoint at %s was refused: check the host and port in token_url "+
			"and that the server is running", host)
	case errors.As(err, &unknownCA), errors.As(err, &hostErr), errors.As(err, &invalid), errors.As(err, &verify):
		return fmt.Sprintf("the TLS certificate of %s is not trusted (%s): check the host in token_url or install the "+
			"certificate authority", host, red.quote(innermost(err), 200))
	case errors.As(err, &record) || strings.Contains(err.Error(), "server gave HTTP response to HTTPS client"):
		return fmt.Sprintf("the token endpoint at %s does not speak TLS: use http:// in token_url, or the right port", host)
	}
	return fmt.Sprintf("cannot get a token from %s (%s): check token_url and your network", host, red.quote(innermost(err), 200))
}

// innermost returns the message of err below any *url.Error wrapper, which
// would repeat the method and URL.
func innermost(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err.Error()
	}
	return err.Error()
}

// hostOf returns host[:port] of a URL for messages.
func hostOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return quote(raw, 200)
	}
	return escape(u.Host)
}
