package cli

import (
	"context"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/odx-dev/odx/internal/config"
	"github.com/odx-dev/odx/ui"
)

// TestExplorerProfileOfEnvOnlySetup: without a config file (ODX_*
// variables only) the explorer keeps its history and views under the
// instance's host, so that two instances never share one history; the
// header names the host once.
func TestExplorerProfileOfEnvOnlySetup(t *testing.T) {
	for _, tc := range []struct{ profile, instance, want string }{
		{"", "https://Acme.Example:8443", "acme.example:8443"},
		{"prod", "https://acme.example", "prod"},
	} {
		s := &Session{Settings: &config.Settings{Profile: tc.profile, Instance: tc.instance, ClientID: "c"}}
		m := NewExplorer(context.Background(), s, ExploreOptions{})
		next, _ := m.Update(tea.WindowSizeMsg{Width: 100, Height: 20})
		if got := next.(ui.Model).State().Profile; got != tc.want {
			t.Errorf("profile %q of %s: kept under %q; want %q", tc.profile, tc.instance, got, tc.want)
		}
		header := strings.SplitN(next.View().Content, "\n", 2)[0]
		if n := strings.Count(strings.ToLower(header), "acme.example"); n != 1 {
			t.Errorf("profile %q of %s: the header %q names the host %d times; want once", tc.profile, tc.instance, header, n)
		}
	}
}

// TestExplorerNoMouse: --no-mouse leaves the mouse to the terminal (a plain
// drag selects text); by default the explorer takes clicks and the wheel.
func TestExplorerNoMouse(t *testing.T) {
	s := &Session{Settings: &config.Settings{Profile: "p", Instance: "https://acme.example", ClientID: "c"}}
	for _, tc := range []struct {
		o    ExploreOptions
		want tea.MouseMode
	}{
		{ExploreOptions{}, tea.MouseModeCellMotion},
		{ExploreOptions{NoMouse: true}, tea.MouseModeNone},
	} {
		m := NewExplorer(context.Background(), s, tc.o)
		next, _ := m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
		if got := next.View().MouseMode; got != tc.want {
			t.Errorf("%+v: mouse mode %v; want %v", tc.o, got, tc.want)
		}
	}
}
