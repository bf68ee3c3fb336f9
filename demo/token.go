package demo

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"
)

// The token endpoint implements the client credentials grant (RFC 6749 §4.4).
//
// Client authentication: form fields client_id/client_secret
// (client_secret_post, as ERP.net documents) or HTTP Basic
// (client_secret_basic) whose user and password are form-urlencoded
// (RFC 6749 §2.3.1) and decoded here. Using both is invalid_request.
//
// Errors follow RFC 6749 §5.2. A failed client authentication is
// invalid_client with status 401 and a WWW-Authenticate challenge when the
// client used Basic (§5.2 requires it); with form fields it is 400, as
// IdentityServer (ERP.net's identity provider) answers, which §5.2 allows.

const maxTokenBody = 64 << 10

type oauthError struct {
	status int
	code   string
	desc   string
	basic  bool // the client used HTTP Basic: add a WWW-Authenticate challenge
}

func (i *Instance) writeOAuthError(w http.ResponseWriter, e oauthError) {
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	h.Set("Pragma", "no-cache")
	if e.basic {
		h.Set("WWW-Authenticate", `Basic realm="id", charset="UTF-8"`)
	}
	if e.status == http.StatusUnauthorized {
		i.unauthorized.Add(1)
	}
	writeJSON(w, e.status, map[string]string{"error": e.code, "error_description": e.desc})
}

func badRequest(code, desc string) oauthError {
	return oauthError{status: http.StatusBadRequest, code: code, desc: desc}
}

func (i *Instance) serveToken(w http.ResponseWriter, r *http.Request) {
	form, e := readTokenRequest(r)
	if e != nil {
		i.writeOAuthError(w, *e)
		return
	}
	id, secret, usedBasic, e := clientCredentials(r, form)
	if e != nil {
		i.writeOAuthError(w, *e)
		return
	}
	if g := form.Get("grant_type"); g != "client_credentials" {
		if g == "" {
			i.writeOAuthError(w, badRequest("invalid_request", "Missing grant_type."))
		} else {
			i.writeOAuthError(w, badRequest("unsupported_grant_type", "Unsupported grant type: "+g+"."))
		}
		return
	}
	if !i.clientValid(id, secret) {
		e := badRequest("invalid_client", "Invalid client_id or client_secret.")
		if usedBasic {
			e.status, e.basic = http.StatusUnauthorized, true
		}
		i.writeOAuthError(w, e)
		return
	}
	granted := i.opts.Scopes
	if s := strings.Fields(form.Get("scope")); len(s) > 0 {
		for _, sc := range s {
			if !containsString(i.opts.Scopes, sc) {
				i.writeOAuthError(w, badRequest("invalid_scope", "Invalid scope: "+sc+"."))
				return
			}
		}
		granted = nil
		for _, sc := range i.opts.Scopes { // keep the configured order, drop repeats
			if containsString(s, sc) {
				granted = append(granted, sc)
			}
		}
	}
	now := i.opts.Now()
	iss := issuer(r)
	c := claims{
		NotBefore: now.Unix(), IssuedAt: now.Unix(), Expiry: now.Add(i.opts.TokenTTL).Unix(),
		Issuer:   iss,
		Audience: []string{"DomainAPI", "TableAPI", "OLAP", "AppServer", iss + "/resources"},
		ClientID: id, SystemUser: "odx-demo", SystemUserType: "InternalUser", Database: "ODX_DEMO",
		ID: newJTI(), Scope: granted,
	}
	token, err := i.key.sign(c)
	if err != nil {
		i.writeOAuthError(w, oauthError{status: http.StatusInternalServerError, code: "server_error", desc: "The token could not be signed."})
		return
	}
	i.tokens.Add(1)
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Pragma", "no-cache")
	writeJSON(w, http.StatusOK, map[string]any{
		"access_token": token,
		"expires_in":   int64(i.opts.TokenTTL.Seconds()),
		"token_type":   "Bearer",
		"scope":        strings.Join(granted, " "),
	})
}

// readTokenRequest checks method and content type and parses the form body,
// rejecting repeated parameters (RFC 6749 §3.2).
func readTokenRequest(r *http.Request) (url.Values, *oauthError) {
	if r.Method != http.MethodPost {
		e := badRequest("invalid_request", "The token endpoint accepts POST only.")
		return nil, &e
	}
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "application/x-www-form-urlencoded" {
		e := badRequest("invalid_request", "The request body must be application/x-www-form-urlencoded.")
		return nil, &e
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxTokenBody+1))
	if err != nil || len(body) > maxTokenBody {
		e := badRequest("invalid_request", "The request body could not be read or is too large.")
		return nil, &e
	}
	form, err := url.ParseQuery(string(body))
	if err != nil {
		e := badRequest("invalid_request", "The request body is not valid form encoding.")
		return nil, &e
	}
	for k, v := range form {
		if len(v) > 1 {
			e := badRequest("invalid_request", "The parameter "+k+" is repeated.")
			return nil, &e
		}
	}
	return form, nil
}

// clientCredentials takes the client id and secret from Basic or the form.
func clientCredentials(r *http.Request, form url.Values) (id, secret string, basic bool, e *oauthError) {
	fail := func(desc string) (string, string, bool, *oauthError) {
		x := badRequest("invalid_request", desc)
		return "", "", basic, &x
	}
	if h := r.Header.Get("Authorization"); h != "" {
		scheme, cred, _ := strings.Cut(h, " ")
		if !strings.EqualFold(scheme, "Basic") {
			return fail("The Authorization header must use the Basic scheme.")
		}
		basic = true
		raw, err := base64.StdEncoding.DecodeString(strings.TrimSpace(cred))
		u, p, ok := strings.Cut(string(raw), ":")
		if err != nil || !ok {
			return fail("The Basic credentials are malformed.")
		}
		var err1, err2 error
		id, err1 = url.QueryUnescape(u)
		secret, err2 = url.QueryUnescape(p)
		if err1 != nil || err2 != nil {
			return fail("The Basic credentials are not form-urlencoded.")
		}
		if form.Has("client_secret") {
			return fail("Use one client authentication method: Basic or client_secret, not both.")
		}
		if fid := form.Get("client_id"); fid != "" && fid != id {
			return fail("The client_id in the body differs from the Basic credentials.")
		}
		return id, secret, true, nil
	}
	id, secret = form.Get("client_id"), form.Get("client_secret")
	switch {
	case id == "":
		return fail("Missing client_id.")
	case secret == "":
		return fail("Missing client_secret.")
	}
	return id, secret, false, nil
}

// clientValid compares in constant time: the id, and sha256 of the secret
// against the stored ApplicationSecretHash.
func (i *Instance) clientValid(id, secret string) bool {
	wantID := sha256.Sum256([]byte(i.opts.ClientID))
	gotID := sha256.Sum256([]byte(id))
	idOK := subtle.ConstantTimeCompare(wantID[:], gotID[:])
	secOK := subtle.ConstantTimeCompare([]byte(HashSecret(secret)), []byte(i.secretHash))
	return idOK&secOK == 1
}

func newJTI() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return strings.ToUpper(hex.EncodeToString(b[:]))
}
