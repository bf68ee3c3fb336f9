package token

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/odx-dev/odx/auth"
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

func infoWithClaims() auth.Info {
	info := auth.Inspect(testJWT(tokenClaims))
	info.TokenType = "Bearer"
	return info
}

// shown is the token view at w×h showing info, inspected at fixedNow.
func shown(t *testing.T, info auth.Info, w, h int) (*Model, *screen.Env) {
	t.Helper()
	env := testEnv(nil)
	m := New(env)
	m.SetSize(w, h)
	m.Init()
	m.Update(infoMsg{seq: m.seq, info: info})
	if m.loading || !m.have {
		t.Fatalf("after the reply: loading %v, have %v; want the token shown", m.loading, m.have)
	}
	return m, env
}

// TestViewGolden: the sheet at 80×24 (cut at the bottom) and 200×50.
func TestViewGolden(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {200, 50}} {
		w, h := size[0], size[1]
		t.Run(fmt.Sprintf("%dx%d", w, h), func(t *testing.T) {
			m, _ := shown(t, infoWithClaims(), w, h)
			v := m.View()
			lines := strings.Split(v, "\n")
			if len(lines) > h {
				t.Errorf("%d lines; want ≤ %d", len(lines), h)
			}
			for i, l := range lines {
				if lw := ansi.StringWidth(l); lw > w {
					t.Errorf("line %d is %d cells; want ≤ %d: %q", i+1, lw, w, ansi.Strip(l))
				}
			}
			golden.RequireEqual(t, []byte(ansi.Strip(v)))
		})
	}
}

func TestCountdownFollowsNow(t *testing.T) {
	m, env := shown(t, infoWithClaims(), 80, 24)
	for _, tt := range []struct {
		after time.Duration
		want  string
	}{
		{0, "expires in          42m00s  (at 11:12:00)"},
		{41*time.Minute + 30*time.Second, "expires in          30s  (at 11:12:00)"},
		{42 * time.Minute, "expires in          expired  (at 11:12:00)"},
	} {
		env.Now = fixedNow.Add(tt.after)
		m.Update(screen.Tick{Now: env.Now})
		if v := ansi.Strip(m.View()); !strings.Contains(v, tt.want) {
			t.Errorf("at +%v the view\n%s\nlacks %q", tt.after, v, tt.want)
		}
	}
}

// TestPresenterMasks: presenting, the token, the instance, the client id
// and the claims naming them are hidden.
func TestPresenterMasks(t *testing.T) {
	info := infoWithClaims()
	m, env := shown(t, info, 200, 50)
	plain := ansi.Strip(m.View())
	for _, want := range []string{info.Token, "acme.my.erp.net/odx", "https://acme.my.erp.net"} {
		if !strings.Contains(plain, want) {
			t.Errorf("not presenting, the view lacks %q:\n%s", want, plain)
		}
	}
	env.Present = true
	v := ansi.Strip(m.View())
	for _, hidden := range []string{info.Token, "acme.my.erp.net", "4F2A9C"} {
		if strings.Contains(v, hidden) {
			t.Errorf("presenting, the view shows %q:\n%s", hidden, v)
		}
	}
	for _, want := range []string{"(hidden while presenting)  (JWT)", "instance            http….net", "client_db           ••••"} {
		if !strings.Contains(v, want) {
			t.Errorf("presenting, the view lacks %q:\n%s", want, v)
		}
	}
}

// TestPresenterMasksEnvOnlyProfile: an environment-only setup's profile is
// the instance's host, masked with it while presenting.
func TestPresenterMasksEnvOnlyProfile(t *testing.T) {
	m, env := shown(t, infoWithClaims(), 200, 50)
	env.Profile = "acme.my.erp.net"
	if v := ansi.Strip(m.View()); !strings.Contains(v, "profile             acme.my.erp.net") {
		t.Errorf("not presenting, the view lacks the profile:\n%s", v)
	}
	env.Present = true
	if v := ansi.Strip(m.View()); strings.Contains(v, "acme.my.erp.net") {
		t.Errorf("presenting, the view shows the host as the profile:\n%s", v)
	}
}

// hostile is server text that must never reach the terminal raw.
const hostile = "A\x1b[2J\x1b]0;pwned\x07B\rC\u009b31mD\u202eE"

func TestViewSanitisesServerText(t *testing.T) {
	js, _ := json.Marshal(hostile)
	info := auth.Inspect(testJWT(`{"client_id":` + string(js) + `,"exp":1795000000}`))
	if len(info.Claims) != 2 {
		t.Fatalf("the hostile token decodes to %d claims; want 2", len(info.Claims))
	}
	info.Scopes = []string{hostile}
	m, _ := shown(t, info, 80, 24)
	raw := m.View()
	if rest := sgr.ReplaceAllString(raw, ""); strings.ContainsAny(rest, "\x1b\x07\r\u009b\u202e") {
		t.Errorf("raw control characters reach the terminal:\n%q", rest)
	}
	if text := ansi.Strip(raw); !strings.Contains(text, "scopes granted      A␛[2J␛]0;pwned␇B␍C<9B>31mD⟪RLO⟫E") {
		t.Errorf("the view does not show the scopes made visible:\n%s", text)
	}
}

// sgr matches the view's own colour sequences.
var sgr = regexp.MustCompile(`\x1b\[[0-9;:]*m`)

func TestReauthCountsRenewals(t *testing.T) {
	tests := []struct {
		s    auth.Stats
		want string
	}{
		{auth.Stats{TokensFetched: 1}, "0  (0 renewed before expiry, 0 after a 401)"},
		{auth.Stats{TokensFetched: 4, Reauthentications: 1}, "3  (2 renewed before expiry, 1 after a 401)"},
		{auth.Stats{}, "0  (0 renewed before expiry, 0 after a 401)"},
	}
	for _, tt := range tests {
		if got := reauthText(tt.s); got != tt.want {
			t.Errorf("reauthText(%+v) = %q; want %q", tt.s, got, tt.want)
		}
	}
}
