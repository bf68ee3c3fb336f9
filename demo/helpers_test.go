package demo

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// newTestServer starts a server that stops with the test.
func newTestServer(t testing.TB, opts Options) *Server {
	t.Helper()
	s := NewServer(opts)
	t.Cleanup(s.Close)
	return s
}

// postToken posts a form to the token endpoint and decodes the JSON reply.
func postToken(t testing.TB, s *Server, form url.Values, basicUser, basicPass string) (int, http.Header, map[string]any) {
	t.Helper()
	req, err := http.NewRequest("POST", s.URL+"/id/connect/token", strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if basicUser != "" {
		req.SetBasicAuth(url.QueryEscape(basicUser), url.QueryEscape(basicPass))
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		t.Fatalf("token response is not JSON: %v", err)
	}
	return resp.StatusCode, resp.Header, body
}

// getToken fetches an access token with the given scope ("" = default).
func getToken(t testing.TB, s *Server, scope string) string {
	t.Helper()
	form := url.Values{"grant_type": {"client_credentials"}, "client_id": {s.ClientID()}, "client_secret": {s.ClientSecret()}}
	if scope != "" {
		form.Set("scope", scope)
	}
	status, _, body := postToken(t, s, form, "", "")
	if status != 200 {
		t.Fatalf("token: got status %d (%v); want 200", status, body["error"])
	}
	return body["access_token"].(string)
}

type response struct {
	status int
	header http.Header
	body   []byte
}

// get sends an API GET with the bearer token and optional Accept header.
func get(t testing.TB, s *Server, tok, path, accept string) response {
	t.Helper()
	u := path
	if !strings.HasPrefix(path, "http") {
		u = s.URL + "/api/domain/odata/" + strings.ReplaceAll(path, " ", "%20")
	}
	req, err := http.NewRequest("GET", u, nil)
	if err != nil {
		t.Fatal(err)
	}
	if tok != "" {
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	if accept != "" {
		req.Header.Set("Accept", accept)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return response{resp.StatusCode, resp.Header, b}
}

// page is a decoded collection response.
type page struct {
	Count    json.Number      `json:"@odata.count"`
	NextLink string           `json:"@odata.nextLink"`
	Value    []map[string]any `json:"value"`
}

// getPage fetches a collection and fails the test unless it is a 200.
func getPage(t testing.TB, s *Server, tok, path string) page {
	t.Helper()
	r := get(t, s, tok, path, "")
	if r.status != 200 {
		t.Fatalf("GET %s: got status %d: %s; want 200", path, r.status, r.body)
	}
	var p page
	d := json.NewDecoder(bytes.NewReader(r.body))
	d.UseNumber()
	if err := d.Decode(&p); err != nil {
		t.Fatalf("GET %s: body is not a collection: %v", path, err)
	}
	return p
}

// erpError decodes the flat ERP.net error body of a failed query.
func erpError(t testing.TB, r response) (msg, typ string) {
	t.Helper()
	var e struct {
		Message string          `json:"message"`
		Code    json.RawMessage `json:"code"`
		Type    string          `json:"type"`
		Info    *string         `json:"info"`
	}
	if err := json.Unmarshal(r.body, &e); err != nil || e.Message == "" || e.Info == nil {
		t.Fatalf("error body is not ERP-shaped: %s", r.body)
	}
	if _, err := json.Number(e.Code).Int64(); err != nil {
		t.Fatalf("error code %s is not a number", e.Code)
	}
	return e.Message, e.Type
}
