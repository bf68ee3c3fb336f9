package auth

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// challenge is one challenge of a WWW-Authenticate header (RFC 9110 §11.6.1).
type challenge struct {
	Scheme  string
	Token68 string
	Params  map[string]string // names lower-cased; the first of a repeated name wins
}

// parseChallenges parses a WWW-Authenticate header value, which may hold
// several comma-separated challenges, each an auth-scheme followed by a
// token68 or by auth-params whose values are tokens or quoted strings.
// Malformed parts are skipped; it never fails.
func parseChallenges(h string) []challenge {
	p := &hparser{s: h}
	var out []challenge
	for {
		p.skip(" \t,")
		if p.eof() {
			return out
		}
		scheme := p.token()
		if scheme == "" {
			p.i++ // not a token character: skip it
			continue
		}
		c := challenge{Scheme: scheme, Params: map[string]string{}}
		first := true // right after the scheme, where a token68 may stand
		for {
			p.skip(" \t")
			save := p.i
			name := p.token()
			p.skip(" \t")
			if first && name != "" && p.peek() == '=' && token68End(p.s[p.i:]) {
				name = "" // a token68 ending in '=' padding, not a parameter
			}
			switch {
			case name != "" && p.peek() == '=':
				p.i++
				p.skip(" \t")
				var v string
				if p.peek() == '"' {
					v = p.quoted()
				} else {
					v = p.token()
				}
				if k := strings.ToLower(name); c.Params[k] == "" {
					c.Params[k] = v
				}
			case first:
				p.i = save
				for !p.eof() && strings.IndexByte(", \t", p.peek()) < 0 {
					p.i++
				}
				c.Token68 = p.s[save:p.i]
			default:
				p.i = save // the start of the next challenge
			}
			if p.i == save && !first {
				break
			}
			first = false
			p.skip(" \t")
			if p.eof() {
				break
			}
			if p.peek() == ',' {
				p.i++
			}
			// Without a comma, a lenient reading goes on with the next
			// parameter; a non-parameter starts the next challenge.
		}
		out = append(out, c)
	}
}

// token68End reports whether rest (starting at '=') is only '=' padding up
// to a comma or the end, as at the end of a token68.
func token68End(rest string) bool {
	rest = strings.TrimLeft(rest, "=")
	rest = strings.TrimLeft(rest, " \t")
	return rest == "" || rest[0] == ','
}

type hparser struct {
	s string
	i int
}

func (p *hparser) eof() bool { return p.i >= len(p.s) }

func (p *hparser) peek() byte {
	if p.eof() {
		return 0
	}
	return p.s[p.i]
}

func (p *hparser) skip(set string) {
	for !p.eof() && strings.IndexByte(set, p.s[p.i]) >= 0 {
		p.i++
	}
}

// token reads an RFC 9110 token (tchar+), or "" when none is next.
func (p *hparser) token() string {
	start := p.i
	for !p.eof() && isTchar(p.s[p.i]) {
		p.i++
	}
	return p.s[start:p.i]
}

// quoted reads a quoted-string starting at '"', undoing quoted-pairs. An
// unterminated string runs to the end of the header.
func (p *hparser) quoted() string {
	p.i++ // opening quote
	var b strings.Builder
	for !p.eof() {
		c := p.s[p.i]
		p.i++
		switch {
		case c == '"':
			return b.String()
		case c == '\\' && !p.eof():
			b.WriteByte(p.s[p.i])
			p.i++
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

func isTchar(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
		strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0
}

// bearerParams returns the parameters of the Bearer challenge in resp, if any.
func bearerParams(h http.Header) map[string]string {
	for _, v := range h.Values("WWW-Authenticate") {
		for _, c := range parseChallenges(v) {
			if strings.EqualFold(c.Scheme, "Bearer") {
				return c.Params
			}
		}
	}
	return map[string]string{}
}

// apiError reads and closes resp (a 401 or 403 from the API) and returns the
// *Error that explains it. fresh reports whether the rejected token had just
// been fetched after a first 401; token is masked should the server echo it.
func apiError(resp *http.Response, token string, fresh bool) *Error {
	body, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
	resp.Body.Close()
	bp := bearerParams(resp.Header)
	e := &Error{Status: resp.StatusCode, Code: bp["error"], Description: bp["error_description"], Body: body}
	said := e.Description
	if said == "" {
		said = bodyText(body)
	}
	if token != "" {
		said = strings.ReplaceAll(said, token, Mask(token))
		e.Description = strings.ReplaceAll(e.Description, token, Mask(token))
	}
	saidPart := ""
	if said != "" {
		saidPart = ": " + quote(said, 200)
	}
	st := fmt.Sprintf("HTTP %d", resp.StatusCode)
	switch {
	case strings.Contains(said, "MaximumLicenseCountExceeded") || strings.Contains(string(body), "MaximumLicenseCountExceeded"):
		e.Code = "MaximumLicenseCountExceeded"
		e.msg = fmt.Sprintf("the instance has no free license for a new API session (%s, MaximumLicenseCountExceeded): "+
			"wait for idle sessions to expire (20 min) or free a license", st)
	case resp.StatusCode == http.StatusForbidden && (bp["scope"] != "" || e.Code == "insufficient_scope"):
		e.Scope = bp["scope"]
		what := "a required scope"
		if e.Scope != "" {
			what = "scope " + quote(e.Scope, 200)
		}
		e.msg = fmt.Sprintf("the token lacks %s (%s)%s; add it to the Trusted Application's Scope and to `scopes`", what, st, saidPart)
	case resp.StatusCode == http.StatusForbidden:
		e.msg = fmt.Sprintf("the API refused access (%s)%s; the token is valid but lacks a scope or permission: check `scopes`, "+
			"the Trusted Application's Scope and its SystemUser's rights", st, saidPart)
	case fresh:
		e.msg = fmt.Sprintf("the API rejected a fresh token (%s)%s; re-authentication did not help: check that token_url and "+
			"the service URL belong to the same instance and that the Trusted Application may use this API", st, saidPart)
	default:
		e.msg = fmt.Sprintf("the API rejected the token (%s)%s and the request cannot be replayed because its body cannot be "+
			"re-read: retry it, the next request gets a new token", st, saidPart)
	}
	return e
}

// bodyText picks a human message out of a JSON error body: "message",
// "error.message", "error_description" or a string "error". "" otherwise.
func bodyText(body []byte) string {
	var b map[string]json.RawMessage
	if json.Unmarshal(body, &b) != nil {
		return ""
	}
	str := func(raw json.RawMessage) string {
		var s string
		if json.Unmarshal(raw, &s) == nil {
			return s
		}
		return ""
	}
	if s := str(b["message"]); s != "" {
		return s
	}
	var inner map[string]json.RawMessage
	if json.Unmarshal(b["error"], &inner) == nil {
		if s := str(inner["message"]); s != "" {
			return s
		}
	}
	if s := str(b["error_description"]); s != "" {
		return s
	}
	return str(b["error"])
}

// escape returns s unchanged when every rune is graphic, otherwise a Go
// quoted string with the others escaped, so that server text cannot drive a
// terminal.
func escape(s string) string {
	if !utf8.ValidString(s) || strings.IndexFunc(s, func(r rune) bool { return !unicode.IsGraphic(r) }) >= 0 {
		return strconv.QuoteToGraphic(s)
	}
	return s
}

// clip shortens s to at most n runes, marking a cut with "…".
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n]) + "…"
}

// quote renders untrusted text for a message: 'text', or a Go quoted
// string when it holds non-graphic runes.
func quote(s string, n int) string {
	e := escape(clip(s, n))
	if strings.HasPrefix(e, `"`) {
		return e
	}
	return "'" + e + "'"
}
