package termtext

import (
	"strings"
	"testing"
)

func BenchmarkSanitizeClean(b *testing.B) {
	s := "General_Contacts_Persons(9f1c2d3e) Мито — 東京 " + strings.Repeat("x", 40)
	b.ReportAllocs()
	for b.Loop() {
		_ = Sanitize(s)
	}
}

func BenchmarkSanitizeHostile(b *testing.B) {
	s := "\x1b]0;pwned\x07 \x1b[2J paid\rDUE \u009b31m user\u202etxt.exe \xff\n" + strings.Repeat("x", 40)
	b.ReportAllocs()
	for b.Loop() {
		_ = Sanitize(s)
	}
}
