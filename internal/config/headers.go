package config

import (
	"flag"
	"net/http"
	"strings"
)

// Extra request headers: a profile's headers = { Name = "value" } and the
// repeatable --header 'Name: value' flag (ConsistencyLevel: eventual for
// Microsoft Graph's $count and $search, a Prefer of Dataverse's). odx sends
// them on every request to the service, never to the token endpoint.

// refusedHeaders are the headers odx will not let a profile or flag set,
// with the reason it says.
var refusedHeaders = map[string]string{
	"Authorization":       "odx sends the bearer token itself, and a credential here would be kept in plain text",
	"Proxy-Authorization": "a credential here would be kept in plain text; use the proxy's environment variables",
	"Cookie":              "a session cookie here would be kept in plain text",
	"Host":                "the host comes from the service root",
	"Content-Length":      "Go computes it for each request (odx sends GETs without a body)",
	"Transfer-Encoding":   "Go sets it for each request",
	"Connection":          "Go manages connections",
}

// checkHeader validates one extra header; from says where it was written.
// It returns the canonical name.
func checkHeader(name, value, from string) (string, error) {
	if name == "" || strings.IndexFunc(name, notTokenRune) >= 0 {
		return "", Errorf("the header name %q (%s) is not a valid HTTP header name; use letters, digits and -", name, from)
	}
	canon := http.CanonicalHeaderKey(name)
	if why, ok := refusedHeaders[canon]; ok {
		return "", Errorf("the header %s (%s) cannot be set: %s", canon, from, why)
	}
	if strings.ContainsFunc(value, func(r rune) bool { return r < 0x20 && r != '\t' || r == 0x7f }) {
		return "", Errorf("the value of header %s (%s) holds a line break or control character; write it on one line", canon, from)
	}
	return canon, nil
}

// notTokenRune reports a rune that is not an RFC 9110 token character.
func notTokenRune(r rune) bool {
	switch {
	case 'a' <= r && r <= 'z', 'A' <= r && r <= 'Z', '0' <= r && r <= '9':
		return false
	}
	return !strings.ContainsRune("!#$%&'*+-.^_`|~", r)
}

// buildHeaders layers the --header flags over a profile's headers (the
// flags replace a header of the same name, whatever its case) and
// validates them all; at names where the profile's headers are written.
// Names keep the spelling given (ConsistencyLevel, as Graph documents it),
// so the map is not canonical: look names up with EqualFold. nil when
// there are none.
func buildHeaders(file map[string]string, at func(string) string, flags []string) (http.Header, error) {
	h := http.Header{}
	written := map[string]string{} // canonical name → name as given
	set := func(name, canon string, values []string) {
		if old, ok := written[canon]; ok {
			delete(h, old)
		}
		written[canon] = name
		h[name] = values
	}
	for _, k := range sortedKeys(file) {
		canon, err := checkHeader(k, file[k], at("headers"))
		if err != nil {
			return nil, err
		}
		set(k, canon, []string{strings.TrimSpace(file[k])})
	}
	fromFlag := map[string][]string{}
	var order []string
	for _, f := range flags {
		name, value, ok := strings.Cut(f, ":")
		if !ok {
			return nil, Errorf("--header %q has no colon; write it like --header 'ConsistencyLevel: eventual'", f)
		}
		name = strings.TrimSpace(name)
		canon, err := checkHeader(name, value, "--header")
		if err != nil {
			return nil, err
		}
		if _, ok := fromFlag[canon]; !ok {
			order = append(order, canon)
			fromFlag[canon] = []string{name}
		}
		fromFlag[canon] = append(fromFlag[canon], strings.TrimSpace(value))
	}
	for _, canon := range order {
		v := fromFlag[canon]
		set(v[0], canon, v[1:])
	}
	if len(h) == 0 {
		return nil, nil
	}
	return h, nil
}

// Headers returns the headers of the --header flags alone, validated (for
// --demo, which reads no profile); nil for none.
func (f *Flags) Headers() (http.Header, error) {
	return buildHeaders(nil, nil, f.headers)
}

// headerFlag collects --header values.
type headerFlag []string

func (h *headerFlag) String() string { return strings.Join(*h, ", ") }

func (h *headerFlag) Set(v string) error {
	*h = append(*h, v)
	return nil
}

var _ flag.Value = (*headerFlag)(nil)
