package record

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/odx-dev/odx/ui/screen"
)

// searched is the record of orderJSON at 80×20 with / pressed and text typed.
func searched(t *testing.T, text string) *Model {
	t.Helper()
	m := New(testEnv(nil, &screen.Status{}), testSet, testRow(t, orderJSON), []string{testSet})
	m.SetSize(80, 20)
	press(m, "/")
	if !m.Capturing() {
		t.Fatal("/ in the record: the search line does not have the keyboard")
	}
	for _, r := range text {
		press(m, string(r))
	}
	return m
}

// under is the name of the entry under the cursor.
func under(m *Model) string { return m.entries[m.cursor].name }

func TestRecordSearchFindsNamesAndValues(t *testing.T) {
	tests := []struct {
		term, want string
	}{
		{"notes", "Notes"},                // a name, ignoring case
		{"apples", "Description"},         // a multi-language value as shown
		{"1,234.5", "Amount"},             // an amount as shown
		{"so-2024", "DocumentNo"},         // a value
		{"9f1c2d3e", "Customer"},          // a reference's key
		{"0a1b2c3d-0000-4000-8000", "Id"}, // the key
	}
	for _, tt := range tests {
		m := searched(t, tt.term)
		if got := under(m); got != tt.want {
			t.Errorf("/%s: cursor on %q; want %q", tt.term, got, tt.want)
		}
	}
}

func TestRecordSearchSteps(t *testing.T) {
	m := searched(t, "e") // most entries hold an e
	n := len(m.search.matches)
	if n < 3 {
		t.Fatalf("/e: %d matches; want several", n)
	}
	first := m.cursor
	press(m, "ctrl+n")
	if m.cursor == first {
		t.Errorf("ctrl+n: the cursor stayed on entry %d; want the next match", first)
	}
	press(m, "ctrl+p")
	if m.cursor != first {
		t.Errorf("ctrl+n, ctrl+p: cursor on entry %d; want back on %d", m.cursor, first)
	}
	press(m, "enter")
	if m.Capturing() {
		t.Fatal("enter: the search line still has the keyboard")
	}
	if got := m.Status(); !strings.Contains(got, "match 1/") {
		t.Errorf("status after enter: %q; want the match count", got)
	}
	press(m, "ctrl+n") // the matches stay after enter
	if m.cursor == first {
		t.Errorf("ctrl+n after enter: the cursor stayed; want the next match")
	}
	press(m, "esc")
	if m.search != nil {
		t.Error("esc after enter: the matches stay; want them cleared")
	}
	if got, _ := posted(m.env); got != "" {
		t.Errorf("esc clearing the search posted %v; want nothing (a second esc goes back)", got)
	}
}

func TestRecordSearchNoMatchAndEsc(t *testing.T) {
	m := searched(t, "zzzz")
	v := ansi.Strip(m.View())
	if !strings.Contains(v, "/zzzz") || !strings.Contains(v, "no match") {
		t.Errorf("view with /zzzz:\n%s\nwant the search line saying no match", v)
	}
	press(m, "esc")
	if m.search != nil || m.Capturing() {
		t.Error("esc while typing: the search stays; want it closed")
	}
}

func TestRecordSearchWithoutMatchEnds(t *testing.T) {
	m := searched(t, "zzzz")
	press(m, "enter")
	if m.search != nil || strings.Contains(m.Status(), "match") {
		t.Errorf("enter without a match: search kept, status %q; want the search ended", m.Status())
	}
}
