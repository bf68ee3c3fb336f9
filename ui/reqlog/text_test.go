package reqlog

import (
	"net/url"
	"strings"
	"testing"

	"github.com/odx-dev/odx/internal/httplog"
	"github.com/odx-dev/odx/internal/termtext"
)

func TestCutPartialRune(t *testing.T) {
	for in, want := range map[string]string{"abc": "abc", "ab\xd0": "ab", "a\xe4\xbd": "a", "a中": "a中", "": "", "\xff": "\xff"} {
		if got := string(cutPartialRune([]byte(in))); got != want {
			t.Errorf("cutPartialRune(%q) = %q; want %q", in, got, want)
		}
	}
}

func TestReadableURL(t *testing.T) {
	for _, tt := range []struct {
		raw  string
		full bool
		want string
	}{
		{"https://h.example/odata/Items?%24top=50", false, "/odata/Items?$top=50"},
		{"https://h.example/odata/Items?%24top=50", true, "https://h.example/odata/Items?$top=50"},
		{"http://h/a%20b?$filter=x%20eq%20'%1B'", false, "/a b?$filter=x eq '␛'"},
		{"%zz", false, "%zz"},
	} {
		if got := readableURL(tt.raw, tt.full); got != tt.want {
			t.Errorf("readableURL(%q, %v) = %q; want %q", tt.raw, tt.full, got, tt.want)
		}
	}
}

func FuzzReadableURL(f *testing.F) {
	for _, s := range []string{"http://h/a%20b?$filter=x%20eq%20'%1B'", "%zz", "http://h/%E2%80%AE?q=%0d%0a", "::", "http://u:p@h/?client_secret=s"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		for _, full := range []bool{false, true} {
			got := readableURL(raw, full)
			if termtext.Sanitize(got) != got || strings.ContainsAny(got, "\x1b\r\n\u202e") {
				t.Errorf("readableURL(%q) = %q: not sanitised", raw, got)
			}
		}
		u, err := url.Parse(raw)
		if err != nil {
			return
		}
		// The user information is gone when the redacted URL, read again,
		// has none. Only URLs with a host tell: without one, a path such as
		// "//p@" reads back as an authority ("//1@//@", "//p@/p@").
		r := httplog.RedactURL(u)
		if back, err := url.Parse(r); u.User != nil && u.Host != "" && (err != nil || back.User != nil) {
			t.Errorf("httplog.RedactURL(%q) = %q keeps the user information", raw, r)
		}
	})
}
