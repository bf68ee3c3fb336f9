package cli

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/odx-dev/odx/odata"
)

func tableRow(id int, name string) odata.Row {
	return odata.Row{Keys: []string{"Id", "Name", "Note"},
		Values: map[string]any{"Id": json.Number(strings.Repeat("1", id)), "Name": name, "Note": "n"}}
}

// TestTableWriter: widths in terminal cells (CJK lines up) from the header
// and the first page, widened for a later page with a wider value; at most
// maxColumnWidth cells a column, a value wider cut with "…"; no trailing
// spaces; the header alone when no row came.
func TestTableWriter(t *testing.T) {
	long := strings.Repeat("x", 100)
	var b bytes.Buffer
	tw := newTableWriter(&b, []string{"Id", "Name", "Note"})
	page := func(rows ...odata.Row) {
		if err := tw.writePage(rows); err != nil {
			t.Fatal(err)
		}
		tw.Flush()
	}
	page(tableRow(1, "日本語の名前"), tableRow(2, "abc"))
	page(tableRow(3, "мир"), tableRow(1, "wider than page 1"))
	page(odata.Row{Values: map[string]any{"Id": "1", "Name": long, "Note": long + "\x1b[2J"}})
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	want := []string{
		"Id  Name          Note",
		"1   日本語の名前  n",
		"11  abc           n",
		"111  мир                n",
		"1    wider than page 1  n",
		"1    " + strings.Repeat("x", 39) + "…  " + strings.Repeat("x", 39) + "…",
	}
	got := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if w := ansi.StringWidth(got[5]); w != 5+maxColumnWidth+2+maxColumnWidth {
		t.Errorf("a line of two capped columns is %d cells; want %d", w, 5+2*maxColumnWidth+2)
	}

	b.Reset()
	tw = newTableWriter(&b, []string{"A\x1b]0;x\x07", "B"})
	tw.Close()
	if want := "A␛]0;x␇  B\n"; b.String() != want {
		t.Errorf("no rows: got %q; want the sanitised header %q", b.String(), want)
	}
}

// TestTableStreams: `-o table --all` writes each page as it arrives: page
// 2 is answered only once page 1's lines have reached the reader.
func TestTableStreams(t *testing.T) {
	faultEnv(t)
	f := newFaultServer(t, 35)
	seen := make(chan struct{})
	f.setAPI(func(w http.ResponseWriter, r *http.Request, n int64) bool {
		if n == 2 {
			select {
			case <-seen:
			case <-r.Context().Done():
				return true
			}
		}
		return false
	})
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	lines := make(chan []string, 1)
	go func() {
		var got []string
		sc := bufio.NewScanner(r)
		for sc.Scan() {
			if got = append(got, sc.Text()); len(got) == 11 { // header and page 1
				close(seen)
			}
		}
		lines <- got
	}()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second) // a failure bound
	defer cancel()
	code, stderr := f.runTo(ctx, w, "get", "Items", "--page-size", "10", "--all", "-o", "table")
	w.Close()
	if code != exitOK {
		t.Fatalf("exit status %d, stderr %q; want 0 (page 1 never reached the reader?)", code, stderr)
	}
	got := <-lines
	if len(got) != 36 || got[0] != "Id  Name" || got[1] != "0   Item 0" || got[35] != "34  Item 34" {
		t.Errorf("got %d lines, %q … %q; want the header and 35 rows", len(got), got[:min(2, len(got))], got[len(got)-1])
	}
	wantRequests(t, "API", f.apiReqs.Load(), 4)
}

// TestTableFormattedValues: `get -o table` shows Dataverse's formatted
// values (Prop@OData.Community.Display.V1.FormattedValue) where the server
// sent them, sanitised; json and csv keep the raw values.
func TestTableFormattedValues(t *testing.T) {
	faultEnv(t)
	f := newFaultServer(t, 1)
	f.setAPI(answer("/Items", 200, `{"value":[
{"Id":1,"statuscode":1,"statuscode@OData.Community.Display.V1.FormattedValue":"Active",
 "revenue":1000000,"revenue@OData.Community.Display.V1.FormattedValue":"$1,000,000.00\u001b[2J"},
{"Id":2,"statuscode":2,"revenue":null}]}`))
	code, stdout, stderr := f.cli(t, "get", "Items", "-o", "table")
	if code != exitOK {
		t.Fatalf("table: exit status %d, stderr %q; want 0", code, stderr)
	}
	want := "Id  statuscode  revenue\n1   Active      $1,000,000.00␛[2J\n2   2\n"
	if stdout != want {
		t.Errorf("table: got\n%s\nwant\n%s", stdout, want)
	}
	for _, format := range []string{"json", "csv"} {
		code, stdout, stderr := f.cli(t, "get", "Items", "-o", format)
		if code != exitOK {
			t.Fatalf("%s: exit status %d, stderr %q; want 0", format, code, stderr)
		}
		if strings.Contains(stdout, "Active") || strings.Contains(stdout, "FormattedValue") || !strings.Contains(stdout, "1000000") {
			t.Errorf("%s: got\n%s\nwant the raw values only", format, stdout)
		}
	}
}

// TestTableLargePages: pages large enough to be decoded and formatted in
// two halves at once print exactly what one goroutine prints.
func TestTableLargePages(t *testing.T) {
	args := []string{"get", "Crm_Sales_SalesOrders", "--page-size", "600", "--top", "1500", "-o", "table"}
	par, _ := odxDemo(t, args...)
	saved := parallelRows
	parallelRows = 1 << 30
	defer func() { parallelRows = saved }()
	seq, _ := odxDemo(t, args...)
	if lines := strings.Count(par, "\n"); lines != 1501 {
		t.Fatalf("got %d lines; want the header and 1,500 rows", lines)
	}
	if par != seq {
		t.Errorf("the table of pages formatted in two halves differs from one formatted whole")
	}
}
