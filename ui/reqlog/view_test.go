package reqlog

import (
	"context"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/odx-dev/odx/demo"
	"github.com/odx-dev/odx/internal/httplog"
	"github.com/odx-dev/odx/internal/uitest"
	"github.com/odx-dev/odx/odata"
)

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
	m := New(testEnv(), l)
	m.SetSize(80, 24)
	press(m, "up")
	list := m.View()
	press(m, "enter")
	if !m.detail {
		t.Fatal("enter did not open the details")
	}
	detail := m.View()
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
	m.SetSize(200, 24)
	if wide := ansi.Strip(m.View()); !strings.Contains(wide, "GET "+srv.URL+"/odata/Items('␛[31mred⟪RLO⟫')?$filter=Name eq 'x⏎y'") {
		t.Errorf("detail does not show the whole decoded, sanitised URL:\n%s", wide)
	}
	plain = ansi.Strip(detail)
	for _, want := range []string{"status 200", "X-Evil: a⟪RLO⟫b<9B>c", "␛]52;c;ZWNobyBoaQ==␇ ␛[2J⟪RLO⟫evil", "next line"} {
		if !strings.Contains(plain, want) {
			t.Errorf("detail lacks %q:\n%s", want, plain)
		}
	}
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
	m := New(testEnv(), l)
	m.SetSize(120, 40)
	var views []string
	for i := range es {
		m.cursor = i
		m.detail = false
		views = append(views, m.View())
		m.detail = true
		views = append(views, m.View())
	}
	for _, s := range secrets {
		for _, v := range views {
			if strings.Contains(v, s) {
				t.Errorf("the log pane shows %q:\n%s", s, v)
			}
		}
	}
	m.cursor, m.detail = 4, false
	if v := ansi.Strip(m.View()); !strings.Contains(v, "replay") || !strings.Contains(v, "token") {
		t.Errorf("list view does not mark the token requests and the replay:\n%s", v)
	}
}

// TestLogPaneTransportError shows a request that got no response as ERR.
func TestLogPaneTransportError(t *testing.T) {
	l := httplog.New(4)
	l.Add(httplog.Entry{Time: time.Now(), Method: "GET", URL: "http://127.0.0.1:1/x", Err: "connection refused", Done: true})
	m := New(testEnv(), l)
	m.SetSize(80, 5)
	if v := ansi.Strip(m.View()); !strings.Contains(v, " ERR ") {
		t.Errorf("view:\n%s\nwant ERR as the status", v)
	}
}

// TestViewGolden: the request log at 80×12, list and detail.
func TestViewGolden(t *testing.T) {
	at := time.Date(2026, 11, 26, 9, 15, 0, 0, time.UTC)
	l := httplog.New(10)
	l.Add(httplog.Entry{Time: at, Method: "POST", URL: "https://acme.my.erp.net/id/connect/token", Status: 200, Bytes: 990, Duration: 41 * time.Millisecond, Token: true, Done: true})
	l.Add(httplog.Entry{Time: at.Add(time.Second), Method: "GET", URL: "https://acme.my.erp.net/api/domain/odata/Crm_Sales_Customers?%24top=50", Status: 401, Bytes: 0, Duration: 12 * time.Millisecond, Done: true,
		Header: http.Header{"Www-Authenticate": {`Bearer error="invalid_token"`}}})
	l.Add(httplog.Entry{Time: at.Add(time.Second), Method: "POST", URL: "https://acme.my.erp.net/id/connect/token", Status: 200, Bytes: 990, Duration: 38 * time.Millisecond, Token: true, Done: true})
	l.Add(httplog.Entry{Time: at.Add(time.Second), Method: "GET", URL: "https://acme.my.erp.net/api/domain/odata/Crm_Sales_Customers?%24top=50", Status: 200, Bytes: 31_204, Rows: 50, Duration: 95 * time.Millisecond, Replay: true, Done: true,
		Header: http.Header{"Content-Type": {"application/json;odata.metadata=minimal"}, "Odata-Version": {"4.0"}},
		Body:   []byte(`{"@odata.context":"$metadata#Crm_Sales_Customers","value":[{"Number":"C-000001","Name":{"EN":"Acme` + "\x1b[2J" + `"}}]}`)})
	m := New(testEnv(), l)
	m.SetSize(80, 12)
	t.Run("list", func(t *testing.T) {
		golden.RequireEqual(t, []byte(ansi.Strip(m.View())))
	})
	t.Run("detail", func(t *testing.T) {
		press(m, "enter")
		golden.RequireEqual(t, []byte(ansi.Strip(m.View())))
	})
}

// TestLogDetailWhilePresenting: the request log hides the host and the body
// in presenter mode, as soon as it is on.
func TestLogDetailWhilePresenting(t *testing.T) {
	l := httplog.New(4)
	l.Add(httplog.Entry{Time: time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC), Method: "GET", URL: "https://acme.my.erp.net/api/domain/odata/Crm_Sales_Customers?%24top=50",
		Status: 200, Bytes: 40, Done: true, Body: []byte(`{"value":[{"Name":"Secret Customer Ltd"}]}`)})
	env := testEnv()
	m := New(env, l)
	m.SetSize(80, 12)
	press(m, "enter")
	if got := ansi.Strip(m.View()); !strings.Contains(got, "acme.my.erp.net") || !strings.Contains(got, "Secret Customer") {
		t.Fatalf("not presenting, the detail lacks the host or the body:\n%s", got)
	}
	env.Present = true
	detail := ansi.Strip(m.View())
	press(m, "esc")
	list := ansi.Strip(m.View())
	for name, got := range map[string]string{"detail": detail, "list": list} {
		for _, hidden := range []string{"acme.my.erp.net", "Secret Customer"} {
			if strings.Contains(got, hidden) {
				t.Errorf("presenting, the log %s shows %q:\n%s", name, hidden, got)
			}
		}
		if !strings.Contains(got, " /api/domain/odata/Crm_Sales_") {
			t.Errorf("presenting, the log %s should show the path:\n%s", name, got)
		}
	}
}

// demoClient is a demo instance with a token source and a client on it.
var demoClient = uitest.DemoClient

// TestViewGoldenRequestHeaders: an entry's details at 80×16 show the
// request headers sorted, one a line, cut to the width, sanitised, with a
// credential the log did not record as [not recorded].
func TestViewGoldenRequestHeaders(t *testing.T) {
	l := httplog.New(4)
	l.Add(httplog.Entry{Time: time.Date(2026, 11, 26, 9, 15, 1, 0, time.UTC), Method: "GET",
		URL: "https://contoso.crm4.dynamics.com/api/data/v9.2/accounts?%24count=true", Status: 200, Bytes: 2048, Rows: 50, Duration: 120 * time.Millisecond, Done: true,
		RequestHeader: http.Header{
			"Accept":                {"application/json;odata.metadata=minimal"},
			"Authorization":         {httplog.NotRecorded},
			"ConsistencyLevel":      {"eventual"},
			"Odata-Maxversion":      {"4.0"},
			"Maxdataserviceversion": {"2.0"},
			"Prefer":                {`odata.include-annotations="OData.Community.Display.V1.FormattedValue", odata.maxpagesize=50`},
			"X-Note":                {"a\x1b[2J\u202eb"},
		},
		Header: http.Header{"Odata-Version": {"4.0"}},
		Body:   []byte(`{"value":[]}`)})
	m := New(testEnv(), l)
	m.SetSize(80, 16)
	press(m, "enter")
	golden.RequireEqual(t, []byte(ansi.Strip(m.View())))
}

// TestLogDetailShowsRequestHeaders: a request sent through the log with a
// user's extra header and a bearer token shows the header in its details,
// and the Authorization header by name only.
func TestLogDetailShowsRequestHeaders(t *testing.T) {
	const tok = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJvZHgifQ.c2lnbmF0dXJlLXJlcWxvZy10ZXN0"
	srv, l, hc := logServer(t, func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, `{"value":[]}`) })
	req, _ := http.NewRequest("GET", srv.URL+"/odata/Items", nil)
	req.Header["ConsistencyLevel"] = []string{"eventual"}
	req.Header.Set("Prefer", "odata.maxpagesize=50")
	req.Header.Set("Authorization", "Bearer "+tok)
	req.Header.Set("X-Echo", tok)
	resp, err := hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	io.ReadAll(resp.Body)
	resp.Body.Close()
	m := New(testEnv(), l)
	m.SetSize(60, 20)
	press(m, "enter")
	got := ansi.Strip(m.View())
	var lines []string
	for _, ln := range strings.Split(got, "\n") {
		if strings.HasPrefix(ln, "  ") && strings.TrimSpace(ln) != "" {
			lines = append(lines, strings.TrimSpace(ln))
		}
	}
	want := []string{"Authorization: [not recorded]", "ConsistencyLevel: eventual", "Prefer: odata.maxpagesize=50"}
	for i, w := range want {
		if i >= len(lines) || lines[i] != w {
			t.Fatalf("request header lines %q; want them to start %q (sorted, one a line):\n%s", lines, want, got)
		}
	}
	for _, s := range []string{tok, tok[len(tok)-20:], "Bearer"} {
		if strings.Contains(got, s) {
			t.Errorf("the details show %q:\n%s", s, got)
		}
	}
}
