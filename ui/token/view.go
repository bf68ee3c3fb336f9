package token

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/odx-dev/odx/auth"
	"github.com/odx-dev/odx/internal/termtext"
	"github.com/odx-dev/odx/ui/screen"
)

// View renders the token sheet, scrolled, in at most the height given to
// SetSize; the countdown is computed from Env.Now so that it is live with
// the one-second tick.
func (m *Model) View() string {
	lines := strings.Split(strings.TrimRight(m.sheetView(), "\n"), "\n")
	h := max(1, m.height)
	off := max(0, min(m.offset, len(lines)-h))
	return strings.Join(lines[off:min(len(lines), off+h)], "\n")
}

// scroll moves the view by n lines (clamped when drawn).
func (m *Model) scroll(n int) {
	m.offset = max(0, m.offset+n)
}

func (m *Model) sheetView() string {
	st, env := m.env.Styles, m.env
	var b strings.Builder
	b.WriteString("\n " + st.Title.Render("Access token"))
	if m.loading {
		b.WriteString("  " + env.Spinner + " " + st.Dim.Render("asking the identity provider…"))
	}
	b.WriteString("\n\n")
	if m.err != nil {
		b.WriteString("  " + st.Error.Render("✗ "+screen.OneLine(m.err)) + "\n  " + st.ErrorHint.Render("r new token · esc back") + "\n\n")
	}
	if !m.have {
		return b.String()
	}
	i := m.info
	profile := termtext.Sanitize(env.Profile)
	instance, client, token := termtext.Sanitize(env.Instance), termtext.Sanitize(env.ClientID), termtext.Sanitize(i.Token)+"  ("+i.Kind+")"
	if env.Present {
		instance, client, token = screen.MaskMiddle(instance), screen.MaskMiddle(client), "(hidden while presenting)  ("+i.Kind+")"
		if strings.EqualFold(env.Profile, screen.HostOf(env.Instance)) { // an environment-only setup's: the host
			profile = screen.MaskMiddle(profile)
		}
	}
	rows := [][2]string{
		{"profile", profile},
		{"instance", instance},
		{"client id", client},
		{"token", token},
		{"type", termtext.Sanitize(i.TokenType)},
		{"scopes granted", termtext.Sanitize(strings.Join(i.Scopes, " "))},
	}
	if len(i.ScopesMissing) > 0 {
		rows = append(rows, [2]string{"not granted", st.Error.Render(termtext.Sanitize(strings.Join(i.ScopesMissing, " ")))})
	}
	if !i.ExpiresAt.IsZero() {
		left := i.ExpiresAt.Sub(env.Now)
		s := screen.FormatLeft(left) + "  (at " + i.ExpiresAt.Local().Format("15:04:05") + ")"
		if left < time.Minute {
			s = st.Expiring.Render(s)
		}
		rows = append(rows, [2]string{"expires in", s})
	}
	if !i.IssuedAt.IsZero() {
		rows = append(rows, [2]string{"issued at", i.IssuedAt.Local().Format("2006-01-02 15:04:05")})
	}
	stats := i.Stats
	rows = append(rows,
		[2]string{"tokens fetched", fmt.Sprint(stats.TokensFetched)},
		[2]string{"re-authentications", reauthText(stats)},
	)
	if !stats.LastFetch.IsZero() {
		rows = append(rows, [2]string{"last fetch", fmt.Sprintf("%s (%d ms)", stats.LastFetch.Local().Format("15:04:05"), stats.LastFetchDuration.Milliseconds())})
	}
	b.WriteString(m.sheet(rows))
	if len(i.Claims) > 0 {
		b.WriteString("\n " + st.Title.Render("Claims") + st.Dim.Render("  (decoded, not verified)") + "\n\n")
		var cr [][2]string
		for _, c := range i.Claims {
			v := termtext.Sanitize(c.Text())
			if env.Present && presentMasked[c.Name] {
				v = screen.MaskMiddle(v)
			}
			cr = append(cr, [2]string{termtext.Sanitize(c.Name), v})
		}
		b.WriteString(m.sheet(cr))
	}
	return b.String()
}

// sheet is a two-column property sheet of values already sanitised.
func (m *Model) sheet(rows [][2]string) string {
	st := m.env.Styles
	w := 0
	for _, r := range rows {
		w = max(w, ansi.StringWidth(r[0]))
	}
	valW := max(10, m.width-w-6)
	var b strings.Builder
	for _, r := range rows {
		for k, l := range screen.Wrap(r[1], valW) {
			name := ""
			if k == 0 {
				name = r[0]
			}
			b.WriteString("  " + st.Label.Render(screen.Pad(name, w)) + "  " + l + "\n")
		}
	}
	return b.String()
}

// presentMasked are the claims that name the customer's instance or app:
// partly masked in presenter mode.
var presentMasked = map[string]bool{"client_id": true, "iss": true, "aud": true, "client_db": true, "jti": true}

// set takes an inspection's result: the sheet keeps the last good token
// when a new inspection fails.
func (m *Model) set(info auth.Info, err error) {
	m.loading = false
	m.err = err
	if err == nil {
		m.info, m.have = info, true
	}
}

// reauthText counts the new tokens after the first: renewed ahead of
// expiry, and fetched again after the API answered 401 (the replays).
func reauthText(s auth.Stats) string {
	renewals := max(0, s.TokensFetched-1-s.Reauthentications)
	return fmt.Sprintf("%d  (%d renewed before expiry, %d after a 401)", renewals+s.Reauthentications, renewals, s.Reauthentications)
}
