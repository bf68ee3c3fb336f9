package sets

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/odx-dev/odx/internal/termtext"
	"github.com/odx-dev/odx/odata"
)

// counted is the set list of testSets with the first set's count.
func counted(t *testing.T, w, h int) *Model {
	t.Helper()
	m := loaded(t, testEnv(nil))
	m.Update(setCountMsg{seq: m.countSeq, name: "Crm_Customers", count: 12345})
	m.SetSize(w, h)
	return m
}

// TestViewGolden is the set list of an 80×24 terminal: the body between
// the header and the status line (the old explorer's sets view, lines 2 to
// 22).
func TestViewGolden(t *testing.T) {
	golden.RequireEqual(t, []byte(ansi.Strip(counted(t, 80, 21).View())))
}

func TestViewFitsTheBody(t *testing.T) {
	for _, size := range [][2]int{{40, 9}, {80, 21}, {250, 67}} {
		w, h := size[0], size[1]
		lines := strings.Split(ansi.Strip(counted(t, w, h).View()), "\n")
		if len(lines) > h {
			t.Errorf("at %d×%d: got %d lines; want ≤ %d", w, h, len(lines), h)
		}
		for i, l := range lines {
			if lw := ansi.StringWidth(l); lw > w {
				t.Errorf("at %d×%d: line %d is %d cells wide; want ≤ %d: %q", w, h, i+1, lw, w, l)
			}
		}
	}
}

func TestCursorVisibleWithoutColour(t *testing.T) {
	view := ansi.Strip(counted(t, 80, 21).View())
	if !hasLinePrefix(view, "› Crm       Customers") {
		t.Errorf("no line starts with %q: the cursor is not visible without styles:\n%s", "› Crm       Customers", view)
	}
	m := counted(t, 80, 21)
	press(m, "down")
	if view := ansi.Strip(m.View()); !hasLinePrefix(view, "›           Sales_SalesOrderLines") {
		t.Errorf("after down: the cursor is not on the second set:\n%s", view)
	}
}

func hasLinePrefix(s, prefix string) bool {
	for _, l := range strings.Split(s, "\n") {
		if strings.HasPrefix(l, prefix) {
			return true
		}
	}
	return false
}

// hostile is server text that tries escape sequences (clear, title, colour
// by CSI and by the C1 CSI), a bell, a carriage return and a right-to-left
// override.
const hostile = "A\x1b[2J\x1b]0;pwned\x07B\rC\u009b31mD\u202eE"

func TestViewSanitisesServerText(t *testing.T) {
	env := testEnv(nil)
	m := New(env)
	m.SetSize(80, 21)
	_ = m.Init()
	m.Update(setsLoadedMsg{seq: m.seq, sets: []odata.Resource{{Name: "Crm_" + hostile, Title: hostile, Kind: odata.KindEntitySet}}})
	raw := m.View()
	if bad := termtext.UnsafeStyled(raw); bad != "" {
		t.Errorf("%s reaches the terminal", bad)
	}
	if want := "› Crm A␛[2J␛]0;pwned␇B␍C<9B>31mD⟪RLO⟫E"; !strings.Contains(ansi.Strip(raw), want) {
		t.Errorf("the view does not show %q:\n%s", want, ansi.Strip(raw))
	}
	if bad := termtext.UnsafeStyled(m.Status()); bad != "" {
		t.Errorf("status: %s reaches the terminal", bad)
	}
	failed := New(env)
	_ = failed.Init()
	failed.Update(setsLoadedMsg{seq: failed.seq, err: testError("failed " + hostile)})
	if bad := termtext.UnsafeStyled(failed.View()); bad != "" {
		t.Errorf("error: %s reaches the terminal", bad)
	}
}
