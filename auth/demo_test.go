package auth_test

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/odx-dev/odx/auth"
	"github.com/odx-dev/odx/demo"
)

// demoSource returns a Source configured for a demo server.
func demoSource(srv *demo.Server, secret string, scopes ...string) *auth.Source {
	return auth.NewSource(auth.Config{
		ClientID:     srv.ClientID(),
		ClientSecret: secret,
		TokenURL:     srv.URL + "/id/connect/token",
		Scopes:       scopes,
		ServiceURL:   srv.URL + "/api/domain/odata/",
	})
}

func demoGet(t *testing.T, c *http.Client, url string) {
	t.Helper()
	resp, err := c.Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: got status %d; want 200", url, resp.StatusCode)
	}
}

func TestDemoAuthenticateOnceAndInspect(t *testing.T) {
	srv := demo.NewServer(demo.Options{})
	defer srv.Close()
	s := demoSource(srv, srv.ClientSecret(), "read")
	c := s.Client()
	for range 100 {
		demoGet(t, c, srv.URL+"/api/domain/odata/Crm_Sales_Customers?$top=1")
	}
	if got := srv.Stats().TokensIssued; got != 1 {
		t.Errorf("demo tokens issued for 100 requests: got %d; want 1", got)
	}
	info, err := s.Info(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if info.Kind != auth.KindJWT || !slices.Contains(info.Scopes, "read") || len(info.ScopesMissing) != 0 {
		t.Errorf("info: got kind %q, scopes %v, missing %v; want a JWT granting read", info.Kind, info.Scopes, info.ScopesMissing)
	}
	if len(info.Claims) == 0 || info.Claims[0].Name != "client_id" || !strings.Contains(string(info.Claims[0].Value), srv.ClientID()) {
		t.Errorf("first claim: got %+v; want client_id %q", info.Claims, srv.ClientID())
	}
	if info.ExpiresIn <= 0 || info.ExpiresIn > demo.DefaultTokenTTL {
		t.Errorf("expires in: got %v; want within the demo's %v", info.ExpiresIn, demo.DefaultTokenTTL)
	}
}

func TestDemoRevocation(t *testing.T) {
	srv := demo.NewServer(demo.Options{RevokeAfter: 5})
	defer srv.Close()
	s := demoSource(srv, srv.ClientSecret(), "read")
	c := s.Client()
	for range 30 {
		demoGet(t, c, srv.URL+"/api/domain/odata/Crm_Sales_Customers?$top=1")
	}
	st, ds := s.Stats(), srv.Stats()
	if st.Replays < 5 || st.Replays != ds.Unauthorized || st.Reauthentications != st.Replays {
		t.Errorf("replays %d, re-authentications %d, demo 401s %d; want equal and at least 5",
			st.Replays, st.Reauthentications, ds.Unauthorized)
	}
	if st.TokensFetched != 1+st.Reauthentications || ds.TokensIssued != st.TokensFetched {
		t.Errorf("tokens fetched %d, demo issued %d; want 1 + %d re-authentications", st.TokensFetched,
			ds.TokensIssued, st.Reauthentications)
	}
	t.Logf("30 requests: %d tokens, %d re-authentications, %d replays", st.TokensFetched, st.Reauthentications, st.Replays)
}

func TestDemoExpiry(t *testing.T) {
	srv := demo.NewServer(demo.Options{TokenTTL: time.Second})
	defer srv.Close()
	s := demoSource(srv, srv.ClientSecret(), "read")
	c := s.Client()
	// Three tokens: use each, wait for its expiry, use the Source again.
	n := 0
	for range 3 {
		demoGet(t, c, srv.URL+"/api/domain/odata/Crm_Sales_Customers?$top=1")
		exp, ok := s.Expiry()
		if !ok {
			t.Fatal("no token cached after a request")
		}
		<-time.After(time.Until(exp))
		demoGet(t, c, srv.URL+"/api/domain/odata/Crm_Sales_Customers?$top=1")
		n += 2
	}
	st := s.Stats()
	// The demo's exp is a whole second, so a 1 s token may live only a few
	// milliseconds; renewals happen when the Source's reckoning of expiry
	// comes, and a request that races the boundary is replayed rather than
	// failed.
	if st.TokensFetched < 3 || st.Replays >= st.TokensFetched {
		t.Errorf("tokens fetched %d, replays %d; want at least 3 tokens, most renewed before expiry",
			st.TokensFetched, st.Replays)
	}
	t.Logf("%d requests over three 1 s tokens: %d tokens, %d replays", n, st.TokensFetched, st.Replays)
}

func TestDemoWrongSecret(t *testing.T) {
	srv := demo.NewServer(demo.Options{})
	defer srv.Close()
	_, err := demoSource(srv, "not-the-secret", "read").Token(context.Background())
	var ae *auth.Error
	if !errors.As(err, &ae) || ae.Code != "invalid_client" {
		t.Fatalf("got %v; want an invalid_client *auth.Error", err)
	}
	if !strings.Contains(err.Error(), "rejected client '"+srv.ClientID()+"'") {
		t.Errorf("message %q; want it to name the client", err)
	}
	if strings.Contains(err.Error(), srv.ClientSecret()) || strings.Contains(err.Error(), "not-the-secret") {
		t.Errorf("message contains a secret: %q", err)
	}
}

func TestDemoUnknownScope(t *testing.T) {
	srv := demo.NewServer(demo.Options{Scopes: []string{"read"}})
	defer srv.Close()
	_, err := demoSource(srv, srv.ClientSecret(), "read", "update").Token(context.Background())
	var ae *auth.Error
	if !errors.As(err, &ae) || ae.Code != "invalid_scope" {
		t.Fatalf("got %v; want an invalid_scope *auth.Error", err)
	}
	if !strings.Contains(err.Error(), "'read update'") {
		t.Errorf("message %q; want it to name the scopes", err)
	}
}
