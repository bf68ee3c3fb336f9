package httplog

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/odx-dev/odx/demo"
	"github.com/odx-dev/odx/internal/uitest"
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
func logServer(t *testing.T, h http.HandlerFunc) (*httptest.Server, *Log, *http.Client) {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	l := New(10)
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

// entryText is every field of an entry as text (request headers marked
// >), for searching.
func entryText(e Entry) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s %s %d %s\n", e.Method, e.URL, e.Err, e.Status, e.Body)
	for k, vs := range e.RequestHeader {
		fmt.Fprintf(&b, "> %s: %s\n", k, strings.Join(vs, ", "))
	}
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
	l := New(50)
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
	var views []string
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
	l := New(4)
	_, err := (&http.Client{Transport: l.Wrap(nil)}).Get(addr + "/x")
	e := l.Entries()[0]
	if err == nil || e.Err == "" || e.Status != 0 || !e.Done {
		t.Errorf("got error %v, entry err %q, status %d; want the failure recorded", err, e.Err, e.Status)
	}
}

func TestRequestLogRing(t *testing.T) {
	srv, _, _ := logServer(t, func(w http.ResponseWriter, r *http.Request) {})
	l := New(3)
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

// demoClient is a demo instance with a token source and a client on it.
var demoClient = uitest.DemoClient
