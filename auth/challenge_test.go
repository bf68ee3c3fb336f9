package auth

import (
	"maps"
	"testing"
)

func TestParseChallenges(t *testing.T) {
	tests := []struct {
		in   string
		want []challenge
	}{
		{`Bearer realm="api", error="insufficient_scope", scope="read update"`,
			[]challenge{{Scheme: "Bearer", Params: map[string]string{"realm": "api", "error": "insufficient_scope", "scope": "read update"}}}},
		{`Bearer error="invalid_token", error_description="has \"quotes\", and commas"`,
			[]challenge{{Scheme: "Bearer", Params: map[string]string{"error": "invalid_token", "error_description": `has "quotes", and commas`}}}},
		{`Basic realm="x", Bearer error=invalid_token`,
			[]challenge{{Scheme: "Basic", Params: map[string]string{"realm": "x"}},
				{Scheme: "Bearer", Params: map[string]string{"error": "invalid_token"}}}},
		{`Negotiate YWJj==, Bearer`,
			[]challenge{{Scheme: "Negotiate", Token68: "YWJj==", Params: map[string]string{}},
				{Scheme: "Bearer", Params: map[string]string{}}}},
		{`Bearer ERROR = "x" , error="y"`, []challenge{{Scheme: "Bearer", Params: map[string]string{"error": "x"}}}},
		{`Bearer error="insufficient_scope" scope="read"`, // missing comma, read leniently
			[]challenge{{Scheme: "Bearer", Params: map[string]string{"error": "insufficient_scope", "scope": "read"}}}},
		{`Bearer scope="unterminated`, []challenge{{Scheme: "Bearer", Params: map[string]string{"scope": "unterminated"}}}},
		{``, nil},
		{`,,, "`, nil},
	}
	for _, tt := range tests {
		got := parseChallenges(tt.in)
		if len(got) != len(tt.want) {
			t.Errorf("parseChallenges(%q): got %+v; want %+v", tt.in, got, tt.want)
			continue
		}
		for i := range got {
			g, w := got[i], tt.want[i]
			if g.Scheme != w.Scheme || g.Token68 != w.Token68 || !maps.Equal(g.Params, w.Params) {
				t.Errorf("parseChallenges(%q)[%d]: got %+v; want %+v", tt.in, i, g, w)
			}
		}
	}
}

func FuzzParseChallenges(f *testing.F) {
	for _, s := range []string{`Bearer realm="a", error="insufficient_scope", scope="read"`, `Basic abc==, Bearer`,
		`Bearer x="\"`, `=,=,"`, "Bearer \t a=b c=\"d\\\"\""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, h string) {
		for _, c := range parseChallenges(h) {
			if c.Scheme == "" {
				t.Fatalf("challenge with an empty scheme from %q", h)
			}
		}
	})
}
