package reqlog

import (
	"net/url"
	"unicode/utf8"

	"github.com/odx-dev/odx/internal/termtext"
)

// readableURL is the URL percent-decoded for reading (path and query; the
// origin only when full), sanitised.
func readableURL(raw string, full bool) string {
	u, err := url.Parse(raw)
	if err != nil {
		return termtext.Sanitize(raw)
	}
	s := u.EscapedPath()
	if p, err := url.PathUnescape(s); err == nil {
		s = p
	}
	if u.RawQuery != "" {
		q := u.RawQuery
		if d, err := url.PathUnescape(q); err == nil {
			q = d
		}
		s += "?" + q
	}
	if full {
		s = u.Scheme + "://" + u.Host + s
	}
	return termtext.Sanitize(s)
}

// cutPartialRune drops a UTF-8 sequence cut short at the end of b (the log
// keeps the first KiB, which may end inside a character).
func cutPartialRune(b []byte) []byte {
	for j := len(b) - 1; j >= 0 && j >= len(b)-utf8.UTFMax; j-- {
		if utf8.RuneStart(b[j]) {
			if !utf8.FullRune(b[j:]) {
				return b[:j]
			}
			break
		}
	}
	return b
}
