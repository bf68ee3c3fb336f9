package auth

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"math"
	"slices"
	"strings"
	"time"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"
)

// Token kinds reported in Info.Kind.
const (
	// KindJWT is a JSON Web Token whose header and claims could be decoded.
	KindJWT = "JWT"
	// KindReference is an ERP.net reference token (enrt_…): opaque.
	KindReference = "opaque reference token"
	// KindOpaque is any other token that is not a decodable JWT.
	KindOpaque = "opaque token"
)

// Info describes a token for people: what it is, what it allows, when it
// expires, and its decoded (never verified) JWT header and claims.
type Info struct {
	// Token is the masked token: "…" and its last six characters.
	Token string
	// TokenType is the token_type of the token response, e.g. "Bearer".
	TokenType string
	// Kind is KindJWT, KindReference or KindOpaque.
	Kind string
	// Note says why a token that looks like a JWT could not be decoded.
	Note string
	// Scopes are the scopes granted: the token response's scope, else the
	// JWT's scope claim; nil when neither says.
	Scopes []string
	// ScopesRequested are the scopes the Source asked for.
	ScopesRequested []string
	// ScopesMissing are requested scopes that were not granted (only when
	// the granted scopes are known).
	ScopesMissing []string
	// IssuedAt is the JWT's iat, else when the Source received the token.
	IssuedAt time.Time
	// ExpiresAt is when the token expires; zero when unknown.
	ExpiresAt time.Time
	// ExpiresIn is ExpiresAt minus the time Info was made.
	ExpiresIn time.Duration
	// Header holds the JWT header parameters: alg, typ, kid, then the rest
	// by name.
	Header []Claim
	// Claims holds the JWT claims, well-known ones first (client_id,
	// client_system_user, client_system_user_type, client_db, iss, aud,
	// scope, jti, nbf, iat, exp), then the rest by name.
	Claims []Claim
	// Stats are the Source's counters (zero for Inspect).
	Stats Stats
}

// Claim is one JWT header parameter or claim.
type Claim struct {
	// Name is the claim name.
	Name string
	// Value is the claim's JSON value, compacted. Untrusted.
	Value json.RawMessage
	// Time is the value read as a NumericDate, for the time claims nbf,
	// iat, exp and auth_time; zero otherwise.
	Time time.Time
}

var claimOrder = []string{"client_id", "client_system_user", "client_system_user_type", "client_db",
	"iss", "aud", "scope", "jti", "nbf", "iat", "exp"}

var headerOrder = []string{"alg", "typ", "kid"}

var timeClaims = []string{"nbf", "iat", "exp", "auth_time"}

// allAlgorithms are all signature algorithms go-jose knows: the token is
// decoded, not verified, so any of them is acceptable.
var allAlgorithms = []jose.SignatureAlgorithm{jose.EdDSA, jose.HS256, jose.HS384, jose.HS512, jose.RS256, jose.RS384,
	jose.RS512, jose.ES256, jose.ES384, jose.ES512, jose.PS256, jose.PS384, jose.PS512,
	jose.MLDSA44, jose.MLDSA65, jose.MLDSA87}

// Inspect describes a raw access token without verifying it: a JWT's header
// and claims are decoded, anything else (an ERP.net reference token enrt_…,
// or garbage) is reported as opaque. It never fails and never panics.
func Inspect(raw string) Info {
	info := Info{Token: Mask(raw), Kind: KindOpaque}
	c := parseJWT(raw)
	switch {
	case strings.HasPrefix(raw, "enrt_"):
		info.Kind = KindReference
		return info
	case c.note != "":
		info.Note = c.note
		return info
	case c.claims == nil:
		return info
	}
	info.Kind = KindJWT
	info.Header, info.Claims = c.header, c.claims
	info.Scopes = stringList(find(c.claims, "scope"))
	if c.iat != nil {
		info.IssuedAt = *c.iat
	}
	if c.exp != nil {
		info.ExpiresAt = *c.exp
		info.ExpiresIn = time.Until(*c.exp)
	}
	return info
}

// Info describes the current token, fetching one if needed, with the
// scopes requested and granted, its expiry as the Source reckons it, and
// the counters.
func (s *Source) Info(ctx context.Context) (Info, error) {
	tok, err := s.Token(ctx)
	if err != nil {
		return Info{}, err
	}
	info := Inspect(tok.AccessToken)
	info.TokenType = tok.Type()
	if sc, ok := tok.Extra("scope").(string); ok {
		info.Scopes = strings.Fields(sc)
	}
	info.ScopesRequested = append([]string(nil), s.opt.Scopes...)
	if info.Scopes != nil {
		for _, r := range info.ScopesRequested {
			if !slices.Contains(info.Scopes, r) {
				info.ScopesMissing = append(info.ScopesMissing, r)
			}
		}
	}
	if e := s.current(); e != nil && e.tok == tok {
		if info.IssuedAt.IsZero() {
			info.IssuedAt = e.obtained
		}
	}
	if !tok.Expiry.IsZero() {
		info.ExpiresAt = tok.Expiry
		info.ExpiresIn = time.Until(tok.Expiry)
	}
	info.Stats = s.Stats()
	return info, nil
}

// Mask returns "…" and the last six characters of token (fewer for a short
// token, so that at least half of it stays hidden), escaped if need be.
func Mask(token string) string {
	if token == "" {
		return ""
	}
	r := []rune(token)
	n := 6
	if len(r) < 12 {
		n = len(r) / 2
	}
	return "…" + escape(string(r[len(r)-n:]))
}

// jwtParts is what parseJWT finds in a token.
type jwtParts struct {
	header, claims []Claim
	iat, exp       *time.Time
	note           string
}

// parseJWT decodes a JWS-compact token's header and claims without
// verifying it. For a token that is not three dot-separated parts it
// returns nothing; for one that is but does not decode, a note.
func parseJWT(raw string) jwtParts {
	var p jwtParts
	if strings.Count(raw, ".") == 4 {
		p.note = "an encrypted JWT (JWE); its claims are not readable"
		return p
	}
	if strings.Count(raw, ".") != 2 || strings.HasPrefix(raw, "enrt_") {
		return p
	}
	tok, err := jwt.ParseSigned(raw, allAlgorithms)
	if err != nil {
		p.note = "looks like a JWT but does not decode as one"
		return p
	}
	var payload json.RawMessage
	if err := tok.UnsafeClaimsWithoutVerification(&payload); err != nil {
		p.note = "looks like a JWT but its claims are not JSON"
		return p
	}
	claims, ok := orderedObject(payload, claimOrder)
	if !ok {
		p.note = "looks like a JWT but its claims are not a JSON object"
		return p
	}
	head, _ := base64.RawURLEncoding.DecodeString(raw[:strings.IndexByte(raw, '.')])
	p.header, _ = orderedObject(head, headerOrder)
	p.claims = claims
	if c := find(claims, "iat"); c != nil && !c.Time.IsZero() {
		p.iat = &c.Time
	}
	if c := find(claims, "exp"); c != nil && !c.Time.IsZero() {
		p.exp = &c.Time
	}
	return p
}

// orderedObject decodes a JSON object into claims: the names in first, in
// that order, then the others sorted by name.
func orderedObject(data []byte, first []string) ([]Claim, bool) {
	var m map[string]json.RawMessage
	if json.Unmarshal(data, &m) != nil || m == nil {
		return nil, false
	}
	names := make([]string, 0, len(m))
	for k := range m {
		if !slices.Contains(first, k) {
			names = append(names, k)
		}
	}
	slices.Sort(names)
	out := make([]Claim, 0, len(m))
	for _, k := range append(slices.Clone(first), names...) {
		v, ok := m[k]
		if !ok {
			continue
		}
		var buf bytes.Buffer
		if json.Compact(&buf, v) == nil {
			v = buf.Bytes()
		}
		c := Claim{Name: k, Value: v}
		if slices.Contains(timeClaims, k) {
			c.Time = numericDate(v)
		}
		out = append(out, c)
	}
	return out, true
}

// numericDate reads a JSON number of seconds since the epoch; zero for
// anything else or a value out of a sane range.
func numericDate(v json.RawMessage) time.Time {
	var f float64
	if json.Unmarshal(v, &f) != nil || math.IsNaN(f) || f <= 0 || f > 1e11 {
		return time.Time{}
	}
	sec, frac := math.Modf(f)
	return time.Unix(int64(sec), int64(frac*1e9))
}

func find(cs []Claim, name string) *Claim {
	for i := range cs {
		if cs[i].Name == name {
			return &cs[i]
		}
	}
	return nil
}

// stringList reads a claim that is a JSON array of strings or one
// space-separated string (as scope and aud may be); nil for anything else.
func stringList(c *Claim) []string {
	if c == nil {
		return nil
	}
	var arr []string
	if json.Unmarshal(c.Value, &arr) == nil {
		return arr
	}
	var s string
	if json.Unmarshal(c.Value, &s) == nil {
		return strings.Fields(s)
	}
	return nil
}

// Text renders the claim's value for a terminal: a string as is, an array
// of strings joined by spaces, a time claim with its date, anything else as
// compact JSON; every non-graphic rune escaped and long values cut.
func (c Claim) Text() string {
	var s string
	var arr []string
	switch {
	case json.Unmarshal(c.Value, &s) == nil:
	case json.Unmarshal(c.Value, &arr) == nil && arr != nil:
		for i := range arr {
			arr[i] = escape(arr[i])
		}
		return clip(strings.Join(arr, " "), 512)
	default:
		s = string(c.Value)
		if !c.Time.IsZero() {
			s += " (" + c.Time.Local().Format("2006-01-02 15:04:05 MST") + ")"
		}
	}
	return escape(clip(s, 512))
}
