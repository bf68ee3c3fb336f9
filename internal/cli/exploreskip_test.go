package cli

// The explorer's grid on a server that refuses $skip (Dataverse's rules):
// n pages forward without an error, by next links once the refusal is met.

import (
	"net/url"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/odx-dev/odx/ui"
)

func TestExplorerPagesWhereSkipIsRefused(t *testing.T) {
	faultEnv(t)
	d := ruleRows{n: 35}
	f, queries := ruleServer(t, d, dataverse)
	u := startFaultUI(t, f)
	u.waitFor(t, "the set list", func(s ui.State) bool { return s.Screen == "sets" && s.Sets == 1 })
	u.tm.Send(faultKeyEnter)
	u.waitFor(t, "page 1", func(s ui.State) bool { return s.Screen == "browse" && !s.Loading && s.RowTo == 10 })
	next := tea.KeyPressMsg{Code: 'n', Text: "n"}
	for _, want := range []struct{ page, from, to int }{{2, 11, 20}, {3, 21, 30}, {4, 31, 35}} {
		u.tm.Send(next)
		st := u.waitFor(t, "the next page", func(s ui.State) bool {
			return s.Err != "" || s.Page == want.page && !s.Loading && s.RowTo == want.to
		})
		if st.Err != "" || st.RowFrom != want.from {
			t.Fatalf("page %d: rows %d–%d, error %q; want rows %d–%d and no error", want.page, st.RowFrom, st.RowTo, st.Err, want.from, want.to)
		}
	}
	t.Logf("requests for Items: %q", queries())
	skips := 0
	for _, q := range queries() {
		if v, _ := url.ParseQuery(q); v.Has("$skip") {
			skips++
		}
	}
	if skips != 1 {
		t.Errorf("%d requests with $skip in %q; want 1 (the one refused)", skips, queries())
	}
}
