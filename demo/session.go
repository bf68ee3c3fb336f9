package demo

import (
	"context"
	"net/http"
	"strings"
	"time"
)

// session is what ERP.net creates when a token is first used: it runs one
// request at a time, queues up to five more, and answers 429 beyond that.
type session struct {
	claims  *claims
	sem     chan struct{}
	waiting int // running + queued; guarded by Instance.mu
	served  int // admitted requests; guarded by Instance.mu
}

// authResult is why a request was refused, or the session that admits it.
type authResult struct {
	s      *session
	status int
	header string // WWW-Authenticate
}

// authorize checks the bearer token and the read scope, then reserves a
// place in the token's session (or refuses with 401, 403 or 429).
func (i *Instance) authorize(r *http.Request) authResult {
	scheme, token, _ := strings.Cut(r.Header.Get("Authorization"), " ")
	token = strings.TrimSpace(token)
	if !strings.EqualFold(scheme, "Bearer") || token == "" {
		return authResult{status: http.StatusUnauthorized, header: "Bearer"}
	}
	invalid := func(desc string) authResult {
		return authResult{status: http.StatusUnauthorized, header: `Bearer error="invalid_token", error_description="` + desc + `"`}
	}
	now := i.opts.Now()
	i.mu.Lock()
	s := i.sessions[token]
	i.mu.Unlock()
	if s == nil {
		c, err := i.key.verify(token, now)
		if err != nil {
			return invalid(err.Error())
		}
		s = &session{claims: c, sem: make(chan struct{}, sessionConcurrent)}
		i.mu.Lock()
		if old := i.sessions[token]; old != nil {
			s = old
		} else {
			i.pruneLocked(now)
			i.sessions[token] = s
		}
		i.mu.Unlock()
	}
	if now.Unix() >= s.claims.Expiry {
		return invalid("the access token expired")
	}
	if !containsString(s.claims.Scope, "read") {
		return authResult{status: http.StatusForbidden, header: `Bearer error="insufficient_scope", scope="read"`}
	}
	i.mu.Lock()
	defer i.mu.Unlock()
	switch {
	case i.opts.RevokeAfter > 0 && s.served >= i.opts.RevokeAfter:
		return invalid("the session was revoked")
	case s.waiting >= sessionConcurrent+sessionQueue:
		return authResult{status: http.StatusTooManyRequests}
	}
	s.waiting++
	s.served++
	return authResult{s: s}
}

// pruneLocked drops sessions of expired tokens. Caller holds i.mu.
func (i *Instance) pruneLocked(now time.Time) {
	if len(i.sessions) < 64 {
		return
	}
	for t, s := range i.sessions {
		if now.Unix() >= s.claims.Expiry && s.waiting == 0 {
			delete(i.sessions, t)
		}
	}
}

// enter waits for the session's turn and then for the configured latency.
// It returns a release func, or ok=false if the client went away.
func (i *Instance) enter(ctx context.Context, s *session, r *http.Request) (release func(), ok bool) {
	leave := func() {
		i.mu.Lock()
		s.waiting--
		i.mu.Unlock()
	}
	select {
	case s.sem <- struct{}{}:
	case <-ctx.Done():
		leave()
		return nil, false
	}
	release = func() {
		<-s.sem
		leave()
	}
	d := time.Duration(i.latency.Load())
	if i.opts.LatencyFunc != nil {
		d += i.opts.LatencyFunc(r)
	}
	if d > 0 {
		t := time.NewTimer(d)
		defer t.Stop()
		select {
		case <-t.C:
		case <-ctx.Done():
			release()
			return nil, false
		}
	}
	return release, true
}

// refuse writes a 401, 403 or 429 and counts it.
func (i *Instance) refuse(w http.ResponseWriter, a authResult) {
	h := w.Header()
	h.Set("OData-Version", "4.0")
	if a.header != "" {
		h.Set("WWW-Authenticate", a.header)
	}
	switch a.status {
	case http.StatusUnauthorized:
		i.unauthorized.Add(1)
	case http.StatusForbidden:
		i.forbidden.Add(1)
	case http.StatusTooManyRequests:
		i.throttled.Add(1)
		writeAPIError(w, &apiError{status: a.status, code: 429, typ: "TooManyRequests",
			msg: "Too many concurrent requests for this session; wait for the running ones to finish."})
		return
	}
	w.WriteHeader(a.status)
}
