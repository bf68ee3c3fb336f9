package demo

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	jose "github.com/go-jose/go-jose/v4"
	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"
)

func TestTokenGrants(t *testing.T) {
	s := newTestServer(t, Options{ClientSecret: "s3cr:et/+ ü"})
	base := func() url.Values {
		return url.Values{"grant_type": {"client_credentials"}, "client_id": {DefaultClientID}, "client_secret": {s.ClientSecret()}}
	}
	t.Run("form", func(t *testing.T) {
		status, h, body := postToken(t, s, base(), "", "")
		if status != 200 {
			t.Fatalf("got status %d (%v); want 200", status, body)
		}
		if got := h.Get("Cache-Control"); got != "no-store" {
			t.Errorf("Cache-Control: got %q; want no-store", got)
		}
		if body["token_type"] != "Bearer" || body["scope"] != "read update" || body["expires_in"] != float64(60) {
			t.Errorf("got token_type %v, scope %v, expires_in %v; want Bearer, \"read update\", 60", body["token_type"], body["scope"], body["expires_in"])
		}
	})
	t.Run("basic with slash in client id", func(t *testing.T) {
		form := url.Values{"grant_type": {"client_credentials"}, "scope": {"read"}}
		status, _, body := postToken(t, s, form, DefaultClientID, s.ClientSecret())
		if status != 200 || body["scope"] != "read" {
			t.Fatalf("got status %d scope %v (%v); want 200 read", status, body["scope"], body["error"])
		}
	})
	t.Run("scope subset keeps configured order", func(t *testing.T) {
		f := base()
		f.Set("scope", "update read")
		_, _, body := postToken(t, s, f, "", "")
		if body["scope"] != "read update" {
			t.Errorf("got scope %v; want \"read update\"", body["scope"])
		}
	})
}

func TestTokenErrors(t *testing.T) {
	s := newTestServer(t, Options{})
	good := url.Values{"grant_type": {"client_credentials"}, "client_id": {DefaultClientID}, "client_secret": {s.ClientSecret()}}
	with := func(k, v string) url.Values {
		f := url.Values{}
		for key, vals := range good {
			f[key] = slices.Clone(vals)
		}
		if v == "" {
			f.Del(k)
		} else {
			f.Set(k, v)
		}
		return f
	}
	tests := []struct {
		name       string
		form       url.Values
		user, pass string
		status     int
		code       string
	}{
		{"bad secret", with("client_secret", "wrong"), "", "", 400, "invalid_client"},
		{"unknown client", with("client_id", "someone/else"), "", "", 400, "invalid_client"},
		{"bad secret via basic", url.Values{"grant_type": {"client_credentials"}}, DefaultClientID, "wrong", 401, "invalid_client"},
		{"scope not configured", with("scope", "read DomainApi"), "", "", 400, "invalid_scope"},
		{"wrong grant", with("grant_type", "password"), "", "", 400, "unsupported_grant_type"},
		{"missing grant", with("grant_type", ""), "", "", 400, "invalid_request"},
		{"missing client_id", with("client_id", ""), "", "", 400, "invalid_request"},
		{"missing client_secret", with("client_secret", ""), "", "", 400, "invalid_request"},
		{"basic and form secret", good, DefaultClientID, "x", 400, "invalid_request"},
		{"duplicate parameter", func() url.Values { f := with("scope", "read"); f.Add("scope", "update"); return f }(), "", "", 400, "invalid_request"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, h, body := postToken(t, s, tt.form, tt.user, tt.pass)
			if status != tt.status || body["error"] != tt.code {
				t.Fatalf("got %d %v; want %d %s", status, body["error"], tt.status, tt.code)
			}
			if wantChallenge := tt.status == 401; (h.Get("WWW-Authenticate") != "") != wantChallenge {
				t.Errorf("WWW-Authenticate: got %q; want present=%v", h.Get("WWW-Authenticate"), wantChallenge)
			}
			if strings.Contains(string(mustJSON(body)), s.ClientSecret()) {
				t.Errorf("error body contains the client secret")
			}
		})
	}
	t.Run("not POST", func(t *testing.T) {
		resp, err := http.Get(s.URL + "/id/connect/token?grant_type=client_credentials")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 400 {
			t.Errorf("got status %d; want 400", resp.StatusCode)
		}
	})
	t.Run("not a form", func(t *testing.T) {
		resp, err := http.Post(s.URL+"/id/connect/token", "application/json", strings.NewReader(`{"grant_type":"client_credentials"}`))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var body map[string]string
		_ = json.NewDecoder(resp.Body).Decode(&body)
		if resp.StatusCode != 400 || body["error"] != "invalid_request" {
			t.Errorf("got %d %q; want 400 invalid_request", resp.StatusCode, body["error"])
		}
	})
	if got := s.Stats().Unauthorized; got != 1 {
		t.Errorf("Stats.Unauthorized: got %d; want 1 (the Basic failure)", got)
	}
}

func mustJSON(v any) []byte { b, _ := json.Marshal(v); return b }

func TestHashSecret(t *testing.T) {
	// echo -n secret | sha256sum | xxd -r -p | base64
	if got, want := HashSecret("secret"), "K7gNU3sdo+OL0wNhqoVWhr3g6s1xYv72ol/pe/Unols="; got != want {
		t.Errorf("HashSecret(secret): got %s; want %s", got, want)
	}
}

func TestJWT(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	s := newTestServer(t, Options{TokenTTL: 90 * time.Second, Now: func() time.Time { return now }})
	tok := getToken(t, s, "read")

	var disc map[string]any
	fetchJSON(t, s.URL+"/id/.well-known/openid-configuration", &disc)
	iss := s.URL + "/id"
	if disc["issuer"] != iss || disc["token_endpoint"] != iss+"/connect/token" {
		t.Fatalf("discovery: got issuer %v, token_endpoint %v; want %s and %s/connect/token", disc["issuer"], disc["token_endpoint"], iss, iss)
	}
	var jwks jose.JSONWebKeySet
	fetchJSON(t, disc["jwks_uri"].(string), &jwks)
	if len(jwks.Keys) != 1 || !jwks.Keys[0].IsPublic() || jwks.Keys[0].Use != "sig" {
		t.Fatalf("JWKS: got %d keys; want one public signing key", len(jwks.Keys))
	}

	jws, err := jose.ParseSignedCompact(tok, []jose.SignatureAlgorithm{jose.RS256})
	if err != nil {
		t.Fatalf("access token is not a compact RS256 JWS: %v", err)
	}
	h := jws.Signatures[0].Header
	if h.Algorithm != "RS256" || h.ExtraHeaders["typ"] != "at+jwt" || h.KeyID != jwks.Keys[0].KeyID {
		t.Errorf("header: got alg %s typ %v kid %s; want RS256 at+jwt %s", h.Algorithm, h.ExtraHeaders["typ"], h.KeyID, jwks.Keys[0].KeyID)
	}
	payload, err := jws.Verify(jwks.Keys[0].Key)
	if err != nil {
		t.Fatalf("signature does not verify against the served JWKS: %v", err)
	}
	var c map[string]any
	if err := json.Unmarshal(payload, &c); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{
		"nbf": float64(now.Unix()), "iat": float64(now.Unix()), "exp": float64(now.Unix() + 90),
		"iss": iss, "client_id": DefaultClientID, "client_system_user": "odx-demo",
		"client_system_user_type": "InternalUser", "client_db": "ODX_DEMO",
	}
	for k, v := range want {
		if c[k] != v {
			t.Errorf("claim %s: got %v; want %v", k, c[k], v)
		}
	}
	if got, want := string(mustJSON(c["aud"])), string(mustJSON([]string{"DomainAPI", "TableAPI", "OLAP", "AppServer", iss + "/resources"})); got != want {
		t.Errorf("aud: got %s; want %s", got, want)
	}
	if got := string(mustJSON(c["scope"])); got != `["read"]` {
		t.Errorf("scope: got %s; want [\"read\"]", got)
	}
	if jti, _ := c["jti"].(string); len(jti) != 32 {
		t.Errorf("jti: got %q; want 32 hex digits", jti)
	}
}

func fetchJSON(t *testing.T, u string, v any) {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		t.Fatalf("GET %s: %v", u, err)
	}
}

func TestProfileAndVersion(t *testing.T) {
	s := newTestServer(t, Options{ClientSecret: "abc"})
	p := s.Profile("demo", s.URL+"/")
	for _, want := range []string{"[profiles.demo]\n", `instance = "` + s.URL + `"`, `client_id = "odx-demo/service"`, `client_secret = "abc"`, "client_secret_env"} {
		if !strings.Contains(p, want) {
			t.Errorf("profile lacks %q:\n%s", want, p)
		}
	}
	if p := s.Profile("my demo", s.URL); !strings.Contains(p, `[profiles."my demo"]`) {
		t.Errorf("profile name with a space is not quoted:\n%s", p)
	}
	resp, err := http.Get(s.URL + "/tools/ver")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	ver, _ := io.ReadAll(resp.Body)
	if string(ver) != Version {
		t.Errorf("/tools/ver: got %q; want %q", ver, Version)
	}
	if a, b := New(Options{}), New(Options{}); a.ClientSecret() == b.ClientSecret() || len(a.ClientSecret()) != 43 {
		t.Errorf("random secrets: got %d characters, equal=%v; want 43 (base64url of 32 bytes), distinct", len(a.ClientSecret()), a.ClientSecret() == b.ClientSecret())
	}
}

// TestOAuth2Client checks interoperability with golang.org/x/oauth2 in each
// of its client authentication styles.
func TestOAuth2Client(t *testing.T) {
	s := newTestServer(t, Options{ClientSecret: "p@ss word/+%"})
	for _, style := range []oauth2.AuthStyle{oauth2.AuthStyleInParams, oauth2.AuthStyleInHeader, oauth2.AuthStyleAutoDetect} {
		cfg := clientcredentials.Config{ClientID: s.ClientID(), ClientSecret: s.ClientSecret(), TokenURL: s.URL + "/id/connect/token", Scopes: []string{"read"}, AuthStyle: style}
		tok, err := cfg.Token(context.Background())
		if err != nil {
			t.Errorf("auth style %d: %v", style, err)
			continue
		}
		if tok.Type() != "Bearer" || time.Until(tok.Expiry) <= 0 {
			t.Errorf("auth style %d: got type %s, expiry %v", style, tok.Type(), tok.Expiry)
		}
		resp, err := cfg.Client(context.Background()).Get(s.URL + "/api/domain/odata/General_Currencies/$count")
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if string(body) != "30" {
			t.Errorf("auth style %d: /$count got %d %q; want 30", style, resp.StatusCode, body)
		}
	}
	if got := s.Stats().TokensIssued; got != 6 {
		t.Errorf("Stats.TokensIssued: got %d; want 6", got)
	}
}
