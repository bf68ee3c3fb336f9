package cli

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/odx-dev/odx/odata"
)

// demoSession is a session on a new demo instance.
func demoSession(t *testing.T) *Session {
	t.Helper()
	cf := addConnFlags(flag.NewFlagSet("test", flag.ContinueOnError))
	cf.demo, cf.demoTTL = true, time.Hour
	s, err := connect(context.Background(), &env{getenv: os.Getenv}, cf)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s
}

func TestGetApply(t *testing.T) {
	s := demoSession(t)
	ctx := context.Background()
	run := func(apply, filter string, o output) string {
		t.Helper()
		var out strings.Builder
		if err := getApply(ctx, &env{stdout: &out}, s, "Crm_Sales_Customers", apply, filter, o); err != nil {
			t.Fatalf("--apply %s: %v", apply, err)
		}
		return out.String()
	}
	table := run("groupby((State),aggregate($count as Count))", "", output{format: "table"})
	if lines := strings.Split(strings.TrimSpace(table), "\n"); len(lines) != 5 || !strings.HasPrefix(lines[0], "State") || !strings.Contains(table, "Active") {
		t.Errorf("table: got\n%s\nwant a header and the 4 states", table)
	}
	js := run("groupby((State),aggregate($count as Count))", "Active eq true", output{format: "json"})
	var groups []struct {
		State string
		Count int64
	}
	if err := json.Unmarshal([]byte(js), &groups); err != nil {
		t.Fatalf("json: %v\n%s", err, js)
	}
	var total int64
	for _, g := range groups {
		total += g.Count
	}
	want, err := s.Client.Count(ctx, odata.Query{Set: "Crm_Sales_Customers", Filter: "Active eq true"})
	if err != nil || total != want {
		t.Errorf("json under --filter: got %d rows in %d groups; want %d (%v)", total, len(groups), want, err)
	}
	csv := run("aggregate(CreditLimit with sum as Total)", "", output{format: "csv"})
	if lines := strings.Split(strings.TrimSpace(csv), "\n"); len(lines) < 3 || !strings.HasPrefix(lines[0], "Total") {
		t.Errorf("csv: got %q; want the sum per currency, as value and currency columns", lines)
	}
	var out strings.Builder
	err = getApply(ctx, &env{stdout: &out}, s, "Crm_Sales_Customers", "groupby((Name))", "", output{format: "table"})
	if err == nil || !strings.Contains(err.Error(), "not a dimension") {
		t.Errorf("groupby a multi-language name: got %v; want the server's refusal", err)
	}
}

func TestApplyConflicts(t *testing.T) {
	if err := applyConflicts("", "", "", "", 0, 0, false); err != nil {
		t.Errorf("no other option: got %v; want none", err)
	}
	var ue usageError
	if err := applyConflicts("", "", "Number", "", 0, 0, false); !errors.As(err, &ue) || !strings.Contains(err.Error(), "--orderby does not go with --apply") {
		t.Errorf("--orderby: got %v; want a usage error naming it", err)
	}
}
