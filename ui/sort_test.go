package ui

import (
	"strings"
	"testing"
)

func TestNextSortCycles(t *testing.T) {
	var ob []string
	var got []string
	for range 4 {
		ob = nextSort(ob, "Number")
		got = append(got, "["+strings.Join(ob, ",")+"]")
	}
	if want := "[Number] [Number desc] [] [Number]"; strings.Join(got, " ") != want {
		t.Errorf("s pressed four times on Number: %s; want %s", strings.Join(got, " "), want)
	}
	if got := nextSort([]string{"Number desc"}, "Name"); len(got) != 1 || got[0] != "Name" {
		t.Errorf("s on Name while sorted by Number: %q; want [Name] (one column at a time)", got)
	}
	if got := nextSort([]string{"Number asc"}, "Number"); len(got) != 1 || got[0] != "Number desc" {
		t.Errorf("s on Number sorted with explicit asc: %q; want [Number desc]", got)
	}
}

func TestSortMark(t *testing.T) {
	tests := []struct {
		ob   []string
		prop string
		want int
	}{
		{nil, "Number", 0},
		{[]string{"Number"}, "Number", 1},
		{[]string{"Number asc"}, "Number", 1},
		{[]string{"Number DESC"}, "Number", -1},
		{[]string{"  Number   desc "}, "Number", -1},
		{[]string{"NumberX desc"}, "Number", 0},
		{[]string{"Name", "Number desc"}, "Number", -1},
	}
	for _, tt := range tests {
		if got := sortMark(tt.ob, tt.prop); got != tt.want {
			t.Errorf("sortMark(%q, %q) = %d; want %d", tt.ob, tt.prop, got, tt.want)
		}
	}
}

func TestCanSort(t *testing.T) {
	m := shapeModel(t)
	tests := []struct {
		set, prop string
		ok        bool
		notice    string
	}{
		{"Crm_Sales_Customers", "Number", true, ""},
		{"Crm_Sales_Customers", "Name", false, "Number can be sorted; Name cannot (the server marks it not sortable)."},
		{"Crm_Sales_Customers", "Party", false, "Party is a reference and cannot be sorted; these can: Number."},
		{"Crm_Sales_Customers", "Lines", false, "Lines is a collection and cannot be sorted; these can: Number."},
		{"Crm_Sales_Customers('x')", "Name", false, "Number can be sorted; Name cannot (the server marks it not sortable)."},
		{"General_Contacts_Parties", "PartyName", false, "PartyName cannot be sorted (the server marks it not sortable), and neither can any other column of General_Contacts_Parties."},
		{"Lines", "Id", true, ""},
		{"Unknown", "X", true, ""},
		{"Crm_Sales_Customers", "NotAProperty", true, ""},
	}
	for _, tt := range tests {
		ok, notice := canSort(m, tt.set, tt.prop)
		if ok != tt.ok || notice != tt.notice {
			t.Errorf("canSort(%s, %s) = %v, %q; want %v, %q", tt.set, tt.prop, ok, notice, tt.ok, tt.notice)
		}
	}
	if ok, notice := canSort(nil, "Crm_Sales_Customers", "Name"); !ok || notice != "" {
		t.Errorf("canSort without metadata = %v, %q; want true (the server decides)", ok, notice)
	}
}

func TestListNames(t *testing.T) {
	if got, want := listNames([]string{"A", "B", "C", "D"}, 2), "A, B and 2 more"; got != want {
		t.Errorf("listNames = %q; want %q", got, want)
	}
}
