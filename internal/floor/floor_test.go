package floor

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

func TestSummarise(t *testing.T) {
	for _, tc := range []struct {
		in   []float64
		want Summary
	}{
		{nil, Summary{}},
		{[]float64{2}, Summary{2, 2, 2, 2, 2}},
		{[]float64{4, 1, 3, 2}, Summary{1, 1.5, 2.5, 3.5, 4}},
		{[]float64{5, 1, 4, 2, 3}, Summary{1, 2, 3, 4, 5}},
	} {
		if got := Summarise(tc.in); got != tc.want {
			t.Errorf("Summarise(%v): got %+v; want %+v", tc.in, got, tc.want)
		}
	}
}

// origin is a server with a token endpoint and two linked pages that
// accepts only the token it issued last.
func origin(t *testing.T) (*httptest.Server, *atomic.Int64) {
	var issued atomic.Int64
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.URL.Path == "/token":
			n := issued.Add(1)
			io.WriteString(w, `{"access_token":"t`+strings.Repeat("x", int(n))+`","token_type":"Bearer"}`)
		case r.Header.Get("Authorization") != "Bearer t"+strings.Repeat("x", int(issued.Load())):
			http.Error(w, "no", http.StatusUnauthorized)
		case r.URL.Query().Get("p") == "2":
			io.WriteString(w, `{"value":[{"a":2}]}`)
		default:
			io.WriteString(w, `{"value":[{"a":1}],"@odata.nextLink":"`+srv.URL+`/S?p=2"}`)
		}
	}))
	t.Cleanup(srv.Close)
	return srv, &issued
}

// client is a tiny client walking srv's pages through rt, as odx would.
func client(t *testing.T, base string, rt http.RoundTripper) {
	hc := &http.Client{Transport: rt}
	resp, err := hc.PostForm(base+"/token", map[string][]string{"grant_type": {"client_credentials"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	tok := "Bearer t" + strings.Repeat("x", 1)
	for _, u := range []string{base + "/S", base + "/S?p=2"} {
		req, _ := http.NewRequest("GET", u, nil)
		req.Header.Set("Authorization", tok)
		resp, err := hc.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Fatalf("%s: got %s; want 200", u, resp.Status)
		}
	}
}

func TestRecordReplay(t *testing.T) {
	srv, issued := origin(t)
	rec := &Recorder{}
	client(t, srv.URL, rec)
	reqs := rec.Requests()
	if len(reqs) != 3 || len(rec.Responses()) != 3 {
		t.Fatalf("got %d requests, %d responses; want 3 and 3", len(reqs), len(rec.Responses()))
	}
	// The floor gets a token of its own and uses it on every request.
	n, err := Run(context.Background(), reqs)
	if err != nil {
		t.Fatalf("Run: got %v; want no error", err)
	}
	if issued.Load() != 2 || n == 0 {
		t.Errorf("got %d tokens issued, %d bytes read; want 2 tokens and some bytes", issued.Load(), n)
	}
	// The static server answers the same requests, its own origin in the links.
	st := NewStatic(reqs, rec.Responses())
	defer st.Close()
	if _, err := Run(context.Background(), st.Rebase(reqs)); err != nil {
		t.Errorf("Run on the static server: got %v; want no error", err)
	}
	if got := string(st.answers["GET /S"].Body); !strings.Contains(got, st.URL+"/S?p=2") {
		t.Errorf("static page 1: got %s; want its next link on %s", got, st.URL)
	}
	rec.Reset()
	if len(rec.Requests()) != 0 {
		t.Errorf("after Reset: got %d requests; want 0", len(rec.Requests()))
	}
}
