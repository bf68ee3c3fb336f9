package browse

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/odx-dev/odx/odata"
	"github.com/odx-dev/odx/ui/dialog"
	"github.com/odx-dev/odx/ui/screen"
)

// pageOf is the go-to-page line m posted (after #), or nil.
func pageOf(env *screen.Env) *dialog.Page {
	for _, msg := range env.Drain() {
		if o, ok := msg.(screen.OpenDialog); ok {
			if p, ok := o.Dialog.(*dialog.Page); ok {
				return p
			}
		}
	}
	return nil
}

func TestGoToPageUsesSkip(t *testing.T) {
	stub, client := newStub(t)
	status := &screen.Status{}
	env := testEnv(client, status)
	m := open(t, env, numberedRows(1, 50), twoCols, 1000, stub.root+testSet+"?$top=50&$skip=50")
	b := m.cur
	press(m, "#")
	if pageOf(env) == nil {
		t.Fatal("#: no go-to-page line opened")
	}
	cmd := send(m, dialog.PageChosen{N: 5})
	if b.wanted != 4 || b.loading != 4 || cmd == nil {
		t.Fatalf("page 5 chosen: wanted %d, loading %d, command %v; want page index 4 asked for", b.wanted, b.loading, cmd != nil)
	}
	if st := view(m, status); !st.Loading || !strings.Contains(st.Status, "loading") {
		t.Errorf("page 5 on its way: loading %v, status %q; want it loading", st.Loading, st.Status)
	}
	replies(t, m, cmd) // the stub answers 404: only the request matters here
	if reqs := stub.requests(); len(reqs) != 1 || !strings.Contains(reqs[0], "$skip=200") || !strings.Contains(reqs[0], "$top=50") {
		t.Errorf("page 5: requests %q; want one with $top=50&$skip=200", reqs)
	}
}

func TestGoToPageShowsItsRows(t *testing.T) {
	status := &screen.Status{}
	m := open(t, testEnv(nil, status), numberedRows(1, 50), twoCols, 1000, "more")
	b := m.cur
	press(m, "N") // row numbers on
	press(m, "down", "down")
	send(m, dialog.PageChosen{N: 5})
	send(m, pageMsg(b, numberedRows(201, 50), "more"))
	st := view(m, status)
	if st.Page != 5 || st.RowFrom != 201 || st.RowTo != 250 || st.Cursor[0] != 0 {
		t.Errorf("page 5: page %d rows %d–%d cursor row %d; want page 5 rows 201–250, cursor on its first row", st.Page, st.RowFrom, st.RowTo, st.Cursor[0])
	}
	if on, first := b.grid.RowNumbers(); !on || first != 201 {
		t.Errorf("page 5 with row numbers: numbers %v from %d; want on from 201", on, first)
	}
	// Beyond the last page: the last one, said.
	send(m, dialog.PageChosen{N: 99})
	if b.wanted != 19 || !strings.Contains(status.Text, "20 pages") {
		t.Errorf("page 99 of 20: wanted index %d, notice %q; want the last (19), said", b.wanted, status.Text)
	}
}

func TestFirstAndLastPage(t *testing.T) {
	status := &screen.Status{}
	m := open(t, testEnv(nil, status), numberedRows(1, 50), twoCols, 1000, "more")
	b := m.cur
	press(m, "]")
	if b.wanted != 19 || b.loading != 19 {
		t.Fatalf("]: wanted %d loading %d; want the last page (index 19) asked for", b.wanted, b.loading)
	}
	send(m, pageMsg(b, numberedRows(951, 50), ""))
	if st := view(m, status); st.Page != 20 || st.RowFrom != 951 || st.RowTo != 1000 {
		t.Errorf("]: page %d rows %d–%d; want page 20, rows 951–1000", st.Page, st.RowFrom, st.RowTo)
	}
	press(m, "]")
	if !strings.Contains(status.Text, "last page") {
		t.Errorf("] on the last page: notice %q; want it said", status.Text)
	}
	press(m, "[") // the first page is cached: at once, cursor on top
	if st := view(m, status); st.Page != 1 || st.Cursor[0] != 0 || st.Loading {
		t.Errorf("[: page %d cursor row %d loading %v; want page 1 at once, on its first row", st.Page, st.Cursor[0], st.Loading)
	}
}

func TestLastPageNeedsCount(t *testing.T) {
	status := &screen.Status{}
	m := open(t, testEnv(nil, status), numberedRows(1, 50), twoCols, -1, "more")
	press(m, "]")
	if m.cur.wanted != 0 || !strings.Contains(status.Text, "not counted") {
		t.Errorf("] without a count: wanted %d, notice %q; want nothing asked, the reason said", m.cur.wanted, status.Text)
	}
	if err := testPageLine(t, m); err != "" {
		t.Error(err)
	}
}

// testPageLine checks that # without a count still asks for a number.
func testPageLine(t *testing.T, m *Model) string {
	t.Helper()
	press(m, "#")
	p := pageOf(m.env)
	if p == nil {
		return "#: no go-to-page line"
	}
	if v := p.View("", 80, 3); !strings.Contains(v, "not known") {
		return "# without a count: " + v + "; want it to say the number of pages is not known"
	}
	return ""
}

func TestWalkWhereSkipIsRefused(t *testing.T) {
	client, err := odata.NewClient("http://127.0.0.1:9/api/domain/odata/", nil)
	if err != nil {
		t.Fatal(err)
	}
	client.SetSkipRefused(true)
	status := &screen.Status{}
	m := open(t, testEnv(client, status), numberedRows(1, 50), twoCols, 1000, "more")
	b := m.cur
	// The prefetch of page 2 is in flight (from page 1's link): let it land.
	if b.loading != 1 {
		t.Fatalf("after page 1: loading %d; want the prefetch of page 2", b.loading)
	}
	pre := pageMsg(b, numberedRows(51, 50), "more")
	pre.prefetch = true
	send(m, pre)
	send(m, dialog.PageChosen{N: 5})
	if !strings.Contains(status.Text, "walking") {
		t.Errorf("page 5 on a service refusing $skip: notice %q; want it to say it walks", status.Text)
	}
	for want := 2; want <= 4; want++ { // pages 3, 4, 5 in turn, each from the one before
		if b.loading != want {
			t.Fatalf("walking: loading page index %d; want %d", b.loading, want)
		}
		if want < 4 && !strings.Contains(m.Status(), "on the way to 5") {
			t.Errorf("walking: status %q; want the way shown", m.Status())
		}
		send(m, pageMsg(b, numberedRows(want*50+1, 50), "more"))
	}
	if st := view(m, status); st.Page != 5 || st.RowFrom != 201 || st.RowTo != 250 {
		t.Errorf("after the walk: page %d rows %d–%d; want page 5, rows 201–250", st.Page, st.RowFrom, st.RowTo)
	}
	if _, ok := b.pages[2]; !ok {
		t.Error("the pages walked are not kept")
	}
}

func TestRowNumbersFollowThePage(t *testing.T) {
	status := &screen.Status{}
	m := open(t, testEnv(nil, status), numberedRows(1, 50), twoCols, 1000, "more")
	b := m.cur
	if on, _ := b.grid.RowNumbers(); on {
		t.Fatal("row numbers on before N")
	}
	if !m.KeyMap().RowNumbers.Enabled() {
		t.Fatal("N is not enabled on the grid")
	}
	press(m, "N")
	if on, first := b.grid.RowNumbers(); !on || first != 1 {
		t.Errorf("N: row numbers %v from %d; want on from 1", on, first)
	}
	press(m, "n")
	send(m, pageMsg(b, numberedRows(51, 50), "more"))
	if on, first := b.grid.RowNumbers(); !on || first != 51 {
		t.Errorf("N, n: row numbers %v from %d; want on from 51", on, first)
	}
	press(m, "s") // a new result keeps them (its grid numbers once its page shows)
	if !m.pending.numbers {
		t.Error("a sorted query's grid has no row numbers; want them kept")
	}
	press(m, "esc", "N")
	if on, _ := b.grid.RowNumbers(); on {
		t.Error("N twice: row numbers still on")
	}
}

// TestRowNumbersGolden is the grid with row numbers on page 5 (rows
// 201–250 of 1,000), sorted by two keys, in an 80×24 and a 200×50
// terminal (bodies of 80×21 and 200×47).
func TestRowNumbersGolden(t *testing.T) {
	for _, size := range []struct {
		name string
		w, h int
	}{{"80x24", 80, 21}, {"200x50", 200, 47}} {
		t.Run(size.name, func(t *testing.T) {
			env := testEnv(nil, &screen.Status{})
			m := New(env, odata.Query{Set: testSet, OrderBy: []string{"DocumentNo", "Notes desc"}}, []string{testSet}, -1, false)
			m.SetSize(size.w, size.h)
			_ = m.Init()
			b := m.cur
			send(m, pageMsg(b, numberedRows(1, 50), "more"), countLoadedMsg{seq: b.seq, count: 1000})
			press(m, "N")
			send(m, dialog.PageChosen{N: 5})
			send(m, pageMsg(b, numberedRows(201, 50), "more"))
			press(m, "down", "down", "right")
			golden.RequireEqual(t, []byte(ansi.Strip(m.View())))
		})
	}
}

func TestWalkMeetsTheEnd(t *testing.T) {
	client, err := odata.NewClient("http://127.0.0.1:9/api/domain/odata/", nil)
	if err != nil {
		t.Fatal(err)
	}
	client.SetSkipRefused(true)
	status := &screen.Status{}
	m := open(t, testEnv(client, status), numberedRows(1, 50), twoCols, -1, "more") // no count
	b := m.cur
	b.stop() // no prefetch in flight
	send(m, dialog.PageChosen{N: 9})
	if b.loading != 1 {
		t.Fatalf("page 9 by walking: loading %d; want page index 1 first", b.loading)
	}
	send(m, pageMsg(b, numberedRows(51, 20), "")) // a short page without a link: the last
	if st := view(m, status); st.Page != 2 || st.RowFrom != 51 || st.RowTo != 70 || st.Loading {
		t.Errorf("the walk met the end on page 2: page %d rows %d–%d loading %v; want page 2, rows 51–70, shown", st.Page, st.RowFrom, st.RowTo, st.Loading)
	}
}
