package auth

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"
)

// erpClaims are the claims of the ERP.net documentation's sample token.
const erpClaims = `{"nbf":1766505147,"exp":1766508747,"iat":1766505147,"iss":"https://e1-dev.local/id",
 "aud":["DomainAPI","TableAPI","OLAP","AppServer","https://e1-dev.local/id/resources"],
 "client_id":"PK","client_system_user":"admin","client_system_user_type":"InternalUser",
 "client_db":"E1_DEV-1 Test","jti":"8D0B","scope":["read","update"],"zeta":1,"alpha":{"x":true}}`

func names(cs []Claim) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.Name
	}
	return out
}

func TestInspectJWT(t *testing.T) {
	tok := makeJWT(`{"typ":"at+jwt","kid":"K1","alg":"RS256","x5t":"abc"}`, erpClaims)
	info := Inspect(tok)
	if info.Kind != KindJWT || info.Note != "" {
		t.Fatalf("kind, note: got %q, %q; want JWT and no note", info.Kind, info.Note)
	}
	wantNames := []string{"client_id", "client_system_user", "client_system_user_type", "client_db", "iss", "aud",
		"scope", "jti", "nbf", "iat", "exp", "alpha", "zeta"}
	if got := names(info.Claims); !slices.Equal(got, wantNames) {
		t.Errorf("claim order: got %v; want %v", got, wantNames)
	}
	if got := names(info.Header); !slices.Equal(got, []string{"alg", "typ", "kid", "x5t"}) {
		t.Errorf("header order: got %v; want alg typ kid x5t", got)
	}
	if !slices.Equal(info.Scopes, []string{"read", "update"}) {
		t.Errorf("scopes: got %v; want [read update]", info.Scopes)
	}
	if want := time.Unix(1766508747, 0); !info.ExpiresAt.Equal(want) {
		t.Errorf("expires at: got %v; want %v", info.ExpiresAt, want)
	}
	if got := find(info.Claims, "exp").Time; !got.Equal(time.Unix(1766508747, 0)) {
		t.Errorf("exp claim time: got %v", got)
	}
	if got := find(info.Claims, "aud").Text(); got != "DomainAPI TableAPI OLAP AppServer https://e1-dev.local/id/resources" {
		t.Errorf("aud text: got %q", got)
	}
	if got := info.Token; got != Mask(tok) || !strings.HasPrefix(got, "…") {
		t.Errorf("token: got %q; want the masked token", got)
	}
}

func TestInspectStringScopeAndAud(t *testing.T) {
	info := Inspect(makeJWT(`{"alg":"ES256"}`, `{"scope":"read  update","aud":"DomainAPI","exp":1.5e9}`))
	if !slices.Equal(info.Scopes, []string{"read", "update"}) {
		t.Errorf("scopes from a string: got %v; want [read update]", info.Scopes)
	}
	if got := find(info.Claims, "aud").Text(); got != "DomainAPI" {
		t.Errorf("aud text: got %q; want DomainAPI", got)
	}
	if !info.ExpiresAt.Equal(time.Unix(1_500_000_000, 0)) || info.ExpiresIn >= 0 {
		t.Errorf("expiry: got %v in %v; want 2017-07-14, in the past", info.ExpiresAt, info.ExpiresIn)
	}
}

func TestInspectOpaqueAndGarbage(t *testing.T) {
	tests := []struct {
		raw, kind string
		note      bool
	}{
		{"enrt_0123456789abcdefghij", KindReference, false},
		{"enrt_a.b.c", KindReference, false},
		{"2YotnFZFEjr1zCsicMWpAA", KindOpaque, false},
		{"", KindOpaque, false},
		{"a.b.c", KindOpaque, true},
		{makeJWT(`{"alg":"none"}`, `{}`), KindOpaque, true},
		{makeJWT(`{"alg":"RS256"}`, `[1,2]`), KindOpaque, true},
		{makeJWT(`{"alg":"RS256"}`, `not json`), KindOpaque, true},
		{"h.e.a.d.er", KindOpaque, true},
	}
	for _, tt := range tests {
		info := Inspect(tt.raw)
		if info.Kind != tt.kind || (info.Note != "") != tt.note || info.Claims != nil {
			t.Errorf("Inspect(%.20q): got kind %q, note %q, %d claims; want %q, note %v, no claims",
				tt.raw, info.Kind, info.Note, len(info.Claims), tt.kind, tt.note)
		}
	}
}

func TestMask(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"eyJhbGciOiJSUzI1NiJ9.payload.sig-123456", "…123456"},
		{"short", "…rt"},
		{"abcdefghijkl", "…ghijkl"},
		{"tok-with-\x1b[31m-ending\x07", `…"nding\a"`},
	}
	for _, tt := range tests {
		if got := Mask(tt.in); got != tt.want {
			t.Errorf("Mask(%q): got %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestWriteTextEscapesHostileClaims(t *testing.T) {
	tok := makeJWT(`{"alg":"RS256","typ":"at+jwt\u001b]8;;http://evil\u0007"}`,
		`{"client_id":"PK\u001b[2J","iss":"x\u202eevil","scope":["read\u001b[31m"],"exp":1766508747,"note\nname":"v"}`)
	info := Inspect(tok)
	var b bytes.Buffer
	if err := info.WriteText(&b); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, bad := range []string{"\x1b", "\x07", "\u202e", "note\nname"} {
		if strings.Contains(out, bad) {
			t.Errorf("text output contains %q raw:\n%s", bad, out)
		}
	}
	for _, want := range []string{`"PK\x1b[2J"`, `"x\u202eevil"`, "client_id", "1766508747 ("} {
		if !strings.Contains(out, want) {
			t.Errorf("text output lacks %q:\n%s", want, out)
		}
	}
}

func TestSourceInfoJSONAndText(t *testing.T) {
	tok := makeJWT(`{"alg":"RS256","typ":"at+jwt"}`, `{"client_id":"PK","scope":["read"],"iat":1766505147,"exp":1766508747}`)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]any{"access_token": tok, "token_type": "Bearer", "expires_in": 3600, "scope": "read"})
	}))
	defer srv.Close()
	s := NewSource(Config{ClientID: "PK", ClientSecret: testSecret, TokenURL: srv.URL, Scopes: []string{"read", "update"}})
	info, err := s.Info(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(info.ScopesMissing, []string{"update"}) || info.TokenType != "Bearer" {
		t.Errorf("missing scopes, type: got %v, %q; want [update], Bearer", info.ScopesMissing, info.TokenType)
	}
	if info.ExpiresIn < 59*time.Minute || info.ExpiresIn > time.Hour {
		t.Errorf("expires in: got %v; want about 1h (from expires_in, not the JWT's past exp)", info.ExpiresIn)
	}
	raw, err := json.Marshal(info)
	if err != nil {
		t.Fatal(err)
	}
	assertNoSecret(t, "JSON", string(raw))
	if strings.Contains(string(raw), tok) {
		t.Errorf("JSON holds the whole token")
	}
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"token", "token_type", "scopes", "scopes_requested", "scopes_missing", "expires_at",
		"expires_in", "claims", "header", "tokens_fetched", "reauthentications"} {
		if _, ok := m[k]; !ok {
			t.Errorf("JSON lacks %q: %s", k, raw)
		}
	}
	if got := m["tokens_fetched"]; got != float64(1) {
		t.Errorf("tokens_fetched: got %v; want 1", got)
	}
	if _, err := time.Parse(time.RFC3339, m["expires_at"].(string)); err != nil {
		t.Errorf("expires_at is not RFC 3339: %v", m["expires_at"])
	}
	if i := strings.Index(string(raw), `"claims":{"client_id"`); i < 0 {
		t.Errorf("claims do not start with client_id: %s", raw)
	}
	var b bytes.Buffer
	info.WriteText(&b)
	for _, want := range []string{"token", "(Bearer, JWT)", "scopes", "read", "not granted", "update", "expires in", "59m5", "client_id"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("text lacks %q:\n%s", want, b.String())
		}
	}
	assertNoSecret(t, "text", b.String())
}

func TestOpaqueInfoJSONHasNoClaims(t *testing.T) {
	raw, _ := json.Marshal(Inspect("enrt_0123456789abcdef"))
	var m map[string]any
	json.Unmarshal(raw, &m)
	if _, ok := m["claims"]; ok {
		t.Errorf("opaque token JSON has claims: %s", raw)
	}
	if m["kind"] != KindReference || m["scopes"] == nil {
		t.Errorf("opaque token JSON: got %s; want kind %q and scopes []", raw, KindReference)
	}
}

func FuzzInspect(f *testing.F) {
	f.Add(makeJWT(`{"alg":"RS256","typ":"at+jwt"}`, erpClaims))
	f.Add(makeJWT(`{"alg":"HS256"}`, `{"scope":"a b","exp":"soon","nbf":-1,"iat":1e300}`))
	f.Add("enrt_abc")
	f.Add("a.b.c")
	f.Add("e30.e30.")
	f.Add("\xff.\xfe.\xfd")
	f.Fuzz(func(t *testing.T, raw string) {
		info := Inspect(raw)
		var b bytes.Buffer
		if err := info.WriteText(&b); err != nil {
			t.Fatal(err)
		}
		if _, err := json.Marshal(info); err != nil {
			t.Fatalf("JSON: %v", err)
		}
		if len(raw) > 12 && strings.Contains(b.String(), raw) {
			t.Fatalf("text output contains the whole token")
		}
	})
}
