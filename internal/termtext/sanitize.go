package termtext

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Sanitize returns s with every character that a terminal could interpret,
// or that could make text read differently from what it is, replaced by a
// visible form. It is the one place where server text is made safe; every
// string from the server passes through it before any style is applied.
//
// The replacements:
//
//   - ESC (U+001B) becomes ␛, so no escape sequence (CSI, OSC, DCS, …) can
//     start; the rest of the sequence stays visible as plain text.
//   - Line feed becomes ⏎, as do CR LF pairs, U+2028 and U+2029; a lone
//     carriage return becomes ␍ (it would otherwise overwrite the line).
//   - Tab becomes a single space: it is whitespace, and a real tab would
//     break column alignment.
//   - The other C0 controls (U+0000–U+001F) become their control pictures
//     U+2400–U+241F (NUL → ␀, BEL → ␇, …); DEL becomes ␡.
//   - C1 controls (U+0080–U+009F, e.g. the single-character CSI U+009B)
//     become their hexadecimal code in angle brackets: <9B>.
//   - Bidirectional embeddings, overrides and isolates (U+202A–U+202E,
//     U+2066–U+2069) become markers such as ⟪RLO⟫, so reordered
//     ("Trojan Source") text is seen for what it is. The implicit marks
//     LRM, RLM and ALM (U+200E, U+200F, U+061C) are removed: they are
//     invisible, common in right-to-left text, and without an override they
//     cannot reorder anything.
//   - Invisible characters that make two different strings look the same
//     become markers: zero width space ⟪ZWSP⟫, word joiner ⟪WJ⟫, the
//     invisible operators U+2061–U+2064 ⟪INV⟫, the byte order mark ⟪BOM⟫
//     and the Hangul fillers U+115F, U+1160, U+3164 and U+FFA0 ⟪HF⟫.
//   - Tag characters (U+E0000–U+E007F), which draw nothing and can hide
//     text, become one marker per run showing the ASCII they mirror, such
//     as ⟪TAG:hi⟫ (the mirrors of controls as control pictures). A flag's
//     tag sequence stays: 🏴, two to seven tags of lower-case letters or
//     digits (a subdivision such as gbeng), the cancel tag U+E007F.
//   - A zero width joiner (U+200D) stays between two emoji (the second a
//     pictograph; the first a pictograph, a skin tone, VS16 or the end of
//     a flag), as in 👨‍👩‍👧, and between two letters or marks of a script
//     that uses it to join (Devanagari, Sinhala, Arabic, …); anywhere else
//     it becomes ⟪ZWJ⟫. The zero width non-joiner (U+200C) is kept.
//   - Invalid UTF-8 becomes U+FFFD, one per invalid byte.
//
// A string that needs none of this is returned as it is, without allocating.
// The result is always valid UTF-8 and Sanitize(Sanitize(s)) == Sanitize(s).
func Sanitize(s string) string {
	prev := rune(-1) // the rune before s[i], -1 at the start
	for i := 0; i < len(s); {
		b := s[i]
		if b < utf8.RuneSelf {
			if b < 0x20 || b == 0x7f {
				return sanitizeFrom(s, i, prev)
			}
			prev = rune(b)
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == zwj || r == blackFlag || isTag(r) || r == utf8.RuneError {
			rep, n := visible(s, i, prev)
			if rep != keep {
				return sanitizeFrom(s, i, prev)
			}
			prev, _ = utf8.DecodeLastRuneInString(s[i : i+n])
			i += n
			continue
		}
		if replacement(r) != keep {
			return sanitizeFrom(s, i, prev)
		}
		prev = r
		i += size
	}
	return s
}

// visible returns the visible form of the text at s[i] (not ASCII), whose
// preceding rune in the output is prev, and how many bytes it replaces: keep
// to leave them as they are, "" to drop them.
func visible(s string, i int, prev rune) (string, int) {
	r, size := utf8.DecodeRuneInString(s[i:])
	switch {
	case r == utf8.RuneError && size == 1:
		return "\ufffd", 1
	case r == zwj:
		next, _ := utf8.DecodeRuneInString(s[i+size:])
		if joins(prev, next) {
			return keep, size
		}
		return "⟪ZWJ⟫", size
	case r == blackFlag:
		return keep, size + flagTags(s[i+size:])
	case isTag(r):
		n := size
		for n < len(s)-i {
			r, size := utf8.DecodeRuneInString(s[i+n:])
			if !isTag(r) {
				break
			}
			n += size
		}
		return tagMarker(s[i : i+n]), n
	}
	return replacement(r), size
}

// keep is what replacement returns for a rune that stays as it is.
const keep = "\x00keep"

// replacement returns the visible form of a non-ASCII rune, "" to drop it,
// or keep.
func replacement(r rune) string {
	switch {
	case r < 0x80:
		return keep
	case r <= 0x9f:
		return c1Names[r-0x80]
	case r < 0x061c:
		return keep
	case r == 0x061c, r == 0x200e, r == 0x200f:
		return ""
	case r == 0x115f, r == 0x1160:
		return "⟪HF⟫"
	case r == 0x200b:
		return "⟪ZWSP⟫"
	case r == 0x2028, r == 0x2029:
		return "⏎"
	case r >= 0x202a && r <= 0x202e:
		return bidiNames[r-0x202a]
	case r == 0x2060:
		return "⟪WJ⟫"
	case r >= 0x2061 && r <= 0x2064:
		return "⟪INV⟫"
	case r >= 0x2066 && r <= 0x2069:
		return isolateNames[r-0x2066]
	case r == 0x3164:
		return "⟪HF⟫"
	case r == 0xfeff:
		return "⟪BOM⟫"
	case r == 0xffa0:
		return "⟪HF⟫"
	}
	return keep
}

var bidiNames = [...]string{"⟪LRE⟫", "⟪RLE⟫", "⟪PDF⟫", "⟪LRO⟫", "⟪RLO⟫"}

var isolateNames = [...]string{"⟪LRI⟫", "⟪RLI⟫", "⟪FSI⟫", "⟪PDI⟫"}

// c1Names holds "<80>" … "<9F>".
var c1Names = func() [32]string {
	const hex = "0123456789ABCDEF"
	var n [32]string
	for i := range n {
		c := 0x80 + i
		n[i] = "<" + string(hex[c>>4]) + string(hex[c&0xf]) + ">"
	}
	return n
}()

// sanitizeFrom builds the sanitised string; s[:start] is known to be clean
// and prev is its last rune (-1 if none).
func sanitizeFrom(s string, start int, prev rune) string {
	var b strings.Builder
	b.Grow(len(s) + 16)
	b.WriteString(s[:start])
	for i := start; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			switch {
			case c == '\t':
				b.WriteByte(' ')
				prev = ' '
			case c == '\r' && i < len(s) && s[i] == '\n':
				b.WriteString("⏎")
				prev = '⏎'
				i++
			case c == '\n':
				b.WriteString("⏎")
				prev = '⏎'
			case c < 0x20:
				b.WriteRune(0x2400 + rune(c))
				prev = 0x2400 + rune(c)
			case c == 0x7f:
				b.WriteString("␡")
				prev = '␡'
			default:
				b.WriteByte(c)
				prev = rune(c)
			}
			continue
		}
		rep, n := visible(s, i, prev)
		if rep == keep {
			rep = s[i : i+n]
		}
		b.WriteString(rep)
		if rep != "" { // a dropped mark leaves prev as it was
			prev, _ = utf8.DecodeLastRuneInString(rep)
		}
		i += n
	}
	return b.String()
}

const (
	zwj       = 0x200d
	blackFlag = 0x1f3f4 // 🏴, the base of the flags of subdivisions
	cancelTag = 0xe007f
)

func isTag(r rune) bool { return r >= 0xe0000 && r <= cancelTag }

// tagMarker shows a run of tag characters as the ASCII they mirror.
func tagMarker(run string) string {
	var b strings.Builder
	b.WriteString("⟪TAG:")
	for _, r := range run {
		switch c := r - 0xe0000; {
		case c < 0x20:
			b.WriteRune(0x2400 + c)
		case c == 0x7f:
			b.WriteString("␡")
		default:
			b.WriteRune(c)
		}
	}
	b.WriteString("⟫")
	return b.String()
}

// flagTags returns the length of the tag sequence of a flag at the start of
// s (what follows 🏴): two to seven tags of lower-case letters or digits and
// the cancel tag. It returns 0 when s does not start with one.
func flagTags(s string) int {
	n := 0
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == cancelTag && n >= 2:
			return i + size
		case r >= 0xe0030 && r <= 0xe0039, r >= 0xe0061 && r <= 0xe007a:
			if n++; n > 7 {
				return 0
			}
		default:
			return 0
		}
		i += size
	}
	return 0
}

// joins reports whether a zero width joiner between prev and next joins
// them: two emoji, or two letters or marks of a script that joins with it.
func joins(prev, next rune) bool {
	if isPictograph(next) && (isPictograph(prev) || prev == 0xfe0f || prev == 0x20e3 || prev == cancelTag) {
		return true
	}
	if !isLetterOrMark(prev) || !isLetterOrMark(next) {
		return false
	}
	for _, sc := range joiningScripts {
		if unicode.Is(sc, prev) {
			return unicode.Is(sc, next)
		}
	}
	return false
}

func isLetterOrMark(r rune) bool { return r > 0x7f && (unicode.IsLetter(r) || unicode.IsMark(r)) }

// joiningScripts are the scripts whose text uses the zero width joiner
// between letters (conjuncts, half forms, joining forms).
var joiningScripts = []*unicode.RangeTable{
	unicode.Arabic, unicode.Syriac, unicode.Thaana, unicode.Nko, unicode.Mongolian,
	unicode.Devanagari, unicode.Bengali, unicode.Gurmukhi, unicode.Gujarati, unicode.Oriya, unicode.Tamil,
	unicode.Telugu, unicode.Kannada, unicode.Malayalam, unicode.Sinhala, unicode.Tibetan, unicode.Myanmar,
	unicode.Khmer, unicode.Balinese, unicode.Javanese,
}

// isPictograph approximates Unicode's Extended_Pictographic property: the
// characters an emoji ZWJ sequence joins (and the skin tones).
func isPictograph(r rune) bool {
	switch {
	case r < 0xa9:
		return false
	case r >= 0x1f000 && r <= 0x1faff, r >= 0x1fc00 && r <= 0x1fffd, r >= 0x2600 && r <= 0x27bf:
		return true
	}
	switch r {
	case 0xa9, 0xae, 0x203c, 0x2049, 0x2122, 0x2139, 0x2328, 0x2388, 0x23cf, 0x24c2, 0x25b6, 0x25c0,
		0x2b50, 0x2b55, 0x3030, 0x303d, 0x3297, 0x3299:
		return true
	}
	return r >= 0x2194 && r <= 0x2199 || r >= 0x21a9 && r <= 0x21aa || r >= 0x231a && r <= 0x231b ||
		r >= 0x23e9 && r <= 0x23f3 || r >= 0x23f8 && r <= 0x23fa || r >= 0x25aa && r <= 0x25ab ||
		r >= 0x25fb && r <= 0x25fe || r >= 0x2934 && r <= 0x2935 || r >= 0x2b05 && r <= 0x2b07 ||
		r >= 0x2b1b && r <= 0x2b1c
}

// UnsafeReason reports what makes out unsafe to print on a terminal (a
// control character, a bidi control, an invisible character, a tag
// character outside a flag, a zero width joiner that joins nothing, invalid
// UTF-8), or "" when it is safe. Sanitize's output is always safe, and
// Sanitize changes exactly the strings that are not.
func UnsafeReason(out string) string {
	if !utf8.ValidString(out) {
		return "invalid UTF-8"
	}
	for i := 0; i < len(out); i++ {
		if c := out[i]; c < 0x20 || c == 0x7f {
			return fmt.Sprintf("control byte %#02x at %d", c, i)
		}
	}
	prev := rune(-1)
	for i := 0; i < len(out); {
		r, size := utf8.DecodeRuneInString(out[i:])
		switch {
		case r >= 0x80 && r <= 0x9f:
			return fmt.Sprintf("C1 control %U at %d", r, i)
		case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069,
			r == 0x200e, r == 0x200f, r == 0x061c:
			return fmt.Sprintf("bidi control %U at %d", r, i)
		case r == 0x2028, r == 0x2029, r == 0x200b, r == 0xfeff, r >= 0x2060 && r <= 0x2064,
			r == 0x115f, r == 0x1160, r == 0x3164, r == 0xffa0:
			return fmt.Sprintf("invisible character %U at %d", r, i)
		case isTag(r):
			return fmt.Sprintf("tag character %U outside a flag at %d", r, i)
		case r == zwj:
			if next, _ := utf8.DecodeRuneInString(out[i+size:]); !joins(prev, next) {
				return fmt.Sprintf("zero width joiner joining nothing at %d", i)
			}
		case r == blackFlag:
			if n := flagTags(out[i+size:]); n > 0 {
				size += n
				r = cancelTag
			}
		}
		prev = r
		i += size
	}
	return ""
}
