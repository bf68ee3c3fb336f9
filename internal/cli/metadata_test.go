package cli

import (
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"
)

// odxDemo runs odx with args against the demo instance.
func odxDemo(t *testing.T, args ...string) (stdout, stderr string) {
	t.Helper()
	var out, errb strings.Builder
	e := &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errb, getenv: os.Getenv}
	if code := run(context.Background(), e, append(args, "--demo")); code != exitOK {
		t.Fatalf("odx %s --demo: exit status %d, stderr %q; want 0", strings.Join(args, " "), code, errb.String())
	}
	return out.String(), errb.String()
}

func TestMetadataFacetsEnumsAndContainer(t *testing.T) {
	out, _ := odxDemo(t, "metadata", "Crm_Sales_Customers")
	for _, want := range []string{
		"Number           Edm.String                   false     max length 16",
		"members Active=0 OnHold=1 Blocked=2 Closed=3",
		"DiscountPercent  Edm.Decimal                  true      precision 5, scale 2",
		"Notes            Edm.String                   true      max length 4000",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("odx metadata Crm_Sales_Customers lacks %q:\n%s", want, out)
		}
	}
	out, _ = odxDemo(t, "metadata")
	for _, want := range []string{
		"singletons: Company\n",
		"3 function imports (called with GET):\n  GetVersion() → Erp.OpenObject\n",
		"  GetExchangeRate(FromCurrency Edm.String, ToCurrency Edm.String, OnDate Edm.Date) → Erp.ExchangeRate\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("odx metadata lacks %q:\n%s", want, out)
		}
	}
	js, _ := odxDemo(t, "metadata", "Crm_Sales_Customers", "-o", "json")
	var si setInfo
	if err := json.Unmarshal([]byte(js), &si); err != nil {
		t.Fatal(err)
	}
	var disc, state propInfo
	for _, p := range si.Properties {
		switch p.Name {
		case "DiscountPercent":
			disc = p
		case "State":
			state = p
		}
	}
	if disc.Precision == nil || *disc.Precision != 5 || disc.Scale != "2" || len(state.Enum) != 4 || state.Enum[2].Name != "Blocked" {
		t.Errorf("JSON: DiscountPercent %+v, State %+v; want precision 5 scale 2, four members", disc, state)
	}
	// The brief JSON stays an array of entity sets.
	brief, _ := odxDemo(t, "metadata", "-o", "json")
	var sets []setInfo
	if err := json.Unmarshal([]byte(brief), &sets); err != nil || len(sets) != 7 {
		t.Errorf("odx metadata -o json: %d sets, %v; want an array of 7", len(sets), err)
	}
}

func TestMetadataLabels(t *testing.T) {
	var out, errb strings.Builder
	e := &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errb, getenv: os.Getenv}
	file := "../../odata/testdata/metadata/sap-workforce-timesheet-v2.xml"
	if code := run(context.Background(), e, []string{"metadata", "--file", file, "TimeSheetEntryCollection"}); code != exitOK {
		t.Fatalf("exit %d, stderr %q", code, errb.String())
	}
	if want := "CompanyCode                    Edm.String                                          false     label “Company Code”, max length 4"; !strings.Contains(out.String(), want) {
		t.Errorf("odx metadata --file … lacks %q:\n%s", want, out.String())
	}
}

// odxFile runs odx metadata on a fixture of odata's testdata.
func odxFile(t *testing.T, fixture string, args ...string) string {
	t.Helper()
	var out, errb strings.Builder
	e := &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errb, getenv: os.Getenv}
	args = append([]string{"metadata", "--file", "../../odata/testdata/metadata/" + fixture}, args...)
	if code := run(context.Background(), e, args); code != exitOK {
		t.Fatalf("odx %s: exit %d, stderr %q", strings.Join(args, " "), code, errb.String())
	}
	return out.String()
}

func TestMetadataFunctions(t *testing.T) {
	for _, tc := range []struct {
		fixture string
		args    []string
		want    []string
	}{
		{"trippin.xml", nil, []string{
			"1 function import (called with GET):\n  GetNearestAirport(lat Edm.Double, lon Edm.Double) → Microsoft.OData.SampleService.Models.TripPin.Airport\n",
			"never called by odx (actions, v2 functions not called with GET):\n  ResetDataSource() [action]\n",
		}},
		{"dynamics-crm-schema.xml", nil, []string{"57 function imports (called with GET):\n", "  WhoAmI() → Microsoft.Dynamics.CRM.WhoAmIResponse\n"}},
		{"trippin.xml", []string{"GetNearestAirport"}, []string{
			"GetNearestAirport (function import, called with GET)\n", "entity set: Airports\n", "lat        Edm.Double  false\n",
		}},
		{"trippin.xml", []string{"ResetDataSource"}, []string{"ResetDataSource (action import, never called by odx)\n", "no parameters"}},
		{"dynamics-crm-schema.xml", []string{"accounts"}, []string{"capabilities: $skip no, $count yes, filter functions contains endswith startswith\n"}},
		{"graph-v1.0-prod.xml", []string{"directoryRoles"}, []string{"capabilities: $top no\n"}},
	} {
		out := odxFile(t, tc.fixture, tc.args...)
		for _, want := range tc.want {
			if !strings.Contains(out, want) {
				t.Errorf("odx metadata %s %v lacks %q:\n%s", tc.fixture, tc.args, want, out)
			}
		}
	}
	var op opInfo
	if err := json.Unmarshal([]byte(odxFile(t, "trippin.xml", "GetNearestAirport", "-o", "json")), &op); err != nil {
		t.Fatal(err)
	}
	if op.Kind != "function" || !op.Callable || len(op.Parameters) != 2 || op.Parameters[1] != (paramInfo{"lon", "Edm.Double", false}) {
		t.Errorf("JSON: got %+v; want the function with lat and lon", op)
	}
	var si setInfo
	if err := json.Unmarshal([]byte(odxFile(t, "dynamics-crm-schema.xml", "accounts", "-o", "json")), &si); err != nil {
		t.Fatal(err)
	}
	if c := si.Capabilities; c == nil || c.Skip != "no" || c.Count != "yes" || c.Top != "" || len(c.FilterFunctions) != 3 {
		t.Errorf("JSON: got capabilities %+v; want $skip no, $count yes, three filter functions", c)
	}
}
