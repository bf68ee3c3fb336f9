package httplog

import (
	"context"
	"encoding/base64"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/odx-dev/odx/auth"
	"github.com/odx-dev/odx/demo"
	"github.com/odx-dev/odx/odata"
)

// TestRequestLogRecordsRequestHeaders: a client's extra headers (a
// profile's headers, --header) and a Prefer are recorded as sent, with
// odx's own, on a service request under auth; the bearer token is not.
func TestRequestLogRecordsRequestHeaders(t *testing.T) {
	l := New(20)
	_, src, c := demoClient(t, demo.Options{}, &http.Client{Transport: l.Wrap(nil)})
	c.Header = http.Header{"ConsistencyLevel": {"eventual"}, "Prefer": {`odata.include-annotations="*"`}}
	ctx := context.Background()
	if _, err := c.Page(ctx, odata.Query{Set: "Crm_Sales_Customers", Top: 5}); err != nil {
		t.Fatal(err)
	}
	tok, err := src.Token(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var api *Entry
	es := l.Entries()
	for i := range es {
		if !es[i].Token && strings.Contains(es[i].URL, "Crm_Sales_Customers") {
			api = &es[i]
		}
	}
	if api == nil {
		t.Fatalf("no entry for the page among %d", len(es))
	}
	h := api.RequestHeader
	name := "ConsistencyLevel" // the spelling given, as sent (not canonical)
	if got := h[name]; len(got) != 1 || got[0] != "eventual" {
		t.Errorf("ConsistencyLevel %q; want [eventual]", got)
	}
	if got := h.Get("Prefer"); !strings.Contains(got, `odata.include-annotations="*"`) {
		t.Errorf("Prefer %q; want it to hold odata.include-annotations=\"*\"", got)
	}
	if got := h.Get("Accept"); got == "" {
		t.Errorf("Accept %q; want odx's own Accept", got)
	}
	if got := h.Values("Authorization"); len(got) != 1 || got[0] != NotRecorded {
		t.Errorf("Authorization %q; want [%s]", got, NotRecorded)
	}
	checkNoTraces(t, []string{tok.AccessToken}, es)
}

// TestRequestLogNeverRecordsCredentials: Authorization, Proxy-Authorization
// and Cookie, a header named like a key or token, a bearer or a JWT pasted
// into any header, and the request's own token pasted into another header
// leave no trace in the log; the other headers are recorded as sent.
func TestRequestLogNeverRecordsCredentials(t *testing.T) {
	const (
		pasted = "pasted-bearer-0123456789abcdef"
		apiKey = "k3y-0123456789-abcdef"
		cookie = "s3ss10n-0123456789"
		proxy  = "proxy-pa55-0123456789"
	)
	proxyBasic := base64.StdEncoding.EncodeToString([]byte("me:" + proxy))
	srv, l, hc := logServer(t, func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"value":[]}`)
	})
	req, _ := http.NewRequest("GET", srv.URL+"/odata/Items", nil)
	req.Header.Set("Authorization", "Bearer "+logToken)
	req.Header.Set("Proxy-Authorization", "Basic "+proxyBasic)
	req.Header.Set("Cookie", "session="+cookie)
	req.Header.Set("X-Api-Key", apiKey)
	req.Header.Set("X-Forwarded-Credential", "Bearer "+pasted)
	req.Header.Set("X-Trace", "id="+logIssued)
	req.Header.Set("X-Echo", logToken)
	req.Header.Set("ConsistencyLevel", "eventual")
	req.Header.Add("Prefer", "odata.maxpagesize=50")
	req.Header.Add("Prefer", `odata.include-annotations="*"`)
	resp, err := hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	io.ReadAll(resp.Body)
	resp.Body.Close()
	es := l.Entries()
	if len(es) != 1 {
		t.Fatalf("got %d entries; want 1", len(es))
	}
	checkNoTraces(t, []string{logToken, pasted, apiKey, cookie, proxy, proxyBasic, logIssued}, es)
	h := es[0].RequestHeader
	for _, name := range []string{"Authorization", "Proxy-Authorization", "Cookie", "X-Api-Key", "X-Forwarded-Credential", "X-Trace"} {
		if got := h.Values(name); len(got) != 1 || got[0] != NotRecorded {
			t.Errorf("%s: %q; want [%s]", name, got, NotRecorded)
		}
	}
	if got := h.Get("X-Echo"); got == "" || got == NotRecorded {
		t.Errorf("X-Echo %q; want the header kept with the token masked", got)
	}
	if got := h.Get("ConsistencyLevel"); got != "eventual" {
		t.Errorf("ConsistencyLevel %q; want eventual", got)
	}
	if got := strings.Join(h.Values("Prefer"), " | "); got != `odata.maxpagesize=50 | odata.include-annotations="*"` {
		t.Errorf("Prefer %q; want both values in order", got)
	}
}

func TestCredentialValue(t *testing.T) {
	tests := []struct {
		v    string
		want bool
	}{
		{"eventual", false},
		{"odata.maxpagesize=50", false},
		{`odata.include-annotations="*"`, false},
		{"application/json;odata.metadata=minimal", false},
		{"4.0", false},
		{"Bearer", false},
		{"bearer abc", true},
		{" Basic Y2xpZW50OnBhc3M=", true},
		{"Negotiate YIIB", true},
		{"id=" + logIssued, true},
		{logIssued, true},
		{"eyJhbGciOiJub25lIn0.e30.", true},
		{"v1.2.3", false},
	}
	for _, tt := range tests {
		if got := credentialValue(tt.v); got != tt.want {
			t.Errorf("credentialValue(%q) = %v; want %v", tt.v, got, tt.want)
		}
	}
}

func TestCredentialName(t *testing.T) {
	tests := []struct {
		name string
		want bool
	}{
		{"authorization", true},
		{"Proxy-Authorization", true},
		{"Cookie", true},
		{"Ocp-Apim-Subscription-Key", true},
		{"APIKey", true},
		{"X-Auth-Token", true},
		{"X-CSRF-Token", true},
		{"ConsistencyLevel", false},
		{"Prefer", false},
		{"OData-MaxVersion", false},
		{"Accept-Language", false},
	}
	for _, tt := range tests {
		if got := credentialName(tt.name); got != tt.want {
			t.Errorf("credentialName(%q) = %v; want %v", tt.name, got, tt.want)
		}
	}
}

// FuzzRequestHeader: whatever header a request carries, with the log's
// bearer token sent in Authorization, the recorded headers hold no trace
// of the token, and Authorization is recorded only as NotRecorded.
func FuzzRequestHeader(f *testing.F) {
	f.Add("X-Echo", logToken)
	f.Add("X-Custom", "Bearer "+logToken)
	f.Add("ConsistencyLevel", "eventual")
	f.Add("authorization", "Basic "+logToken)
	f.Add(logToken[:12], "x")
	f.Fuzz(func(t *testing.T, name, value string) {
		h := http.Header{"Authorization": {"Bearer " + logToken}}
		h[name] = append(h[name], value)
		var c credentials
		c.learnHeader(h)
		got := requestHeader(h, c.masker())
		if v := got["Authorization"]; len(v) == 0 || v[0] != NotRecorded {
			t.Fatalf("Authorization recorded as %q; want %s first", v, NotRecorded)
		}
		var text strings.Builder
		for k, vs := range got {
			text.WriteString(k + ": " + strings.Join(vs, ", ") + "\n")
		}
		if tr := traces(logToken, text.String()); len(tr) > 0 {
			t.Fatalf("header %q: %q recorded as\n%s\nwhich holds %q", name, value, text.String(), tr)
		}
	})
}

// requestHeader of no headers is nil, so an entry without them costs nothing.
func TestRequestHeaderEmpty(t *testing.T) {
	if got := requestHeader(nil, auth.NewMasker()); got != nil {
		t.Errorf("requestHeader(nil) = %v; want nil", got)
	}
}
