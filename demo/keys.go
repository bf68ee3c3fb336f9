package demo

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"sync"
	"time"

	jose "github.com/go-jose/go-jose/v4"
)

// signingKey is the instance's RS256 key for access tokens.
type signingKey struct {
	priv   *rsa.PrivateKey
	kid    string
	signer jose.Signer
	jwks   []byte // the public JWKS document
}

var (
	keyOnce   sync.Once
	sharedKey *signingKey
)

// processKey generates the 2048-bit RSA key once per process: generation
// takes tens to hundreds of milliseconds, too slow to repeat for every test.
func processKey() *signingKey {
	keyOnce.Do(func() {
		priv, err := rsa.GenerateKey(rand.Reader, 2048)
		if err != nil {
			panic("demo: cannot generate an RSA key: " + err.Error())
		}
		sharedKey = newSigningKey(priv)
	})
	return sharedKey
}

func newSigningKey(priv *rsa.PrivateKey) *signingKey {
	pub := jose.JSONWebKey{Key: &priv.PublicKey, Algorithm: string(jose.RS256), Use: "sig"}
	tp, err := pub.Thumbprint(crypto.SHA256)
	if err != nil {
		panic("demo: cannot compute the key thumbprint: " + err.Error())
	}
	kid := strings.ToUpper(hex.EncodeToString(tp[:16]))
	pub.KeyID = kid
	signer, err := jose.NewSigner(
		jose.SigningKey{Algorithm: jose.RS256, Key: jose.JSONWebKey{Key: priv, KeyID: kid}},
		(&jose.SignerOptions{}).WithType("at+jwt"))
	if err != nil {
		panic("demo: cannot create the token signer: " + err.Error())
	}
	jwks, _ := json.Marshal(jose.JSONWebKeySet{Keys: []jose.JSONWebKey{pub}})
	return &signingKey{priv: priv, kid: kid, signer: signer, jwks: jwks}
}

// claims is the payload of an access token, in ERP.net's order.
type claims struct {
	NotBefore      int64    `json:"nbf"`
	Expiry         int64    `json:"exp"`
	IssuedAt       int64    `json:"iat"`
	Issuer         string   `json:"iss"`
	Audience       []string `json:"aud"`
	ClientID       string   `json:"client_id"`
	SystemUser     string   `json:"client_system_user"`
	SystemUserType string   `json:"client_system_user_type"`
	Database       string   `json:"client_db"`
	ID             string   `json:"jti"`
	Scope          []string `json:"scope"`
}

// sign issues a compact JWS for c.
func (k *signingKey) sign(c claims) (string, error) {
	payload, err := json.Marshal(c)
	if err != nil {
		return "", err
	}
	jws, err := k.signer.Sign(payload)
	if err != nil {
		return "", err
	}
	return jws.CompactSerialize()
}

// verify checks the signature, header and times of a token.
func (k *signingKey) verify(token string, now time.Time) (*claims, error) {
	jws, err := jose.ParseSignedCompact(token, []jose.SignatureAlgorithm{jose.RS256})
	if err != nil {
		return nil, errors.New("the access token is malformed")
	}
	h := jws.Signatures[0].Header
	if h.KeyID != k.kid || h.ExtraHeaders["typ"] != "at+jwt" {
		return nil, errors.New("the access token was not issued by this instance")
	}
	payload, err := jws.Verify(&k.priv.PublicKey)
	if err != nil {
		return nil, errors.New("the access token signature is invalid")
	}
	var c claims
	if err := json.Unmarshal(payload, &c); err != nil {
		return nil, errors.New("the access token claims are malformed")
	}
	switch t := now.Unix(); {
	case t >= c.Expiry:
		return nil, errors.New("the access token expired")
	case t < c.NotBefore:
		return nil, errors.New("the access token is not valid yet")
	}
	if !containsString(c.Audience, "DomainAPI") {
		return nil, errors.New("the access token is not meant for the Domain API")
	}
	return &c, nil
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// serveDiscovery answers the OpenID Connect discovery document.
func (i *Instance) serveDiscovery(w http.ResponseWriter, r *http.Request) {
	iss := issuer(r)
	writeJSON(w, http.StatusOK, map[string]any{
		"issuer":                                iss,
		"jwks_uri":                              iss + "/.well-known/openid-configuration/jwks",
		"token_endpoint":                        iss + "/connect/token",
		"grant_types_supported":                 []string{"client_credentials"},
		"scopes_supported":                      i.opts.Scopes,
		"response_types_supported":              []string{"token"},
		"token_endpoint_auth_methods_supported": []string{"client_secret_post", "client_secret_basic"},
		"id_token_signing_alg_values_supported": []string{"RS256"},
	})
}

// serveJWKS answers the public signing keys.
func (i *Instance) serveJWKS(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_, _ = w.Write(i.key.jwks)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	body, _ := json.Marshal(v)
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}
