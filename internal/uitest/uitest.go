// Package uitest holds helpers for tests of the explorer and its parts: key
// presses by name, and a client on the embedded demo instance. Only tests
// import it.
package uitest

import (
	"net/http"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/odx-dev/odx/auth"
	"github.com/odx-dev/odx/demo"
	"github.com/odx-dev/odx/odata"
)

// named are the keys Key knows by name.
var named = map[string]tea.KeyPressMsg{
	"enter":     {Code: tea.KeyEnter},
	"esc":       {Code: tea.KeyEscape},
	"up":        {Code: tea.KeyUp},
	"down":      {Code: tea.KeyDown},
	"left":      {Code: tea.KeyLeft},
	"right":     {Code: tea.KeyRight},
	"home":      {Code: tea.KeyHome},
	"end":       {Code: tea.KeyEnd},
	"space":     {Code: tea.KeySpace, Text: " "},
	"tab":       {Code: tea.KeyTab},
	"shift+tab": {Code: tea.KeyTab, Mod: tea.ModShift},
	"backspace": {Code: tea.KeyBackspace},
	"pgdown":    {Code: tea.KeyPgDown},
	"pgup":      {Code: tea.KeyPgUp},
	"shift+up":  {Code: tea.KeyUp, Mod: tea.ModShift},
}

// Key is a key press: a key name ("enter", "esc", "down", "ctrl+c",
// "shift+tab", …) or the text of one key ("q", "/", "Я").
func Key(s string) tea.KeyPressMsg {
	if k, ok := named[s]; ok {
		return k
	}
	if c, ok := strings.CutPrefix(s, "ctrl+"); ok && len(c) == 1 {
		return tea.KeyPressMsg{Code: rune(c[0]), Mod: tea.ModCtrl}
	}
	r := []rune(s)
	return tea.KeyPressMsg{Code: r[0], Text: s}
}

// DemoClient starts a demo instance with opts (closed when t ends) and
// returns it with a token source and an OData client on it; hc, when not
// nil, is the token source's HTTP client (a request log's, say).
func DemoClient(t testing.TB, opts demo.Options, hc *http.Client) (*demo.Server, *auth.Source, *odata.Client) {
	t.Helper()
	srv := demo.NewServer(opts)
	t.Cleanup(srv.Close)
	src := auth.NewSource(auth.Config{
		ClientID: srv.ClientID(), ClientSecret: srv.ClientSecret(),
		TokenURL: srv.URL + "/id/connect/token", Scopes: []string{"read"},
		ServiceURL: srv.URL + "/api/domain/odata/", HTTPClient: hc,
	})
	c, err := odata.NewClient(srv.URL+"/api/domain/odata/", src.Client())
	if err != nil {
		t.Fatal(err)
	}
	return srv, src, c
}
