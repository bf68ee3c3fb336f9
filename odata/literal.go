package odata

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Literal formats v as an OData URL literal of the type edmType, ready to
// put into a $filter expression or a key. edmType is a primitive type name
// with or without the "Edm." prefix ("Edm.String", "Int32"), or the
// qualified name of an enum type ("Erp.General_DocumentState").
//
// v may be nil (the literal null), a string (as a user typed it or as the
// server sent it), a json.Number, a bool, a Go integer or float, a
// time.Time, a time.Duration or a []byte, whichever fits the type. Strings
// are quoted with ' doubled; DateTimeOffset, Guid and numbers are bare;
// Double and Single may be INF, -INF or NaN; Duration is duration'P…';
// Binary is binary'…' (base64url); enum members are written typed, as
// NS.Type'Member' (flags as NS.Type'A,B'), which both OData 4.0 and 4.01
// servers accept. The result is not percent-encoded: the URL builder does
// that.
func Literal(edmType string, v any) (string, error) {
	if v == nil {
		return "null", nil
	}
	typ := strings.TrimSpace(edmType)
	short, isEdm := strings.CutPrefix(typ, "Edm.")
	if !isEdm && !strings.Contains(typ, ".") {
		isEdm = true
	}
	if !isEdm {
		return enumLiteral(typ, v)
	}
	switch short {
	case "String":
		s, ok := text(v)
		if !ok {
			return "", badLiteral(v, "Edm.String")
		}
		return "'" + strings.ReplaceAll(s, "'", "''") + "'", nil
	case "Guid":
		s, ok := text(v)
		if !ok || !guidRE().MatchString(s) {
			return "", badLiteral(v, "Edm.Guid")
		}
		return s, nil
	case "Byte":
		return intLiteral(v, "Edm.Byte", 0, math.MaxUint8)
	case "SByte":
		return intLiteral(v, "Edm.SByte", math.MinInt8, math.MaxInt8)
	case "Int16":
		return intLiteral(v, "Edm.Int16", math.MinInt16, math.MaxInt16)
	case "Int32":
		return intLiteral(v, "Edm.Int32", math.MinInt32, math.MaxInt32)
	case "Int64":
		return intLiteral(v, "Edm.Int64", math.MinInt64, math.MaxInt64)
	case "Decimal":
		return decimalLiteral(v)
	case "Double":
		return floatLiteral(v, "Edm.Double", 64)
	case "Single":
		return floatLiteral(v, "Edm.Single", 32)
	case "Boolean":
		switch b := v.(type) {
		case bool:
			return strconv.FormatBool(b), nil
		case string:
			if s := strings.ToLower(strings.TrimSpace(b)); s == "true" || s == "false" {
				return s, nil
			}
		}
		return "", badLiteral(v, "Edm.Boolean")
	case "Date":
		return timeLiteral(v, "Edm.Date", "2006-01-02")
	case "DateTimeOffset":
		return timeLiteral(v, "Edm.DateTimeOffset", time.RFC3339Nano)
	case "TimeOfDay":
		if t, ok := v.(time.Time); ok {
			return t.Format("15:04:05.999999999"), nil
		}
		s, ok := text(v)
		if !ok || !timeOfDayRE().MatchString(s) {
			return "", badLiteral(v, "Edm.TimeOfDay")
		}
		return s, nil
	case "Duration":
		if d, ok := v.(time.Duration); ok {
			return "duration'" + isoDuration(d) + "'", nil
		}
		s, ok := text(v)
		if !ok || !durationRE().MatchString(s) || strings.HasSuffix(s, "P") || strings.HasSuffix(s, "T") {
			return "", badLiteral(v, "Edm.Duration")
		}
		return "duration'" + s + "'", nil
	case "Binary":
		b, ok := v.([]byte)
		if !ok {
			s, isText := text(v)
			var err error
			if b, err = decodeBase64(s); !isText || err != nil {
				return "", badLiteral(v, "Edm.Binary")
			}
		}
		return "binary'" + base64.RawURLEncoding.EncodeToString(b) + "'", nil
	}
	return "", fmt.Errorf("odata: values of type %s cannot be written as a filter literal", oneLine(typ, 80))
}

var (
	guidRE = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$`)
	})
	decimalRE   = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[+-]?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?$`) })
	timeOfDayRE = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,12})?)?$`)
	})
	durationRE = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^-?P([0-9]+D)?(T([0-9]+H)?([0-9]+M)?([0-9]+(\.[0-9]+)?S)?)?$`)
	})
	identRE     = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[\p{L}_][\p{L}\p{Nd}_]*$`) })
	enumValueRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(-?[0-9]+|[\p{L}_][\p{L}\p{Nd}_]*)$`) })
)

func badLiteral(v any, typ string) error {
	return fmt.Errorf("odata: %q is not a valid %s value", oneLine(fmt.Sprint(v), 60), typ)
}

// text returns v as text when it is a scalar.
func text(v any) (string, bool) {
	switch x := v.(type) {
	case string:
		return x, true
	case json.Number:
		return string(x), true
	case bool:
		return strconv.FormatBool(x), true
	case int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64:
		return fmt.Sprint(x), true
	case float32:
		return strconv.FormatFloat(float64(x), 'g', -1, 32), true
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64), true
	}
	return "", false
}

func intLiteral(v any, typ string, lo, hi int64) (string, error) {
	var n int64
	switch x := v.(type) {
	case float64:
		if x != math.Trunc(x) || x < -(1<<63) || x >= 1<<63 {
			return "", badLiteral(v, typ)
		}
		n = int64(x)
	case uint64:
		if x > math.MaxInt64 {
			return "", badLiteral(v, typ)
		}
		n = int64(x)
	case bool:
		return "", badLiteral(v, typ)
	default:
		s, ok := text(v)
		if !ok {
			return "", badLiteral(v, typ)
		}
		var err error
		if n, err = strconv.ParseInt(strings.TrimPrefix(s, "+"), 10, 64); err != nil {
			return "", badLiteral(v, typ)
		}
	}
	if n < lo || n > hi {
		return "", fmt.Errorf("odata: %d is out of range for %s (%d to %d)", n, typ, lo, hi)
	}
	return strconv.FormatInt(n, 10), nil
}

func decimalLiteral(v any) (string, error) {
	switch x := v.(type) {
	case float64:
		if math.IsInf(x, 0) || math.IsNaN(x) {
			return "", badLiteral(v, "Edm.Decimal")
		}
		return strconv.FormatFloat(x, 'f', -1, 64), nil
	case float32:
		return decimalLiteral(float64(x))
	case bool:
		return "", badLiteral(v, "Edm.Decimal")
	}
	s, ok := text(v)
	if !ok || !decimalRE().MatchString(s) {
		return "", badLiteral(v, "Edm.Decimal")
	}
	return s, nil
}

func floatLiteral(v any, typ string, bits int) (string, error) {
	var f float64
	switch x := v.(type) {
	case float64:
		f = x
	case float32:
		f = float64(x)
	case bool:
		return "", badLiteral(v, typ)
	default:
		s, ok := text(v)
		if !ok {
			return "", badLiteral(v, typ)
		}
		switch s {
		case "INF", "-INF", "NaN":
			return s, nil
		}
		if !decimalRE().MatchString(s) {
			return "", badLiteral(v, typ)
		}
		if _, err := strconv.ParseFloat(s, bits); err != nil {
			return "", badLiteral(v, typ)
		}
		return s, nil
	}
	switch {
	case math.IsNaN(f):
		return "NaN", nil
	case math.IsInf(f, 1):
		return "INF", nil
	case math.IsInf(f, -1):
		return "-INF", nil
	}
	return strconv.FormatFloat(f, 'g', -1, bits), nil
}

func timeLiteral(v any, typ, layout string) (string, error) {
	t, ok := v.(time.Time)
	if !ok {
		s, isText := text(v)
		if !isText {
			return "", badLiteral(v, typ)
		}
		var err error
		if t, err = time.Parse(time.RFC3339Nano, s); err != nil {
			if t, err = time.Parse("2006-01-02", s); err != nil {
				return "", badLiteral(v, typ)
			}
		}
	}
	return t.Format(layout), nil
}

// isoDuration writes d as an ISO 8601 duration: -PT1H30M0.5S.
func isoDuration(d time.Duration) string {
	var b strings.Builder
	if d < 0 {
		b.WriteByte('-')
	}
	u := uint64(d)
	if d < 0 {
		u = uint64(-d)
	}
	b.WriteString("PT")
	h, u := u/uint64(time.Hour), u%uint64(time.Hour)
	m, u := u/uint64(time.Minute), u%uint64(time.Minute)
	if h > 0 {
		fmt.Fprintf(&b, "%dH", h)
	}
	if m > 0 {
		fmt.Fprintf(&b, "%dM", m)
	}
	if u > 0 || (h == 0 && m == 0) {
		fmt.Fprintf(&b, "%d", u/1e9)
		if ns := u % 1e9; ns > 0 {
			b.WriteString(strings.TrimRight(fmt.Sprintf(".%09d", ns), "0"))
		}
		b.WriteByte('S')
	}
	return b.String()
}

func decodeBase64(s string) ([]byte, error) {
	s = strings.TrimRight(s, "=")
	if b, err := base64.RawURLEncoding.DecodeString(s); err == nil {
		return b, nil
	}
	return base64.RawStdEncoding.DecodeString(s)
}

// enumLiteral writes NS.Type'Member' for a qualified enum type name.
func enumLiteral(typ string, v any) (string, error) {
	for part := range strings.SplitSeq(typ, ".") {
		if !identRE().MatchString(part) {
			return "", fmt.Errorf("odata: %q is not a qualified type name", oneLine(typ, 80))
		}
	}
	s, ok := text(v)
	if !ok {
		return "", badLiteral(v, typ)
	}
	members := strings.Split(s, ",")
	for i, m := range members {
		members[i] = strings.TrimSpace(m)
		if !enumValueRE().MatchString(members[i]) {
			return "", badLiteral(v, typ)
		}
	}
	return typ + "'" + strings.Join(members, ",") + "'", nil
}
