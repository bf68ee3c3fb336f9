package cli

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"testing"
)

// The leak checker of the security tests: a secret or a token must not
// appear in anything odx writes (stdout, stderr, files, the request log),
// in any encoding a server could echo it in, nor as any run of 8 or more of
// its characters.

// minRun is the shortest run of a secret that counts as a leak.
const minRun = 8

// encodings are the forms a server (or a careless formatter) may give a
// value in: raw, URL- and form-encoded, JSON-escaped (with and without the
// \u escapes System.Text.Json writes), Go-quoted, and base64 in its four
// alphabets.
func encodings(secret string) map[string]string {
	js, _ := json.Marshal(secret)
	var ascii strings.Builder
	for _, r := range secret {
		fmt.Fprintf(&ascii, `\u%04x`, r)
	}
	return map[string]string{
		"raw":             secret,
		"URL-encoded":     url.PathEscape(secret),
		"form-encoded":    url.QueryEscape(secret),
		"JSON-escaped":    strings.Trim(string(js), `"`),
		"all \\u escapes": ascii.String(),
		"Go-quoted":       strings.Trim(strconv.Quote(secret), `"`),
		"base64":          base64.StdEncoding.EncodeToString([]byte(secret)),
		"base64 raw":      base64.RawStdEncoding.EncodeToString([]byte(secret)),
		"base64url":       base64.URLEncoding.EncodeToString([]byte(secret)),
		"base64url raw":   base64.RawURLEncoding.EncodeToString([]byte(secret)),
	}
}

// leaks lists how text gives away secret: an encoding of it whole, or a run
// of minRun or more of its characters (raw or in one of the encodings).
// Secrets shorter than minRun are checked whole only.
func leaks(secret, text string) []string {
	if secret == "" {
		return nil
	}
	var out []string
	for name, enc := range encodings(secret) {
		if enc == "" {
			continue
		}
		if strings.Contains(text, enc) {
			out = append(out, name+" whole")
			continue
		}
		if run, ok := longestRun(enc, text); ok {
			out = append(out, fmt.Sprintf("%s run %q", name, run))
		}
	}
	return out
}

// longestRun finds a substring of enc of at least minRun bytes in text.
func longestRun(enc, text string) (string, bool) {
	if len(enc) < minRun {
		return "", false
	}
	for i := 0; i+minRun <= len(enc); i++ {
		if strings.Contains(text, enc[i:i+minRun]) {
			j := i + minRun
			for j < len(enc) && strings.Contains(text, enc[i:j+1]) {
				j++
			}
			return enc[i:j], true
		}
	}
	return "", false
}

// checkNoLeak fails t for every way any of the outputs gives away any of
// the secrets; what names the output (stderr, a file…).
func checkNoLeak(t *testing.T, secrets []string, outputs map[string]string) {
	t.Helper()
	for what, text := range outputs {
		for _, s := range secrets {
			for _, l := range leaks(s, text) {
				t.Errorf("%s leaks a secret (%s):\n%s", what, l, text)
			}
		}
	}
}

func TestLeakChecker(t *testing.T) {
	const secret = `S3cr3t+/=Pa"ss\w0rd-XYZZY`
	tests := []struct {
		name, text string
		leak       bool
	}{
		{"clean", "invalid_client: the client secret is wrong", false},
		{"raw", "echo " + secret, true},
		{"cut inside", `…3cr3t+/=Pa"ss…`, true},
		{"Go-quoted", strconv.Quote("bad\nsecret " + secret), true},
		{"JSON", `{"d":` + mustJSON(secret) + `}`, true},
		{"base64", base64.StdEncoding.EncodeToString([]byte(secret)), true},
		{"URL", url.QueryEscape(secret), true},
		{"seven characters", "S3cr3t+", false},
	}
	for _, tt := range tests {
		if got := leaks(secret, tt.text); (len(got) > 0) != tt.leak {
			t.Errorf("%s: leaks = %q; want a leak %v", tt.name, got, tt.leak)
		}
	}
}

func mustJSON(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
