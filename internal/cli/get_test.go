package cli

// `odx get` against a server that misbehaves in one way at a time (the
// fault server of faultserver_test.go): the error sentences of the command
// line. Each fault asserts what the user sees: one clear sentence, exit
// status 1, never the secret, nothing lost of what did arrive, and that the
// next attempt works once the fault is lifted.

import (
	"bufio"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// cliFault is one fault seen through the command line.
type cliFault struct {
	name  string
	arm   func(t *testing.T, f *faultServer) []string // arms the fault, returns extra flags
	want  []string                                    // substrings of the error line
	check func(t *testing.T, f *faultServer, stdout string)
}

// runCLIFaults runs `odx get Items --page-size 10 --all -o ndjson` against each
// fault on a fresh server of 35 rows, then lifts the fault and runs again.
func runCLIFaults(t *testing.T, faults []cliFault) {
	faultEnv(t)
	for _, tc := range faults {
		t.Run(tc.name, func(t *testing.T) {
			f := newFaultServer(t, 35)
			args := []string{"get", "Items", "--page-size", "10", "--all", "-o", "ndjson"}
			args = append(args, tc.arm(t, f)...)
			code, stdout, stderr := f.cli(t, args...)
			if code != exitFailure {
				t.Fatalf("exit status %d; want %d (stderr %q)", code, exitFailure, stderr)
			}
			line := errLine(t, stderr)
			t.Logf("shown: %s", line)
			if strings.Contains(stderr, "STACKTRACE") {
				t.Errorf("the error shows the server's stack trace: %q", line)
			}
			if tc.check != nil {
				tc.check(t, f, stdout)
			}
			for _, w := range tc.want {
				if !strings.Contains(line, w) {
					t.Errorf("error %q; want it to say %q", line, w)
				}
			}
			if f.Config.Handler == nil { // the server is gone for good (connection refused)
				return
			}
			f.setToken(nil)
			f.setAPI(nil)
			f.mu.Lock()
			f.nextPrefix = ""
			f.mu.Unlock()
			code, stdout, stderr = f.cli(t, args...)
			if code != exitOK {
				t.Fatalf("after the fault was lifted: exit status %d, stderr %q; want 0", code, stderr)
			}
			wantIDs(t, stdout, 35)
		})
	}
}

// wantIDs checks that ndjson output holds rows 0…n-1, each exactly once.
func wantIDs(t *testing.T, ndjson string, n int) {
	t.Helper()
	seen := map[int]int{}
	sc := bufio.NewScanner(strings.NewReader(ndjson))
	for sc.Scan() {
		var row struct{ Id int }
		if err := json.Unmarshal(sc.Bytes(), &row); err != nil {
			t.Fatalf("output line %q is not a row: %v", sc.Text(), err)
		}
		seen[row.Id]++
	}
	for i := 0; i < n; i++ {
		if seen[i] != 1 {
			t.Errorf("row %d printed %d times; want once", i, seen[i])
		}
	}
	if len(seen) != n {
		t.Errorf("%d distinct rows printed; want %d", len(seen), n)
	}
}

func wantRequests(t *testing.T, what string, got int64, want int64) {
	t.Helper()
	if got != want {
		t.Errorf("%s: %d requests; want %d", what, got, want)
	}
}

func TestFaultTokenEndpoint(t *testing.T) {
	hang := func(w http.ResponseWriter, r *http.Request, _ int64) bool {
		r.ParseForm() // a request whose body is read notices the client leaving
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
		return true
	}
	var fo *foreign
	runCLIFaults(t, []cliFault{
		{name: "down", arm: func(t *testing.T, f *faultServer) []string {
			f.Close()
			f.Config.Handler = nil
			return nil
		}, want: []string{"connection to the token endpoint", "was refused", "check the host and port"}},
		{name: "slow", arm: func(t *testing.T, f *faultServer) []string {
			f.setToken(hang)
			return timeoutFlags(t, f, "300ms")
		}, want: []string{"the token endpoint at", "did not answer"}},
		{name: "500", arm: func(t *testing.T, f *faultServer) []string {
			f.setToken(answer("", 500, "Internal Server Error", "Content-Type", "text/plain"))
			return nil
		}, want: []string{"identity provider failed", "HTTP 500", "try again"}},
		{name: "HTML page", arm: func(t *testing.T, f *faultServer) []string {
			f.setToken(answer("", 200, "<!DOCTYPE html><html><body>Sign in. Your secret "+faultSecret+" was wrong.</body></html>",
				"Content-Type", "text/html"))
			return nil
		}, want: []string{"returned an HTML page (HTTP 200)", "check token_url"}},
		{name: "invalid_client", arm: func(t *testing.T, f *faultServer) []string {
			f.setToken(answer("", 401, `{"error":"invalid_client","error_description":"secret `+faultSecret+` does not match"}`))
			return nil
		}, want: []string{"rejected client 'fault.example/odx'", "[secret]", "check client_id"}},
		{name: "invalid_scope", arm: func(t *testing.T, f *faultServer) []string {
			f.setToken(answer("", 400, `{"error":"invalid_scope"}`))
			return nil
		}, want: []string{"refused scope 'read'", "Trusted Application's Scope"}},
		{name: "redirect to another origin", arm: func(t *testing.T, f *faultServer) []string {
			fo = newForeign(t)
			f.setToken(answer("", http.StatusTemporaryRedirect, "", "Location", fo.URL+"/steal"))
			return nil
		}, want: []string{"redirected to another origin", "carries the secret"},
			check: func(t *testing.T, f *faultServer, _ string) {
				fo.check(t)
				if n := fo.requests(); n != 0 {
					t.Errorf("the foreign origin received %d requests; want 0", n)
				}
			}},
	})
}

func TestFaultAPI(t *testing.T) {
	noRetry := func(want int64) func(*testing.T, *faultServer, string) {
		return func(t *testing.T, f *faultServer, _ string) {
			wantRequests(t, "API", f.apiReqs.Load(), want)
			wantRequests(t, "token", f.tokenReqs.Load(), 1)
		}
	}
	stack := "   at Erp.Data.Sql.Execute()\n   at STACKTRACE.Marker.Run()"
	erp := func(code string) string {
		b, _ := json.Marshal(map[string]any{"message": "Cannot delete the document: it is referenced by 3 others.",
			"type": "Erp.Data.ReferenceException", "info": stack})
		return strings.Replace(string(b), "{", `{"code":`+code+`,`, 1)
	}
	var fo *foreign
	runCLIFaults(t, []cliFault{
		{name: "401 on every request", arm: func(t *testing.T, f *faultServer) []string {
			f.setAPI(answer("", 401, `{"message":"Unauthorized"}`, "WWW-Authenticate", `Bearer error="invalid_token"`))
			return nil
		}, want: []string{"rejected a fresh token (HTTP 401)", "re-authentication did not help"},
			check: func(t *testing.T, f *faultServer, _ string) {
				wantRequests(t, "API (one replay)", f.apiReqs.Load(), 2)
				wantRequests(t, "token", f.tokenReqs.Load(), 2)
			}},
		{name: "403 insufficient_scope", arm: func(t *testing.T, f *faultServer) []string {
			f.setAPI(answer("", 403, "", "WWW-Authenticate", `Bearer error="insufficient_scope", scope="read"`))
			return nil
		}, want: []string{"lacks scope 'read' (HTTP 403)"}, check: noRetry(1)},
		{name: "ERP 500 numeric code", arm: func(t *testing.T, f *faultServer) []string {
			f.setAPI(answer("", 500, erp("2129")))
			return nil
		}, want: []string{"HTTP 500, code 2129", "Cannot delete the document"}, check: noRetry(1)},
		{name: "ERP 500 string code", arm: func(t *testing.T, f *faultServer) []string {
			f.setAPI(answer("", 500, erp(`"ReferenceConstraint"`)))
			return nil
		}, want: []string{"HTTP 500, code ReferenceConstraint", "Cannot delete the document"}, check: noRetry(1)},
		{name: "HTML 502 from a proxy", arm: func(t *testing.T, f *faultServer) []string {
			f.setAPI(answer("", 502, "<html><head><title>502 Bad Gateway</title></head><body><pre>"+stack+"</pre></body></html>",
				"Content-Type", "text/html"))
			return nil
		}, want: []string{"HTTP 502", "502 Bad Gateway"}, check: noRetry(1)},
		{name: "429 storm that never ends", arm: func(t *testing.T, f *faultServer) []string {
			f.setAPI(answer("", 429, `{"message":"Too many requests"}`, "Retry-After", "0"))
			return nil
		}, want: []string{"busy (HTTP 429)", "try again"}, check: noRetry(4)},
		{name: "503 that never ends", arm: func(t *testing.T, f *faultServer) []string {
			f.setAPI(answer("", 503, "", "Retry-After", "0"))
			return nil
		}, want: []string{"unavailable (HTTP 503)", "try again later"}, check: noRetry(4)},
		{name: "body cut short of Content-Length on page 2", arm: func(t *testing.T, f *faultServer) []string {
			f.setAPI(func(w http.ResponseWriter, r *http.Request, n int64) bool {
				if n != 2 {
					return false
				}
				w.Header().Set("Content-Length", "5000")
				w.WriteHeader(200)
				io.WriteString(w, `{"value":[{"Id":10,"Na`)
				return true
			})
			return nil
		}, want: []string{"ended early", "try again"}, check: firstPageKept},
		{name: "complete body with cut JSON on page 2", arm: func(t *testing.T, f *faultServer) []string {
			f.setAPI(func(w http.ResponseWriter, r *http.Request, n int64) bool {
				return n == 2 && answer("", 200, `{"value":[{"Id":10},{"Id":11,"Name":"It`)(w, r, n)
			})
			return nil
		}, want: []string{"ended early"}, check: firstPageKept},
		{name: "connection reset mid-body on page 2", arm: func(t *testing.T, f *faultServer) []string {
			reading := make(chan struct{})
			var once sync.Once
			f.setClientRead(func(r *http.Request) {
				if r.URL.Query().Has("$skiptoken") { // page 2
					once.Do(func() { close(reading) })
				}
			})
			f.setAPI(func(w http.ResponseWriter, r *http.Request, n int64) bool {
				if n != 2 {
					return false
				}
				conn, buf, err := w.(http.Hijacker).Hijack()
				if err != nil {
					t.Error(err)
					return true
				}
				buf.WriteString("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n{\"value\":[{\"Id\":10")
				buf.Flush()
				// Reset once the client reads the body: a reset before it
				// has the headers would be a failed request, not a cut body.
				select {
				case <-reading:
				case <-time.After(10 * time.Second):
					t.Error("the client never read the body of page 2")
				}
				conn.(*net.TCPConn).SetLinger(0)
				conn.Close()
				return true
			})
			return nil
		}, want: []string{"reset", "try again"}, check: firstPageKept},
		{name: "stall mid-body on page 2", arm: func(t *testing.T, f *faultServer) []string {
			f.setAPI(func(w http.ResponseWriter, r *http.Request, n int64) bool {
				if n != 2 {
					return false
				}
				w.Header().Set("Content-Length", "5000")
				w.WriteHeader(200)
				io.WriteString(w, `{"value":[{"Id":10`)
				w.(http.Flusher).Flush()
				<-r.Context().Done()
				return true
			})
			return timeoutFlags(t, f, "300ms")
		}, want: []string{"odata:", "try again", "timeout"}, check: firstPageKept},
		{name: "malformed response header", arm: func(t *testing.T, f *faultServer) []string {
			f.setAPI(answer("", 403, "", "WWW-Authenticate", "Bearer error=\"insufficient_scope\", scope=\"read\x1b[31m\""))
			return nil
		}, want: []string{"odata:", "127.0.0.1"}},
		{name: "nextLink to another origin", arm: func(t *testing.T, f *faultServer) []string {
			fo = newForeign(t)
			f.mu.Lock()
			f.nextPrefix = fo.URL + faultRoot
			f.mu.Unlock()
			return nil
		}, want: []string{"will not follow it", "http://127.0.0.1:"},
			check: func(t *testing.T, f *faultServer, stdout string) {
				firstPageKept(t, f, stdout)
				if n := fo.requests(); n != 0 {
					t.Errorf("the foreign origin received %d requests; want 0", n)
				}
				fo.check(t)
			}},
		{name: "302 to another origin", arm: func(t *testing.T, f *faultServer) []string {
			fo = newForeign(t)
			f.setAPI(answer("/Items", http.StatusFound, "", "Location", fo.URL+"/api/domain/odata/Items"))
			return nil
		}, want: []string{"refused a redirect", "to another origin"},
			check: func(t *testing.T, f *faultServer, _ string) {
				fo.check(t) // no bearer, no secret, whatever arrived
				if n := fo.requests(); n != 0 {
					t.Errorf("the foreign origin received %d requests; want 0 (the redirect is refused)", n)
				}
			}},
	})
}

// timeoutFlags writes a config file whose profile has the given timeout
// and returns the flags that select it.
func timeoutFlags(t *testing.T, f *faultServer, timeout string) []string {
	cfg := filepath.Join(t.TempDir(), "config.toml")
	toml := "[profiles.slow]\ninstance = \"" + f.URL + "\"\nclient_id = \"" + faultClientID + "\"\ntimeout = \"" + timeout + "\"\n"
	if err := os.WriteFile(cfg, []byte(toml), 0o600); err != nil {
		t.Fatal(err)
	}
	return []string{"--config", cfg}
}

// firstPageKept checks that the rows of page 1 were printed before a fault
// on page 2 ended the walk.
func firstPageKept(t *testing.T, _ *faultServer, stdout string) {
	t.Helper()
	wantIDs(t, stdout, 10)
}

// TestFaultTokenRotatedMidWalk revokes every token while `--all` is on page
// 3: the transport renews the token and replays that one request, and every
// row is printed exactly once.
func TestFaultTokenRotatedMidWalk(t *testing.T) {
	faultEnv(t)
	f := newFaultServer(t, 35)
	f.setAPI(func(w http.ResponseWriter, r *http.Request, n int64) bool {
		if n == 3 {
			f.revokeAll()
		}
		return false
	})
	code, stdout, stderr := f.cli(t, "get", "Items", "--page-size", "10", "--all", "-o", "ndjson")
	if code != exitOK {
		t.Fatalf("exit status %d, stderr %q; want 0", code, stderr)
	}
	wantIDs(t, stdout, 35)
	wantRequests(t, "API (4 pages + one replay)", f.apiReqs.Load(), 5)
	wantRequests(t, "token", f.tokenReqs.Load(), 2)
}
