package termtext

import (
	"strings"
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
		{"word joiner and invisible operators", "a\u2060b\u2062c", "a⟪WJ⟫b⟪INV⟫c"},
		// Issue 13: invisible characters that drew nothing or a stray mark.
		{"tag characters (hidden ASCII)", "ok\U000E0068\U000E0069!", "ok⟪TAG:hi⟫!"},
		{"a lone tag", "a\U000E0041", "a⟪TAG:A⟫"},
		{"language tag and cancel tag", "\U000E0001\U000E0065\U000E006E\U000E007F", "⟪TAG:␁en␡⟫"},
		{"tag space and controls", "\U000E0020\U000E0000", "⟪TAG: ␀⟫"},
		{"flag of England kept", "🏴\U000E0067\U000E0062\U000E0065\U000E006E\U000E0067\U000E007F", "🏴\U000E0067\U000E0062\U000E0065\U000E006E\U000E0067\U000E007F"},
		{"flag of Scotland in text", "A 🏴\U000E0067\U000E0062\U000E0073\U000E0063\U000E0074\U000E007F B", "A 🏴\U000E0067\U000E0062\U000E0073\U000E0063\U000E0074\U000E007F B"},
		{"black flag without its cancel tag", "🏴\U000E0067\U000E0062x", "🏴⟪TAG:gb⟫x"},
		{"tags that are not a subdivision", "🏴\U000E0049\U000E0047\U000E004E\U000E007F", "🏴⟪TAG:IGN␡⟫"},
		{"tags too long for a flag", "🏴" + strings.Repeat("\U000E0061", 9) + "\U000E007F", "🏴⟪TAG:aaaaaaaaa␡⟫"},
		{"tags after another emoji", "👍\U000E0061\U000E007F", "👍⟪TAG:a␡⟫"},
		{"Hangul filler", "a\u3164b", "a⟪HF⟫b"},
		{"Hangul choseong and jungseong fillers", "\u115f\u1160", "⟪HF⟫⟪HF⟫"},
		{"halfwidth Hangul filler", "x\uffa0", "x⟪HF⟫"},
		{"Hangul text kept", "한국어 ᄀ", "한국어 ᄀ"},
		{"lone ZWJ between letters", "ad\u200dmin", "ad⟪ZWJ⟫min"},
		{"ZWJ at the start", "\u200dx", "⟪ZWJ⟫x"},
		{"ZWJ at the end", "👨\u200d", "👨⟪ZWJ⟫"},
		{"ZWJ before a newline", "👨\u200d\n", "👨⟪ZWJ⟫⏎"},
		{"ZWJ from an emoji to a letter", "👨\u200dx", "👨⟪ZWJ⟫x"},
		{"two ZWJ in a row", "👨\u200d\u200d👩", "👨⟪ZWJ⟫⟪ZWJ⟫👩"},
		{"ZWJ after a skin tone", "👩🏽\u200d💻", "👩🏽\u200d💻"},
		{"ZWJ after VS16", "❤\ufe0f\u200d🔥", "❤\ufe0f\u200d🔥"},
		{"ZWJ to a dingbat", "🏳\ufe0f\u200d⚧\ufe0f", "🏳\ufe0f\u200d⚧\ufe0f"},
		{"ZWJ after a removed LRM", "👨\u200e\u200d👩", "👨\u200d👩"},
		{"ZWJ in Devanagari kept", "क्\u200dष", "क्\u200dष"},
		{"ZWJ in Sinhala kept", "ශ්\u200dර", "ශ්\u200dර"},
		{"ZWJ at the end of a Malayalam word shown", "ന്\u200d", "ന്⟪ZWJ⟫"},
		{"ZWJ between scripts", "क\u200da", "क⟪ZWJ⟫a"},
		{"ZWNJ kept", "می\u200cخواهم", "می\u200cخواهم"},
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
	for _, s := range []string{"General_Contacts_Persons(9f1c2d3e)", "Мито — ünïcödé 東京 👍",
		"👨\u200d👩\u200d👧 🏴\U000E0067\U000E0062\U000E0065\U000E006E\U000E0067\U000E007F क्\u200dष"} {
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
		"\U000E0068\U000E0069", "🏴\U000E0067\U000E0062\U000E0065\U000E006E\U000E0067\U000E007F", "🏴\U000E0067\U000E0062",
		"\u3164\u115f\u1160\uffa0", "a\u200db", "👨\u200d👩\u200d👧", "👩🏽\u200d💻", "क्\u200dष", "👨\u200e\u200d👩",
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
		// Sanitize changes exactly the text UnsafeReason objects to.
		if reason := UnsafeReason(in); (reason == "") != (out == in) {
			t.Fatalf("Sanitize(%q) = %q, but UnsafeReason says %q", in, out, reason)
		}
		// No tag character, Hangul filler or zero width joiner survives
		// outside a flag's tag sequence or between two emoji or two letters
		// of a script that joins with it.
		for _, r := range out {
			if r >= 0xe0000 && r <= 0xe007f && !strings.Contains(out, "🏴") {
				t.Fatalf("Sanitize(%q) = %q keeps tag %U outside a flag", in, out, r)
			}
			if r == 0x115f || r == 0x1160 || r == 0x3164 || r == 0xffa0 {
				t.Fatalf("Sanitize(%q) = %q keeps Hangul filler %U", in, out, r)
			}
		}
		if strings.HasPrefix(out, "\u200d") || strings.HasSuffix(out, "\u200d") {
			t.Fatalf("Sanitize(%q) = %q keeps a zero width joiner at an end", in, out)
		}
		// Emoji sequences and flags stay as they are.
		for _, seq := range []string{"👨\u200d👩\u200d👧", "🏴\U000E0067\U000E0062\U000E0077\U000E006C\U000E0073\U000E007F"} {
			if got := Sanitize(in + seq); !strings.HasSuffix(got, seq) {
				t.Fatalf("Sanitize(%q) = %q; want it to end with the sequence intact", in+seq, got)
			}
		}
	})
}
