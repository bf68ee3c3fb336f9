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
	if !strings.Contains(out, "function imports: GetVersion") {
		t.Errorf("odx metadata does not list the function import:\n%s", out)
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
