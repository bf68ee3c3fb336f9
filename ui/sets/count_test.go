package sets

import (
	"context"
	"testing"

	"github.com/odx-dev/odx/internal/testctx"
	"github.com/odx-dev/odx/ui/screen"
)

func TestCountsOneSetAtATime(t *testing.T) {
	env := testEnv(nil)
	live := testctx.New(t)
	env.Ctx = live
	m := New(env)
	m.SetSize(80, 21)
	_ = m.Init()
	_, cmd := m.Update(setsLoadedMsg{seq: m.seq, sets: testSets})
	if cmd == nil || m.counting != "Crm_Customers" || live.Count() != 1 {
		t.Fatalf("after the sets: counting %q, %d requests live; want Crm_Customers counted, 1 live", m.counting, live.Count())
	}
	seq := m.countSeq
	if cmd := press(m, "down"); m.countSeq != seq || m.counting != "Crm_Customers" || cmd != nil {
		t.Errorf("down while a count runs: counting %q (seq %d → %d), command %v; want no second count",
			m.counting, seq, m.countSeq, cmd != nil)
	}
	// The count of the set passed over is kept; the selected one is next.
	_, cmd = m.Update(setCountMsg{seq: seq, name: "Crm_Customers", count: 12345})
	if got := m.sets.counts["Crm_Customers"]; got != "12,345" {
		t.Errorf("got count %q for Crm_Customers; want 12,345", got)
	}
	if cmd == nil || m.counting != "Crm_Sales_SalesOrderLines" || m.countSeq != seq+1 || live.Count() != 1 {
		t.Errorf("after the reply: counting %q (seq %d), %d live; want Crm_Sales_SalesOrderLines next, seq %d, 1 live",
			m.counting, m.countSeq, live.Count(), seq+1)
	}
	// A failed count shows "?" and is not asked again.
	_, cmd = m.Update(setCountMsg{seq: m.countSeq, name: "Crm_Sales_SalesOrderLines", err: errNotFound})
	if got := m.sets.counts["Crm_Sales_SalesOrderLines"]; got != "?" || cmd != nil || m.counting != "" {
		t.Errorf("after a failed count: %q, counting %q, command %v; want ?, nothing more", got, m.counting, cmd != nil)
	}
	if got := live.Count(); got != 0 {
		t.Errorf("got %d requests live after the counts; want 0", got)
	}
}

func TestStaleCountDropped(t *testing.T) {
	env := testEnv(nil)
	live := testctx.New(t)
	env.Ctx = live
	m := loaded(t, env)
	old := m.countSeq
	press(m, "enter") // opens Crm_Customers: its count gives up its request
	if live.Count() != 0 || m.counting != "" {
		t.Fatalf("after enter: %d live, counting %q; want the count cancelled", live.Count(), m.counting)
	}
	if _, ok := m.sets.counts["Crm_Customers"]; ok {
		t.Errorf("got a count mark %q for the set given up; want none, so that it is counted again", m.sets.counts["Crm_Customers"])
	}
	// The cancelled request's reply is dropped.
	if _, cmd := m.Update(setCountMsg{seq: old, name: "Crm_Customers", err: context.Canceled}); cmd != nil || m.sets.counts["Crm_Customers"] != "" {
		t.Errorf("the cancelled reply: command %v, count %q; want it dropped", cmd != nil, m.sets.counts["Crm_Customers"])
	}
	// Back on top, the set is counted again; a late reply of the old
	// request (it answered before the cancel reached it) is dropped too.
	if _, cmd := m.Update(screen.Focus{}); cmd == nil || m.counting != "Crm_Customers" || m.countSeq != old+1 {
		t.Fatalf("focus: counting %q (seq %d); want Crm_Customers again, seq %d", m.counting, m.countSeq, old+1)
	}
	m.Update(setCountMsg{seq: old, name: "Crm_Customers", count: 1})
	if got := m.sets.counts["Crm_Customers"]; got != "…" || m.counting != "Crm_Customers" {
		t.Errorf("a late reply of the old count: %q, counting %q; want it dropped, the new count still running", got, m.counting)
	}
	m.Update(setCountMsg{seq: m.countSeq, name: "Crm_Customers", count: 7})
	if got := m.sets.counts["Crm_Customers"]; got != "7" {
		t.Errorf("got count %q; want 7", got)
	}
}

func TestBlurStopsCounting(t *testing.T) {
	env := testEnv(nil)
	live := testctx.New(t)
	env.Ctx = live
	m := loaded(t, env)
	m.Update(screen.Blur{})
	if live.Count() != 0 || m.counting != "" {
		t.Errorf("blurred: %d live, counting %q; want the count cancelled", live.Count(), m.counting)
	}
	if _, cmd := m.Update(setCountMsg{seq: m.countSeq, name: "Crm_Customers", count: 3}); cmd != nil {
		t.Errorf("a reply while blurred started another count; want none")
	}
	if _, cmd := m.Update(screen.Focus{}); cmd == nil || m.counting != "Crm_Customers" {
		t.Errorf("focus: counting %q; want Crm_Customers again", m.counting)
	}
}
