package profile

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/odx-dev/odx/odata"
)

// roundTrip answers every request with body, in memory.
type roundTrip struct {
	body     []byte
	requests atomic.Int64
}

func (rt *roundTrip) RoundTrip(r *http.Request) (*http.Response, error) {
	rt.requests.Add(1)
	return &http.Response{StatusCode: http.StatusOK, Header: http.Header{"Content-Type": {"application/json"}},
		Body: io.NopCloser(bytes.NewReader(rt.body)), Request: r}, nil
}

// BenchmarkCategoricalClient is BenchmarkCategorical without the loopback
// server: the answer comes from memory, so what is measured is the
// client's time alone (building the request, decoding 1,000 groups,
// sorting, cutting to the top 20).
func BenchmarkCategoricalClient(b *testing.B) {
	var body strings.Builder
	body.WriteString(`{"value":[`)
	for i := range 1000 {
		if i > 0 {
			body.WriteByte(',')
		}
		fmt.Fprintf(&body, `{"City":"City %04d","Count":%d}`, i, 100)
	}
	body.WriteString(`]}`)
	rt := &roundTrip{body: []byte(body.String())}
	c, err := odata.NewClient("http://example.com/odata/", &http.Client{Transport: rt})
	if err != nil {
		b.Fatal(err)
	}
	col := Column{Name: "City", Type: "Edm.String"}
	b.ReportAllocs()
	for b.Loop() {
		p, err := Compute(context.Background(), c, "Customers", col, "")
		if err != nil || p.Rows != 100000 || len(p.Values) != TopN {
			b.Fatalf("got %v; want 100000 rows and the top %d", err, TopN)
		}
	}
	if n := rt.requests.Load(); n != int64(b.N) {
		b.Errorf("requests: got %d for %d profiles; want one each", n, b.N)
	}
}

// BenchmarkCategorical is the client's share of a categorical profile: one
// request answered with 1,000 groups (100,000 rows counted by the server),
// decoded, sorted and cut to the top 20.
func BenchmarkCategorical(b *testing.B) {
	var body strings.Builder
	body.WriteString(`{"value":[`)
	for i := range 1000 {
		if i > 0 {
			body.WriteByte(',')
		}
		fmt.Fprintf(&body, `{"City":"City %04d","Count":%d}`, i, 100)
	}
	body.WriteString(`]}`)
	var requests atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(body.String()))
	}))
	defer srv.Close()
	c, err := odata.NewClient(srv.URL+"/", srv.Client())
	if err != nil {
		b.Fatal(err)
	}
	col := Column{Name: "City", Type: "Edm.String"}
	b.ReportAllocs()
	for b.Loop() {
		p, err := Compute(context.Background(), c, "Customers", col, "")
		if err != nil || p.Rows != 100000 || len(p.Values) != TopN {
			b.Fatalf("got %v rows %d; want 100000 rows and the top %d", err, p.Rows, TopN)
		}
	}
	if n := requests.Load(); n != int64(b.N) {
		b.Errorf("requests: got %d for %d profiles; want one each", n, b.N)
	}
}
