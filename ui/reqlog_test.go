package ui

import (
	"bytes"
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
	"github.com/odx-dev/odx/odata"
)

// bodyOf is a deterministic body of n bytes.
func bodyOf(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = "abcdefghijklmnopqrstuvwxyz0123456789\n"[i%37]
	}
	return b
}

// logged sends a GET through a fresh log and returns the log and what the
// caller read.
func logServer(t *testing.T, h http.HandlerFunc) (*httptest.Server, *RequestLog, *http.Client) {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	l := NewRequestLog(10)
	return srv, l, &http.Client{Transport: l.Wrap(srv.Client().Transport)}
}

func TestRequestLogRecordsExchange(t *testing.T) {
	body := bodyOf(3000)
	srv, l, hc := logServer(t, func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(5 * time.Millisecond)
		w.Header().Set("X-Request-Id", "abc")
		w.Write(body)
	})
	resp, err := hc.Get(srv.URL + "/odata/Items?$top=5")
	if err != nil {
		t.Fatal(err)
	}
	if es := l.Entries(); len(es) != 1 || es[0].Status != 200 || es[0].Done {
		t.Fatalf("before the body is read: got %+v; want one entry, status 200, not done", es)
	}
	var got bytes.Buffer
	buf := make([]byte, 7) // the caller reads in small pieces
	for {
		n, err := resp.Body.Read(buf)
		got.Write(buf[:n])
		if err != nil {
			break
		}
	}
	resp.Body.Close()
	if !bytes.Equal(got.Bytes(), body) {
		t.Fatalf("caller read %d bytes that differ from the %d sent", got.Len(), len(body))
	}
	es := l.Entries()
	if len(es) != 1 {
		t.Fatalf("got %d entries; want 1", len(es))
	}
	e := es[0]
	if e.Method != "GET" || e.URL != srv.URL+"/odata/Items?$top=5" || e.Status != 200 || e.Bytes != 3000 || !e.Done || e.Token || e.Replay || e.Err != "" {
		t.Errorf("got %s %s %d, %d bytes, done %v, token %v, replay %v, err %q; want GET …/Items?$top=5 200, 3000 bytes, done",
			e.Method, e.URL, e.Status, e.Bytes, e.Done, e.Token, e.Replay, e.Err)
	}
	if e.Duration < 5*time.Millisecond {
		t.Errorf("duration %v; want at least the server's 5 ms", e.Duration)
	}
	if !bytes.Equal(e.Body, body[:1024]) {
		t.Errorf("kept %d bytes of body; want the first 1024", len(e.Body))
	}
	if e.Header.Get("X-Request-Id") != "abc" {
		t.Errorf("headers %v; want X-Request-Id", e.Header)
	}
}

// TestRequestLogPartialRead keeps only what the caller read.
func TestRequestLogPartialRead(t *testing.T) {
	srv, l, hc := logServer(t, func(w http.ResponseWriter, r *http.Request) { w.Write(bodyOf(5000)) })
	resp, err := hc.Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	io.ReadFull(resp.Body, make([]byte, 100))
	resp.Body.Close()
	e := l.Entries()[0]
	if e.Bytes != 100 || len(e.Body) != 100 || !e.Done {
		t.Errorf("got %d bytes, %d kept, done %v; want 100, 100, done", e.Bytes, len(e.Body), e.Done)
	}
}

// entryText is every field of an entry as text, for searching.
func entryText(e LogEntry) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s %s %d %s\n", e.Method, e.URL, e.Err, e.Status, e.Body)
	for k, vs := range e.Header {
		fmt.Fprintf(&b, "%s: %s\n", k, strings.Join(vs, ", "))
	}
	return b.String()
}

// TestRequestLogUnderAuth installs the log under auth against the demo with
// tokens revoked after one request: the token requests, the 401, the new
// token and the replay are each recorded once, and neither a token nor the
// secret is anywhere in the log or its view.
func TestRequestLogUnderAuth(t *testing.T) {
	l := NewRequestLog(50)
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
	if tok1.AccessToken == tok2.AccessToken {
		t.Fatal("the demo did not issue a second token")
	}
	es := l.Entries()
	type row struct {
		method string
		status int
		token  bool
		replay bool
	}
	want := []row{{"POST", 200, true, false}, {"GET", 200, false, false}, {"GET", 401, false, false}, {"POST", 200, true, false}, {"GET", 200, false, true}}
	var got []row
	for _, e := range es {
		got = append(got, row{e.Method, e.Status, e.Token, e.Replay})
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("got entries %v; want %v", got, want)
	}
	if !strings.HasSuffix(es[0].URL, "/id/connect/token") || es[0].Body != nil || es[0].Bytes == 0 {
		t.Errorf("token entry %s: %d bytes read, body kept %q; want the token endpoint, bytes counted, nothing kept", es[0].URL, es[0].Bytes, es[0].Body)
	}
	if es[4].URL != es[2].URL || len(es[4].Body) == 0 {
		t.Errorf("replay %s with %d bytes kept; want the URL of the 401 and its body", es[4].URL, len(es[4].Body))
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
	for _, e := range es {
		views = append(views, entryText(e))
	}
	for _, s := range secrets {
		for _, v := range views {
			if strings.Contains(v, s) {
				t.Errorf("the log holds %q:\n%s", s, v)
			}
		}
	}
	m.cursor, m.detail = 4, false
	if v := ansi.Strip(m.view(120, 40)); !strings.Contains(v, "replay") || !strings.Contains(v, "token") {
		t.Errorf("list view does not mark the token requests and the replay:\n%s", v)
	}
}

// TestRequestLogRedaction: forms are token requests whose bodies are never
// kept; secret query parameters, user information and cookies are redacted.
func TestRequestLogRedaction(t *testing.T) {
	srv, l, hc := logServer(t, func(w http.ResponseWriter, r *http.Request) {
		http.SetCookie(w, &http.Cookie{Name: "session", Value: "s3cr3tcookie"})
		if r.Method == "POST" {
			io.WriteString(w, `{"access_token":"tok-in-body","token_type":"Bearer"}`)
		}
	})
	resp, err := hc.PostForm(srv.URL+"/oauth/issue", url.Values{"client_secret": {"hunter2"}, "grant_type": {"client_credentials"}})
	if err != nil {
		t.Fatal(err)
	}
	io.ReadAll(resp.Body)
	resp.Body.Close()
	u, _ := url.Parse(srv.URL + "/api?x=1&access_token=tok-in-url&Client_Secret=hunter2")
	u.User = url.UserPassword("me", "pa55")
	req, _ := http.NewRequest("GET", u.String(), nil)
	req.Header.Set("Authorization", "Bearer tok-in-header")
	resp, err = hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	io.ReadAll(resp.Body)
	resp.Body.Close()
	es := l.Entries()
	if !es[0].Token || es[0].Body != nil {
		t.Errorf("form POST: token %v, body %q; want a token request with no body kept", es[0].Token, es[0].Body)
	}
	if want := srv.URL + "/api?x=1&access_token=REDACTED&Client_Secret=REDACTED"; es[1].URL != want {
		t.Errorf("URL %s; want %s", es[1].URL, want)
	}
	all := entryText(es[0]) + entryText(es[1])
	for _, s := range []string{"hunter2", "tok-in-body", "tok-in-url", "tok-in-header", "pa55", "s3cr3tcookie"} {
		if strings.Contains(all, s) {
			t.Errorf("the log holds %q:\n%s", s, all)
		}
	}
	if es[1].Header.Get("Set-Cookie") != "REDACTED" {
		t.Errorf("Set-Cookie %q; want REDACTED", es[1].Header.Get("Set-Cookie"))
	}
}

func TestRequestLogTransportError(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	addr := srv.URL
	srv.Close()
	l := NewRequestLog(4)
	_, err := (&http.Client{Transport: l.Wrap(nil)}).Get(addr + "/x")
	e := l.Entries()[0]
	if err == nil || e.Err == "" || e.Status != 0 || !e.Done {
		t.Errorf("got error %v, entry err %q, status %d; want the failure recorded", err, e.Err, e.Status)
	}
	m := newLogModel(l, testStyles(), DefaultKeyMap())
	if v := ansi.Strip(m.view(80, 5)); !strings.Contains(v, " ERR ") {
		t.Errorf("view:\n%s\nwant ERR as the status", v)
	}
}

func TestRequestLogRing(t *testing.T) {
	srv, _, _ := logServer(t, func(w http.ResponseWriter, r *http.Request) {})
	l := NewRequestLog(3)
	hc := &http.Client{Transport: l.Wrap(nil)}
	for i := range 5 {
		resp, err := hc.Get(fmt.Sprintf("%s/%d", srv.URL, i))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	var got []string
	for _, e := range l.Entries() {
		got = append(got, strings.TrimPrefix(e.URL, srv.URL))
	}
	if strings.Join(got, " ") != "/2 /3 /4" {
		t.Errorf("got %v; want the last three, oldest first", got)
	}
}

// TestRequestLogConcurrent runs requests, reads and a pane's refreshes at
// once (meant for -race).
func TestRequestLogConcurrent(t *testing.T) {
	srv, _, _ := logServer(t, func(w http.ResponseWriter, r *http.Request) { w.Write(bodyOf(2000)) })
	l := NewRequestLog(64)
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
			if Sanitize(got) != got || strings.ContainsAny(got, "\x1b\r\n\u202e") {
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
		r := redactURL(u)
		if back, err := url.Parse(r); u.User != nil && u.Host != "" && (err != nil || back.User != nil) {
			t.Errorf("redactURL(%q) = %q keeps the user information", raw, r)
		}
	})
}
