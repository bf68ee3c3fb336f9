package dialog

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

func TestPageLine(t *testing.T) {
	tests := []struct {
		typed     string
		last      int
		want      int    // the page posted, 0 for none
		wantError string // said under the input instead
	}{
		{"5", 200, 5, ""},
		{"1,000", 2000, 1000, ""}, // thousands separators as the status shows them
		{"200", 200, 200, ""},
		{"201", 200, 0, "there are 200 pages"},
		{"0", 200, 0, "a page is a whole number from 1"},
		{"five", 200, 0, "a page is a whole number from 1"},
		{"", 200, 0, "type a page number"},
		{"999", 0, 999, ""}, // the number of pages not known: any page
	}
	for _, tt := range tests {
		env := testEnv()
		p := NewPage(env, 1, tt.last)
		send(p, `"`+tt.typed, "enter")
		msgs := env.Drain()
		var got int
		for _, m := range msgs {
			if pc, ok := m.(PageChosen); ok {
				got = pc.N
			}
		}
		if got != tt.want {
			t.Errorf("%q of %d pages: posted page %d (%s); want %d", tt.typed, tt.last, got, kinds(msgs), tt.want)
		}
		if tt.want > 0 && kinds(msgs) != "dialog.PageChosen screen.CloseDialog" {
			t.Errorf("%q: posted %s; want PageChosen, then CloseDialog", tt.typed, kinds(msgs))
		}
		v := ansi.Strip(p.View("", 80, 3))
		if tt.wantError != "" && !strings.Contains(v, tt.wantError) {
			t.Errorf("%q of %d pages: view\n%s\nwant %q", tt.typed, tt.last, v, tt.wantError)
		}
	}
	env := testEnv()
	send(NewPage(env, 3, 10), "esc")
	if got := kinds(env.Drain()); got != "screen.CloseDialog" {
		t.Errorf("esc: posted %s; want CloseDialog", got)
	}
	if v := ansi.Strip(NewPage(testEnv(), 3, 10).View("", 80, 3)); !strings.Contains(v, "page: 1–10 (now 3)") {
		t.Errorf("the empty line: %q; want the placeholder 1–10 (now 3)", v)
	}
}
