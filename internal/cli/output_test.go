package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"
)

// TestFaultHostileStrings puts terminal controls in every string the server
// sends: set names, property names, values, error messages, the token's
// claims, scope and type. The text outputs must show them harmlessly (cli
// fails the test on any control character in stdout or stderr).
func TestFaultHostileStrings(t *testing.T) {
	faultEnv(t)
	const evil = `\u001b]0;pwned\u0007\u001b[2J\r\u009b31m\u202eRLO\u2066`
	f := newFaultServer(t, 3)
	f.setsJSON = `{"value":[{"name":"Items` + evil + `","kind":"EntitySet","url":"Items"},{"name":"` + evil + `"}]}`
	f.rowJSON = func(i int) string {
		return `{"Id":` + string(rune('0'+i)) + `,"Na` + evil + `me":"v` + evil + `","Raw":"bad ` + "\x9b" + ` byte",` +
			`"Obj":{"k` + evil + `":"x` + evil + `"}}`
	}
	var claim string
	if err := json.Unmarshal([]byte(`"`+evil+`"`), &claim); err != nil {
		t.Fatal(err)
	}
	f.claims = map[string]any{"name": claim, claim: "value", "aud": []string{claim, "api"}}
	f.scope = "read " + claim
	f.tokenType = "Bearer" + claim

	for _, args := range [][]string{{"sets"}, {"sets", "--all"}, {"get", "Items", "-o", "table"}, {"token"}} {
		code, stdout, stderr := f.cli(t, args...)
		if code != exitOK {
			t.Errorf("odx %s: exit status %d, stderr %q; want 0", strings.Join(args, " "), code, stderr)
		}
		if !strings.Contains(stdout, "␛") && !strings.Contains(stdout, `\x1b`) {
			t.Errorf("odx %s: the escape character is not shown visibly:\n%s", strings.Join(args, " "), stdout)
		}
	}
	hostileErrors := []hook{
		answer("", 500, `{"message":"failed`+evil+`","code":"E`+evil+`"}`),
		answer("", 403, "", "WWW-Authenticate", "Bearer error=\"insufficient_scope\", scope=\"read\u009b31m\u202e\", error_description=\"no\u202e\u0085\""),
		answer("", 404, `<?xml version="1.0"?><error><code>X`+"\x1b[5m"+`</code><message>gone`+"\u009b\u202e"+`</message></error>`,
			"Content-Type", "application/xml"),
	}
	for i, h := range hostileErrors {
		f.setAPI(h)
		if code, _, stderr := f.cli(t, "get", "Items"); code != exitFailure {
			t.Errorf("hostile error %d: exit status %d, stderr %q; want 1", i, code, stderr)
		} else {
			t.Logf("hostile error %d shown as %s", i, strings.TrimSpace(stderr))
		}
	}
	f.setAPI(nil)
	f.mu.Lock()
	f.nextPrefix = "http://127.0.0.2\u202e:1/" // a foreign link is named in the error
	f.mu.Unlock()
	if code, _, stderr := f.cli(t, "get", "Items", "--page-size", "1", "--all"); code != exitFailure {
		t.Errorf("hostile next link: exit status %d, stderr %q; want 1", code, stderr)
	}
}

// readerGone runs `odx get Items --page-size 10 --all -o format` against an
// endless fault server with stdout on a pipe whose reader closes after the
// first line, once page 2 has been asked for. The server answers page 2
// and after only once the reader has gone: normally, or with hang when
// set. With file, odx writes to the pipe's *os.File (which it can watch);
// else to a plain io.Writer around it (only a write error tells). It
// returns the exit status, stderr and the API requests made; Run must
// return within 10 seconds (a failure bound: the test waits on Run).
func readerGone(t *testing.T, format string, file bool, hang hook) (int, string, int64) {
	t.Helper()
	f := newFaultServer(t, 1<<40)
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	asked, closed := make(chan struct{}), make(chan struct{})
	f.setAPI(func(rw http.ResponseWriter, req *http.Request, n int64) bool {
		if n < 2 {
			return false
		}
		if n == 2 {
			close(asked)
		}
		select {
		case <-closed:
		case <-req.Context().Done():
			return true
		}
		return hang != nil && hang(rw, req, n)
	})
	go func() {
		bufio.NewReader(r).ReadString('\n')
		<-asked
		r.Close()
		close(closed)
	}()
	type result struct {
		code   int
		stderr string
	}
	done := make(chan result, 1)
	var out io.Writer = struct{ io.Writer }{w}
	if file {
		out = w
	}
	go func() {
		code, stderr := f.runTo(context.Background(), out, "get", "Items", "--page-size", "10", "--all", "-o", format)
		done <- result{code, stderr}
	}()
	select {
	case res := <-done:
		return res.code, res.stderr, f.apiReqs.Load()
	case <-time.After(10 * time.Second):
		t.Fatalf("-o %s: odx still runs 10 s after its reader went away (%d requests so far)", format, f.apiReqs.Load())
	}
	return 0, "", 0
}

// TestReaderGone: `odx get X --all | head -1` against a server that never
// runs out of rows: every format stops at its first write after the reader
// went away (EPIPE), quietly (status 0, nothing on stderr), after 2
// requests (3 when the page after the failed write was already asked for).
func TestReaderGone(t *testing.T) {
	faultEnv(t)
	for _, format := range formats {
		code, stderr, reqs := readerGone(t, format, false, nil)
		if code != exitOK || stderr != "" {
			t.Errorf("-o %s: exit status %d, stderr %q; want 0 and nothing", format, code, stderr)
		}
		// The walk is pipelined: page 3 may be on its way while the write
		// of page 2 fails; it is cancelled, and nothing is asked after it.
		if reqs < 2 || reqs > 3 {
			t.Errorf("-o %s: %d API requests; want 2, or 3 with the page fetched ahead", format, reqs)
		}
	}
}

// TestInterruptedJSON: a walk that fails on page 2 leaves the JSON array
// unclosed (the 10 rows of page 1, no "]") and says on stderr that the
// output is incomplete; other formats say so too.
func TestInterruptedJSON(t *testing.T) {
	faultEnv(t)
	for _, format := range formats {
		f := newFaultServer(t, 35)
		f.setAPI(func(w http.ResponseWriter, r *http.Request, n int64) bool {
			return n == 2 && answer("", 500, `{"message":"Database is offline"}`)(w, r, n)
		})
		code, stdout, stderr := f.cli(t, "get", "Items", "--page-size", "10", "--all", "-o", format)
		if code != exitFailure {
			t.Fatalf("-o %s: exit status %d; want 1", format, code)
		}
		line := errLine(t, stderr)
		if !strings.Contains(line, "Database is offline") || !strings.Contains(line, "The output is incomplete: 10 rows written") {
			t.Errorf("-o %s: error %q; want the server's message and that the output is incomplete after 10 rows", format, line)
		}
		if format != "json" {
			continue
		}
		if !strings.Contains(line, "the JSON array left unclosed") {
			t.Errorf("error %q; want it to say the JSON array is left unclosed", line)
		}
		if json.Valid([]byte(stdout)) || strings.Contains(stdout, "]") {
			t.Errorf("stdout %q is a closed array; want it left open", stdout)
		}
		var rows []map[string]any
		if err := json.Unmarshal([]byte(stdout+"]"), &rows); err != nil || len(rows) != 10 {
			t.Errorf("stdout %q: %d rows before the cut (%v); want the 10 rows of page 1", stdout, len(rows), err)
		}
	}
}
