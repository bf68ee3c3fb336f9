package auth

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/oauth2"
)

// countingGrant hands out numbered tokens without any HTTP, optionally
// waiting for release before each.
type countingGrant struct {
	n       atomic.Int64
	release chan struct{}
	err     error
	sawHTTP atomic.Bool
}

func (g *countingGrant) Token(ctx context.Context) (*oauth2.Token, error) {
	if _, ok := ctx.Value(oauth2.HTTPClient).(*http.Client); ok {
		g.sawHTTP.Store(true)
	}
	if g.release != nil {
		<-g.release
	}
	if g.err != nil {
		return nil, g.err
	}
	n := g.n.Add(1)
	return &oauth2.Token{AccessToken: fmt.Sprintf("grant-token-%d", n), Expiry: time.Now().Add(time.Hour)}, nil
}

func TestSourceFromGrantCachesAndShares(t *testing.T) {
	g := &countingGrant{release: make(chan struct{})}
	s := NewSourceFromGrant(g, SourceOptions{ServiceURL: "https://example.test/api/"})
	var joined sync.WaitGroup
	joined.Add(20)
	s.onWait = joined.Done
	var wg sync.WaitGroup
	toks := make(chan string, 20)
	for range 20 {
		wg.Go(func() {
			tok, err := s.Token(context.Background())
			if err != nil {
				t.Errorf("Token: %v", err)
				return
			}
			toks <- tok.AccessToken
		})
	}
	joined.Wait() // every caller waits on the one flight
	s.onWait = nil
	close(g.release)
	wg.Wait()
	close(toks)
	for tok := range toks {
		if tok != "grant-token-1" {
			t.Errorf("token: got %q; want grant-token-1 for every caller", tok)
		}
	}
	if got := g.n.Load(); got != 1 {
		t.Errorf("grant calls for 20 concurrent callers: got %d; want 1", got)
	}
	if !g.sawHTTP.Load() {
		t.Errorf("the grant's context carried no *http.Client under oauth2.HTTPClient; want one")
	}
	tok, _ := s.Token(context.Background())
	if !s.Invalidate(tok) {
		t.Fatalf("Invalidate(current) = false; want true")
	}
	if tok2, _ := s.Token(context.Background()); tok2.AccessToken != "grant-token-2" {
		t.Errorf("after Invalidate: got %q; want grant-token-2", tok2.AccessToken)
	}
}

func TestSourceFromGrantErrors(t *testing.T) {
	tests := []struct {
		name    string
		grant   Grant
		opt     SourceOptions
		wantMsg string
	}{
		{"no grant", nil, SourceOptions{ServiceURL: "https://x/"}, "no grant"},
		{"no URL at all", &countingGrant{}, SourceOptions{}, "is not an absolute http or https URL"},
		{"bad service URL", &countingGrant{}, SourceOptions{ServiceURL: "ftp://x/"}, "the service URL"},
		{"grant error", &countingGrant{err: errors.New("boom")}, SourceOptions{TokenURL: "https://id.example.test/token"},
			"cannot get a token from id.example.test ('boom')"},
		{"OAuth code", &countingGrant{err: &oauth2.RetrieveError{ErrorCode: "access_denied"}},
			SourceOptions{TokenURL: "https://id.example.test/token"}, "refused the token request with 'access_denied'"},
	}
	for _, tt := range tests {
		s := NewSourceFromGrant(tt.grant, tt.opt)
		_, err := s.Token(context.Background())
		var ae *Error
		if !errors.As(err, &ae) || !strings.Contains(err.Error(), tt.wantMsg) {
			t.Errorf("%s: got %v; want an *Error containing %q", tt.name, err, tt.wantMsg)
		}
	}
}

// TestClientCredentialsAlone: the grant works without a Source, and still
// refuses to carry the secret to another origin.
func TestClientCredentialsAlone(t *testing.T) {
	ti := newTestInstance(t)
	g := NewClientCredentials(ti.config())
	tok, err := g.Token(context.Background())
	if err != nil || !strings.HasPrefix(tok.AccessToken, "access-") {
		t.Fatalf("got %v, %v; want a token from the test instance", tok, err)
	}
	other := newTestInstance(t)
	cfg := ti.config()
	cfg.TokenURL = other.URL + "/redirect-away"
	other.Config.Handler = http.RedirectHandler(ti.URL+"/id/connect/token", http.StatusTemporaryRedirect)
	if _, err := NewClientCredentials(cfg).Token(context.Background()); err == nil ||
		!strings.Contains(err.Error(), "another origin") {
		t.Errorf("cross-origin redirect: got %v; want it refused", err)
	}
}
