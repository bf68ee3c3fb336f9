package httplog

import (
	"net/http"
	"strings"

	"github.com/odx-dev/odx/auth"
)

// NotRecorded stands in the log for the value of a request header that
// carries a credential: the header's name is recorded, its value never.
const NotRecorded = "[not recorded]"

// credentialHeaders are the request headers whose values are never
// recorded, by canonical name.
var credentialHeaders = map[string]bool{
	"Authorization":       true,
	"Proxy-Authorization": true,
	"Cookie":              true,
}

// credentialNameParts are parts of header names that by convention carry a
// credential (X-Api-Key, Ocp-Apim-Subscription-Key, X-Auth-Token,
// X-CSRF-Token, X-Session-Id, …): their values are not recorded either.
var credentialNameParts = []string{"auth", "token", "secret", "passw", "key", "cookie", "session", "signature", "credential"}

// authSchemes are HTTP authentication schemes: a header value that starts
// with one of them and goes on is a credential, whatever header holds it.
var authSchemes = []string{"Bearer", "Basic", "Digest", "Negotiate", "NTLM", "Token", "Hawk", "SharedKey", "SharedAccessSignature", "AWS4-HMAC-SHA256"}

// requestHeader returns the request headers to record: a copy of h with
// the value of every header that carries a credential replaced by
// NotRecorded (Authorization, Proxy-Authorization, Cookie, a name that
// says key, token, secret…, a value that starts with an authentication
// scheme or holds a JWT), and every other name and value masked by m (a
// bearer token or password the log knows, pasted into any header). nil
// when h is empty.
func requestHeader(h http.Header, m *auth.Masker) http.Header {
	if len(h) == 0 {
		return nil
	}
	c := make(http.Header, len(h))
	for k, vs := range h {
		secret := credentialName(k)
		name := m.String(k)
		for _, v := range vs {
			if secret || credentialValue(v) {
				v = NotRecorded
			} else {
				v = m.String(v)
			}
			c[name] = append(c[name], v)
		}
	}
	return c
}

// credentialName reports a header name that carries a credential.
func credentialName(name string) bool {
	if credentialHeaders[http.CanonicalHeaderKey(name)] {
		return true
	}
	lower := strings.ToLower(name)
	for _, p := range credentialNameParts {
		if strings.Contains(lower, p) {
			return true
		}
	}
	return false
}

// credentialValue reports a header value that is a credential: an
// authentication scheme followed by more ("Bearer eyJ…", "Basic Y2xp…"),
// or a value holding a JSON Web Token (three dot-separated base64url parts,
// the first a JSON object: "eyJ").
func credentialValue(v string) bool {
	v = strings.TrimSpace(v)
	scheme, rest, ok := strings.Cut(v, " ")
	if ok && strings.TrimSpace(rest) != "" {
		for _, s := range authSchemes {
			if strings.EqualFold(scheme, s) {
				return true
			}
		}
	}
	for _, f := range strings.FieldsFunc(v, func(r rune) bool { return !isBase64URL(r) && r != '.' }) {
		if parts := strings.Split(f, "."); len(parts) == 3 && strings.HasPrefix(parts[0], "eyJ") && len(parts[1]) > 0 {
			return true
		}
	}
	return false
}

// isBase64URL reports a character of the base64url alphabet.
func isBase64URL(r rune) bool {
	return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' || r == '-' || r == '_'
}
