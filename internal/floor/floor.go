// Package floor is a benchmark helper, not a product feature: the least
// any client can do against an OData service, to measure odx against. The
// floor gets a token, then makes the same HTTP requests as odx on one
// kept-alive connection, reading each body whole and throwing it away. A
// Recorder learns odx's requests (and the server's answers, for Static);
// Pair times odx and the floor alternately in one process.
package floor

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
)

// Request is one HTTP request as a client made it.
type Request struct {
	Method string
	URL    string
	Header http.Header
	Body   []byte // the form of a token request; nil for a GET
}

// Response is a server's answer to a Request, kept whole.
type Response struct {
	Status int
	Header http.Header
	Body   []byte
}

// Recorder is an http.RoundTripper that records every request made through
// it, and the response, before handing the response on unchanged.
type Recorder struct {
	Base http.RoundTripper // nil: http.DefaultTransport

	mu    sync.Mutex
	reqs  []Request
	resps []Response
}

// RoundTrip implements http.RoundTripper.
func (r *Recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	base := r.Base
	if base == nil {
		base = http.DefaultTransport
	}
	rec := Request{Method: req.Method, URL: req.URL.String(), Header: req.Header.Clone()}
	if req.Body != nil {
		b, err := io.ReadAll(req.Body)
		req.Body.Close()
		if err != nil {
			return nil, err
		}
		rec.Body = b
		req.Body = io.NopCloser(bytes.NewReader(b))
	}
	resp, err := base.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	r.mu.Lock()
	r.reqs = append(r.reqs, rec)
	r.resps = append(r.resps, Response{Status: resp.StatusCode, Header: resp.Header.Clone(), Body: body})
	r.mu.Unlock()
	return resp, nil
}

// Requests returns the requests recorded so far, in order.
func (r *Recorder) Requests() []Request {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Request(nil), r.reqs...)
}

// Responses returns the responses recorded so far, in the requests' order.
func (r *Recorder) Responses() []Response {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Response(nil), r.resps...)
}

// Reset forgets what was recorded.
func (r *Recorder) Reset() {
	r.mu.Lock()
	r.reqs, r.resps = nil, nil
	r.mu.Unlock()
}

// Run is one run of the floor: reqs in order on a new transport's one
// kept-alive connection. A request whose form holds grant_type is a token
// request: the access_token of its answer replaces the bearer token of
// every later request. Each body is read whole and discarded; Run returns
// the bytes read.
func Run(ctx context.Context, reqs []Request) (int64, error) {
	tr := &http.Transport{MaxConnsPerHost: 1, DisableCompression: true}
	defer tr.CloseIdleConnections()
	hc := &http.Client{Transport: tr}
	var total int64
	bearer := ""
	for _, r := range reqs {
		var body io.Reader
		if r.Body != nil {
			body = bytes.NewReader(r.Body)
		}
		req, err := http.NewRequestWithContext(ctx, r.Method, r.URL, body)
		if err != nil {
			return total, err
		}
		req.Header = r.Header.Clone()
		if bearer != "" && strings.HasPrefix(req.Header.Get("Authorization"), "Bearer ") {
			req.Header.Set("Authorization", bearer)
		}
		resp, err := hc.Do(req)
		if err != nil {
			return total, err
		}
		token := bytes.Contains(r.Body, []byte("grant_type"))
		var n int64
		if token {
			var buf bytes.Buffer
			n, err = io.Copy(&buf, resp.Body)
			var t struct {
				AccessToken string `json:"access_token"`
			}
			if err == nil && json.Unmarshal(buf.Bytes(), &t) == nil && t.AccessToken != "" {
				bearer = "Bearer " + t.AccessToken
			}
		} else {
			n, err = io.Copy(io.Discard, resp.Body)
		}
		resp.Body.Close()
		total += n
		if err != nil {
			return total, err
		}
		if resp.StatusCode >= 300 {
			return total, fmt.Errorf("floor: %s %s: %s", r.Method, r.URL, resp.Status)
		}
	}
	return total, nil
}
