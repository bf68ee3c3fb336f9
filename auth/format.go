package auth

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"
)

// infoJSON is the wire form of Info for `odx token -o json`.
type infoJSON struct {
	Token             string    `json:"token"`
	TokenType         string    `json:"token_type,omitempty"`
	Kind              string    `json:"kind"`
	Note              string    `json:"note,omitempty"`
	Scopes            []string  `json:"scopes"`
	ScopesRequested   []string  `json:"scopes_requested"`
	ScopesMissing     []string  `json:"scopes_missing"`
	IssuedAt          string    `json:"issued_at,omitempty"`
	ExpiresAt         string    `json:"expires_at,omitempty"`
	ExpiresIn         *int64    `json:"expires_in,omitempty"`
	Header            claimList `json:"header,omitempty"`
	Claims            claimList `json:"claims,omitempty"`
	TokensFetched     int64     `json:"tokens_fetched"`
	Reauthentications int64     `json:"reauthentications"`
	Replays           int64     `json:"replays"`
	LastFetch         string    `json:"last_fetch,omitempty"`
	LastFetchMillis   int64     `json:"last_fetch_ms"`
}

// claimList marshals as a JSON object that keeps the claims' order.
type claimList []Claim

func (l claimList) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, c := range l {
		if i > 0 {
			b.WriteByte(',')
		}
		name, _ := json.Marshal(c.Name)
		b.Write(name)
		b.WriteByte(':')
		if json.Valid(c.Value) {
			b.Write(c.Value)
		} else {
			b.WriteString("null")
		}
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// MarshalJSON renders Info as one object: token (masked), token_type, kind,
// scopes, scopes_requested, scopes_missing (arrays, never null), issued_at
// and expires_at (RFC 3339), expires_in (seconds), header and claims
// (objects in display order, absent for an opaque token) and the counters.
func (i Info) MarshalJSON() ([]byte, error) {
	j := infoJSON{
		Token: i.Token, TokenType: i.TokenType, Kind: i.Kind, Note: i.Note,
		Scopes: nonNil(i.Scopes), ScopesRequested: nonNil(i.ScopesRequested), ScopesMissing: nonNil(i.ScopesMissing),
		Header: i.Header, Claims: i.Claims,
		TokensFetched: i.Stats.TokensFetched, Reauthentications: i.Stats.Reauthentications, Replays: i.Stats.Replays,
		LastFetchMillis: i.Stats.LastFetchDuration.Milliseconds(),
	}
	if !i.IssuedAt.IsZero() {
		j.IssuedAt = i.IssuedAt.Format(time.RFC3339)
	}
	if !i.ExpiresAt.IsZero() {
		j.ExpiresAt = i.ExpiresAt.Format(time.RFC3339)
		sec := int64(i.ExpiresIn.Truncate(time.Second) / time.Second)
		j.ExpiresIn = &sec
	}
	if !i.Stats.LastFetch.IsZero() {
		j.LastFetch = i.Stats.LastFetch.Format(time.RFC3339)
	}
	return json.Marshal(j)
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// WriteText writes Info as an aligned two-column table: the masked token
// and its kind, scopes, expiry (as "59m58s" and a local time), the
// counters, then the JWT header and claims. Every string that comes from
// the token is escaped so that it cannot drive the terminal.
func (i Info) WriteText(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	row := func(k, v string) { fmt.Fprintf(tw, "%s\t%s\n", k, v) }
	kind := i.Kind
	if i.TokenType != "" {
		kind = escape(i.TokenType) + ", " + kind
	}
	row("token", i.Token+" ("+kind+")")
	if i.Note != "" {
		row("note", i.Note)
	}
	switch {
	case i.Scopes != nil:
		row("scopes", escapeList(i.Scopes))
	case i.Kind != KindJWT:
		row("scopes", "unknown (not stated by the server)")
	default:
		row("scopes", "none stated")
	}
	if len(i.ScopesRequested) > 0 {
		row("requested", escapeList(i.ScopesRequested))
	}
	if len(i.ScopesMissing) > 0 {
		row("not granted", escapeList(i.ScopesMissing))
	}
	if !i.ExpiresAt.IsZero() {
		at := i.ExpiresAt.Local().Format("15:04:05 (2006-01-02 MST)")
		if i.ExpiresIn > 0 {
			row("expires in", i.ExpiresIn.Truncate(time.Second).String()+" at "+at)
		} else {
			row("expired", (-i.ExpiresIn).Round(time.Second).String()+" ago at "+at)
		}
	}
	if !i.IssuedAt.IsZero() {
		row("issued at", i.IssuedAt.Local().Format("15:04:05 (2006-01-02 MST)"))
	}
	if s := i.Stats; s.TokensFetched > 0 || s.Reauthentications > 0 {
		row("fetched", fmt.Sprintf("%d token(s), %d re-authentication(s) after 401, last took %s",
			s.TokensFetched, s.Reauthentications, s.LastFetchDuration.Round(time.Millisecond)))
	}
	if len(i.Header) > 0 {
		parts := make([]string, len(i.Header))
		for k, c := range i.Header {
			parts[k] = escape(c.Name) + "=" + c.Text()
		}
		row("header", strings.Join(parts, " "))
	}
	if len(i.Claims) > 0 {
		row("claims", fmt.Sprintf("%d, decoded without verifying the signature", len(i.Claims)))
		for _, c := range i.Claims {
			row("  "+escape(clip(c.Name, 64)), c.Text())
		}
	}
	return tw.Flush()
}

func escapeList(l []string) string {
	out := make([]string, len(l))
	for k, s := range l {
		out[k] = escape(s)
	}
	return strings.Join(out, " ")
}
