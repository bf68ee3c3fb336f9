package ui

// Tests of what the root model draws: golden views of every screen at
// 80×24, every screen at narrow and wide sizes, the cursor without colour,
// and server text that must never reach the terminal raw.

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"golang.org/x/oauth2"

	"github.com/odx-dev/odx/auth"
	"github.com/odx-dev/odx/internal/termtext"
	"github.com/odx-dev/odx/odata"
	"github.com/odx-dev/odx/ui/screen"
)

// testJWT is an access token as ERP.net's identity provider issues it
// (signature not valid: it is only decoded), with claims from claims.
func testJWT(claims string) string {
	enc := base64.RawURLEncoding.EncodeToString
	return enc([]byte(`{"alg":"RS256","kid":"8C1F0D0A","typ":"at+jwt"}`)) + "." + enc([]byte(claims)) + "." + enc([]byte("not a signature"))
}

// tokenClaims are the claims of the test token: issued 18 minutes before
// fixedNow, expiring 42 minutes after it.
var tokenClaims = fmt.Sprintf(`{"iss":"https://acme.my.erp.net/id","aud":["https://acme.my.erp.net/api/domain"],`+
	`"client_id":"acme.my.erp.net/odx","client_system_user":"odx","client_db":"acme",`+
	`"scope":["read","update"],"jti":"4F2A9C","iat":%d,"exp":%d}`,
	fixedNow.Add(-18*time.Minute).Unix(), fixedNow.Add(42*time.Minute).Unix())

// fixedGrant hands out one token, as an identity provider would.
type fixedGrant struct{ tok *oauth2.Token }

func (g fixedGrant) Token(context.Context) (*oauth2.Token, error) { return g.tok, nil }

// withToken gives m a token source whose token is access, and opens the
// token view on it.
func withToken(t *testing.T, m Model, access string) Model {
	t.Helper()
	src := auth.NewSourceFromGrant(fixedGrant{&oauth2.Token{AccessToken: access, TokenType: "Bearer", Expiry: fixedNow.Add(42 * time.Minute)}},
		auth.SourceOptions{TokenURL: "https://acme.my.erp.net/id/connect/token", Scopes: []string{"read", "update"}})
	m.opts.Auth, m.env.Auth = src, src
	m, cmd := press(m, "t")
	return settle(t, m, cmd)
}

// testScreens builds every screen at w×h, the header badge showing a token
// that expires in 42 minutes.
func testScreens(t *testing.T, w, h int) map[string]Model {
	t.Helper()
	size := func(m Model) Model {
		m.expiry = fixedNow.Add(42 * time.Minute)
		m, _ = send(m, tea.WindowSizeMsg{Width: w, Height: h})
		return m
	}
	fresh := func() Model { m, _ := started(t, testOpts()); return m }
	grid := func() Model { return openGrid(t, fresh()) }
	// Scrolled right: multi-language text and amounts; hostile notes.
	gridMid, _ := press(grid(), "end", "left", "left")
	gridEnd, _ := press(grid(), "down", "end")
	rec, _ := press(grid(), "enter")
	failed := pressSettle(t, fresh(), "enter") // Crm_Customers: the stub has no rows for it (404)
	help, _ := press(grid(), "?")
	return map[string]Model{
		"loading": size(newTestModel(testOpts())),
		"sets":    size(fresh()),
		"grid":    size(grid()),
		"gridmid": size(gridMid),
		"gridend": size(gridEnd),
		"record":  size(rec),
		"token":   size(withToken(t, fresh(), testJWT(tokenClaims))),
		"help":    size(help),
		"error":   size(failed),
	}
}

// elapsed is the time of the last page on the status line, which varies
// from run to run.
var elapsed = regexp.MustCompile(` · [0-9]+ ms`)

// TestViewGolden draws every screen in the frame at 80×24. The time of the
// last page is blanked; the token view's own goldens are in ui/token (here
// its countdown would follow the wall clock of a real token source).
func TestViewGolden(t *testing.T) {
	for name, m := range testScreens(t, 80, 24) {
		if name == "loading" || name == "token" {
			continue
		}
		t.Run(name, func(t *testing.T) {
			text := elapsed.ReplaceAllStringFunc(viewText(m), func(s string) string { return strings.Repeat(" ", ansi.StringWidth(s)) })
			golden.RequireEqual(t, []byte(text))
		})
	}
}

func TestViewFitsTerminal(t *testing.T) {
	for _, size := range [][2]int{{40, 12}, {80, 24}, {250, 70}} {
		w, h := size[0], size[1]
		for name, m := range testScreens(t, w, h) {
			lines := strings.Split(viewText(m), "\n")
			if len(lines) != h {
				t.Errorf("%s at %d×%d: %d lines; want %d", name, w, h, len(lines), h)
			}
			for i, l := range lines {
				if lw := ansi.StringWidth(l); lw > w {
					t.Errorf("%s at %d×%d: line %d is %d cells wide; want ≤ %d: %q", name, w, h, i+1, lw, w, l)
				}
			}
		}
	}
}

func TestCursorVisibleWithoutColour(t *testing.T) {
	screens := testScreens(t, 80, 24)
	tests := []struct {
		screen, line string
	}{
		{"sets", "› Crm       Customers"},
		{"record", "› Amount"},
	}
	for _, tt := range tests {
		if view := viewText(screens[tt.screen]); !hasLinePrefix(view, tt.line) {
			t.Errorf("%s without styles: no line starts with %q, the cursor is not visible:\n%s", tt.screen, tt.line, view)
		}
	}
	// The grid's cursor cell is drawn reversed, an attribute that stays
	// when colours go.
	raw := screens["grid"].View().Content
	if !strings.Contains(raw, "\x1b[1;7m") && !strings.Contains(raw, "\x1b[7;1m") && !strings.Contains(raw, "\x1b[7m") {
		t.Errorf("the grid's cursor cell is not drawn reversed: %q", raw)
	}
}

func hasLinePrefix(s, prefix string) bool {
	for _, l := range strings.Split(s, "\n") {
		if strings.HasPrefix(l, prefix) {
			return true
		}
	}
	return false
}

// hostile is server text that tries escape sequences (clear, title, colour
// by CSI and by the C1 CSI), a bell, a carriage return and a right-to-left
// override.
const hostile = "A\x1b[2J\x1b]0;pwned\x07B\rC\u009b31mD\u202eE"

func TestViewSanitisesServerText(t *testing.T) {
	hostileSet := "Crm_" + hostile
	js, _ := json.Marshal(hostile)
	hostileJWT := testJWT(`{"client_id":` + string(js) + `,"scope":[` + string(js) + `],"exp":1795000000}`)
	// Each view is built afresh on a service whose only set is hostile.
	var svc *service
	sets := func() Model {
		var c *odata.Client
		svc, c = newService(t)
		svc.sets = []odata.Resource{{Name: hostileSet, Title: hostile, Kind: odata.KindEntitySet}}
		name, _ := json.Marshal(hostileSet)
		svc.rows[hostileSet] = `[{"@odata.id":` + string(name[:len(name)-1]) + `(1)","Number":"N` + string(js[1:len(js)-1]) + `","Notes":` + string(js) + `,` + string(js) + `:"odd member name"}]`
		opts := testOpts()
		opts.Client = c
		m := newTestModel(opts)
		return settle(t, m, m.stack[0].Init())
	}
	grid := func() Model { return pressSettle(t, sets(), "enter") }
	rec, _ := press(grid(), "enter")
	failed := grid()
	svc.errs[hostileSet] = "failed " + hostile
	failed = pressSettle(t, failed, first(screen.DefaultKeyMap().Reload))
	// Wide enough for the notice (see TestNoticeNotDropped).
	meta, _ := send(sets(), tea.WindowSizeMsg{Width: 200, Height: 24}, metadataLoadedMsg{err: errors.New("meta " + hostile)})
	views := map[string]struct {
		m    Model
		want string // the hostile text made visible
	}{
		"sets":   {sets(), "› Crm A␛[2J␛]0;pwned␇B␍C<9B>31mD⟪RLO⟫E"},
		"grid":   {grid(), "NA␛[2J␛]0;pwned␇B␍C<9B>31mD⟪RLO⟫E A␛[2J"},
		"record": {rec, "Crm_A␛[2J␛]0;pwned␇B␍C<9B>31mD⟪RLO⟫E › NA␛[2J"},
		"error":  {failed, "(HTTP 500, code 500): failed A [2J ]0;pwned B C"}, // odata blanks control characters itself
		"notice": {meta, "meta A␛[2J␛]0;pwned␇B C<9B>31mD⟪RLO⟫E"},
		"token":  {withToken(t, grid(), hostileJWT), "scopes granted      A␛[2J␛]0;pwned␇B␍C<9B>31mD⟪RLO⟫E"},
	}
	for name, v := range views {
		raw := v.m.View().Content
		if bad := termtext.UnsafeStyled(raw); bad != "" {
			t.Errorf("%s view: %s reaches the terminal", name, bad)
		}
		if text := ansi.Strip(raw); !strings.Contains(text, v.want) {
			t.Errorf("%s view does not show %q:\n%s", name, v.want, text)
		}
	}
}

func TestWindowTitleSanitised(t *testing.T) {
	opts := testOpts()
	opts.Instance = "https://acme.my.erp.net/\x07\x1b]0;x"
	m := newTestModel(opts)
	if title := m.View().WindowTitle; strings.ContainsAny(title, "\x07\x1b") {
		t.Errorf("window title %q; want no control characters", title)
	}
}

func TestNoticeNotDropped(t *testing.T) {
	m, _ := started(t, testOpts())
	m, _ = press(openGrid(t, m), "enter", "G")
	m = pressSettle(t, m, "enter") // the stub answers the related load with a 404
	lines := strings.Split(viewText(m), "\n")
	if status := lines[len(lines)-2]; !strings.Contains(status, "404") {
		t.Errorf("status line %q; want the error notice, cut if need be", status)
	}
}

func TestNoticeKeepsTheRowCounts(t *testing.T) {
	m, _ := started(t, testOpts())
	m = openGrid(t, m)
	m.env.Notice("→ "+strings.Repeat("Crm_Sales_SalesOrders?$filter=Notes eq 'x' ", 4), false)
	status := strings.Split(viewText(m), "\n")[22]
	if !strings.Contains(status, "rows 1–4 of 1,234") {
		t.Errorf("status line %q; want the row counts kept beside an information notice", status)
	}
}

// TestHeaderOfEnvOnlyProfile: an environment-only setup's profile is the
// instance's host; the header says it once, and presenter mode masks it
// there like the host, never showing it whole.
func TestHeaderOfEnvOnlyProfile(t *testing.T) {
	opts := testOpts()
	opts.Profile, opts.Instance = "erp.example.com:8443", "https://erp.example.com:8443"
	m := newTestModel(opts)
	header := func(m Model) string { return ansi.Strip(strings.SplitN(m.View().Content, "\n", 2)[0]) }
	if h := header(m); strings.Count(h, "erp.example.com:8443") != 1 {
		t.Errorf("header %q; want the host once", h)
	}
	m, _ = send(m, tea.KeyPressMsg{Code: 'P', Text: "P"})
	if h := header(m); strings.Contains(h, "erp.example.com") {
		t.Errorf("presenter mode: header %q; want the host masked, also as the profile", h)
	}
}
