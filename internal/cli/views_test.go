package cli

import (
	"errors"
	"net/url"
	"reflect"
	"strings"
	"testing"

	"github.com/odx-dev/odx/demo"
	"github.com/odx-dev/odx/internal/state"
	"github.com/odx-dev/odx/odata"
)

func TestApplyView(t *testing.T) {
	p, _ := state.Load("")
	saved := odata.Query{Set: "Crm_Sales_Customers", Select: []string{"Number", "Name"}, Filter: "Active eq true",
		OrderBy: []string{"Number desc"}, Expand: []string{"Party"}, Top: 10, Limit: 40, Params: url.Values{"culture": {"bg"}},
		Columns: []string{"Number", "Name"}}
	if _, err := p.SaveView("prod", state.NewView("active", saved, state.Layout{})); err != nil {
		t.Fatal(err)
	}
	asRun := saved // the page size is the profile's
	asRun.Top = 0
	topOnly := saved
	topOnly.Limit = 0
	if _, err := p.SaveView("prod", state.NewView("top only", topOnly, state.Layout{})); err != nil {
		t.Fatal(err)
	}
	asRunTop := asRun
	asRunTop.Limit = 10
	for _, tc := range []struct {
		name string
		q    odata.Query // from the command's flags
		want odata.Query
	}{
		{"the view alone", odata.Query{}, asRun},
		{"the set named too", odata.Query{Set: "Crm_Sales_Customers"}, asRun},
		{"its $top is a limit", odata.Query{Set: "Crm_Sales_Customers"}, asRunTop},
		{"flags override", odata.Query{Filter: "Name eq 'A'", Top: 3, Limit: 7, Select: []string{"Id"}, Params: url.Values{"culture": {"en"}}},
			odata.Query{Set: saved.Set, Select: []string{"Id"}, Filter: "Name eq 'A'", OrderBy: saved.OrderBy, Expand: saved.Expand,
				Top: 3, Limit: 7, Params: url.Values{"culture": {"en"}}}},
		{"--page-size stays", odata.Query{Top: 25}, func() odata.Query { q := asRun; q.Top = 25; return q }()},
	} {
		q := tc.q
		name := "ACTIVE"
		if tc.want.Limit == 10 {
			name = "top only"
		}
		if err := applyViewFrom(p, "prod", name, &q); err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if !reflect.DeepEqual(q, tc.want) {
			t.Errorf("%s: got %+v; want %+v", tc.name, q, tc.want)
		}
	}
	for _, tc := range []struct {
		profile, name string
		q             odata.Query
		want          string
	}{
		{"prod", "nope", odata.Query{}, "its views: active, top only"},
		{"test", "active", odata.Query{}, "no saved views yet"},
		{"prod", "active", odata.Query{Set: "Other"}, "is of Crm_Sales_Customers, not Other"},
	} {
		q := tc.q
		err := applyViewFrom(p, tc.profile, tc.name, &q)
		var ue usageError
		if !errors.As(err, &ue) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("view %q of %s on %+v: %v; want a usage error saying %q", tc.name, tc.profile, tc.q, err, tc.want)
		}
	}
}

func TestApplyViewDemo(t *testing.T) {
	srv := demo.NewServer(demo.Options{})
	defer srv.Close()
	s := &Session{demo: srv}
	var q odata.Query
	if err := applyView(s, "x", &q); err == nil || !strings.Contains(err.Error(), "--demo") {
		t.Errorf("applyView on --demo: %v; want an error saying --demo keeps no views", err)
	}
}
