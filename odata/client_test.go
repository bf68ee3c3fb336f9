package odata

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// fakeSleep records the waits asked for and returns at once (or the
// context's error, if it is done).
type fakeSleep struct {
	mu    sync.Mutex
	waits []time.Duration
}

func (f *fakeSleep) Sleep(ctx context.Context, d time.Duration) error {
	f.mu.Lock()
	f.waits = append(f.waits, d)
	f.mu.Unlock()
	return ctx.Err()
}

// busyServer answers 429 (with the given Retry-After) fails times, then a
// one-row page.
func busyServer(t *testing.T, status, fails int, retryAfter string) (*httptest.Server, *atomic.Int32) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if int(hits.Add(1)) <= fails {
			if retryAfter != "" {
				w.Header().Set("Retry-After", retryAfter)
			}
			w.WriteHeader(status)
			io.WriteString(w, `{"message":"Too many requests in the session queue","code":429}`)
			return
		}
		writePage(w, 0, 1, false, 1, "")
	}))
	t.Cleanup(srv.Close)
	return srv, &hits
}

func TestRetryHonoursRetryAfter(t *testing.T) {
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	tests := []struct {
		name       string
		status     int
		fails      int
		retryAfter string
		want       string // the waits
		wantErr    bool
	}{
		{"seconds", 429, 2, "3", "[3s 3s]", false},
		{"http date", 503, 1, now.Add(10 * time.Second).Format(http.TimeFormat), "[10s]", false},
		{"date in the past", 429, 1, now.Add(-time.Hour).Format(http.TimeFormat), "[0s]", false},
		{"capped", 429, 1, "3600", "[30s]", false},
		{"backoff without header", 429, 3, "", "[125ms 250ms 500ms]", false},
		{"bad header falls back", 429, 1, "soon", "[125ms]", false},
		{"gives up after 4 tries", 429, 10, "1", "[1s 1s 1s]", true},
		{"500 is not retried", 500, 1, "1", "[]", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, hits := busyServer(t, tt.status, tt.fails, tt.retryAfter)
			c := mustClient(t, srv.URL+"/odata/")
			fs := &fakeSleep{}
			c.Retry = RetryPolicy{Sleep: fs.Sleep, Now: func() time.Time { return now }, Jitter: func() float64 { return 0 }}
			_, err := c.Page(context.Background(), Query{Set: "S"})
			if got := durations(fs.waits); got != tt.want {
				t.Errorf("got waits %s; want %s", got, tt.want)
			}
			if (err != nil) != tt.wantErr {
				t.Fatalf("got error %v; want error %v", err, tt.wantErr)
			}
			if tt.wantErr {
				var e *Error
				if !errors.As(err, &e) || e.Status != tt.status {
					t.Errorf("got %v; want an *Error with status %d", err, tt.status)
				}
				if wantHits := len(fs.waits) + 1; int(hits.Load()) != wantHits {
					t.Errorf("server got %d requests; want %d", hits.Load(), wantHits)
				}
			}
		})
	}
}

func durations(ds []time.Duration) string {
	s := make([]string, len(ds))
	for i, d := range ds {
		s[i] = d.String()
	}
	return "[" + strings.Join(s, " ") + "]"
}

func TestBackoffJitterAndCap(t *testing.T) {
	p := RetryPolicy{Jitter: func() float64 { return 0.999999 }, Max: 2 * time.Second}
	got := []time.Duration{p.wait(0, ""), p.wait(1, ""), p.wait(2, ""), p.wait(5, ""), p.wait(62, "")}
	for i, want := range []time.Duration{250 * time.Millisecond, 500 * time.Millisecond, time.Second, 2 * time.Second, 2 * time.Second} {
		if got[i] > want || got[i] < want*99/100 {
			t.Errorf("wait %d: got %v; want about %v", i, got[i], want)
		}
	}
}

func TestRetrySleepCancelled(t *testing.T) {
	answered := make(chan struct{})
	var once sync.Once
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusTooManyRequests)
		io.WriteString(w, `{"message":"Too many requests in the session queue","code":429}`)
		once.Do(func() { close(answered) })
	}))
	defer srv.Close()
	c := mustClient(t, srv.URL+"/odata/")
	c.Retry = RetryPolicy{Base: time.Hour, Max: time.Hour} // the real timer
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		<-answered // the client reads the 429 and waits an hour to retry
		cancel()
	}()
	if _, err := c.Page(ctx, Query{Set: "S"}); !errors.Is(err, context.Canceled) {
		t.Errorf("got %v; want context.Canceled", err)
	}
}

func TestOneRequestInFlight(t *testing.T) {
	const callers = 24
	var inFlight, most, finished atomic.Int32
	var c *Client
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := inFlight.Add(1)
		for {
			m := most.Load()
			if n <= m || most.CompareAndSwap(m, n) {
				break
			}
		}
		// Hold the request until every other caller still at work waits
		// for the client's slot, or until a second request got through.
		for deadline := time.Now().Add(10 * time.Second); ; runtime.Gosched() {
			if int(c.queued.Load()) >= callers-1-int(finished.Load()) || inFlight.Load() > 1 {
				break
			}
			if time.Now().After(deadline) {
				t.Errorf("callers waiting for the slot: %d of %d", c.queued.Load(), callers-1-int(finished.Load()))
				break
			}
		}
		inFlight.Add(-1)
		if strings.HasSuffix(r.URL.Path, "$count") {
			io.WriteString(w, "7")
			return
		}
		writePage(w, 0, 3, false, 3, "")
	}))
	defer srv.Close()
	c = mustClient(t, srv.URL+"/odata/")
	var wg sync.WaitGroup
	errs := make(chan error, callers)
	for i := range callers {
		wg.Go(func() {
			var err error
			switch i % 3 {
			case 0:
				_, err = c.Page(context.Background(), Query{Set: "S"})
			case 1:
				_, err = c.Count(context.Background(), Query{Set: "S"})
			case 2:
				for _, e := range c.All(context.Background(), Query{Set: "S", Top: 2}) {
					if e != nil {
						err = e
						break
					}
				}
			}
			finished.Add(1)
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	if most.Load() != 1 {
		t.Errorf("got %d requests at once at the server; want 1", most.Load())
	}
}

func TestWaitingForSlotHonoursContext(t *testing.T) {
	block, started := make(chan struct{}), make(chan struct{}, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		started <- struct{}{}
		<-block
		writePage(w, 0, 1, false, 1, "")
	}))
	defer srv.Close()
	c := mustClient(t, srv.URL+"/odata/")
	done := make(chan error, 1)
	go func() {
		_, err := c.Page(context.Background(), Query{Set: "S"})
		done <- err
	}()
	<-started // the first request holds the slot
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	if _, err := c.Page(ctx, Query{Set: "S"}); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("got %v; want context.DeadlineExceeded while the slot is taken", err)
	}
	close(block)
	if err := <-done; err != nil {
		t.Error(err)
	}
}

func TestBodyLimit(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writePage(w, 0, 100, false, 100, "") // about 4.5 kB
	}))
	defer srv.Close()
	c := mustClient(t, srv.URL+"/odata/")
	c.MaxBody = 1000
	_, err := c.Page(context.Background(), Query{Set: "S"})
	if !errors.Is(err, ErrBodyTooLarge) {
		t.Fatalf("got %v; want ErrBodyTooLarge", err)
	}
	if !strings.Contains(err.Error(), "1000 bytes") {
		t.Errorf("error %q does not give the limit", err)
	}
	c.MaxBody = 1 << 20
	if p, err := c.Page(context.Background(), Query{Set: "S"}); err != nil || len(p.Rows) != 100 {
		t.Errorf("under the limit: got %v, %v", p, err)
	}
}

func TestLimitedBodyExact(t *testing.T) {
	for _, tt := range []struct {
		size, max int64
		ok        bool
	}{{10, 10, true}, {11, 10, false}, {0, 10, true}} {
		released := 0
		b := &limitedBody{rc: io.NopCloser(strings.NewReader(strings.Repeat("x", int(tt.size)))), max: tt.max,
			release: func() { released++ }, url: testRoot}
		data, err := io.ReadAll(b)
		b.Close()
		if (err == nil) != tt.ok || int64(len(data)) > tt.max {
			t.Errorf("size %d max %d: got %d bytes, err %v", tt.size, tt.max, len(data), err)
		}
		if released != 1 {
			t.Errorf("size %d: slot released %d times; want 1", tt.size, released)
		}
	}
}

func TestClientErrors(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/odata/Crm_Customers":
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(404)
			io.WriteString(w, `{"error":{"code":"","message":"Resource not found for the segment 'Crm_Customers'."}}`)
		case "/odata/Licence":
			w.WriteHeader(500)
			io.WriteString(w, `{"message":"MaximumLicenseCountExceeded","code":1,"type":"X","info":"   at Secret()"}`)
		}
	}))
	defer srv.Close()
	c := mustClient(t, srv.URL+"/odata/")
	_, err := c.Page(context.Background(), Query{Set: "Crm_Customers"})
	var e *Error
	if !errors.As(err, &e) || e.Set != "Crm_Customers" || !strings.Contains(err.Error(), "entity set Crm_Customers not found") {
		t.Errorf("got %v; want a not-found error naming the set", err)
	}
	_, err = c.Page(context.Background(), Query{Set: "Licence"})
	if !errors.As(err, &e) || !e.LicenseExceeded() || strings.Contains(err.Error(), "Secret") {
		t.Errorf("got %v; want the licence error without the stack", err)
	}
}

func TestEntityAndCount(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.URL.Path == "/odata/S/$count" && r.URL.RawQuery == "$filter=Name%20eq%20'a%20b'":
			io.WriteString(w, "\xef\xbb\xbf42\n")
		case r.URL.Path == "/odata/S/$count":
			io.WriteString(w, "lots")
		case r.URL.Path == "/odata/S(1)":
			io.WriteString(w, `{"@odata.context":"$metadata#S/$entity","@odata.id":"S(1)","B":2,"A":"x"}`)
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	c := mustClient(t, srv.URL+"/odata/")
	ctx := context.Background()
	n, err := c.Count(ctx, Query{Set: "S", Filter: "Name eq 'a b'", Top: 5, Count: true})
	if err != nil || n != 42 {
		t.Errorf("Count: got %d, %v; want 42", n, err)
	}
	if _, err := c.Count(ctx, Query{Set: "S"}); err == nil || !strings.Contains(err.Error(), "not a number") {
		t.Errorf("Count of a non-number: got %v", err)
	}
	r, err := c.Entity(ctx, "S(1)")
	if err != nil || r.ID != "S(1)" || strings.Join(r.Keys, ",") != "B,A" {
		t.Errorf("Entity: got %+v, %v", r, err)
	}
	if _, err := c.Entity(ctx, srv.URL+"/odata/S(1)"); err != nil {
		t.Errorf("Entity by absolute URL: %v", err)
	}
}

// TestExtraHeaders: Client.Header goes on every request, spelt as given; a
// Prefer joins the Client's, Accept stays the Client's.
func TestExtraHeaders(t *testing.T) {
	var mu sync.Mutex
	var got []http.Header
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		got = append(got, r.Header.Clone())
		mu.Unlock()
		if strings.HasSuffix(r.URL.Path, "/$count") {
			io.WriteString(w, "3")
			return
		}
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"value":[{"Id":1}]}`)
	}))
	t.Cleanup(srv.Close)
	c := mustClient(t, srv.URL+"/odata/")
	c.Header = http.Header{"ConsistencyLevel": {"eventual"}, "prefer": {`odata.include-annotations="*"`}, "accept": {"text/html"}, "OData-MaxVersion": {"4.01"}}
	ctx := context.Background()
	if _, err := c.Page(ctx, Query{Set: "S", Top: 7}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Count(ctx, Query{Set: "S"}); err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Fatalf("%d requests; want 2", len(got))
	}
	for i, h := range got {
		if v := h.Get("ConsistencyLevel"); v != "eventual" {
			t.Errorf("request %d: ConsistencyLevel %q; want eventual", i, v)
		}
		if v := h.Get("OData-MaxVersion"); v != "4.01" {
			t.Errorf("request %d: OData-MaxVersion %q; want 4.01 (the user's)", i, v)
		}
		if v := h.Values("Accept"); len(v) != 1 || strings.Contains(v[0], "html") {
			t.Errorf("request %d: Accept %q; want the client's own, once", i, v)
		}
	}
	if v := got[0].Values("Prefer"); len(v) != 1 || v[0] != `odata.include-annotations="*", odata.maxpagesize=7` {
		t.Errorf("page: Prefer %q; want the user's and odata.maxpagesize=7 in one header", v)
	}
	if v := got[1].Values("Prefer"); len(v) != 1 || v[0] != `odata.include-annotations="*"` {
		t.Errorf("count: Prefer %q; want the user's", v)
	}
}
