package ui

import (
	"testing"

	"github.com/odx-dev/odx/odata"
)

// Tests for defects found in review: a changed query applies only to the
// grid it was asked on, keeps the cursor's column, and help swallows keys.

func TestPendingQueryOnlyForItsGrid(t *testing.T) {
	_, c := newStub(t)
	opts := testOpts()
	opts.Client = c
	m := openBrowse(t, newTestModel(opts), numberedRows(1, 3), []string{"DocumentNo", "Notes"}, 3, "")
	orig := m.top().browse
	q := orig.query
	q.Filter = "DocumentNo eq 'SO-1'"
	m.runQuery(q, modalNone)
	pending := m.pending
	if pending == nil || m.pendingFor != orig {
		t.Fatalf("runQuery: pending %v for %p; want a pending query for the grid on top", pending, m.pendingFor)
	}
	// Another screen opens before the page arrives: the change is dropped.
	m, _ = press(m, "enter") // the record view
	if m.pending != nil {
		t.Errorf("opening a record left the pending query in place")
	}
	page := &odata.Page{Columns: []string{"DocumentNo"}, Rows: numberedRows(1, 1), Count: -1}
	m, _ = send(m, pageLoadedMsg{seq: pending.seq, load: pending.load, index: 0, page: page, tail: page})
	m, _ = press(m, "esc")
	if got := m.top().browse; got != orig || got.query.Filter != "" {
		t.Errorf("after esc: grid %p with filter %q; want the original grid, unfiltered", got, got.query.Filter)
	}
}

func TestPendingQueryKeepsCursorColumn(t *testing.T) {
	_, c := newStub(t)
	opts := testOpts()
	opts.Client = c
	m := openBrowse(t, newTestModel(opts), numberedRows(1, 3), []string{"DocumentNo", "Notes"}, 3, "")
	m, _ = press(m, "right", "right") // onto Notes
	b := m.top().browse
	if col := b.grid.CurrentColumn().Name; col != "Notes" {
		t.Fatalf("cursor on %q; want Notes", col)
	}
	q := b.query
	q.OrderBy = []string{"Notes"}
	m.runQuery(q, modalNone)
	nb := m.pending
	page := &odata.Page{Columns: []string{"DocumentNo", "Notes"}, Rows: numberedRows(1, 3), Count: -1}
	m, _ = send(m, pageLoadedMsg{seq: nb.seq, load: nb.load, index: 0, page: page, tail: page})
	if m.top().browse != nb {
		t.Fatalf("the sorted grid did not replace the old one")
	}
	if col := nb.grid.CurrentColumn().Name; col != "Notes" {
		t.Errorf("after the sort the cursor is on %q; want Notes", col)
	}
}

func TestHelpSwallowsKeys(t *testing.T) {
	m := openBrowse(t, newTestModel(testOpts()), numberedRows(1, 3), []string{"DocumentNo", "Notes"}, 3, "")
	m, _ = press(m, "?", "f", "n", "x")
	if m.modal != modalNone || m.top().browse.wanted != 0 {
		t.Errorf("keys acted behind the help: modal %v, wanted page %d", m.modal, m.top().browse.wanted)
	}
	m, _ = press(m, "?")
	if m.showHelp {
		t.Errorf("? did not close the help")
	}
}
