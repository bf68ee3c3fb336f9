package state

import (
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/odx-dev/odx/odata"
)

func TestViewsRoundTrip(t *testing.T) {
	dir := t.TempDir()
	p, _ := Load(dir)
	p.Clock = fakeClock()
	q := odata.Query{Set: "Crm_Sales_Customers", Select: []string{"Number", "Name"}, Filter: "Active eq true",
		OrderBy: []string{"Number desc"}, Expand: []string{"Party"}, Search: "acme", Top: 10, Skip: 20, Limit: 35,
		Params: url.Values{"culture": {"bg"}}, Columns: []string{"Number", "Name"}}
	l := Layout{Columns: []string{"Name", "Number"}, Widths: map[string]int{"Name": 30}, Frozen: "Name"}
	v := NewView("  big ones ", q, l)
	if replaced, err := p.SaveView("prod", v); err != nil || replaced {
		t.Fatalf("SaveView = %v, %v; want a new view, no error", replaced, err)
	}
	if _, err := p.SaveView("prod", NewView("another", odata.Query{Set: "Items"}, Layout{})); err != nil {
		t.Fatal(err)
	}
	if err := p.Save(); err != nil {
		t.Fatal(err)
	}
	again, notice := Load(dir)
	if notice != "" {
		t.Fatalf("reloading: %s", notice)
	}
	vs := again.Views("prod")
	if len(vs) != 2 || vs[0].Name != "another" || vs[1].Name != "big ones" {
		t.Fatalf("views after reload: %+v; want another, big ones (sorted, name trimmed)", vs)
	}
	got, ok := again.View("prod", "BIG ONES")
	if !ok {
		t.Fatalf("View(BIG ONES): not found; want the view by its name ignoring case")
	}
	want := q
	want.Columns = l.Columns
	if gq := got.Query(); !reflect.DeepEqual(gq, want) {
		t.Errorf("view's query %+v; want %+v", gq, want)
	}
	if gl := got.Layout(); gl.Frozen != "Name" || gl.Widths["Name"] != 30 || !reflect.DeepEqual(gl.OrderBy, q.OrderBy) || !reflect.DeepEqual(gl.Columns, l.Columns) {
		t.Errorf("view's layout %+v; want columns %v, sort %v, width 30, frozen Name", gl, l.Columns, q.OrderBy)
	}
	if got.Saved.IsZero() {
		t.Errorf("the view has no time")
	}
	if again.Views("test") != nil {
		t.Errorf("views are not per profile")
	}
	// Replacing keeps one view of the name.
	if replaced, err := again.SaveView("prod", NewView("big ones", odata.Query{Set: "Other"}, Layout{})); err != nil || !replaced {
		t.Errorf("saving over a view: %v, %v; want replaced", replaced, err)
	}
	if vs := again.Views("prod"); len(vs) != 2 || vs[1].Set != "Other" {
		t.Errorf("after replacing: %+v; want 2 views, big ones on Other", vs)
	}
	if !again.DeleteView("prod", "another") || again.DeleteView("prod", "another") {
		t.Errorf("DeleteView: want true once, then false")
	}
	if _, ok := again.View("prod", "another"); ok {
		t.Errorf("a deleted view is found")
	}
}

func TestViewsShareNothing(t *testing.T) {
	p, _ := Load("")
	q := odata.Query{Set: "S", OrderBy: []string{"A"}}
	l := Layout{Widths: map[string]int{"A": 9}}
	if _, err := p.SaveView("p", NewView("v", q, l)); err != nil {
		t.Fatal(err)
	}
	q.OrderBy[0], l.Widths["A"] = "B", 3
	v, _ := p.View("p", "v")
	v.OrderBy[0], v.Widths["A"] = "C", 4
	again, _ := p.View("p", "v")
	if again.OrderBy[0] != "A" || again.Widths["A"] != 9 {
		t.Errorf("the saved view changed with its source or a copy: %+v", again)
	}
}

func TestViewNames(t *testing.T) {
	p, _ := Load("")
	for _, tc := range []struct {
		name, set string
		ok        bool
	}{
		{"open orders", "S", true},
		{"", "S", false},
		{"   ", "S", false},
		{"bad\x1b[31m", "S", false},
		{strings.Repeat("x", 61), "S", false},
		{strings.Repeat("я", 60), "S", true},
		{"no set", "", false},
	} {
		_, err := p.SaveView("p", View{Name: tc.name, Set: tc.set})
		if (err == nil) != tc.ok {
			t.Errorf("SaveView(%q, set %q): error %v; want ok=%v", tc.name, tc.set, err, tc.ok)
		}
	}
	// Two names that differ only in case: the exact one wins, no guess.
	for _, n := range []string{"Open", "open"} {
		if _, err := p.SaveView("q", View{Name: n, Set: "S"}); err != nil {
			t.Fatal(err)
		}
	}
	if v, ok := p.View("q", "open"); !ok || v.Name != "open" {
		t.Errorf("View(open) = %q, %v; want the exact name", v.Name, ok)
	}
	if _, ok := p.View("q", "OPEN"); ok {
		t.Errorf("View(OPEN) found one of two names differing in case; want none")
	}
}

func TestViewsCap(t *testing.T) {
	p, _ := Load("")
	for i := range maxViews {
		if _, err := p.SaveView("p", View{Name: "v" + strings.Repeat("x", i%50) + string(rune('A'+i/50)), Set: "S"}); err != nil {
			t.Fatalf("view %d: %v", i, err)
		}
	}
	if _, err := p.SaveView("p", View{Name: "one more", Set: "S"}); err == nil {
		t.Errorf("view %d saved; want a refusal", maxViews+1)
	}
	if _, err := p.SaveView("p", View{Name: "vA", Set: "T"}); err != nil {
		t.Errorf("replacing a view at the cap: %v; want it allowed", err)
	}
}

func TestViewsLoadCleans(t *testing.T) {
	dir := t.TempDir()
	body := `{"version":1,"profiles":{"p":{"views":[{"name":"b","set":"S"},{"name":"a","set":"S","top":5},{"name":"a","set":"T"},{"name":"","set":"S"},{"name":"x"},{"name":" pad","set":"S"}]}}}`
	if err := os.WriteFile(filepath.Join(dir, "state.json"), []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	p, notice := Load(dir)
	if notice != "" {
		t.Fatal(notice)
	}
	vs := p.Views("p")
	var names []string
	for _, v := range vs {
		names = append(names, v.Name+"@"+v.Set)
	}
	if got, want := strings.Join(names, " "), "a@S b@S"; got != want {
		t.Errorf("loaded views %q; want %q (sorted, the first of a duplicate name, no nameless, setless or padded one)", got, want)
	}
}

func TestLayoutWidthsAndFrozen(t *testing.T) {
	p, _ := Load("")
	l := Layout{Widths: map[string]int{"Name": 12}, Frozen: "Name"}
	if l.Empty() {
		t.Fatalf("a layout with widths and a frozen column is empty")
	}
	p.SetLayout("p", "S", l)
	l.Widths["Name"] = 99
	got, ok := p.Layout("p", "S")
	if !ok || got.Widths["Name"] != 12 || got.Frozen != "Name" {
		t.Errorf("layout %+v, %v; want width 12 and Name frozen, unchanged by the caller's map", got, ok)
	}
}

func TestProfileName(t *testing.T) {
	for _, tc := range []struct{ profile, instance, want string }{
		{"prod", "https://erp.example.com", "prod"},
		{"", "https://ERP.example.com", "erp.example.com"},
		{"", "https://erp.example.com:8443/", "erp.example.com:8443"},
		{"", "http://127.0.0.1:5000", "127.0.0.1:5000"},
		{"", "", ""},
		{"", "not a url", ""},
	} {
		if got := ProfileName(tc.profile, tc.instance); got != tc.want {
			t.Errorf("ProfileName(%q, %q) = %q; want %q", tc.profile, tc.instance, got, tc.want)
		}
	}
	if ProfileName("", "https://a.example.com") == ProfileName("", "https://b.example.com") {
		t.Errorf("two instances share one profile name")
	}
}
