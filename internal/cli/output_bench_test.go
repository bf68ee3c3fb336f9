package cli

// Paired benchmarks of `odx get --all` against the floor (issue 15): odx
// and the floor (internal/floor: a token, then the same requests on one
// kept-alive connection, bodies discarded) alternate in one process, each
// against the demo instance and against a static httptest server serving
// the pages recorded from it. scripts/bench turns the ratios into
// docs/benchmarks.md.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/odx-dev/odx/demo"
	"github.com/odx-dev/odx/internal/floor"
)

// benchEnv points the config and cache directories at an empty folder.
func benchEnv(b *testing.B) {
	dir := b.TempDir()
	for _, k := range []string{"ODX_CONFIG", "ODX_PROFILE", "ODX_INSTANCE", "ODX_CLIENT_ID", "ODX_SCOPES",
		"ODX_TOKEN_URL", "ODX_SERVICE_ROOT", "ODX_CLIENT_SECRET"} {
		b.Setenv(k, "")
	}
	b.Setenv("XDG_CONFIG_HOME", dir)
	b.Setenv("XDG_CACHE_HOME", dir)
	b.Setenv("HOME", dir)
}

// benchConfig writes a config file for the demo instance d at url (d's own
// URL, or a static server's) with page_size page, and returns its path.
func benchConfig(b *testing.B, d *demo.Server, url string, page int) string {
	path := filepath.Join(b.TempDir(), "config.toml")
	text := d.Profile("bench", url) + fmt.Sprintf("page_size = %d\n", page)
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		b.Fatal(err)
	}
	return path
}

// odxRun runs odx with args on a new transport (a cold connection, as a
// new process has) over rt when rt is set, writing its output to a
// counter; it fails on an exit status other than 0.
func odxRun(args []string, rt func(http.RoundTripper) http.RoundTripper) error {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	defer tr.CloseIdleConnections()
	var bottom http.RoundTripper = tr
	if rt != nil {
		bottom = rt(tr)
	}
	var out counter
	var errb bytes.Buffer
	e := &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errb, getenv: os.Getenv, transport: bottom}
	if code := run(context.Background(), e, args); code != exitOK {
		return fmt.Errorf("odx %s: exit status %d: %s", strings.Join(args, " "), code, errb.String())
	}
	if out.n == 0 && args[0] == "get" {
		return fmt.Errorf("odx %s wrote nothing", strings.Join(args, " "))
	}
	return nil
}

// counter is a writer that counts and drops what is written.
type counter struct{ n int64 }

func (c *counter) Write(p []byte) (int, error) { c.n += int64(len(p)); return len(p), nil }

// record runs odx with args against the demo twice through a Recorder
// (the first run warms what odx caches, such as $metadata) and returns the
// second run's requests, for the floor, and both runs' requests and
// answers, for a static server.
func record(b *testing.B, args []string) (steady []floor.Request, all []floor.Request, answers []floor.Response) {
	for i := range 2 {
		rec := &floor.Recorder{}
		if err := odxRun(args, func(base http.RoundTripper) http.RoundTripper { rec.Base = base; return rec }); err != nil {
			b.Fatal(err)
		}
		all, answers = append(all, rec.Requests()...), append(answers, rec.Responses()...)
		if i == 1 {
			steady = rec.Requests()
		}
	}
	return steady, all, answers
}

// pairBoth runs the paired benchmark of odx with cmd (its config flag
// added) against the floor, as sub-benchmarks: "demo" on the demo instance
// d; "static" on a static server of the pages recorded from it (edit, when
// set, changes the recorded answers first); "static-30ms" on the same
// server taking benchDelay per page.
func pairBoth(b *testing.B, d *demo.Server, page int, cmd []string, edit func([]floor.Request, []floor.Response)) {
	args := append(cmd, "--config", benchConfig(b, d, d.URL, page))
	steady, all, answers := record(b, args)
	b.Run("demo", func(b *testing.B) {
		floor.Pair(b, func() error { return odxRun(args, nil) }, func() error {
			_, err := floor.Run(context.Background(), steady)
			return err
		})
		b.ReportMetric(float64(len(steady)), "requests")
	})
	if edit != nil {
		edit(all, answers)
	}
	st := floor.NewStatic(all, answers)
	defer st.Close()
	sargs := append(cmd, "--config", benchConfig(b, d, st.URL, page))
	if err := odxRun(sargs, nil); err != nil { // warm the cache for this origin too
		b.Fatal(err)
	}
	sreqs := st.Rebase(steady)
	for _, delay := range []time.Duration{0, benchDelay} {
		name := "static"
		if delay > 0 {
			name = fmt.Sprintf("static-%dms", delay.Milliseconds())
		}
		b.Run(name, func(b *testing.B) {
			st.SetDelay(delay)
			floor.Pair(b, func() error { return odxRun(sargs, nil) }, func() error {
				_, err := floor.Run(context.Background(), sreqs)
				return err
			})
			b.ReportMetric(float64(len(sreqs)), "requests")
		})
	}
}

// benchDelay is the time the "static-…ms" server takes to answer each GET:
// a model of a real server, which takes tens of milliseconds to produce a
// page (the measurements on SAP CAP), where the loopback static
// server answers at once and leaves only odx's CPU to measure.
const benchDelay = 30 * time.Millisecond

// BenchmarkWalkFloor: `odx get Crm_Sales_SalesOrders --all` (10,000 rows)
// as ndjson at 1000, 200 and 50 rows a page and as csv at 1000, against
// the floor: x-floor is odx ÷ floor, the median of paired rounds.
func BenchmarkWalkFloor(b *testing.B) {
	benchEnv(b)
	d := demo.NewServer(demo.Options{TokenTTL: time.Hour})
	defer d.Close()
	for _, tc := range []struct {
		name   string
		format string
		page   int
	}{
		{"ndjson-1000", "ndjson", 1000},
		{"csv-1000", "csv", 1000},
		{"ndjson-200", "ndjson", 200},
		{"ndjson-50", "ndjson", 50},
	} {
		b.Run(tc.name, func(b *testing.B) {
			pairBoth(b, d, tc.page, []string{"get", "Crm_Sales_SalesOrders", "--all", "-o", tc.format}, nil)
		})
	}
}

// BenchmarkWideFloor: a set of 130 columns as ndjson at 1000 rows a page,
// against the floor: the demo's General_Wide_Records (120 rows), and on
// the static server 800 rows (the demo's rows repeated with new keys).
func BenchmarkWideFloor(b *testing.B) {
	benchEnv(b)
	d := demo.NewServer(demo.Options{TokenTTL: time.Hour})
	defer d.Close()
	pairBoth(b, d, 1000, []string{"get", "General_Wide_Records", "--all", "-o", "ndjson"}, func(reqs []floor.Request, resps []floor.Response) {
		for i, r := range reqs {
			if strings.Contains(r.URL, "General_Wide_Records") && r.Method == "GET" {
				resps[i].Body = widen(b, resps[i].Body, 800)
			}
		}
	})
}

// widen returns the collection page body with its rows repeated up to n,
// each copy with a key of its own.
func widen(b *testing.B, body []byte, n int) []byte {
	var page map[string]json.RawMessage
	if err := json.Unmarshal(body, &page); err != nil {
		b.Fatal(err)
	}
	var rows []json.RawMessage
	if err := json.Unmarshal(page["value"], &rows); err != nil || len(rows) == 0 {
		b.Fatalf("the wide page has no rows (%v)", err)
	}
	out := make([]json.RawMessage, 0, n)
	for i := range n {
		r := rows[i%len(rows)]
		if i >= len(rows) {
			r = bytes.Replace(r, fmt.Appendf(nil, `"W-%04d"`, i%len(rows)+1), fmt.Appendf(nil, `"X-%04d"`, i+1), 1)
		}
		out = append(out, r)
	}
	v, _ := json.Marshal(out)
	page["value"] = v
	res, _ := json.Marshal(page)
	return res
}
