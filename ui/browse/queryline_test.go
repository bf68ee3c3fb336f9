package browse

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/odx-dev/odx/odata"
	"github.com/odx-dev/odx/ui/screen"
)

// withQuery is a grid of q with one page of rows delivered.
func withQuery(t *testing.T, env *screen.Env, q odata.Query, w int) *Model {
	t.Helper()
	m := New(env, q, []string{testSet}, -1, false)
	m.SetSize(w, 21)
	_ = m.Init() // not run: the test delivers the reply
	b := m.cur
	page := &odata.Page{Columns: twoCols, Rows: numberedRows(1, 3), Count: 3}
	send(m, pageLoadedMsg{seq: b.seq, load: b.load, index: 0, page: page, tail: page})
	env.Drain()
	return m
}

func TestQueryLine(t *testing.T) {
	status := &screen.Status{}
	env := testEnv(nil, status)
	q := odata.Query{Set: testSet, Filter: "Notes eq 'row 1' and DocumentNo ge 'SO-1'", OrderBy: []string{"DocumentNo desc"}, Expand: []string{"Customer"}}

	plain := withQuery(t, env, odata.Query{Set: testSet}, 80)
	if lines := strings.Split(ansi.Strip(plain.View()), "\n"); !strings.HasPrefix(lines[1], "#") {
		t.Errorf("a plain query: line 2 is %q; want the grid's header, no query line", lines[1])
	}

	m := withQuery(t, env, q, 120)
	lines := strings.Split(ansi.Strip(m.View()), "\n")
	want := " filter Notes eq 'row 1' and DocumentNo ge 'SO-1' · sort DocumentNo desc · expand Customer  (Q: whole request)"
	if lines[1] != want {
		t.Errorf("query line at 120 columns:\n%q\nwant\n%q", lines[1], want)
	}
	if _, gh := m.cur.grid.Size(); gh != 19 {
		t.Errorf("the grid is %d lines high; want 19 (21 less the breadcrumb and the query line)", gh)
	}

	narrow := withQuery(t, env, q, 80)
	line := strings.Split(ansi.Strip(narrow.View()), "\n")[1]
	if ansi.StringWidth(line) > 80 || !strings.HasPrefix(line, " filter Notes eq") || !strings.HasSuffix(line, "…  (Q: all)") {
		t.Errorf("query line at 80 columns: %q (%d cells); want it cut with … and the Q hint", line, ansi.StringWidth(line))
	}

	// Q shows the whole request and copies it; Q again hides it.
	cmd := press(narrow, "Q")
	body := ansi.Strip(narrow.View())
	if cmd == nil || !strings.Contains(body, "$orderby=DocumentNo desc") || !strings.HasPrefix(status.Text, "copied the request") {
		t.Errorf("Q: copy %v, notice %q, body\n%s\nwant the whole request shown and copied", cmd != nil, status.Text, body)
	}
	press(narrow, "Q")
	if got := strings.Split(ansi.Strip(narrow.View()), "\n")[1]; got != line {
		t.Errorf("Q again: line 2 %q; want the one-line query back", got)
	}
}
