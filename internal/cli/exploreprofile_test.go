package cli

import (
	"context"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/odx-dev/odx/internal/config"
)

// TestExplorerProfileOfEnvOnlySetup: without a config file (ODX_*
// variables only) the explorer keeps its history and views under the
// instance's host, and says so in its header, so that two instances never
// share one history.
func TestExplorerProfileOfEnvOnlySetup(t *testing.T) {
	for _, tc := range []struct{ profile, instance, want string }{
		{"", "https://Acme.Example:8443", "acme.example:8443"},
		{"prod", "https://acme.example", "prod"},
	} {
		s := &Session{Settings: &config.Settings{Profile: tc.profile, Instance: tc.instance, ClientID: "c"}}
		m := NewExplorer(context.Background(), s, false)
		next, _ := m.Update(tea.WindowSizeMsg{Width: 100, Height: 20})
		if v := next.View().Content; !strings.Contains(v, tc.want) {
			t.Errorf("profile %q of %s: the header\n%s\nwant it to name %q", tc.profile, tc.instance, strings.SplitN(v, "\n", 2)[0], tc.want)
		}
	}
}
