package termtext

import (
	"fmt"
	"strings"
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
//     invisible operators U+2061–U+2064 ⟪INV⟫ and the byte order mark
//     ⟪BOM⟫. Zero width joiner and non-joiner (U+200D, U+200C) are kept:
//     emoji sequences and several scripts need them.
//   - Invalid UTF-8 becomes U+FFFD, one per invalid byte.
//
// A string that needs none of this is returned as it is, without allocating.
// The result is always valid UTF-8 and Sanitize(Sanitize(s)) == Sanitize(s).
func Sanitize(s string) string {
	for i := 0; i < len(s); {
		b := s[i]
		if b < utf8.RuneSelf {
			if b < 0x20 || b == 0x7f {
				return sanitizeFrom(s, i)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && size == 1) || replacement(r) != keep {
			return sanitizeFrom(s, i)
		}
		i += size
	}
	return s
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
	case r == 0xfeff:
		return "⟪BOM⟫"
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

// sanitizeFrom builds the sanitised string; s[:start] is known to be clean.
func sanitizeFrom(s string, start int) string {
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
			case c == '\r' && i < len(s) && s[i] == '\n':
				b.WriteString("⏎")
				i++
			case c == '\n':
				b.WriteString("⏎")
			case c < 0x20:
				b.WriteRune(0x2400 + rune(c))
			case c == 0x7f:
				b.WriteString("␡")
			default:
				b.WriteByte(c)
			}
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b.WriteRune(utf8.RuneError)
			i++
			continue
		}
		if rep := replacement(r); rep != keep {
			b.WriteString(rep)
		} else {
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// UnsafeReason reports what makes out unsafe to print on a terminal (a
// control character, a bidi control, an invisible character, invalid
// UTF-8), or "" when it is safe. Sanitize's output is always safe.
func UnsafeReason(out string) string {
	if !utf8.ValidString(out) {
		return "invalid UTF-8"
	}
	for i := 0; i < len(out); i++ {
		if c := out[i]; c < 0x20 || c == 0x7f {
			return fmt.Sprintf("control byte %#02x at %d", c, i)
		}
	}
	for i, r := range out {
		switch {
		case r >= 0x80 && r <= 0x9f:
			return fmt.Sprintf("C1 control %U at %d", r, i)
		case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069,
			r == 0x200e, r == 0x200f, r == 0x061c:
			return fmt.Sprintf("bidi control %U at %d", r, i)
		case r == 0x2028, r == 0x2029, r == 0x200b, r == 0xfeff:
			return fmt.Sprintf("invisible character %U at %d", r, i)
		}
	}
	return ""
}
