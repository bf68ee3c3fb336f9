package cli

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/creack/pty"
	"golang.org/x/term"
)

// Finding 5 of issue 13: with stdout on a terminal, no format lets a
// server's escape sequences through (the pane title, a cleared screen, a
// carriage return hiding text, an OSC 52 write to the clipboard); to a pipe
// or a file the data stays exact.

// hostileJSON is a JSON string body holding what a terminal would act on:
// a title (OSC 0), a clear screen, a carriage return hiding text, OSC 52
// putting `rm -rf ~` in the clipboard (with ESC and as C1), a C1 CSI, DEL,
// bidi controls and a zero width space.
const hostileJSON = `\u001b]0;pwned\u0007\u001b[2Jtext\rhidden\u001b]52;c;cm0gLXJmIH4=\u0007` +
	`\u009d52;c;cm0gLXJmIH4=\u009c\u009b31m\u007f\u202eRLO\u2066\u200b`

// hostile is hostileJSON decoded: what the server means.
var hostile = func() string {
	var s string
	if err := json.Unmarshal([]byte(`"`+hostileJSON+`"`), &s); err != nil {
		panic(err)
	}
	return s
}()

// hostileServer is a fault server of 3 rows whose property names and
// values carry hostile.
func hostileServer(t *testing.T) *faultServer {
	f := newFaultServer(t, 3)
	f.rowJSON = func(i int) string {
		return fmt.Sprintf(`{"Id":%d,"Na%sme":"v%s"}`, i, hostileJSON, hostileJSON)
	}
	return f
}

// runTo runs odx with args against f, its standard output on stdout (a
// pty, a pipe, a file), and returns the exit status and stderr. It uses no
// testing.T, so that it can run in a goroutine.
func (f *faultServer) runTo(ctx context.Context, stdout io.Writer, args ...string) (int, string) {
	args = append(args, "--instance", f.URL, "--client-id", faultClientID)
	var errb bytes.Buffer
	e := &env{stdin: strings.NewReader(""), stdout: stdout, stderr: &errb, getenv: os.Getenv, transport: f.clientTransport()}
	return run(ctx, e, args), errb.String()
}

// onPTY runs odx with its standard output on a pty in raw mode (so that
// the line discipline adds no CR) and returns the exit status, what the
// terminal received and stderr.
func onPTY(t *testing.T, f *faultServer, args ...string) (int, string, string) {
	t.Helper()
	ptmx, tty, err := pty.Open()
	if err != nil {
		t.Skipf("pseudo-terminals are not available here (unix /dev/ptmx, via github.com/creack/pty: %v)", err)
	}
	defer ptmx.Close()
	defer tty.Close()
	if _, err := term.MakeRaw(int(tty.Fd())); err != nil {
		t.Fatal(err)
	}
	end := []byte("\n[end of output]\n")
	got := make(chan []byte, 1)
	go func() {
		var out []byte
		b := make([]byte, 4096)
		for !bytes.HasSuffix(out, end) {
			n, err := ptmx.Read(b)
			out = append(out, b[:n]...)
			if err != nil {
				break
			}
		}
		got <- out
	}()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	code, stderr := f.runTo(ctx, tty, args...)
	tty.Write(end)
	select {
	case out := <-got:
		if !bytes.HasSuffix(out, end) {
			t.Fatalf("the terminal's output ended before the end marker: %q", out)
		}
		return code, string(out[:len(out)-len(end)]), stderr
	case <-time.After(20 * time.Second): // a failure bound, not a wait
		t.Fatal("the terminal never received the end marker")
	}
	return 0, "", ""
}

var formats = []string{"table", "csv", "json", "ndjson"}

// TestTerminalOutputSanitised: on a pty, every format writes no control
// character (ESC, BEL, CR, C1, DEL, bidi controls): the hostile strings
// show as visible symbols or, in JSON, as \u escapes that parse back to
// the server's strings.
func TestTerminalOutputSanitised(t *testing.T) {
	faultEnv(t)
	f := hostileServer(t)
	for _, format := range formats {
		t.Run(format, func(t *testing.T) {
			code, out, stderr := onPTY(t, f, "get", "Items", "-o", format)
			if code != exitOK {
				t.Fatalf("exit status %d, stderr %q; want 0", code, stderr)
			}
			if bad := controls(out); len(bad) > 0 {
				t.Errorf("the terminal received controls %q:\n%q", bad, out)
			}
			if strings.Contains(out, "\x1b]52") || strings.Contains(out, "\u009d") {
				t.Errorf("an OSC 52 clipboard write reached the terminal:\n%q", out)
			}
			switch format {
			case "table": // cells cut at 40 cells
				if !strings.Contains(out, "v␛]0;pwned␇␛[2Jtext␍hidden") {
					t.Errorf("the escapes are not shown visibly:\n%s", out)
				}
			case "csv":
				if !strings.Contains(out, "␛]52;c;cm0gLXJmIH4=␇<9D>52;c;cm0gLXJmIH4=<9C><9B>31m␡⟪RLO⟫RLO⟪LRI⟫") {
					t.Errorf("the escapes are not shown visibly:\n%s", out)
				}
			case "json", "ndjson":
				if !strings.Contains(out, `\u001b]52;c;cm0gLXJmIH4=\u0007`) || !strings.Contains(out, `\u200b`) {
					t.Errorf("the escapes are not written as \\u escapes:\n%s", out)
				}
				jsonRowsEqual(t, format, out, hostile)
			}
		})
	}
}

// TestRedirectedOutputExact: to a pipe or a file the data stays exact: CSV
// cells hold the server's strings byte for byte, JSON parses back to them
// and writes DEL, C1 and bidi controls as \u escapes all the same; a pipe
// and a file get the same bytes.
func TestRedirectedOutputExact(t *testing.T) {
	faultEnv(t)
	f := hostileServer(t)
	for _, format := range []string{"csv", "json", "ndjson"} {
		t.Run(format, func(t *testing.T) {
			file := filepath.Join(t.TempDir(), "out")
			fw, err := os.Create(file)
			if err != nil {
				t.Fatal(err)
			}
			code, stderr := f.runTo(context.Background(), fw, "get", "Items", "-o", format)
			fw.Close()
			if code != exitOK {
				t.Fatalf("to a file: exit status %d, stderr %q; want 0", code, stderr)
			}
			toFile, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			toPipe := viaPipe(t, f, "get", "Items", "-o", format)
			if !bytes.Equal(toPipe, toFile) {
				t.Errorf("a pipe got\n%q\na file got\n%q\nwant the same bytes", toPipe, toFile)
			}
			out := string(toFile)
			if format == "csv" {
				recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
				if err != nil || len(recs) != 4 {
					t.Fatalf("CSV %q: %d records, %v; want a header and 3 rows", out, len(recs), err)
				}
				if recs[0][1] != "Na"+hostile+"me" || recs[1][1] != "v"+hostile {
					t.Errorf("header %q, cell %q; want the server's strings exactly", recs[0][1], recs[1][1])
				}
				return
			}
			for _, r := range out {
				if r == 0x7f || r >= 0x80 && r <= 0x9f || r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069 {
					t.Fatalf("%s to a file holds %U raw; want it as a \\u escape:\n%q", format, r, out)
				}
			}
			if bad := controls(out); len(bad) > 0 {
				t.Errorf("%s holds controls %q:\n%q", format, bad, out)
			}
			if !strings.Contains(out, "\u200b") {
				t.Errorf("%s to a file escapes the zero width space; want it exact (only a terminal gets it escaped):\n%q", format, out)
			}
			jsonRowsEqual(t, format, out, hostile)
		})
	}
}

// viaPipe runs odx with its standard output on a pipe and returns what the
// pipe's reader received.
func viaPipe(t *testing.T, f *faultServer, args ...string) []byte {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	got := make(chan []byte, 1)
	go func() { b, _ := io.ReadAll(r); got <- b }()
	code, stderr := f.runTo(context.Background(), w, args...)
	w.Close()
	if code != exitOK {
		t.Fatalf("to a pipe: exit status %d, stderr %q; want 0", code, stderr)
	}
	return <-got
}

// jsonRowsEqual checks that json or ndjson output holds the 3 rows of
// hostileServer, every string exactly the server's.
func jsonRowsEqual(t *testing.T, format, out, evil string) {
	t.Helper()
	var rows []map[string]any
	if format == "json" {
		if err := json.Unmarshal([]byte(out), &rows); err != nil {
			t.Fatalf("output %q does not parse: %v", out, err)
		}
	} else {
		for _, l := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
			var m map[string]any
			if err := json.Unmarshal([]byte(l), &m); err != nil {
				t.Fatalf("line %q does not parse: %v", l, err)
			}
			rows = append(rows, m)
		}
	}
	if len(rows) != 3 {
		t.Fatalf("%d rows; want 3", len(rows))
	}
	for _, r := range rows {
		if r["Na"+evil+"me"] != "v"+evil {
			t.Errorf("row %q; want the server's name and value exactly", r)
		}
	}
}

// TestIsTerminal: a pty is a terminal; a pipe, a file and a buffer are not.
func TestIsTerminal(t *testing.T) {
	ptmx, tty, err := pty.Open()
	if err != nil {
		t.Skipf("pseudo-terminals are not available here (unix /dev/ptmx, via github.com/creack/pty: %v)", err)
	}
	defer ptmx.Close()
	defer tty.Close()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	file, err := os.Create(filepath.Join(t.TempDir(), "f"))
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	for _, tc := range []struct {
		name string
		w    io.Writer
		want bool
	}{{"pty", tty, true}, {"pipe", w, false}, {"file", file, false}, {"buffer", &bytes.Buffer{}, false}} {
		if got := isTerminal(tc.w); got != tc.want {
			t.Errorf("isTerminal(%s) = %v; want %v", tc.name, got, tc.want)
		}
	}
}
