package auth

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
)

// BenchmarkTokenCached measures the hot path: a valid token from the cache.
func BenchmarkTokenCached(b *testing.B) {
	srv := httptest.NewServer(reply(200, "application/json", `{"access_token":"abcdefghijkl","expires_in":3600}`))
	defer srv.Close()
	s := NewSource(Config{ClientID: "c", ClientSecret: "s", TokenURL: srv.URL})
	ctx := context.Background()
	if _, err := s.Token(ctx); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := s.Token(ctx); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkTransportOverhead measures RoundTrip's own cost over a base
// transport that answers at once.
func BenchmarkTransportOverhead(b *testing.B) {
	srv := httptest.NewServer(reply(200, "application/json", `{"access_token":"abcdefghijkl","expires_in":3600}`))
	defer srv.Close()
	s := NewSource(Config{ClientID: "c", ClientSecret: "s", TokenURL: srv.URL})
	tr := &Transport{Source: s, Base: roundTripFunc(func(r *http.Request) (*http.Response, error) {
		return &http.Response{StatusCode: 200, Body: http.NoBody, Header: http.Header{}, Request: r}, nil
	})}
	req, _ := http.NewRequest("GET", srv.URL+"/api/domain/odata/Crm_Sales_Customers", nil)
	b.ReportAllocs()
	for b.Loop() {
		resp, err := tr.RoundTrip(req)
		if err != nil {
			b.Fatal(err)
		}
		resp.Body.Close()
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// BenchmarkInspect decodes a token shaped like ERP.net's sample.
func BenchmarkInspect(b *testing.B) {
	tok := makeJWT(`{"alg":"RS256","kid":"K1","typ":"at+jwt"}`, erpClaims)
	b.ReportAllocs()
	for b.Loop() {
		if Inspect(tok).Kind != KindJWT {
			b.Fatal("not a JWT")
		}
	}
}
