package httplog

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"

	"github.com/odx-dev/odx/auth"
)

// maxCredentials is how many credentials (request credentials and issued
// tokens) a log masks: the newest.
const maxCredentials = 8

// maxTokenResponse bounds what is read of a token response to find its
// tokens (never kept).
const maxTokenResponse = 64 << 10

// credentials are the credentials a log has seen, newest first, and the
// masker of them.
type credentials struct {
	mu    sync.Mutex
	creds []string
	m     *auth.Masker // nil when creds changed since it was built
}

// learn adds creds (empty ones are ignored).
func (c *credentials) learn(creds ...string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, cred := range creds {
		if cred == "" || (len(c.creds) > 0 && c.creds[0] == cred) {
			continue
		}
		c.creds = slices.DeleteFunc(c.creds, func(s string) bool { return s == cred })
		c.creds = slices.Insert(c.creds, 0, cred)[:min(len(c.creds)+1, maxCredentials)]
		c.m = nil
	}
}

// learnHeader adds the credentials of a request's Authorization and
// Proxy-Authorization headers: a bearer token; Basic credentials, encoded
// and decoded, and the password alone; any other scheme's parameter.
func (c *credentials) learnHeader(h http.Header) {
	for _, name := range []string{"Authorization", "Proxy-Authorization"} {
		for _, v := range h.Values(name) {
			scheme, cred, ok := strings.Cut(strings.TrimSpace(v), " ")
			cred = strings.TrimSpace(cred)
			if !ok || cred == "" {
				c.learn(v)
				continue
			}
			c.learn(cred)
			if strings.EqualFold(scheme, "Basic") {
				if b, err := base64.StdEncoding.DecodeString(cred); err == nil {
					_, pass, _ := strings.Cut(string(b), ":")
					c.learn(string(b), pass)
				}
			}
		}
	}
}

// masker returns the masker of the credentials seen so far.
func (c *credentials) masker() *auth.Masker {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = auth.NewMasker(c.creds...)
	}
	return c.m
}

// tokensIn returns the tokens a token response issues: the string values
// of access_token, refresh_token and id_token, in a JSON object (names in
// any case) or a form.
func tokensIn(body []byte) []string {
	var toks []string
	add := func(name, v string) {
		for _, f := range []string{"access_token", "refresh_token", "id_token"} {
			if strings.EqualFold(name, f) && v != "" {
				toks = append(toks, v)
			}
		}
	}
	var obj map[string]any
	if json.Unmarshal(body, &obj) == nil {
		for k, v := range obj {
			if s, ok := v.(string); ok {
				add(k, s)
			}
		}
		return toks
	}
	if q, err := url.ParseQuery(strings.TrimSpace(string(body))); err == nil {
		for k, vs := range q {
			for _, v := range vs {
				add(k, v)
			}
		}
	}
	return toks
}

// maskHeader returns a copy of h with every value masked by m.
func maskHeader(h http.Header, m *auth.Masker) http.Header {
	c := make(http.Header, len(h))
	for k, vs := range h {
		out := make([]string, len(vs))
		for i, v := range vs {
			out[i] = m.String(v)
		}
		c[m.String(k)] = out
	}
	return c
}
