package termtext

import (
	"testing"
)

func TestSanitize(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain ASCII", "Apple Inc.", "Apple Inc."},
		{"Cyrillic and CJK", "Мито 東京", "Мито 東京"},
		{"emoji with ZWJ kept", "👨\u200d👩\u200d👧", "👨\u200d👩\u200d👧"},
		{"CSI 2J clear screen", "a\x1b[2Jb", "a␛[2Jb"},
		{"SGR colour", "\x1b[31mred\x1b[0m", "␛[31mred␛[0m"},
		{"OSC 0 title ended by BEL", "\x1b]0;pwned\x07x", "␛]0;pwned␇x"},
		{"OSC 0 title ended by ST", "\x1b]0;pwned\x1b\\x", "␛]0;pwned␛\\x"},
		{"unterminated OSC", "\x1b]2;forever", "␛]2;forever"},
		{"OSC 52 clipboard write", "\x1b]52;c;cm0gLXJmIH4=\x07", "␛]52;c;cm0gLXJmIH4=␇"},
		{"OSC 8 hyperlink", "\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\", "␛]8;;https://evil.example␛\\click␛]8;;␛\\"},
		{"DCS", "\x1bP+q544e\x1b\\", "␛P+q544e␛\\"},
		{"carriage return overwrite", "paid\rDUE!", "paid␍DUE!"},
		{"CR LF is one newline", "a\r\nb", "a⏎b"},
		{"newline", "line 1\nline 2", "line 1⏎line 2"},
		{"tab becomes space", "a\tb", "a b"},
		{"NUL", "a\x00b", "a␀b"},
		{"backspace", "abc\x08\x08X", "abc␈␈X"},
		{"DEL", "a\x7fb", "a␡b"},
		{"C1 CSI U+009B", "a\u009b2Jb", "a<9B>2Jb"},
		{"C1 NEL U+0085", "a\u0085b", "a<85>b"},
		{"raw byte 0x9B is invalid UTF-8", "a\x9b2J", "a\ufffd2J"},
		{"RLO Trojan Source", "user\u202eexe.txt", "user⟪RLO⟫exe.txt"},
		{"isolates", "\u2066x\u2069", "⟪LRI⟫x⟪PDI⟫"},
		{"LRM RLM ALM removed", "\u200ea\u200fb\u061cc", "abc"},
		{"zero width space shown", "ad\u200bmin", "ad⟪ZWSP⟫min"},
		{"BOM shown", "\ufeffId", "⟪BOM⟫Id"},
		{"line separator", "a\u2028b", "a⏎b"},
		{"invalid UTF-8", "ok\xff\xfe!", "ok\ufffd\ufffd!"},
		{"truncated rune at end", "ab\xe6\x97", "ab\ufffd\ufffd"},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Sanitize(tt.in)
			if got != tt.want {
				t.Errorf("Sanitize(%q) = %q; want %q", tt.in, got, tt.want)
			}
			if msg := UnsafeReason(got); msg != "" {
				t.Errorf("Sanitize(%q) = %q: %s", tt.in, got, msg)
			}
			if again := Sanitize(got); again != got {
				t.Errorf("Sanitize is not idempotent on %q: got %q", got, again)
			}
		})
	}
}

func TestSanitizeCleanDoesNotAllocate(t *testing.T) {
	for _, s := range []string{"General_Contacts_Persons(9f1c2d3e)", "Мито — ünïcödé 東京 👍"} {
		allocs := testing.AllocsPerRun(100, func() { _ = Sanitize(s) })
		if allocs != 0 {
			t.Errorf("Sanitize(%q) allocated %v times; want 0", s, allocs)
		}
	}
}

func FuzzSanitize(f *testing.F) {
	for _, s := range []string{
		"plain", "\x1b[2J", "\x1b]0;t\x07", "\x1b]52;c;Zm9v\x1b\\", "\u009b31m", "\u202egnp.exe",
		"a\r\nb\rc", "\xff\xfe", "\t\x00\x7f", "\ufeff\u200b\u2028", "東京👍",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out := Sanitize(in)
		if msg := UnsafeReason(out); msg != "" {
			t.Fatalf("Sanitize(%q) = %q: %s", in, out, msg)
		}
		if again := Sanitize(out); again != out {
			t.Fatalf("Sanitize not idempotent: %q → %q → %q", in, out, again)
		}
	})
}
