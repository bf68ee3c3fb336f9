package cli

import (
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"
)

// TestGetApplyFlag: `odx get SET --apply EXPR` prints the server's groups,
// and the flags that shape entity rows are refused with it.
func TestGetApplyFlag(t *testing.T) {
	out, _ := odxDemo(t, "get", "Crm_Sales_Customers", "--apply", "groupby((State),aggregate($count as n))", "-o", "ndjson")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	total := 0
	states := map[string]bool{}
	for _, l := range lines {
		var g struct {
			State string
			N     int `json:"n"`
		}
		if err := json.Unmarshal([]byte(l), &g); err != nil {
			t.Fatalf("line %q: %v", l, err)
		}
		states[g.State] = true
		total += g.N
	}
	if len(states) != 4 || total != 2600 {
		t.Errorf("groups %v, %d customers in all; want the 4 states and 2600", states, total)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"get", "Crm_Sales_Customers", "--apply", "groupby((State))", "--top", "3"}, "--top does not go with --apply"},
		{[]string{"get", "Crm_Sales_Customers", "--apply", "groupby((State))", "--view", "v"}, "--view does not go with --apply"},
		{[]string{"get"}, "or a saved view: odx get --view NAME"},
		{[]string{"get", "A", "B"}, "name one entity set"},
		{[]string{"get", "--view", "mine"}, "--demo keeps no saved views"},
	} {
		var errb strings.Builder
		e := &env{stdin: strings.NewReader(""), stdout: &strings.Builder{}, stderr: &errb, getenv: os.Getenv}
		if code := run(context.Background(), e, append(tc.args, "--demo")); code != exitUsage || !strings.Contains(errb.String(), tc.want) {
			t.Errorf("odx %s --demo: exit %d, stderr %q; want a usage error saying %q", strings.Join(tc.args, " "), code, errb.String(), tc.want)
		}
	}
}

// TestGetSelectOrder: the table and CSV list the columns in the order
// --select names them, not the server's.
func TestGetSelectOrder(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"get", "Crm_Sales_Customers", "--select", "Name,Number", "--top", "1"}, "Name"},
		{[]string{"get", "Crm_Sales_Customers", "--select", "Number,Name", "--top", "1"}, "Number"},
		{[]string{"get", "Crm_Sales_Customers", "--select", "Name,Number", "--top", "1", "-o", "csv"}, "Id,Name_EN"},
	} {
		out, _ := odxDemo(t, tc.args...)
		if !strings.HasPrefix(out, tc.want) {
			t.Errorf("odx %s: output starts %q; want %q first", strings.Join(tc.args, " "), strings.SplitN(out, "\n", 2)[0], tc.want)
		}
	}
}
