package odata

import (
	"encoding/hex"
	"fmt"
	"strings"
	"time"
)

// literalV2 formats v as an OData v2 URL literal of edmType (OData v2 URI
// conventions, §2.2.2): strings and Booleans as in v4; guid'…';
// datetime'2006-01-02T15:04:05.9999999' (UTC, no offset) for Edm.DateTime
// and Edm.Date; datetimeoffset'…' (RFC 3339); time'PT…' for Edm.Time,
// Edm.Duration and Edm.TimeOfDay; binary'…' in hex; the suffixes L (Int64),
// M (Decimal), d (Double) and f (Single). v2 has no enum types.
func literalV2(edmType string, v any) (string, error) {
	if v == nil {
		return "null", nil
	}
	typ := strings.TrimSpace(edmType)
	short, isEdm := strings.CutPrefix(typ, "Edm.")
	if !isEdm && strings.Contains(typ, ".") {
		return "", fmt.Errorf("odata: OData v2 has no enum types, so %s cannot be written as a literal", oneLine(typ, 80))
	}
	switch short {
	case "Guid":
		lit, err := Literal("Edm.Guid", v)
		return "guid'" + lit + "'", err
	case "Int64":
		lit, err := Literal("Edm.Int64", v)
		return lit + "L", err
	case "Decimal":
		lit, err := Literal("Edm.Decimal", v)
		return lit + "M", err
	case "Double", "Single":
		lit, err := Literal("Edm."+short, v)
		if err != nil || lit == "INF" || lit == "-INF" || lit == "NaN" {
			return lit, err
		}
		return lit + map[string]string{"Double": "d", "Single": "f"}[short], nil
	case "DateTime", "Date":
		t, err := timeValue(v, "Edm."+short)
		return "datetime'" + t.UTC().Format("2006-01-02T15:04:05.9999999") + "'", err
	case "DateTimeOffset":
		lit, err := Literal("Edm.DateTimeOffset", v)
		return "datetimeoffset'" + lit + "'", err
	case "Time", "Duration":
		lit, err := Literal("Edm.Duration", v)
		if err != nil {
			return "", badLiteral(v, "Edm."+short)
		}
		return "time'" + strings.TrimSuffix(strings.TrimPrefix(lit, "duration'"), "'") + "'", nil
	case "TimeOfDay":
		lit, err := Literal("Edm.TimeOfDay", v)
		if err != nil {
			return "", err
		}
		t, _ := time.Parse("15:04:05.999999999", lit)
		if t.IsZero() {
			t, _ = time.Parse("15:04", lit)
		}
		d := time.Duration(t.Hour())*time.Hour + time.Duration(t.Minute())*time.Minute +
			time.Duration(t.Second())*time.Second + time.Duration(t.Nanosecond())
		return "time'" + isoDuration(d) + "'", nil
	case "Binary":
		lit, err := Literal("Edm.Binary", v)
		if err != nil {
			return "", err
		}
		b, _ := decodeBase64(strings.TrimSuffix(strings.TrimPrefix(lit, "binary'"), "'"))
		return "binary'" + strings.ToUpper(hex.EncodeToString(b)) + "'", nil
	}
	return Literal(typ, v)
}

// timeValue reads v as a point in time: a time.Time, or text in RFC 3339
// or as a date (2006-01-02) or a v2 date-time without offset.
func timeValue(v any, typ string) (time.Time, error) {
	if t, ok := v.(time.Time); ok {
		return t, nil
	}
	s, ok := text(v)
	if !ok {
		return time.Time{}, badLiteral(v, typ)
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.9999999", "2006-01-02T15:04", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, badLiteral(v, typ)
}
