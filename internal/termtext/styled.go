package termtext

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// UnsafeStyled reports what in raw, a drawn frame, a terminal would
// interpret beyond the SGR styles (ESC [ … m) that Lip Gloss writes and
// line feeds: another escape sequence, a control character, a bidi
// control, invalid UTF-8. It returns "" when there is nothing. Tests of
// every screen check their views with it.
func UnsafeStyled(raw string) string {
	for i := 0; i < len(raw); {
		r, size := utf8.DecodeRuneInString(raw[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			return fmt.Sprintf("invalid UTF-8 at %d", i)
		case r == 0x1b:
			j := i + 1
			if j < len(raw) && raw[j] == '[' {
				j++
				for j < len(raw) && strings.IndexByte("0123456789;:", raw[j]) >= 0 {
					j++
				}
			}
			if j >= len(raw) || raw[j] != 'm' || raw[i+1] != '[' {
				return fmt.Sprintf("escape sequence %q", raw[i:min(len(raw), i+12)])
			}
			i = j + 1
			continue
		case r == '\n':
		case r < 0x20, r == 0x7f, r >= 0x80 && r <= 0x9f, r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
			return fmt.Sprintf("control character %U in %q", r, raw[max(0, i-10):min(len(raw), i+10)])
		}
		i += size
	}
	return ""
}
