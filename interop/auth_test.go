//go:build interop

package interop

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/odx-dev/odx/auth"
	"github.com/odx-dev/odx/odata"
)

// claim returns the text of the named JWT claim in info, or "".
func claim(info auth.Info, name string) string {
	for _, c := range info.Claims {
		if c.Name == name {
			return c.Text()
		}
	}
	return ""
}

func TestTokenFromOIDCProvider(t *testing.T) {
	src := newSource(t, "read", "update")
	info, err := src.Info(ctx(t))
	if err != nil {
		t.Fatalf("Info: %v", err)
	}
	if info.Kind != auth.KindJWT {
		t.Errorf("kind = %q (%s); want %q", info.Kind, info.Note, auth.KindJWT)
	}
	if got := strings.Join(info.Scopes, " "); got != "read update" {
		t.Errorf("scopes granted = %q; want %q", got, "read update")
	}
	if len(info.ScopesMissing) != 0 {
		t.Errorf("scopes missing = %q; want none", info.ScopesMissing)
	}
	for name, want := range map[string]string{
		"client_id": srv.ClientID, // contains '/'
		"scope":     "read update",
		"aud":       srv.ServiceRoot, // a string here, an array on ERP.net
		"iss":       srv.Issuer,
		"sub":       srv.ClientID,
	} {
		if got := claim(info, name); got != want {
			t.Errorf("claim %s = %q; want %q", name, got, want)
		}
	}
	var typ string
	for _, h := range info.Header {
		if h.Name == "typ" {
			typ = h.Text()
		}
	}
	if typ != "at+jwt" {
		t.Errorf("header typ = %q; want at+jwt (RFC 9068)", typ)
	}
	if d := info.ExpiresAt.Sub(info.IssuedAt); d < time.Second || d > tokenTTL*time.Second+time.Second {
		t.Errorf("lifetime = %v (iat %v, exp %v); want about %ds", d, info.IssuedAt, info.ExpiresAt, tokenTTL)
	}
	if !strings.HasPrefix(info.Token, "…") || len(info.Token) > len("…")+6 {
		t.Errorf("masked token = %q; want … and six characters", info.Token)
	}
}

func TestTokenScopeNotAllowed(t *testing.T) {
	need(t)
	// The reader client may have scope update only: asking for read fails at
	// the token endpoint with invalid_scope.
	src := auth.NewSource(auth.Config{
		ClientID: srv.ReaderID, ClientSecret: srv.ReaderSecret, TokenURL: srv.TokenURL,
		Scopes: []string{"read"}, ServiceURL: srv.ServiceRoot,
	})
	_, err := src.Token(ctx(t))
	var ae *auth.Error
	if !errors.As(err, &ae) {
		t.Fatalf("Token error = %v; want an *auth.Error", err)
	}
	if ae.Code != "invalid_scope" || ae.Status != 400 {
		t.Errorf("error status %d code %q; want 400 invalid_scope", ae.Status, ae.Code)
	}
	if strings.Contains(err.Error(), srv.ReaderSecret) {
		t.Errorf("error %q holds the secret", err)
	}
}

func TestTokenWrongSecret(t *testing.T) {
	need(t)
	src := auth.NewSource(auth.Config{
		ClientID: srv.ClientID, ClientSecret: "not-the-secret", TokenURL: srv.TokenURL,
		Scopes: []string{"read"}, ServiceURL: srv.ServiceRoot,
	})
	_, err := src.Token(ctx(t))
	var ae *auth.Error
	if !errors.As(err, &ae) {
		t.Fatalf("Token error = %v; want an *auth.Error", err)
	}
	if ae.Code != "invalid_client" || ae.Status != 401 {
		t.Errorf("error status %d code %q; want 401 invalid_client", ae.Status, ae.Code)
	}
	if strings.Contains(err.Error(), "not-the-secret") {
		t.Errorf("error %q holds the secret", err)
	}
}

func TestMissingScopeIsForbidden(t *testing.T) {
	need(t)
	// A token without scope read: CAP's @requires answers 403, and the
	// bearer check adds WWW-Authenticate error="insufficient_scope".
	src := auth.NewSource(auth.Config{
		ClientID: srv.ReaderID, ClientSecret: srv.ReaderSecret, TokenURL: srv.TokenURL,
		Scopes: []string{"update"}, ServiceURL: srv.ServiceRoot,
	})
	c, err := odata.NewClient(srv.ServiceRoot, src.Client())
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Page(ctx(t), odata.Query{Set: "Crm_Sales_Customers", Top: 1})
	var ae *auth.Error
	if !errors.As(err, &ae) {
		t.Fatalf("Page error = %v (%T); want an *auth.Error", err, err)
	}
	if ae.Status != 403 || ae.Code != "insufficient_scope" || ae.Scope != "read" {
		t.Errorf("error status %d code %q scope %q; want 403 insufficient_scope read", ae.Status, ae.Code, ae.Scope)
	}
	if !strings.Contains(err.Error(), "read") {
		t.Errorf("message %q does not name the missing scope read", err)
	}
	if st := src.Stats(); st.Replays != 0 {
		t.Errorf("replays after a 403 = %d; want 0 (a new token cannot help)", st.Replays)
	}
}

func TestRejectedTokenIsRenewed(t *testing.T) {
	c, src := newClient(t)
	if _, err := c.Page(ctx(t), odata.Query{Set: "Crm_Sales_Customers", Top: 1}); err != nil {
		t.Fatal(err)
	}
	// Outlive the token while the source still holds it (its margin is a
	// tenth of 2 s): the next request carries an expired token or a fresh one.
	waitTokenExpiry(t, src)
	p, err := c.Page(ctx(t), odata.Query{Set: "Crm_Sales_Customers", Top: 1})
	if err != nil {
		t.Fatalf("Page after expiry: %v", err)
	}
	if len(p.Rows) != 1 {
		t.Errorf("rows = %d; want 1", len(p.Rows))
	}
	if st := src.Stats(); st.TokensFetched < 2 {
		t.Errorf("tokens fetched = %d; want ≥ 2", st.TokensFetched)
	}
}

// spoiler damages the signature of the first n access tokens the token
// endpoint returns, so that the resource server refuses them.
type spoiler struct {
	n    int
	seen int
}

func (sp *spoiler) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil || req.URL.String() != srv.TokenURL || resp.StatusCode != 200 {
		return resp, err
	}
	sp.seen++
	if sp.seen > sp.n {
		return resp, nil
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	var tr map[string]any
	if err := json.Unmarshal(body, &tr); err != nil {
		return nil, err
	}
	tok, _ := tr["access_token"].(string)
	tr["access_token"] = tok[:len(tok)-8] + "AAAAAAAA"
	body, _ = json.Marshal(tr)
	resp.Body = io.NopCloser(bytes.NewReader(body))
	resp.ContentLength = int64(len(body))
	resp.Header.Del("Content-Length")
	return resp, nil
}

func TestRefusedTokenIsReplaced(t *testing.T) {
	for _, tc := range []struct {
		name    string
		spoiled int
		wantErr bool
	}{
		{"first token refused", 1, false},
		{"every token refused", 1000, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			need(t)
			src := auth.NewSource(auth.Config{
				ClientID: srv.ClientID, ClientSecret: srv.ClientSecret, TokenURL: srv.TokenURL,
				Scopes: []string{"read"}, ServiceURL: srv.ServiceRoot,
				HTTPClient: &http.Client{Transport: &spoiler{n: tc.spoiled}, Timeout: 30 * time.Second},
			})
			c, err := odata.NewClient(srv.ServiceRoot, src.Client())
			if err != nil {
				t.Fatal(err)
			}
			p, err := c.Page(ctx(t), odata.Query{Set: "Crm_Sales_Customers", Top: 2})
			st := src.Stats()
			if st.Reauthentications != 1 || st.Replays != 1 {
				t.Errorf("reauthentications %d, replays %d; want 1 and 1", st.Reauthentications, st.Replays)
			}
			if !tc.wantErr {
				if err != nil {
					t.Fatalf("Page: %v; want the replay with a new token to succeed", err)
				}
				if len(p.Rows) != 2 {
					t.Errorf("rows = %d; want 2", len(p.Rows))
				}
				return
			}
			var ae *auth.Error
			if !errors.As(err, &ae) {
				t.Fatalf("Page error = %v (%T); want an *auth.Error", err, err)
			}
			if ae.Status != 401 || ae.Code != "invalid_token" {
				t.Errorf("error status %d code %q; want 401 invalid_token (from WWW-Authenticate)", ae.Status, ae.Code)
			}
			if ae.Description != "The access token is invalid" {
				t.Errorf("description = %q; want the server's error_description", ae.Description)
			}
		})
	}
}
