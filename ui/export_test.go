package ui

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/odx-dev/odx/auth"
	"github.com/odx-dev/odx/demo"
	"github.com/odx-dev/odx/internal/termtext"
	"github.com/odx-dev/odx/internal/uitest"
	"github.com/odx-dev/odx/odata"
	"github.com/odx-dev/odx/ui/styles"
)

// dirNames lists the files in dir.
func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range es {
		out = append(out, e.Name())
	}
	return out
}

// documentNos reads the DocumentNo of every exported row.
func documentNos(t *testing.T, format, path string) []string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []string
	switch format {
	case "csv":
		recs, err := csv.NewReader(f).ReadAll()
		if err != nil {
			t.Fatalf("exported CSV does not parse: %v", err)
		}
		col := -1
		for i, h := range recs[0] {
			if h == "DocumentNo" {
				col = i
			}
		}
		if col < 0 {
			t.Fatalf("CSV header %v has no DocumentNo", recs[0])
		}
		for _, r := range recs[1:] {
			out = append(out, r[col])
		}
	case "ndjson":
		sc := bufio.NewScanner(f)
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			var o struct{ DocumentNo string }
			if err := json.Unmarshal(sc.Bytes(), &o); err != nil {
				t.Fatalf("NDJSON line %q: %v", sc.Text(), err)
			}
			out = append(out, o.DocumentNo)
		}
	case "json":
		b, err := io.ReadAll(f)
		if err != nil {
			t.Fatal(err)
		}
		if !json.Valid(b) {
			t.Fatalf("exported JSON is not valid JSON (%d bytes)", len(b))
		}
		var os []struct{ DocumentNo string }
		if err := json.Unmarshal(b, &os); err != nil {
			t.Fatal(err)
		}
		for _, o := range os {
			out = append(out, o.DocumentNo)
		}
	}
	return out
}

// runJob drives an export's messages through an exportModel until it ends.
func runJob(t *testing.T, m *exportModel, cmd tea.Cmd, onProgress func(exportProgressMsg)) exportDoneMsg {
	t.Helper()
	deadline := time.After(60 * time.Second)
	for cmd != nil {
		ch := make(chan tea.Msg, 1)
		go func(c tea.Cmd) { ch <- c() }(cmd)
		var msg tea.Msg
		select {
		case msg = <-ch:
		case <-deadline:
			t.Fatal("export did not end within a minute")
		}
		if p, ok := msg.(exportProgressMsg); ok && onProgress != nil {
			onProgress(p)
		}
		next, done := m.update(msg)
		if done {
			return msg.(exportDoneMsg)
		}
		cmd = next
	}
	t.Fatal("the export stopped sending messages before it ended")
	return exportDoneMsg{}
}

// TestExportAllPagesThroughReauth exports the demo's 10,000 sales orders in
// every format with one-second tokens that are also revoked every few
// requests, so new tokens and a 401 replay happen mid-export.
func TestExportAllPagesThroughReauth(t *testing.T) {
	type tcase struct {
		format string
		opts   demo.Options
		check  func(auth.Stats) bool
		want   string
	}
	var cases []tcase
	for _, format := range exportFormats {
		// 1 s tokens over ten pages of 150 ms or more: renewed on expiry (or
		// after a 401 when a slow page outlives one): how many of each
		// depends on the machine's speed.
		cases = append(cases, tcase{format, demo.Options{TokenTTL: time.Second, Latency: 150 * time.Millisecond},
			func(s auth.Stats) bool { return s.TokensFetched >= 2 }, "at least 2 tokens"})
	}
	// Revoked mid-export: the transport re-authenticates and replays.
	cases = append(cases, tcase{"csv", demo.Options{TokenTTL: time.Minute, RevokeAfter: 4},
		func(s auth.Stats) bool { return s.TokensFetched >= 2 && s.Reauthentications >= 1 }, "at least 2 tokens and 1 re-authentication"})
	for _, tc := range cases {
		format := tc.format
		t.Run(fmt.Sprintf("%s/ttl=%s/revoke=%d", format, tc.opts.TokenTTL, tc.opts.RevokeAfter), func(t *testing.T) {
			_, src, c := demoClient(t, tc.opts, nil)
			dir := t.TempDir()
			path := filepath.Join(dir, "orders."+format)
			m := newExportModel(testStyles())
			var progress []int64
			done := runJob(t, &m, m.start(context.Background(), c, odata.Query{Set: "Crm_Sales_SalesOrders"}, format, path, 10000),
				func(p exportProgressMsg) { progress = append(progress, p.rows) })
			if done.err != nil {
				t.Fatalf("export failed: %v", done.err)
			}
			nos := documentNos(t, format, path)
			seen := map[string]bool{}
			for _, n := range nos {
				seen[n] = true
			}
			if len(nos) != 10000 || len(seen) != 10000 || done.rows != 10000 {
				t.Errorf("got %d rows (%d unique, %d reported); want 10000 unique", len(nos), len(seen), done.rows)
			}
			if st := src.Stats(); !tc.check(st) {
				t.Errorf("got %d tokens, %d re-authentications; want %s", st.TokensFetched, st.Reauthentications, tc.want)
			}
			if got := dirNames(t, dir); len(got) != 1 || got[0] != "orders."+format {
				t.Errorf("folder holds %v; want only orders.%s", got, format)
			}
			fi, _ := os.Stat(path)
			text, isErr := m.notice()
			want := fmt.Sprintf("exported 10,000 rows to %s (%s)", path, termtext.HumanSize(fi.Size()))
			if text != want || isErr || done.bytes != fi.Size() {
				t.Errorf("notice %q (error %v), %d bytes counted; want %q, %d", text, isErr, done.bytes, want, fi.Size())
			}
			for i := 1; i < len(progress); i++ {
				if progress[i] < progress[i-1] {
					t.Errorf("progress went back: %v", progress)
				}
			}
			if m.active() {
				t.Error("active after the export ended")
			}
		})
	}
}

// TestExportCancelLeavesNothing cancels an export in the middle: no file
// under the final name, no temporary file, and a notice that says so.
func TestExportCancelLeavesNothing(t *testing.T) {
	_, _, c := demoClient(t, demo.Options{Latency: 20 * time.Millisecond}, nil)
	dir := t.TempDir()
	path := filepath.Join(dir, "orders.csv")
	m := newExportModel(testStyles())
	q := odata.Query{Set: "Crm_Sales_SalesOrders"} // ten pages
	cancelled := false
	done := runJob(t, &m, m.start(context.Background(), c, q, "csv", path, 10000), func(p exportProgressMsg) {
		if !cancelled && p.rows > 0 {
			cancelled = true
			m.cancel()
			if v := ansi.Strip(m.view(80)); !strings.Contains(v, "cancelling") {
				t.Errorf("view while cancelling: got %q; want it to say cancelling", v)
			}
		}
	})
	if !cancelled {
		t.Fatal("no progress came before the end")
	}
	if !errors.Is(done.err, context.Canceled) {
		t.Errorf("got error %v; want context.Canceled", done.err)
	}
	if got := dirNames(t, dir); len(got) != 0 {
		t.Errorf("folder holds %v after a cancelled export; want nothing", got)
	}
	if text, isErr := m.notice(); text != "export cancelled; nothing written" || isErr {
		t.Errorf("notice %q (error %v); want %q", text, isErr, "export cancelled; nothing written")
	}
}

// TestExportFailureStops: a server error on the third page ends the export
// with a sentence, removes the temporary file and asks no page again.
func TestExportFailureStops(t *testing.T) {
	var requests []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests = append(requests, r.URL.RawQuery)
		skip := r.URL.Query().Get("$skip")
		if skip == "4" {
			w.WriteHeader(http.StatusInternalServerError)
			io.WriteString(w, `{"message":"Database is offline","code":17}`)
			return
		}
		n := 0
		fmt.Sscan(skip, &n)
		fmt.Fprintf(w, `{"value":[{"No":%d},{"No":%d}],"@odata.nextLink":"%s/odata/Items?$top=2&$skip=%d"}`, n+1, n+2, "http://"+r.Host, n+2)
	}))
	defer srv.Close()
	c, _ := odata.NewClient(srv.URL+"/odata/", srv.Client())
	dir := t.TempDir()
	path := filepath.Join(dir, "items.ndjson")
	rows, _, err := writePaged(context.Background(), c, odata.Query{Set: "Items"}, 2, "ndjson", path, "EN", func(int64) {})
	if err == nil || rows != 4 {
		t.Fatalf("got %d rows, error %v; want 4 rows and an error", rows, err)
	}
	if len(requests) != 3 {
		t.Errorf("server saw %d requests %v; want 3 (no silent retry)", len(requests), requests)
	}
	if got := dirNames(t, dir); len(got) != 0 {
		t.Errorf("folder holds %v after a failed export; want nothing", got)
	}
	text, isErr := doneText(exportDoneMsg{rows: rows, path: path, err: err})
	if !isErr || !strings.HasPrefix(text, "export failed after 4 rows, nothing written: ") || !strings.Contains(text, "Database is offline") {
		t.Errorf("notice %q (error %v); want a failure sentence with the server's message", text, isErr)
	}
}

// TestExportIntoMissingFolder fails at once with a sentence.
func TestExportIntoMissingFolder(t *testing.T) {
	c, _ := odata.NewClient("http://127.0.0.1:1/odata/", http.DefaultClient)
	path := filepath.Join(t.TempDir(), "no", "such", "x.csv")
	_, _, err := writeExport(context.Background(), c, odata.Query{Set: "Items"}, "csv", path, "EN", func(int64) {})
	if err == nil || !strings.Contains(err.Error(), "cannot create a file in") || !strings.Contains(err.Error(), "choose another folder") {
		t.Errorf("got %v; want a sentence naming the folder", err)
	}
}

// TestExportEmptySet writes a valid empty document.
func TestExportEmptySet(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"value":[]}`)
	}))
	defer srv.Close()
	c, _ := odata.NewClient(srv.URL+"/odata/", srv.Client())
	path := filepath.Join(t.TempDir(), "empty.json")
	rows, _, err := writeExport(context.Background(), c, odata.Query{Set: "Items"}, "json", path, "EN", func(int64) {})
	b, _ := os.ReadFile(path)
	if err != nil || rows != 0 || strings.TrimSpace(string(b)) != "[]" {
		t.Errorf("got %d rows, %q, error %v; want 0 rows, [] and no error", rows, b, err)
	}
}

func testStyles() *styles.Styles { st := styles.New(true); return &st }

func TestExportStatusLine(t *testing.T) {
	m := newExportModel(testStyles())
	if m.view(80) != "" {
		t.Errorf("idle view %q; want empty", m.view(80))
	}
	m.running, m.rows, m.total, m.elapsed = true, 1250, 2600, 5*time.Second
	want := "⬇ 1,250/2,600 rows · 250 rows/s · ETA 0:05 [█████░░░░░]"
	if got := ansi.Strip(m.view(80)); got != want+strings.Repeat(" ", 80-ansi.StringWidth(want)) && got != want {
		t.Errorf("got %q; want %q", got, want)
	}
	if got := ansi.StringWidth(m.view(30)); got != 30 {
		t.Errorf("narrow view is %d cells; want 30", got)
	}
	m.total = -1
	if got := strings.TrimSpace(ansi.Strip(m.view(80))); got != "⬇ 1,250 rows · 250 rows/s" {
		t.Errorf("unknown total: got %q", got)
	}
	// A message of another job is dropped.
	if cmd, done := m.update(exportDoneMsg{id: m.id + 1}); cmd != nil || done || !m.active() {
		t.Error("a stale done message ended the current job")
	}
}

func TestHumanSizeAndClock(t *testing.T) {
	for n, want := range map[int64]string{0: "0 B", 1023: "1023 B", 1024: "1.0 KB", 421888: "412 KB", 3565158: "3.4 MB", 5 << 30: "5.0 GB"} {
		if got := termtext.HumanSize(n); got != want {
			t.Errorf("termtext.HumanSize(%d) = %q; want %q", n, got, want)
		}
	}
	for d, want := range map[time.Duration]string{0: "0:00", 61 * time.Second: "1:01", 3725 * time.Second: "1:02:05"} {
		if got := clock(d); got != want {
			t.Errorf("clock(%v) = %q; want %q", d, got, want)
		}
	}
}

func TestExportUnknownFormat(t *testing.T) {
	c, _ := odata.NewClient("http://127.0.0.1:1/odata/", http.DefaultClient)
	dir := t.TempDir()
	_, _, err := writeExport(context.Background(), c, odata.Query{Set: "Items"}, "xlsx", filepath.Join(dir, "x.xlsx"), "EN", func(int64) {})
	if err == nil || !strings.Contains(err.Error(), "choose csv, json or ndjson") || len(dirNames(t, dir)) != 0 {
		t.Errorf("got %v and files %v; want a sentence and no file", err, dirNames(t, dir))
	}
}

// Golden views of the data-out screens at 80 columns: the export progress
// line. The export dialog's is in ui/dialog, the request log's in
// ui/reqlog.
func TestDataOutGolden(t *testing.T) {
	st := styles.New(true)
	t.Run("export_progress", func(t *testing.T) {
		e := newExportModel(&st)
		e.running, e.rows, e.total, e.elapsed = true, 1250, 2600, 5*time.Second
		golden.RequireEqual(t, []byte(ansi.Strip(e.view(80))))
	})
}

// TestExportCSVFormulaGuard: the explorer's CSV export guards cells a
// spreadsheet would run as formulas, as the command line does (issue 13,
// finding 6); numbers and plain negative numbers stay as sent.
func TestExportCSVFormulaGuard(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"value":[{"Name":"=cmd|' /C calc'!A0","Sum":"@SUM(1+1)","Plus":"+1+1",`+
			`"Link":"=HYPERLINK(\"http://evil.example\",\"x\")","Delta":-7,"Amount":"-1.50"}]}`)
	}))
	defer srv.Close()
	c, _ := odata.NewClient(srv.URL+"/odata/", srv.Client())
	path := filepath.Join(t.TempDir(), "items.csv")
	if _, _, err := writeExport(context.Background(), c, odata.Query{Set: "Items"}, "csv", path, "EN", func(int64) {}); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil || len(recs) != 2 {
		t.Fatalf("%d records (%v); want a header and a row", len(recs), err)
	}
	want := []string{`'=cmd|' /C calc'!A0`, `'@SUM(1+1)`, `'+1+1`, `'=HYPERLINK("http://evil.example","x")`, "-7", "-1.50"}
	if got := strings.Join(recs[1], "|"); got != strings.Join(want, "|") {
		t.Errorf("got %q; want %q", recs[1], want)
	}
}

// TestExportLimit: a query's own $top and $skip (a go-to URL's) bound the
// export: it starts at row $skip+1, writes at most $top rows, pages by
// exportPageSize and asks for nothing beyond the limit.
func TestExportLimit(t *testing.T) {
	const total = 2500
	tests := []struct {
		name      string
		top, skip int
		wantRows  int
		wantFirst string
		wantLast  string
		wantAsked []string // $top/$skip of each request
	}{
		{"top 10", 10, 0, 10, "D-1", "D-10", []string{"10/"}},
		{"skip 20 top 10", 10, 20, 10, "D-21", "D-30", []string{"10/20"}},
		{"top over a page", 1500, 20, 1500, "D-21", "D-1520", []string{"1000/20", "500/1020"}},
		{"top beyond the set", 1000, 2000, 500, "D-2001", "D-2500", []string{"1000/2000"}},
		{"skip only", 0, 2490, 10, "D-2491", "D-2500", []string{"1000/2490"}},
		{"top at a page's end", 2000, 0, 2000, "D-1", "D-2000", []string{"1000/", "1000/1000"}},
		{"top over the set's last page", 2400, 200, 2300, "D-201", "D-2500", []string{"1000/200", "1000/1200", "400/2200"}},
		{"no limit", 0, 0, total, "D-1", "D-2500", []string{"1000/", "1000/1000", "1000/2000"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var (
				mu    sync.Mutex
				asked []string
			)
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				q := r.URL.Query()
				mu.Lock()
				asked = append(asked, q.Get("$top")+"/"+q.Get("$skip"))
				mu.Unlock()
				top, _ := strconv.Atoi(q.Get("$top"))
				skip, _ := strconv.Atoi(q.Get("$skip"))
				var vals []string
				for n := skip + 1; n <= min(skip+top, total); n++ {
					vals = append(vals, fmt.Sprintf(`{"DocumentNo":"D-%d"}`, n))
				}
				io.WriteString(w, `{"value":[`+strings.Join(vals, ",")+`]}`)
			}))
			defer srv.Close()
			c, err := odata.NewClient(srv.URL+"/odata/", srv.Client())
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(t.TempDir(), "limit.ndjson")
			q := odata.Query{Set: "Items", Top: tt.top, Skip: tt.skip}
			rows, _, err := writeExport(context.Background(), c, q, "ndjson", path, "EN", func(int64) {})
			if err != nil {
				t.Fatal(err)
			}
			got := documentNos(t, "ndjson", path)
			if rows != int64(tt.wantRows) || len(got) != tt.wantRows {
				t.Fatalf("got %d rows (%d in the file); want %d", rows, len(got), tt.wantRows)
			}
			if got[0] != tt.wantFirst || got[len(got)-1] != tt.wantLast {
				t.Errorf("got rows %s to %s; want %s to %s", got[0], got[len(got)-1], tt.wantFirst, tt.wantLast)
			}
			mu.Lock()
			defer mu.Unlock()
			if strings.Join(asked, " ") != strings.Join(tt.wantAsked, " ") {
				t.Errorf("got requests ($top/$skip) %v; want %v", asked, tt.wantAsked)
			}
		})
	}
}

// demoClient is a demo instance with a token source and a client on it.
var demoClient = uitest.DemoClient
