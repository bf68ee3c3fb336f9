package dialog

import (
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/odx-dev/odx/internal/state"
	"github.com/odx-dev/odx/odata"
	"github.com/odx-dev/odx/ui/screen"
)

// historyOn is the history of three queries, two hours after they ran,
// after keys; chosen is the query it opened ("" set: none).
func historyOn(t *testing.T, keys ...string) (h *History, chosen odata.Query, posted string) {
	t.Helper()
	p, _ := state.Load("")
	p.Clock = fakeClock()
	p.AddHistory("prod", odata.Query{Set: "Crm_Sales_Customers", Filter: "Name eq 'A&B'"})
	p.AddHistory("prod", odata.Query{Set: "Crm_Sales_SalesOrders", OrderBy: []string{"DocumentNo desc"}, Top: 20})
	p.AddHistory("prod", odata.Query{Set: "General_Contacts_Persons", Search: "Пет"})
	env := testEnv()
	env.Now = time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	h = send(NewHistory(env, p.History("prod")), keys...).(*History)
	msgs := env.Drain()
	for _, m := range msgs {
		if o, ok := m.(screen.OpenQuery); ok {
			chosen = o.Query
		}
	}
	return h, chosen, kinds(msgs)
}

const opened = "screen.OpenQuery screen.CloseDialog"

func TestHistoryPicker(t *testing.T) {
	tests := []struct {
		name   string
		keys   []string
		set    string
		posted string
	}{
		{"newest first", []string{"enter"}, "General_Contacts_Persons", opened},
		{"down", []string{"down", "enter"}, "Crm_Sales_SalesOrders", opened},
		{"down stops at the end", []string{"down", "down", "down", "down", "enter"}, "Crm_Sales_Customers", opened},
		{"pgdown", []string{"pgdown", "enter"}, "Crm_Sales_Customers", opened},
		{"filter", []string{`"a&b`, "enter"}, "Crm_Sales_Customers", opened},
		{"filter words in any order", []string{`"desc sales`, "enter"}, "Crm_Sales_SalesOrders", opened},
		{"filter non-ASCII", []string{`"пет`, "enter"}, "General_Contacts_Persons", opened},
		{"j and k type", []string{`"jk`, "enter"}, "", ""},
		{"esc", []string{"down", "esc"}, "", "screen.CloseDialog"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, q, posted := historyOn(t, tt.keys...)
			if posted != tt.posted || q.Set != tt.set {
				t.Errorf("after %q: posted %q, set %q; want %q, %q", tt.keys, posted, q.Set, tt.posted, tt.set)
			}
		})
	}
	// The query opens from its first page, in the profile's page size.
	_, q, _ := historyOn(t, "down", "enter")
	if q.Set != "Crm_Sales_SalesOrders" || strings.Join(q.OrderBy, ",") != "DocumentNo desc" || q.Top != 0 {
		t.Errorf("chosen query: %+v; want Crm_Sales_SalesOrders by DocumentNo desc, no $top", q)
	}
}

func TestHistoryPickerView(t *testing.T) {
	h, _, _ := historyOn(t, "down")
	v := ansi.Strip(h.View("", 80, 6))
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
	h, _, _ = historyOn(t, `"zzz`)
	if v := ansi.Strip(h.View("", 80, 6)); !strings.Contains(v, "no query matches") || !strings.Contains(v, "0 of 3") {
		t.Errorf("view with no match:\n%s", v)
	}
	env := testEnv()
	empty := NewHistory(env, nil)
	if v := ansi.Strip(empty.View("", 80, 6)); !strings.Contains(v, "no queries yet") {
		t.Errorf("empty history view:\n%s", v)
	}
	send(empty, "enter")
	if posted := kinds(env.Drain()); posted != "" {
		t.Errorf("enter on an empty history: posted %q; want nothing", posted)
	}
}

func TestHistoryPickerBadEntry(t *testing.T) {
	env := testEnv()
	h := send(NewHistory(env, []state.HistoryEntry{{Set: "S", Query: "$top=x"}}), "enter")
	if posted := kinds(env.Drain()); posted != "" || !strings.Contains(ansi.Strip(h.View("", 80, 5)), "$top must be a whole number") {
		t.Errorf("enter on a damaged entry: posted %q, view %q; want nothing and the reason", posted, ansi.Strip(h.View("", 80, 5)))
	}
	env = testEnv()
	send(NewHistory(env, []state.HistoryEntry{{Query: "$top=1"}}), "enter")
	if posted := kinds(env.Drain()); posted != "" {
		t.Errorf("enter on an entry without a set: posted %q; want nothing", posted)
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
