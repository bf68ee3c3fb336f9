package auth

import (
	"bytes"
	"strings"
	"unicode/utf8"
)

// Masking of bearer tokens in what a server sends back. An API that
// received the token may echo it in an error body or a header, raw or
// escaped (System.Text.Json writes "+" as \u002B, others escape "/" or the
// first character), URL-encoded, base64-encoded or cut; the program decodes
// such text (JSON, XML, HTML) before it shows it. A Masker finds the token
// in every form the secret's redactor knows (redact.go), in the text and in
// the text decoded once or twice (backslash escapes and quoted-pairs, %XX,
// character references, markup with its tags, comments and CDATA markers
// taken out), and replaces each place with the token's masked form. It
// hides the values of token-response fields (access_token, refresh_token,
// id_token) too, whatever token they hold.

// Masker hides bearer tokens in text from a server. A nil or empty Masker
// still hides token-response fields. A Masker is safe for concurrent use.
type Masker struct {
	toks []maskedToken
}

type maskedToken struct {
	r    *redactor
	mark string
}

// tokenFields are the fields of a token response whose values are hidden.
var tokenFields = []string{"access_token", "refresh_token", "id_token"}

// fieldMark replaces the value of a token-response field.
const fieldMark = "REDACTED"

// withheldMark replaces a text that still holds a token after masking.
const withheldMark = "(withheld: it holds an access token)"

// NewMasker returns a Masker of tokens; empty tokens and tokens too short
// to mask (under 4 bytes) are ignored.
func NewMasker(tokens ...string) *Masker {
	m := &Masker{}
	for _, t := range tokens {
		if r := newRedactor(t); r != nil {
			m.toks = append(m.toks, maskedToken{r: r, mark: bodyMark(t)})
		}
	}
	return m
}

// bodyMark is Mask(token) when it can stand inside a JSON string or XML
// text unchanged, else "…".
func bodyMark(token string) string {
	m := Mask(token)
	for _, c := range []byte(strings.TrimPrefix(m, "…")) {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("-._~+/=", c) >= 0) {
			return "…"
		}
	}
	return m
}

// Bytes returns b with every trace of the tokens, and every token-response
// field value, replaced: a token by its masked form (Mask), a field value
// by REDACTED. A replacement covers whole escape sequences, so a JSON body
// stays valid JSON. b itself is not changed.
func (m *Masker) Bytes(b []byte) []byte {
	if len(b) == 0 {
		return b
	}
	s := string(b)
	if out := m.String(s); out != s {
		return []byte(out)
	}
	return b
}

// String is Bytes for a string.
func (m *Masker) String(s string) string {
	if s == "" {
		return s
	}
	for range 3 {
		labels := m.find(s, true)
		if labels == nil {
			return s
		}
		s = m.replace(s, labels)
	}
	if m.find(s, true) == nil {
		return s
	}
	return withheldMark
}

// label values: 0 is clean, fieldLabel a field value, k > 0 token k-1.
const fieldLabel = -1

// holds reports whether s holds a trace of one of m's tokens (field values
// do not count).
func (m *Masker) holds(s string) bool { return m.find(s, false) != nil }

// find labels the bytes of s that belong to a token or (with fields) a
// field value, or returns nil when there are none.
func (m *Masker) find(s string, fields bool) []int16 {
	var labels []int16
	mark := func(label int16) func(from, to int) {
		return func(from, to int) {
			if labels == nil {
				labels = make([]int16, len(s))
			}
			for i := from; i < to; i++ {
				if labels[i] == 0 {
					labels[i] = label
				}
			}
		}
	}
	src := identity(s)
	views := []text{src}
	var units []text // the views decoded from s itself: their escapes are whole units of s
	for _, d := range maskDecoders {
		if t, ok := d(src); ok {
			views = append(views, t)
			units = append(units, t)
		}
	}
	for _, u := range units {
		for _, d := range maskDecoders {
			if t, ok := d(u); ok {
				views = append(views, t)
			}
		}
	}
	for _, v := range views {
		if m != nil {
			for k, tok := range m.toks {
				tok.r.match(v, mark(int16(k+1)))
			}
		}
		if fields {
			matchFields(v, mark(fieldLabel))
		}
	}
	if labels == nil {
		return nil
	}
	widen(labels, units)
	keepMarkup(labels, src)
	return labels
}

// keepMarkup takes the tags, comments and CDATA markers of s out of the
// labelled spans (a trace split by them is masked piece by piece), so that
// masked XML or HTML keeps its structure.
func keepMarkup(labels []int16, src text) {
	mk, ok := decodeMarkup(src)
	if !ok {
		return
	}
	shown := make([]bool, len(labels))
	for k := range mk.b {
		for i := mk.from[k]; i < mk.to[k]; i++ {
			shown[i] = true
		}
	}
	for i, ok := range shown {
		if !ok {
			labels[i] = 0
		}
	}
}

// maskDecoders are the redactor's decoders and those a body needs besides:
// quoted-pairs (an HTTP header's \X), character references as HTML reads
// them (no ";" needed, every named one) and markup without its tags.
var maskDecoders = append(append([]func(text) (text, bool){}, decoders...), decodeQuotedPairs, decodeHTMLLoose, decodeMarkup)

// widen extends every labelled span to whole escape sequences of s (the
// units of the views decoded from s), so that a replacement never leaves
// half an escape behind.
func widen(labels []int16, units []text) {
	for _, u := range units {
		for k := range u.b {
			from, to := u.from[k], u.to[k]
			if to-from < 2 {
				continue
			}
			var l int16
			for i := from; i < to && l == 0; i++ {
				l = labels[i]
			}
			if l == 0 {
				continue
			}
			for i := from; i < to; i++ {
				if labels[i] == 0 {
					labels[i] = l
				}
			}
		}
	}
}

// replace replaces each maximal labelled span of s, widened to whole UTF-8
// sequences, with the mark of the label at its start.
func (m *Masker) replace(s string, labels []int16) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		if labels[i] == 0 {
			_, n := utf8.DecodeRuneInString(s[i:])
			l := int16(0)
			for _, x := range labels[i : i+n] {
				if x != 0 {
					l = x
				}
			}
			if n > 1 && l != 0 {
				labels[i] = l
				continue
			}
			b.WriteString(s[i : i+n])
			i += n
			continue
		}
		l := labels[i]
		j := i
		for j < len(s) && (labels[j] != 0 || !utf8.RuneStart(s[j])) {
			j++
		}
		if l == fieldLabel {
			b.WriteString(fieldMark)
		} else {
			b.WriteString(m.toks[l-1].mark)
		}
		i = j
	}
	return b.String()
}

// matchFields marks the value of every token-response field in t: a name
// of tokenFields (in any case), an optional closing quote, then ":", "="
// or ">" (JSON, a form, XML), then the value up to its end.
func matchFields(t text, mark func(from, to int)) {
	lower := asciiLower(t.b)
	for _, name := range tokenFields {
		for at := 0; ; {
			k := bytes.Index(lower[at:], []byte(name))
			if k < 0 {
				break
			}
			i := at + k + len(name)
			at = i
			i = skipSpace(lower, skipQuote(lower, i))
			if i >= len(lower) || strings.IndexByte(":=>", lower[i]) < 0 {
				continue
			}
			i = skipQuote(lower, skipSpace(lower, i+1))
			j := i
			for j < len(lower) && strings.IndexByte("\"'&,;}]<> \t\r\n", lower[j]) < 0 {
				j++
			}
			if j > i && string(t.b[i:j]) != fieldMark {
				mark(t.from[i], t.to[j-1])
			}
		}
	}
}

// asciiLower is b with its ASCII letters in lower case, byte for byte
// (bytes.ToLower would replace invalid UTF-8 and change the length).
func asciiLower(b []byte) []byte {
	out := make([]byte, len(b))
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		out[i] = c
	}
	return out
}

// skipQuote returns i past one quote at b[i], if there is one.
func skipQuote(b []byte, i int) int {
	if i < len(b) && (b[i] == '"' || b[i] == '\'') {
		return i + 1
	}
	return i
}

// skipSpace returns the index of the first byte at or after i that is not
// white space.
func skipSpace(b []byte, i int) int {
	for i < len(b) && strings.IndexByte(" \t\r\n", b[i]) >= 0 {
		i++
	}
	return i
}
