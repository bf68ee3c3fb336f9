package auth

import (
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

// Redaction of a secret in untrusted text. A server that received the
// client secret may send it back in its error (a description, a code, a
// field it failed to parse), whole or cut, raw or encoded. A redactor finds
// it in every form it knows and replaces each place with "[secret]", on the
// raw text, before the text is cut short and quoted for a message.
//
// What it finds, anywhere in the text:
//   - any run of minRun (8) or more bytes of the secret or of one of its
//     encodings (URL and form encoding, JSON and Go escapes, \u escapes,
//     base64 in the standard and URL alphabets, padded or not and at any
//     offset, hex); a form shorter than minRun only whole;
//   - the same in the text decoded once or twice (backslash escapes, %XX,
//     form encoding, HTML character references), so that an echo escaped
//     in part (System.Text.Json escapes "+" but not letters) or twice (a
//     JSON string inside a Go-quoted error) is found too.
//
// The result is checked again; a text that still holds a trace (a
// replacement that completes a run of the secret with its neighbours) is
// redacted again, and in the end withheld whole.

// minRun is the shortest run of the secret, in bytes, that is redacted
// wherever it occurs.
const minRun = 8

// minSecret is the length below which a secret is not redacted at all: a
// secret of one to three characters would mask ordinary words.
const minSecret = 4

// maxQuoted is how much of an untrusted text quoteSecret redacts before
// cutting it for a message: far more than a message shows.
const maxQuoted = 8 << 10

// secretMark replaces each place the secret was found.
const secretMark = "[secret]"

// redactor finds one secret in text. A nil *redactor finds nothing. Its
// runs are built on its first search (most redactors, one per token a
// session sees, search a few short texts or none), once, safely for
// concurrent searches.
type redactor struct {
	secret string
	once   sync.Once
	runs   *runSet  // every minRun-byte run of every form of the secret
	whole  []string // forms shorter than minRun, found only whole
}

// newRedactor returns the redactor of secret, or nil when secret is too
// short to be redacted.
func newRedactor(secret string) *redactor {
	if len(secret) < minSecret {
		return nil
	}
	return &redactor{secret: secret}
}

// build makes the runs and whole forms of r's secret.
func (r *redactor) build() {
	forms := secretForms(r.secret)
	n := 0
	for _, f := range forms {
		n += len(f)
	}
	r.runs = newRunSet(n / 4)
	seen := make(map[string]bool, len(forms))
	for _, f := range forms {
		if f == "" || seen[f] {
			continue
		}
		seen[f] = true
		if len(f) < minRun {
			r.whole = append(r.whole, f)
			continue
		}
		r.runs.add(f)
	}
}

// secretForms lists the secret as a server may echo it: raw, URL- and
// form-encoded (upper- and lower-case hex, and every byte encoded), JSON
// and Go string escapes, every character as \u, base64 in four alphabets
// and at the three offsets it may start at inside a longer encoded value
// (Basic credentials), and hex.
func secretForms(s string) []string {
	js, _ := json.Marshal(s)
	jsonForm := strings.Trim(string(js), `"`)
	var plainJSON strings.Builder
	enc := json.NewEncoder(&plainJSON)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s)
	pct := make([]byte, 0, 3*len(s))
	for i := 0; i < len(s); i++ {
		pct = append(pct, '%', upperDigits[s[i]>>4], upperDigits[s[i]&15])
	}
	var uLower, uUpper, uPairs, uPairsUpper []byte
	for _, r := range s {
		uLower = appendU(uLower, r, lowerDigits)
		uUpper = appendU(uUpper, r, upperDigits)
		if r > 0xffff {
			r1, r2 := utf16Pair(r)
			uPairs = appendU(appendU(uPairs, r1, lowerDigits), r2, lowerDigits)
			uPairsUpper = appendU(appendU(uPairsUpper, r1, upperDigits), r2, upperDigits)
		} else {
			uPairs = appendU(uPairs, r, lowerDigits)
			uPairsUpper = appendU(uPairsUpper, r, upperDigits)
		}
	}
	forms := []string{
		s,
		url.PathEscape(s), url.QueryEscape(s), string(pct),
		jsonForm, strings.Trim(strings.TrimSpace(plainJSON.String()), `"`), strings.ReplaceAll(jsonForm, "/", `\/`),
		string(uLower), string(uUpper), string(uPairs),
		strings.Trim(strconv.Quote(s), `"`), strings.Trim(strconv.QuoteToASCII(s), `"`),
		strings.Trim(strconv.QuoteToGraphic(s), `"`),
		hex.EncodeToString([]byte(s)),
	}
	for _, f := range forms[1:4] { // escapes in lower-case hex
		forms = append(forms, lowerEscapes(f))
	}
	forms = append(forms, strings.ToUpper(hex.EncodeToString([]byte(s))), string(uPairsUpper))
	for _, e := range []*base64.Encoding{base64.StdEncoding, base64.URLEncoding} {
		forms = append(forms, e.EncodeToString([]byte(s)))
		raw := e.WithPadding(base64.NoPadding)
		forms = append(forms, raw.EncodeToString([]byte(s)))
		// Inside a longer value the secret may start at byte 1 or 2 of a
		// group of three; its characters there are those of the secret
		// encoded behind one or two other bytes, less the first two or
		// three characters, which mix in those bytes. The last character
		// of a partial group mixes in what follows.
		for off := 0; off <= 2; off++ {
			b := raw.EncodeToString(append(make([]byte, off), s...))
			from, to := []int{0, 2, 3}[off], len(b)
			if (off+len(s))%3 != 0 {
				to--
			}
			if from < to {
				forms = append(forms, b[from:to])
			}
		}
	}
	return forms
}

const (
	lowerDigits = "0123456789abcdef"
	upperDigits = "0123456789ABCDEF"
)

// appendU appends r as fmt's `\u%04x` (or %04X with upper-case digits)
// writes it: at least four hex digits.
func appendU(b []byte, r rune, digits string) []byte {
	b = append(b, '\\', 'u')
	n := 4
	for r>>(4*n) != 0 {
		n++
	}
	for k := n - 1; k >= 0; k-- {
		b = append(b, digits[(r>>(4*k))&15])
	}
	return b
}

// lowerEscapes returns s with the hex digits of its %XX escapes in lower
// case.
func lowerEscapes(s string) string {
	b := []byte(s)
	for i := 0; i+2 < len(b); i++ {
		if b[i] == '%' {
			b[i+1], b[i+2] = lowerHex(b[i+1]), lowerHex(b[i+2])
		}
	}
	return string(b)
}

func lowerHex(c byte) byte {
	if c >= 'A' && c <= 'F' {
		return c + 'a' - 'A'
	}
	return c
}

func utf16Pair(r rune) (rune, rune) {
	r -= 0x10000
	return 0xd800 + (r>>10)&0x3ff, 0xdc00 + r&0x3ff
}

// redact returns s with every place the secret was found replaced by
// "[secret]".
func (r *redactor) redact(s string) string {
	if r == nil {
		return s
	}
	for range 3 {
		mask := r.find(s)
		if mask == nil {
			return s
		}
		s = replaceMasked(s, mask)
	}
	if r.find(s) == nil {
		return s
	}
	if r.find(secretMark) == nil {
		return secretMark
	}
	return "…"
}

// holds reports whether s holds a trace of the secret.
func (r *redactor) holds(s string) bool { return r != nil && r.find(s) != nil }

// find returns which bytes of s belong to a trace of the secret, or nil
// when there is none.
func (r *redactor) find(s string) []bool {
	var mask []bool
	mark := func(from, to int) {
		if mask == nil {
			mask = make([]bool, len(s))
		}
		for i := from; i < to; i++ {
			mask[i] = true
		}
	}
	src := identity(s)
	r.match(src, mark)
	level := []text{src}
	for range 2 {
		var next []text
		for _, t := range level {
			for _, dec := range decoders {
				if d, ok := dec(t); ok {
					r.match(d, mark)
					next = append(next, d)
				}
			}
		}
		level = next
	}
	return mask
}

// match marks the source span of every run and whole form in t.
func (r *redactor) match(t text, mark func(from, to int)) {
	r.once.Do(r.build)
	b := t.b
	for i := 0; i+minRun <= len(b); i++ {
		if r.runs.has(b, i) {
			mark(t.from[i], t.to[i+minRun-1])
		}
	}
	if len(r.whole) == 0 {
		return
	}
	bs := string(b)
	for _, w := range r.whole {
		for i := 0; i+len(w) <= len(bs); {
			k := strings.Index(bs[i:], w)
			if k < 0 {
				break
			}
			mark(t.from[i+k], t.to[i+k+len(w)-1])
			i += k + 1
		}
	}
}

// replaceMasked replaces each maximal masked span of s, widened to whole
// UTF-8 sequences, with secretMark.
func replaceMasked(s string, mask []bool) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		if !mask[i] {
			_, n := utf8.DecodeRuneInString(s[i:])
			if n > 1 && anyMasked(mask[i:i+n]) {
				mask[i] = true
				continue
			}
			b.WriteString(s[i : i+n])
			i += n
			continue
		}
		j := i
		for j < len(s) && (mask[j] || !utf8.RuneStart(s[j])) {
			j++
		}
		b.WriteString(secretMark)
		i = j
	}
	return b.String()
}

func anyMasked(m []bool) bool {
	for _, v := range m {
		if v {
			return true
		}
	}
	return false
}

// quote is quote(s, n) for text that may hold the secret: s (its first
// maxQuoted bytes) is redacted before it is cut and escaped, and the
// result once more, since escaping can complete an encoded form.
func (r *redactor) quote(s string, n int) string {
	if r == nil {
		return quote(s, n)
	}
	cut := false
	if len(s) > maxQuoted {
		i := maxQuoted
		for i > 0 && !utf8.RuneStart(s[i]) {
			i--
		}
		s, cut = s[:i], true
	}
	s = r.redact(s)
	if cut {
		s += "…"
	}
	return r.redact(quote(s, n))
}

// redactBytes is redact for a body kept in an Error.
func (r *redactor) redactBytes(b []byte) []byte {
	if r == nil || len(b) == 0 {
		return b
	}
	return []byte(r.redact(string(b)))
}
