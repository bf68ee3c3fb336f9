package termtext

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Scalars as people read them: decimals with grouped thousands, keys from
// entity ids, and date-times.

// formatDecimal writes a number with thousands grouped and at least minFrac
// decimals, keeping every digit it has. A value that is not a plain decimal
// number is shown as it is.
func formatDecimal(v any, minFrac int) string {
	var s string
	switch x := v.(type) {
	case json.Number:
		s = string(x)
	case string:
		s = x
	case float64:
		s = strconv.FormatFloat(x, 'f', -1, 64)
	case nil:
		return ""
	default:
		return formatShort(v, "", "", 1)
	}
	if out, ok := GroupDecimal(s, minFrac); ok {
		return out
	}
	return Sanitize(s)
}

// GroupDecimal rewrites a JSON number (sign, digits, fraction, exponent) as
// a plain decimal with grouped thousands, shifting the point for the exponent
// instead of going through float64.
func GroupDecimal(num string, minFrac int) (string, bool) {
	sign := ""
	if strings.HasPrefix(num, "-") {
		sign, num = "-", num[1:]
	}
	exp := 0
	if i := strings.IndexAny(num, "eE"); i >= 0 {
		e, err := strconv.Atoi(strings.TrimPrefix(num[i+1:], "+"))
		if err != nil || e > 64 || e < -64 {
			return "", false
		}
		num, exp = num[:i], e
	}
	intPart, frac := num, ""
	if i := strings.IndexByte(num, '.'); i >= 0 {
		intPart, frac = num[:i], num[i+1:]
	}
	if intPart == "" || !allDigits(intPart) || !allDigits(frac) {
		return "", false
	}
	if exp != 0 {
		digits, point := intPart+frac, len(intPart)+exp
		if point < 0 {
			digits, point = strings.Repeat("0", -point)+digits, 0
		}
		if point > len(digits) {
			digits += strings.Repeat("0", point-len(digits))
		}
		intPart, frac = digits[:point], digits[point:]
	}
	intPart = strings.TrimLeft(intPart, "0")
	if intPart == "" {
		intPart = "0"
	}
	for len(frac) < minFrac {
		frac += "0"
	}
	var b strings.Builder
	b.WriteString(sign)
	for i := 0; i < len(intPart); i++ {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteByte(intPart[i])
	}
	if frac != "" {
		b.WriteByte('.')
		b.WriteString(frac)
	}
	return b.String(), true
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// shortKey returns the key inside the parentheses of an @odata.id such as
// "General_Contacts_Persons(9f1c…)": a GUID is cut to its first 8 digits
// and "…", a quoted string key is unquoted, a compound key stays as it is.
// An id without a key reads as its last path segment.
func shortKey(id string) string {
	open := strings.LastIndexByte(id, '(')
	if open < 0 || !strings.HasSuffix(id, ")") {
		return id[strings.LastIndexByte(id, '/')+1:]
	}
	key := id[open+1 : len(id)-1]
	switch {
	case IsGUID(key):
		return key[:8] + "…"
	case len(key) >= 2 && key[0] == '\'' && key[len(key)-1] == '\'':
		return strings.ReplaceAll(key[1:len(key)-1], "''", "'")
	}
	return key
}

func IsGUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if !('0' <= c && c <= '9' || 'a' <= c|0x20 && c|0x20 <= 'f') {
				return false
			}
		}
	}
	return true
}

// looksLikeDateTime is a cheap test for "2006-01-02T15:04…".
func looksLikeDateTime(s string) bool {
	return len(s) >= 20 && s[4] == '-' && s[7] == '-' && s[10] == 'T' && s[13] == ':' &&
		allDigits(s[:4]) && allDigits(s[5:7]) && allDigits(s[8:10]) && allDigits(s[11:13])
}

// formatDateTime reads an RFC 3339 date-time; see FormatValue for the rules.
func formatDateTime(s string, long bool) (string, bool) {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return "", false
	}
	_, offset := t.Zone()
	h, m, sec := t.Clock()
	if offset == 0 && h == 0 && m == 0 && sec == 0 && t.Nanosecond() == 0 {
		return t.Format(time.DateOnly), true
	}
	layout := "2006-01-02 15:04"
	switch {
	case long:
		layout = "2006-01-02 15:04:05.999999999"
	case sec != 0 || t.Nanosecond() != 0:
		layout = "2006-01-02 15:04:05"
	}
	out := t.Format(layout)
	switch {
	case offset != 0:
		out += t.Format(" -07:00")
	case long:
		out += " UTC"
	}
	return out, true
}

// GroupThousands puts commas between groups of three digits of an integer
// (the grouping of GroupDecimal, which formats amounts).
func GroupThousands(s string) string {
	if out, ok := GroupDecimal(s, 0); ok {
		return out
	}
	return s
}

// HumanSize is a byte count for people: 512 B, 412 KB, 3.4 MB (1 KB = 1024 B).
func HumanSize(n int64) string {
	if n < 1024 {
		return fmt.Sprintf("%d B", n)
	}
	v, unit := float64(n), ""
	for _, u := range []string{"KB", "MB", "GB", "TB"} {
		v /= 1024
		unit = u
		if v < 1024 {
			break
		}
	}
	if v < 10 {
		return fmt.Sprintf("%.1f %s", v, unit)
	}
	return fmt.Sprintf("%.0f %s", v, unit)
}

// isDateTimeType reports the EDM types of a date and a time: v4's
// Edm.DateTimeOffset and v2's Edm.DateTime (whose "/Date(…)/" values odata
// turns into RFC 3339).
func isDateTimeType(t string) bool { return t == "Edm.DateTimeOffset" || t == "Edm.DateTime" }

// formatTimeOfDay writes a time of day as 08:30 or 08:30:15.5: a v2
// Edm.Time, an xs:duration under a day ("PT8H30M", "PT08H30M15.5S"), or a v4
// Edm.TimeOfDay ("08:30:00"). ok is false for anything else.
func formatTimeOfDay(s string) (string, bool) {
	if t, err := time.Parse("15:04:05.999999999", s); err == nil {
		return clockText(t.Hour(), t.Minute(), t.Second(), t.Nanosecond()), true
	}
	rest, ok := strings.CutPrefix(s, "PT")
	if !ok || rest == "" {
		return "", false
	}
	var h, m int
	var sec float64
	for _, unit := range []byte{'H', 'M', 'S'} {
		i := strings.IndexByte(rest, unit)
		if i < 0 {
			continue
		}
		num := rest[:i]
		rest = rest[i+1:]
		switch unit {
		case 'H', 'M':
			n, err := strconv.Atoi(num)
			if err != nil || n < 0 {
				return "", false
			}
			if unit == 'H' {
				h = n
			} else {
				m = n
			}
		case 'S':
			f, err := strconv.ParseFloat(num, 64)
			if err != nil || f < 0 || f >= 60 {
				return "", false
			}
			sec = f
		}
	}
	if rest != "" || h > 23 || m > 59 {
		return "", false
	}
	whole := int(sec)
	return clockText(h, m, whole, int((sec-float64(whole))*1e9+0.5)), true
}

// clockText is hh:mm, with :ss and a fraction only when they are not zero.
func clockText(h, m, s, ns int) string {
	out := fmt.Sprintf("%02d:%02d", h, m)
	if s != 0 || ns != 0 {
		out += fmt.Sprintf(":%02d", s)
		if ns != 0 {
			out += strings.TrimRight(fmt.Sprintf(".%09d", ns), "0")
		}
	}
	return out
}
