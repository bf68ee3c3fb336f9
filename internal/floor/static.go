package floor

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync/atomic"
	"time"
)

// Static is an httptest server that answers each request with the response
// recorded for the same method, path and query: the same pages as the
// server that was recorded, served from memory. The recorded origin is
// replaced by the Static server's own in every body and Location, so that
// next links lead back to it.
type Static struct {
	*httptest.Server
	answers map[string]Response
	delay   atomic.Int64 // before each GET's answer, in nanoseconds
}

// SetDelay makes the server wait d before answering each GET (not the
// token request): a model of a server that takes d to produce a page, or
// of a network's round trip.
func (s *Static) SetDelay(d time.Duration) { s.delay.Store(int64(d)) }

// NewStatic starts a Static server for the recorded reqs and resps (the
// same length, in the same order, from one origin).
func NewStatic(reqs []Request, resps []Response) *Static {
	s := &Static{answers: map[string]Response{}}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	for i, r := range reqs {
		u, err := url.Parse(r.URL)
		if err != nil {
			continue
		}
		from := []byte(u.Scheme + "://" + u.Host)
		resp := resps[i]
		resp.Body = bytes.ReplaceAll(resp.Body, from, []byte(s.URL))
		resp.Header = resp.Header.Clone()
		resp.Header.Del("Content-Length")
		resp.Header.Del("Date")
		s.answers[r.Method+" "+u.RequestURI()] = resp
	}
	return s
}

// Rebase returns reqs with their origin replaced by s's.
func (s *Static) Rebase(reqs []Request) []Request {
	out := make([]Request, len(reqs))
	base, _ := url.Parse(s.URL)
	for i, r := range reqs {
		out[i] = r
		if u, err := url.Parse(r.URL); err == nil {
			u.Scheme, u.Host = base.Scheme, base.Host
			out[i].URL = u.String()
		}
	}
	return out
}

func (s *Static) serve(w http.ResponseWriter, r *http.Request) {
	resp, ok := s.answers[r.Method+" "+r.URL.RequestURI()]
	if !ok {
		http.Error(w, "floor: no recorded answer for "+r.Method+" "+r.URL.RequestURI(), http.StatusNotFound)
		return
	}
	if d := time.Duration(s.delay.Load()); d > 0 && r.Method == http.MethodGet {
		t := time.NewTimer(d)
		select {
		case <-t.C:
		case <-r.Context().Done():
			t.Stop()
			return
		}
	}
	for k, v := range resp.Header {
		w.Header()[k] = v
	}
	w.WriteHeader(resp.Status)
	_, _ = w.Write(resp.Body)
}
