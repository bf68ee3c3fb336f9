package odata

import (
	"context"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"
	"time"
)

// TestPrefetchHostileEndlessBody: the consumer stops after page 1 while
// the server sends page 2's body without end (a byte at a time). Close
// returns, the server sees its request cancelled, and no goroutine of the
// walk is left behind.
func TestPrefetchHostileEndlessBody(t *testing.T) {
	before := runtime.NumGoroutine()
	started, gone := make(chan struct{}), make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Query().Get("p") == "" {
			w.Write([]byte(`{"value":[{"Id":1},{"Id":2}],"@odata.nextLink":"S?p=2"}`))
			return
		}
		w.Write([]byte(`{"value":[`))
		close(started)
		for i := 0; ; i++ {
			if _, err := w.Write([]byte(`{"Id":` + strings.Repeat("9", 1+i%5) + `},`)); err != nil {
				break
			}
			w.(http.Flusher).Flush()
			select {
			case <-r.Context().Done():
				close(gone)
				return
			case <-time.After(time.Millisecond):
			}
		}
		close(gone)
	}))
	c, err := NewClient(srv.URL+"/", srv.Client())
	if err != nil {
		t.Fatal(err)
	}
	c.SetDialect(GenericV4)
	c.PageSize = 2 // page 1 is whole: the pager asks for page 2 only ahead
	pf := Prefetch(context.Background(), c.Pager(Query{Set: "S"}), 0)
	if p, err := pf.Next(context.Background()); err != nil || len(p.Rows) != 2 {
		t.Fatalf("page 1: got %v, %v; want 2 rows", p, err)
	}
	select { // page 2 is on its way, its body without end
	case <-started:
	case <-time.After(10 * time.Second):
		t.Fatal("the walk did not ask for page 2 ahead of the consumer")
	}
	closed := make(chan struct{})
	go func() { pf.Close(); close(closed) }()
	select {
	case <-closed:
	case <-time.After(10 * time.Second):
		t.Fatal("Close did not return within 10 s while the server kept sending")
	}
	select {
	case <-gone:
	case <-time.After(10 * time.Second):
		t.Fatal("the server's endless request was not cancelled")
	}
	srv.Close()
	srv.Client().CloseIdleConnections()
	deadline := time.Now().Add(10 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		runtime.Gosched()
		time.Sleep(10 * time.Millisecond) // polling with a deadline
	}
	if n := runtime.NumGoroutine(); n > before {
		buf := make([]byte, 1<<16)
		t.Errorf("got %d goroutines; want at most %d as before the walk:\n%s", n, before, buf[:runtime.Stack(buf, true)])
	}
}
