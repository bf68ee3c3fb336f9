package termtext

import "testing"

func TestUnsafeStyled(t *testing.T) {
	for _, s := range []string{"A\x1b[2J", "\x1b]8;;https://example.invalid\x07x", "a\rb", "\u202e", "\xff", "\u009b31m"} {
		if UnsafeStyled(s) == "" {
			t.Errorf("UnsafeStyled(%q) found nothing; want it to report the raw text", s)
		}
	}
	if got := UnsafeStyled("\x1b[1;7mok\x1b[m ␛[2J\n"); got != "" {
		t.Errorf("UnsafeStyled reports %s in SGR styles and visible text; want nothing", got)
	}
}
