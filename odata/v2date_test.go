package odata

import (
	"bytes"
	"testing"
	"time"
)

func TestParseJSONDate(t *testing.T) {
	tests := []struct {
		in, want string // want: RFC 3339, or "" when not a date
		offset   bool
	}{
		{"/Date(1577923200000)/", "2020-01-02T00:00:00Z", false},
		{"/Date(1614834367123+0000)/", "2021-03-04T05:06:07.123Z", true},
		{"/Date(1614834367123+0130)/", "2021-03-04T06:36:07.123+01:30", true},
		{"/Date(1614834367123-0500)/", "2021-03-04T00:06:07.123-05:00", true},
		{"/Date(-86400000)/", "1969-12-31T00:00:00Z", false},
		{"/Date()/", "", false},
		{"/Date(12x)/", "", false},
		{"/Date(1+25)/", "", false},
		{"/Date(1+2500)/", "", false},
		{"Date(1)", "", false},
		{"/Date(99999999999999999)/", "", false},
		{"2020-01-02T00:00:00Z", "", false},
	}
	for _, tt := range tests {
		got, off, ok := ParseJSONDate(tt.in)
		if (tt.want != "") != ok || off != tt.offset || (ok && got.Format(time.RFC3339Nano) != tt.want) {
			t.Errorf("ParseJSONDate(%q) = %v, offset %v, ok %v; want %q, offset %v", tt.in, got, off, ok, tt.want, tt.offset)
		}
	}
}

func TestV2DatesDecodeAsRFC3339(t *testing.T) {
	body := `{"d":{"__count":"2","results":[
		{"__metadata":{"uri":"https://h/svc/Orders(1)"},"Id":1,"Created":"\/Date(1577923200000)\/","Changed":"\/Date(1614834367123+0100)\/","Note":"/Date(today)/"},
		{"__metadata":{"uri":"https://h/svc/Orders(2)"},"Id":2,"Created":null,"Changed":"\/Date(0+0000)\/","Note":"x"}]}}`
	p, err := decodePage(bytes.NewReader([]byte(body)), testRoot, nil)
	if err != nil {
		t.Fatal(err)
	}
	r := p.Rows[0].Values
	if r["Created"] != "2020-01-02T00:00:00Z" || r["Changed"] != "2021-03-04T06:06:07.123+01:00" || r["Note"] != "/Date(today)/" {
		t.Errorf("row 1: Created %v, Changed %v, Note %v; want RFC 3339 dates and the note as sent", r["Created"], r["Changed"], r["Note"])
	}
	if got := p.Rows[1].Values["Changed"]; got != "1970-01-01T00:00:00Z" {
		t.Errorf("row 2: Changed %v; want 1970-01-01T00:00:00Z", got)
	}
}

func FuzzParseJSONDate(f *testing.F) {
	for _, s := range []string{"/Date(1577923200000)/", "/Date(1614834367123+0130)/", "/Date(-1-0000)/", "/Date(+1)/"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		tm, off, ok := ParseJSONDate(s)
		if !ok {
			if jsonDateRFC3339(s) != s {
				t.Errorf("a string that is not a date was rewritten: %q", s)
			}
			return
		}
		back, err := time.Parse(time.RFC3339Nano, jsonDateRFC3339(s))
		if err != nil || !back.Equal(tm) {
			t.Errorf("%q: RFC 3339 %q reads back as %v, %v; want %v", s, jsonDateRFC3339(s), back, err, tm)
		}
		if _, o := tm.Zone(); !off && o != 0 {
			t.Errorf("%q: an Edm.DateTime with offset %d", s, o)
		}
	})
}
