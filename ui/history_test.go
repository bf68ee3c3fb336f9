package ui

import (
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/odx-dev/odx/odata"
)

func historyOn(t *testing.T, keys ...string) (historyPicker, editResult) {
	t.Helper()
	p, _ := loadPrefs("")
	p.Clock = fakeClock()
	p.AddHistory("prod", odata.Query{Set: "Crm_Sales_Customers", Filter: "Name eq 'A&B'"})
	p.AddHistory("prod", odata.Query{Set: "Crm_Sales_SalesOrders", OrderBy: []string{"DocumentNo desc"}, Top: 20})
	p.AddHistory("prod", odata.Query{Set: "General_Contacts_Persons", Search: "Пет"})
	h := newHistoryPicker(p.History("prod"), shapeStyles(), DefaultKeyMap())
	h.now = func() time.Time { return time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC) }
	res := editNone
	for _, k := range keys {
		if txt, ok := strings.CutPrefix(k, `"`); ok {
			for _, m := range typed(txt) {
				h, _, res = h.update(m)
			}
			continue
		}
		h, _, res = h.update(qk(k))
	}
	return h, res
}

func TestHistoryPicker(t *testing.T) {
	tests := []struct {
		name string
		keys []string
		set  string
		res  editResult
	}{
		{"newest first", []string{"enter"}, "General_Contacts_Persons", editApply},
		{"down", []string{"down", "enter"}, "Crm_Sales_SalesOrders", editApply},
		{"down stops at the end", []string{"down", "down", "down", "down", "enter"}, "Crm_Sales_Customers", editApply},
		{"pgdown", []string{"pgdown", "enter"}, "Crm_Sales_Customers", editApply},
		{"filter", []string{`"a&b`, "enter"}, "Crm_Sales_Customers", editApply},
		{"filter words in any order", []string{`"desc sales`, "enter"}, "Crm_Sales_SalesOrders", editApply},
		{"filter non-ASCII", []string{`"пет`, "enter"}, "General_Contacts_Persons", editApply},
		{"j and k type", []string{`"jk`, "enter"}, "", editNone},
		{"esc", []string{"down", "esc"}, "", editCancel},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, res := historyOn(t, tt.keys...)
			if res != tt.res || h.choice().Set != tt.set {
				t.Errorf("after %q: result %d, set %q; want %d, %q", tt.keys, res, h.choice().Set, tt.res, tt.set)
			}
		})
	}
	h, _ := historyOn(t, "down", "enter")
	want := odata.Query{Set: "Crm_Sales_SalesOrders", OrderBy: []string{"DocumentNo desc"}, Top: 20}
	if q := h.choice(); q.Set != want.Set || strings.Join(q.OrderBy, ",") != "DocumentNo desc" || q.Top != 20 {
		t.Errorf("chosen query: %+v; want %+v", q, want)
	}
}

func TestHistoryPickerView(t *testing.T) {
	h, _ := historyOn(t, "down")
	v := ansi.Strip(h.view(80, 6))
	lines := strings.Split(v, "\n")
	if len(lines) != 5 {
		t.Fatalf("view has %d lines; want the input, 3 entries and the hint:\n%s", len(lines), v)
	}
	for i, want := range []string{
		"history",
		"  2h ago General_Contacts_Persons?$search=Пет",
		"› 2h ago Crm_Sales_SalesOrders?$orderby=DocumentNo desc&$top=20",
		"  2h ago Crm_Sales_Customers?$filter=Name eq 'A&B'",
		"3 of 3",
	} {
		if !strings.HasPrefix(strings.Join(strings.Fields(lines[i]), " "), strings.Join(strings.Fields(want), " ")) {
			t.Errorf("line %d: %q; want it to start with %q", i, lines[i], want)
		}
	}
	h, _ = historyOn(t, `"zzz`)
	if v := ansi.Strip(h.view(80, 6)); !strings.Contains(v, "no query matches") || !strings.Contains(v, "0 of 3") {
		t.Errorf("view with no match:\n%s", v)
	}
	empty := newHistoryPicker(nil, shapeStyles(), DefaultKeyMap())
	if v := ansi.Strip(empty.view(80, 6)); !strings.Contains(v, "no queries yet") {
		t.Errorf("empty history view:\n%s", v)
	}
	if _, _, res := empty.update(qk("enter")); res != editNone {
		t.Errorf("enter on an empty history: %d; want none", res)
	}
}

func TestHistoryPickerBadEntry(t *testing.T) {
	h := newHistoryPicker([]historyEntry{{Set: "S", Query: "$top=x"}}, shapeStyles(), DefaultKeyMap())
	h, _, res := h.update(qk("enter"))
	if res != editNone || !strings.Contains(ansi.Strip(h.view(80, 5)), "$top must be a whole number") {
		t.Errorf("enter on a damaged entry: %d, view %q; want none and the reason", res, ansi.Strip(h.view(80, 5)))
	}
}

func TestAgo(t *testing.T) {
	now := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		d    time.Duration
		want string
	}{
		{10 * time.Second, "just now"},
		{5 * time.Minute, "5m ago"},
		{3 * time.Hour, "3h ago"},
		{49 * time.Hour, "2d ago"},
	}
	for _, tt := range tests {
		if got := ago(now, now.Add(-tt.d)); got != tt.want {
			t.Errorf("ago(%v) = %q; want %q", tt.d, got, tt.want)
		}
	}
	if got := ago(now, now.Add(-90*24*time.Hour)); len(got) != 10 {
		t.Errorf("ago(90 days) = %q; want a date", got)
	}
}

// fakeClock returns times a minute apart from a fixed start.
func fakeClock() func() time.Time {
	t := time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
	return func() time.Time { t = t.Add(time.Minute); return t }
}
