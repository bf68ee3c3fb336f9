package config

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

func TestSettingsNeverPrintSecret(t *testing.T) {
	s, err := New("http://127.0.0.1:9999", "demo/odx", "top-secret-value")
	if err != nil {
		t.Fatal(err)
	}
	for _, verb := range []string{"%v", "%+v", "%#v"} {
		if out := fmt.Sprintf(verb, *s); strings.Contains(out, "top-secret-value") {
			t.Errorf("fmt %s of Settings shows the secret: %s", verb, out)
		}
	}
	got, err := s.ResolveSecret(context.Background())
	if got != "top-secret-value" || err != nil || s.SecretSource() != "inline" {
		t.Errorf("got %q, %v, source %q; want the inline secret", got, err, s.SecretSource())
	}
	if s.TokenURL != "http://127.0.0.1:9999/id/connect/token" || s.ServiceRoot != "http://127.0.0.1:9999/api/domain/odata/" || s.PageSize != 50 {
		t.Errorf("got %s %s %d; want derived URLs and page size 50", s.TokenURL, s.ServiceRoot, s.PageSize)
	}
}

func TestNewSettingsErrors(t *testing.T) {
	tests := []struct{ instance, id, secret, want string }{
		{"http://example.com", "c", "s", "uses plain http"},
		{"", "c", "s", "no instance given"},
		{"http://127.0.0.1:1", "", "s", "the client id is empty"},
		{"http://127.0.0.1:1", "c", "", "the client secret is empty"},
	}
	for _, tt := range tests {
		_, err := New(tt.instance, tt.id, tt.secret)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("New(%q, %q, …): got %v; want an error containing %q", tt.instance, tt.id, err, tt.want)
		}
	}
}
