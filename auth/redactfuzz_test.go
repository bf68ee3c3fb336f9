package auth

import (
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// echoEncodings are the ways FuzzRedact's server sends the secret back
// whole; echoMixed is the other way, escaping character by character.
var echoEncodings = []func(string) string{
	func(s string) string { return s },
	url.PathEscape,
	url.QueryEscape,
	func(s string) string { b, _ := json.Marshal(s); return string(b) },
	strconv.Quote,
	strconv.QuoteToASCII,
	func(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) },
	func(s string) string { return base64.RawStdEncoding.EncodeToString([]byte(s)) },
	func(s string) string { return base64.URLEncoding.EncodeToString([]byte(s)) },
	func(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) },
	func(s string) string { return base64.StdEncoding.EncodeToString([]byte("client.id:" + s)) },
	func(s string) string { return base64.StdEncoding.EncodeToString([]byte("id:" + s)) },
	func(s string) string { return hex.EncodeToString([]byte(s)) },
}

// Escape families of echoMixed.
const (
	famBackslash = iota // JSON and Go: \uHHHH, \xHH, \" \\ \/
	famPercent          // %HH
	famHTML             // &#NN; &#xHH; &quot;
	families
)

// echoMixed escapes secret character by character, the way an encoder
// that escapes some characters and not others does, in at most two
// families (fam1, fam2) chosen with bits of mix. A character that starts an
// escape of a family in use is always escaped, as an encoder would. It
// returns the units: one per character of the secret.
func echoMixed(secret string, fam1, fam2 int, mix uint64) []string {
	special := map[int]rune{famBackslash: '\\', famPercent: '%', famHTML: '&'}
	var units []string
	for i := 0; i < len(secret); {
		r, size := utf8.DecodeRuneInString(secret[i:])
		choice := int(mix % 3)
		mix = mix/3 | mix<<61 // reuse the bits for long secrets
		fam := []int{-1, fam1, fam2}[choice]
		switch {
		case r == utf8.RuneError && size == 1: // not UTF-8: a byte escape, or the byte
			switch {
			case fam1 == famBackslash || fam2 == famBackslash:
				units = append(units, fmt.Sprintf(`\x%02x`, secret[i]))
			case fam1 == famPercent || fam2 == famPercent:
				units = append(units, fmt.Sprintf("%%%02X", secret[i]))
			default:
				units = append(units, secret[i:i+1])
			}
			i++
			continue
		case fam < 0 && (r == special[fam1] || r == special[fam2]):
			fam = fam1
		}
		units = append(units, escapeRune(r, fam, mix))
		i += size
	}
	return units
}

func escapeRune(r rune, fam int, mix uint64) string {
	var b strings.Builder
	switch fam {
	case famBackslash:
		switch {
		case r == '"' || r == '\\' || r == '/':
			b.WriteString(`\` + string(r))
		case r > 0xffff:
			r1, r2 := utf16Pair(r)
			fmt.Fprintf(&b, `\u%04X\u%04x`, r1, r2)
		case mix&1 == 0 || r >= utf8.RuneSelf:
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			fmt.Fprintf(&b, `\x%02x`, r)
		}
	case famPercent:
		for _, c := range []byte(string(r)) {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	case famHTML:
		switch {
		case r == '"':
			b.WriteString("&quot;")
		case mix&1 == 0:
			fmt.Fprintf(&b, "&#%d;", r)
		default:
			fmt.Fprintf(&b, "&#x%X;", r)
		}
	default:
		b.WriteRune(r)
	}
	return b.String()
}

// FuzzRedact: a random secret, sent back by a server in a random encoding
// or a random mix of escapes, cut short at a random point, inside random
// text, then redacted, cut and quoted as an error message is: nothing of
// 8 or more bytes of the secret survives, in any form (secretTraces), and
// no 8 characters in a row of a mixed echo.
func FuzzRedact(f *testing.F) {
	pad := strings.Repeat("x", 200)
	for _, s := range []string{hardSecret, plainSecret, wideSecret} {
		n := utf8.RuneCountInString(s)
		// The variants of issue 13: the cut inside the secret (description
		// at 200, code at 80), a newline, the expires_in parse error, base64.
		f.Add(s, pad[:200-n+1], " was wrong", uint8(0), uint64(0), uint16(0xffff), uint16(200))
		f.Add(s, pad[:80-n+1], "", uint8(0), uint64(0), uint16(0xffff), uint16(80))
		f.Add(s, "bad\nsecret ", "", uint8(0), uint64(0), uint16(0xffff), uint16(200))
		f.Add(s, `oauth2: cannot parse json: trying to unmarshal "`, `" into Number`, uint8(3), uint64(0), uint16(0xffff), uint16(200))
		for how := range len(echoEncodings) + families*families {
			f.Add(s, "got ", ".", uint8(how), uint64(0x9e3779b97f4a7c15), uint16(0xffff), uint16(200))
		}
		f.Add(s, "cut ", "", uint8(6), uint64(0), uint16(12), uint16(200))
	}
	f.Add("[secret]", "[", "]", uint8(0), uint64(0), uint16(0xffff), uint16(10))
	f.Add("abcd", "", "", uint8(0), uint64(0), uint16(0xffff), uint16(3))
	f.Fuzz(func(t *testing.T, secret, before, after string, how uint8, mix uint64, keep uint16, n uint16) {
		if len(secret) > 200 || len(before)+len(after) > 2000 {
			return
		}
		r := newRedactor(secret)
		if r == nil {
			return // too short to redact, by design
		}
		var echo string
		var units []string
		if int(how) < len(echoEncodings) {
			echo = echoEncodings[how](secret)
		} else {
			k := (int(how) - len(echoEncodings)) % (families * families)
			units = echoMixed(secret, k/families, k%families, mix)
			echo = strings.Join(units, "")
		}
		if int(keep) < len(echo) { // the server cut its text short
			echo = echo[:keep]
			for i, kept := 0, 0; i < len(units); i++ {
				if kept+len(units[i]) > len(echo) {
					units = units[:i]
					break
				}
				kept += len(units[i])
			}
		}
		text := before + echo + after
		width := int(n)%300 + 1
		g := NewClientCredentials(Config{ClientID: "c", ClientSecret: secret})
		described := &Error{Status: 400, Code: "invalid_client", Description: r.redact(text)}
		coded := &Error{Status: 400, Code: r.redact(text)}
		outputs := map[string]string{
			"redact":                r.redact(text),
			"quote":                 r.quote(text, width),
			"message (description)": g.explain(described),
			"message (code)":        g.explain(coded),
			"Description":           described.Description,
		}
		for what, out := range outputs {
			for _, l := range secretTraces(secret, out) {
				t.Fatalf("%s gives the secret %q away (%s):\ntext: %q\nout:  %q", what, secret, l, text, out)
			}
			for i := 0; i+minRun <= len(units); i++ {
				run := strings.Join(units[i:i+minRun], "")
				esc := strings.Trim(strconv.QuoteToGraphic(run), `"`)
				if strings.Contains(out, run) || strings.Contains(out, esc) {
					t.Fatalf("%s holds 8 characters of the secret %q escaped as %q:\ntext: %q\nout:  %q", what, secret, run, text, out)
				}
			}
			if what != "redact" && what != "Description" && strings.ContainsAny(out, "\n\r\x1b") {
				t.Fatalf("%s is not one clean line: %q", what, out)
			}
		}
	})
}
