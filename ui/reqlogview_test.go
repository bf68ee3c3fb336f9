package ui

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/odx-dev/odx/demo"
	"github.com/odx-dev/odx/internal/httplog"
	"github.com/odx-dev/odx/internal/termtext"
	"github.com/odx-dev/odx/odata"
)

// TestRequestLogConcurrent runs requests, reads and a pane's refreshes at
// once (meant for -race).
func TestRequestLogConcurrent(t *testing.T) {
	srv, _, _ := logServer(t, func(w http.ResponseWriter, r *http.Request) { w.Write(bodyOf(2000)) })
	l := httplog.New(64)
	hc := &http.Client{Transport: l.Wrap(srv.Client().Transport)}
	var wg sync.WaitGroup
	stop := make(chan struct{})
	go func() {
		m := newLogModel(l, testStyles(), DefaultKeyMap())
		for {
			select {
			case <-stop:
				return
			default:
				m.refresh()
				_ = m.view(80, 24)
			}
		}
	}()
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 25 {
				resp, err := hc.Get(fmt.Sprintf("%s/g%d/%d", srv.URL, g, i))
				if err != nil {
					t.Error(err)
					return
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
		}()
	}
	wg.Wait()
	close(stop)
	es := l.Entries()
	if len(es) != 64 {
		t.Fatalf("got %d entries; want 64", len(es))
	}
	for _, e := range es {
		if e.Bytes != 2000 || len(e.Body) != 1024 || !e.Done {
			t.Errorf("entry %s: %d bytes, %d kept, done %v; want 2000, 1024, done", e.URL, e.Bytes, len(e.Body), e.Done)
		}
	}
}

var sgrOnly = regexp.MustCompile(`\x1b\[[0-9;:]*m`)

// TestLogPaneHostile shows hostile URLs and bodies at 80×24: 24 lines of at
// most 80 cells, no escape sequence but the pane's own colours, the hostile
// characters visible.
func TestLogPaneHostile(t *testing.T) {
	srv, l, hc := logServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Evil", "a\u202eb\u009bc")
		io.WriteString(w, "{\"message\":\"\x1b]52;c;ZWNobyBoaQ==\x07 \x1b[2J\u202eevil\r\nnext line\"}")
	})
	for _, p := range []string{"/odata/Items('%1B%5B31mred%E2%80%AE')?$filter=Name%20eq%20'x%0Ay'", "/odata/Items?$top=" + strings.Repeat("9", 200)} {
		resp, err := hc.Get(srv.URL + p)
		if err != nil {
			t.Fatal(err)
		}
		io.ReadAll(resp.Body)
		resp.Body.Close()
	}
	m := newLogModel(l, testStyles(), DefaultKeyMap())
	m.update(kp("up"))
	list := m.view(80, 24)
	if !m.update(kp("enter")) || !m.detail {
		t.Fatal("enter did not open the details")
	}
	detail := m.view(80, 24)
	for name, v := range map[string]string{"list": list, "detail": detail} {
		lines := strings.Split(v, "\n")
		if len(lines) != 24 {
			t.Errorf("%s: %d lines; want 24", name, len(lines))
		}
		for _, ln := range lines {
			if w := ansi.StringWidth(ln); w > 80 {
				t.Errorf("%s: line %q is %d cells; want ≤ 80", name, ansi.Strip(ln), w)
			}
		}
		rest := sgrOnly.ReplaceAllString(v, "")
		if strings.ContainsAny(rest, "\x1b\x07\r\u202e\u009b") {
			t.Errorf("%s: raw control characters survive:\n%q", name, rest)
		}
	}
	plain := ansi.Strip(list)
	if !strings.Contains(plain, " /odata/Items('␛[31mred⟪RLO⟫'") {
		t.Errorf("list does not show the decoded, sanitised URL:\n%s", plain)
	}
	if wide := ansi.Strip(m.view(200, 24)); !strings.Contains(wide, "GET "+srv.URL+"/odata/Items('␛[31mred⟪RLO⟫')?$filter=Name eq 'x⏎y'") {
		t.Errorf("detail does not show the whole decoded, sanitised URL:\n%s", wide)
	}
	plain = ansi.Strip(detail)
	for _, want := range []string{"status 200", "X-Evil: a⟪RLO⟫b<9B>c", "␛]52;c;ZWNobyBoaQ==␇ ␛[2J⟪RLO⟫evil", "next line"} {
		if !strings.Contains(plain, want) {
			t.Errorf("detail lacks %q:\n%s", want, plain)
		}
	}
}

// TestLogPaneKeys: the cursor moves and follows new entries; esc leaves the
// details but is not used by the list.
func TestLogPaneKeys(t *testing.T) {
	srv, l, hc := logServer(t, func(w http.ResponseWriter, r *http.Request) {})
	get := func(p string) {
		resp, err := hc.Get(srv.URL + p)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	for _, p := range []string{"/a", "/b", "/c"} {
		get(p)
	}
	m := newLogModel(l, testStyles(), DefaultKeyMap())
	at := func() string { return strings.TrimPrefix(m.entries[m.cursor].URL, srv.URL) }
	if at() != "/c" {
		t.Errorf("cursor on %s; want the newest, /c", at())
	}
	get("/d")
	m.refresh()
	if at() != "/d" {
		t.Errorf("after a new request the cursor is on %s; want it to follow to /d", at())
	}
	m.update(kp("g"))
	get("/e")
	m.refresh()
	if at() != "/a" {
		t.Errorf("cursor on %s; want it to stay on /a", at())
	}
	m.update(kp("j"))
	if at() != "/b" {
		t.Errorf("after j the cursor is on %s; want /b", at())
	}
	m.setSize(80, 4) // two list rows
	m.update(xk("pgdown"))
	if at() != "/d" {
		t.Errorf("after pgdown on a two-row pane the cursor is on %s; want /d", at())
	}
	if v := ansi.Strip(m.view(80, 4)); !strings.Contains(v, "/c") || !strings.Contains(v, "/d") || strings.Contains(v, "/b") {
		t.Errorf("two-row pane shows\n%s\nwant /c and /d", v)
	}
	m.update(kp("G"))
	if at() != "/e" {
		t.Errorf("after G the cursor is on %s; want /e", at())
	}
	if m.update(kp("esc")) {
		t.Error("esc on the list was used; want it left to the root")
	}
	m.update(kp("enter"))
	if !m.update(kp("esc")) || m.detail {
		t.Error("esc in the details did not return to the list")
	}
	if m.update(kp("x")) {
		t.Error("an unknown key was used")
	}
}

func TestCutPartialRune(t *testing.T) {
	for in, want := range map[string]string{"abc": "abc", "ab\xd0": "ab", "a\xe4\xbd": "a", "a中": "a中", "": "", "\xff": "\xff"} {
		if got := string(cutPartialRune([]byte(in))); got != want {
			t.Errorf("cutPartialRune(%q) = %q; want %q", in, got, want)
		}
	}
}

func FuzzReadableURL(f *testing.F) {
	for _, s := range []string{"http://h/a%20b?$filter=x%20eq%20'%1B'", "%zz", "http://h/%E2%80%AE?q=%0d%0a", "::", "http://u:p@h/?client_secret=s"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		for _, full := range []bool{false, true} {
			got := readableURL(raw, full)
			if termtext.Sanitize(got) != got || strings.ContainsAny(got, "\x1b\r\n\u202e") {
				t.Errorf("readableURL(%q) = %q: not sanitised", raw, got)
			}
		}
		u, err := url.Parse(raw)
		if err != nil {
			return
		}
		// The user information is gone when the redacted URL, read again,
		// has none. Only URLs with a host tell: without one, a path such as
		// "//p@" reads back as an authority ("//1@//@", "//p@/p@").
		r := httplog.RedactURL(u)
		if back, err := url.Parse(r); u.User != nil && u.Host != "" && (err != nil || back.User != nil) {
			t.Errorf("httplog.RedactURL(%q) = %q keeps the user information", raw, r)
		}
	})
}

// TestLogPaneUnderAuthHidesSecrets draws every entry of a session with a
// re-authentication, list and detail, and finds no token or secret.
func TestLogPaneUnderAuthHidesSecrets(t *testing.T) {
	l := httplog.New(50)
	srv, src, c := demoClient(t, demo.Options{RevokeAfter: 1}, &http.Client{Transport: l.Wrap(nil)})
	ctx := context.Background()
	q := odata.Query{Set: "Crm_Sales_Customers", Top: 5}
	if _, err := c.Count(ctx, q); err != nil {
		t.Fatal(err)
	}
	tok1, _ := src.Token(ctx)
	if _, err := c.Page(ctx, q); err != nil {
		t.Fatal(err)
	}
	tok2, _ := src.Token(ctx)
	es := l.Entries()
	if len(es) != 5 {
		t.Fatalf("got %d entries; want 5", len(es))
	}
	secrets := []string{tok1.AccessToken, tok2.AccessToken, tok1.AccessToken[len(tok1.AccessToken)-20:], srv.ClientSecret(), "client_secret", "Bearer ey"}
	m := newLogModel(l, testStyles(), DefaultKeyMap())
	var views []string
	for i := range es {
		m.cursor = i
		m.detail = false
		views = append(views, m.view(120, 40))
		m.detail = true
		views = append(views, m.view(120, 40))
	}
	for _, s := range secrets {
		for _, v := range views {
			if strings.Contains(v, s) {
				t.Errorf("the log pane shows %q:\n%s", s, v)
			}
		}
	}
	m.cursor, m.detail = 4, false
	if v := ansi.Strip(m.view(120, 40)); !strings.Contains(v, "replay") || !strings.Contains(v, "token") {
		t.Errorf("list view does not mark the token requests and the replay:\n%s", v)
	}
}

// TestLogPaneTransportError shows a request that got no response as ERR.
func TestLogPaneTransportError(t *testing.T) {
	l := httplog.New(4)
	l.Add(httplog.Entry{Time: time.Now(), Method: "GET", URL: "http://127.0.0.1:1/x", Err: "connection refused", Done: true})
	m := newLogModel(l, testStyles(), DefaultKeyMap())
	if v := ansi.Strip(m.view(80, 5)); !strings.Contains(v, " ERR ") {
		t.Errorf("view:\n%s\nwant ERR as the status", v)
	}
}

// logServer is a test server whose exchanges go through a fresh log.
func logServer(t *testing.T, h http.HandlerFunc) (*httptest.Server, *httplog.Log, *http.Client) {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	l := httplog.New(10)
	return srv, l, &http.Client{Transport: l.Wrap(srv.Client().Transport)}
}

// bodyOf is a deterministic body of n bytes.
func bodyOf(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = "abcdefghijklmnopqrstuvwxyz0123456789\n"[i%37]
	}
	return b
}
