package odata

import (
	"strconv"
	"strings"
	"time"
)

// ParseJSONDate reads the date form of OData v2 verbose JSON (and of the
// Microsoft JSON serialisers it came from): "/Date(ms)/" for an
// Edm.DateTime, "/Date(ms+hhmm)/" or "/Date(ms-hhmm)/" for an
// Edm.DateTimeOffset, ms being milliseconds since 1970-01-01 UTC and the
// suffix the offset the time was written in. ok is false for anything
// else.
func ParseJSONDate(s string) (t time.Time, hasOffset, ok bool) {
	inner, found := strings.CutPrefix(s, "/Date(")
	if !found {
		return time.Time{}, false, false
	}
	inner, found = strings.CutSuffix(inner, ")/")
	if !found || inner == "" {
		return time.Time{}, false, false
	}
	digits, zone := inner, ""
	if i := strings.LastIndexAny(inner, "+-"); i > 0 {
		digits, zone = inner[:i], inner[i:]
	}
	ms, err := strconv.ParseInt(digits, 10, 64)
	if err != nil || ms < -62135596800000 || ms > 253402300799999 { // years 1–9999
		return time.Time{}, false, false
	}
	t = time.UnixMilli(ms).UTC()
	if zone == "" {
		return t, false, true
	}
	if len(zone) != 5 {
		return time.Time{}, false, false
	}
	hh, err1 := strconv.Atoi(zone[1:3])
	mm, err2 := strconv.Atoi(zone[3:5])
	if err1 != nil || err2 != nil || hh > 23 || mm > 59 {
		return time.Time{}, false, false
	}
	off := hh*3600 + mm*60
	if zone[0] == '-' {
		off = -off
	}
	return t.In(time.FixedZone("", off)), true, true
}

// jsonDateRFC3339 rewrites a v2 "/Date(…)/" string as RFC 3339 (UTC "Z"
// for an Edm.DateTime, the written offset for an Edm.DateTimeOffset), so
// that v2 dates are shown, filtered and exported as the dates they are.
// Other strings are returned unchanged.
func jsonDateRFC3339(s string) string {
	t, _, ok := ParseJSONDate(s)
	if !ok {
		return s
	}
	return t.Format(time.RFC3339Nano)
}
