package dialog

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/odx-dev/odx/odata"
)

// newExport is the export dialog for q in the test Env.
func newExport(q odata.Query, total int64) *Export { return NewExport(testEnv(), q, total) }

const started = "screen.StartExport screen.CloseDialog"

func TestExportDialogFormatsAndPath(t *testing.T) {
	d := newExport(odata.Query{Set: "Crm_Sales_Customers"}, 2600)
	step := func(keys ...string) {
		t.Helper()
		for _, k := range keys {
			send(d, k)
			if posted := kinds(d.env.Drain()); posted != "" {
				t.Fatalf("key %q posted %q; want the dialog left open", k, posted)
			}
		}
	}
	check := func(wantFormat, wantPath string) {
		t.Helper()
		if f, p := d.choice(); f != wantFormat || p != wantPath {
			t.Errorf("got %s %s; want %s %s", f, p, wantFormat, wantPath)
		}
	}
	check("csv", "./Crm_Sales_Customers-20261126-091500.csv")
	if v := ansi.Strip(d.box(80)); !strings.Contains(v, "Export Crm_Sales_Customers — all 2,600 rows") || !strings.Contains(v, "[csv]") {
		t.Errorf("view:\n%s\nwant the title with all 2,600 rows and csv chosen", v)
	}
	step("tab")
	check("json", "./Crm_Sales_Customers-20261126-091500.json")
	step("right")
	check("ndjson", "./Crm_Sales_Customers-20261126-091500.ndjson")
	step("right")
	check("csv", "./Crm_Sales_Customers-20261126-091500.csv")
	step("left", "left")
	check("json", "./Crm_Sales_Customers-20261126-091500.json")
	step("shift+tab")
	check("csv", "./Crm_Sales_Customers-20261126-091500.csv")
	step("n")
	check("ndjson", "./Crm_Sales_Customers-20261126-091500.ndjson")

	// On the path field, keys edit it; once edited it no longer follows the format.
	step("down", "backspace", "backspace", "backspace", "backspace", "backspace", "backspace", "x", "t")
	check("ndjson", "./Crm_Sales_Customers-20261126-091500.xt")
	step("tab")
	check("csv", "./Crm_Sales_Customers-20261126-091500.xt")
	if v := ansi.Strip(d.box(80)); !strings.Contains(v, "›Path") && !strings.Contains(v, "› Path") {
		t.Errorf("view:\n%s\nwant the path row marked", v)
	}
	send(d, "esc")
	if posted := kinds(d.env.Drain()); posted != "screen.CloseDialog" {
		t.Errorf("esc: posted %q; want CloseDialog", posted)
	}
}

func TestExportDialogUnknownTotalAndHostileName(t *testing.T) {
	d := newExport(odata.Query{Set: "Set('a/b')/Nav\x1b[31m"}, -1)
	if _, p := d.choice(); p != "./Set__a_b___Nav__31m-20261126-091500.csv" {
		t.Errorf("default path %q; want the set name made file-safe", p)
	}
	v := d.box(80)
	if strings.Contains(ansi.Strip(v), "\x1b") || !strings.Contains(ansi.Strip(v), "— all rows") {
		t.Errorf("view %q: want no raw escape and \"all rows\"", ansi.Strip(v))
	}
	for _, l := range strings.Split(v, "\n") {
		if w := ansi.StringWidth(l); w > 80 {
			t.Errorf("line %q is %d cells wide; want ≤ 80", ansi.Strip(l), w)
		}
	}
}

func TestFileSafe(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"Crm_Sales_Customers", "Crm_Sales_Customers"},
		{"../../etc/passwd", "______etc_passwd"},
		{".hidden", "_hidden"},
		{"", "export"},
		{"///", "export"},
		{"Продукти", "export"},
		{strings.Repeat("a", 200), strings.Repeat("a", 80)},
	} {
		if got := fileSafe(c.in); got != c.want {
			t.Errorf("fileSafe(%q) = %q; want %q", c.in, got, c.want)
		}
	}
}

// TestExportDialogAccept: enter is refused for a missing folder, asks again
// for an existing file, and accepts a new file.
func TestExportDialogAccept(t *testing.T) {
	dir := t.TempDir()
	d := newExport(odata.Query{Set: "Items"}, 3)
	enter := func(path string) string {
		d.path.SetValue(path)
		send(d, "enter")
		return kinds(d.env.Drain())
	}
	if res := enter(filepath.Join(dir, "missing", "x.csv")); res != "" || !strings.Contains(d.err, "does not exist") {
		t.Errorf("missing folder: got %v, %q; want it refused with a reason", res, d.err)
	}
	if res := enter(dir); res != "" || !strings.Contains(d.err, "is a folder") {
		t.Errorf("folder: got %v, %q; want it refused", res, d.err)
	}
	existing := filepath.Join(dir, "old.csv")
	os.WriteFile(existing, []byte("x"), 0o600)
	if res := enter(existing); res != "" || !strings.Contains(d.err, "press enter again") {
		t.Errorf("existing file: got %v, %q; want a second enter asked for", res, d.err)
	}
	if res := enter(existing); res != started {
		t.Errorf("second enter on an existing file: got %v; want StartExport and CloseDialog", res)
	}
	if res := enter(filepath.Join(dir, "new.csv")); res != started {
		t.Errorf("new file: got %v, %q; want StartExport and CloseDialog", res, d.err)
	}
}

// TestExportDialogGolden is the dialog at 80 columns under the grid's
// breadcrumb.
func TestExportDialogGolden(t *testing.T) {
	d := newExport(odata.Query{Set: "Crm_Sales_Customers"}, 2600)
	v := ansi.Strip(d.View(" Crm_Sales_Customers\nthe grid\nrows", 80, 10))
	crumb, box, _ := strings.Cut(v, "\n")
	if crumb != " Crm_Sales_Customers" {
		t.Errorf("first line %q; want the body's breadcrumb kept", crumb)
	}
	golden.RequireEqual(t, []byte(box))
}
