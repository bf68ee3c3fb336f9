package ui

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/odx-dev/odx/auth"
	"github.com/odx-dev/odx/internal/termtext"
	"github.com/odx-dev/odx/ui/styles"
)

// tokenModel is the token view: who we are to the server and for how long.
type tokenModel struct {
	info      auth.Info
	err       error
	loading   bool
	have      bool
	offset    int       // first line shown
	srcExpiry time.Time // the Source's expiry when info was taken
	width     int
	height    int
	styles    *styles.Styles
	keys      KeyMap
}

func newTokenModel(st *styles.Styles, keys KeyMap) tokenModel {
	return tokenModel{styles: st, keys: keys}
}

func (t *tokenModel) setSize(w, h int) { t.width, t.height = w, h }

func (t *tokenModel) set(info auth.Info, err error) {
	t.loading = false
	t.err = err
	if err == nil {
		t.info, t.have = info, true
	}
}

// view renders the token sheet; the countdown is computed from now so that
// it is live with the one-second tick.
func (t tokenModel) view(now time.Time, o Options, spin string, present bool) string {
	lines := strings.Split(strings.TrimRight(t.sheetView(now, o, spin, present), "\n"), "\n")
	h := max(1, t.height)
	off := max(0, min(t.offset, len(lines)-h))
	return strings.Join(lines[off:min(len(lines), off+h)], "\n")
}

// scroll moves the view by n lines (clamped when drawn).
func (t *tokenModel) scroll(n int) {
	t.offset = max(0, t.offset+n)
}

func (t tokenModel) sheetView(now time.Time, o Options, spin string, present bool) string {
	st := t.styles
	var b strings.Builder
	b.WriteString("\n " + st.Title.Render("Access token"))
	if t.loading {
		b.WriteString("  " + spin + " " + st.Dim.Render("asking the identity provider…"))
	}
	b.WriteString("\n\n")
	if t.err != nil {
		b.WriteString("  " + st.Error.Render("✗ "+oneLine(t.err)) + "\n  " + st.ErrorHint.Render("r new token · esc back") + "\n\n")
	}
	if !t.have {
		return b.String()
	}
	i := t.info
	instance, client, token := termtext.Sanitize(o.Instance), termtext.Sanitize(o.ClientID), termtext.Sanitize(i.Token)+"  ("+i.Kind+")"
	if present {
		instance, client, token = maskMiddle(instance), maskMiddle(client), "(hidden while presenting)  ("+i.Kind+")"
	}
	rows := [][2]string{
		{"profile", termtext.Sanitize(o.Profile)},
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
		left := i.ExpiresAt.Sub(now)
		s := formatLeft(left) + "  (at " + i.ExpiresAt.Local().Format("15:04:05") + ")"
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
		[2]string{"re-authentications", fmt.Sprint(stats.Reauthentications)},
	)
	if !stats.LastFetch.IsZero() {
		rows = append(rows, [2]string{"last fetch", fmt.Sprintf("%s (%d ms)", stats.LastFetch.Local().Format("15:04:05"), stats.LastFetchDuration.Milliseconds())})
	}
	b.WriteString(t.sheet(rows))
	if len(i.Claims) > 0 {
		b.WriteString("\n " + st.Title.Render("Claims") + st.Dim.Render("  (decoded, not verified)") + "\n\n")
		var cr [][2]string
		for _, c := range i.Claims {
			v := termtext.Sanitize(c.Text())
			if present && presentMasked[c.Name] {
				v = maskMiddle(v)
			}
			cr = append(cr, [2]string{termtext.Sanitize(c.Name), v})
		}
		b.WriteString(t.sheet(cr))
	}
	return b.String()
}

// sheet is a two-column property sheet of values already sanitised.
func (t tokenModel) sheet(rows [][2]string) string {
	st := t.styles
	w := 0
	for _, r := range rows {
		w = max(w, ansi.StringWidth(r[0]))
	}
	valW := max(10, t.width-w-6)
	var b strings.Builder
	for _, r := range rows {
		for k, l := range wrap(r[1], valW) {
			name := ""
			if k == 0 {
				name = r[0]
			}
			b.WriteString("  " + st.Label.Render(pad(name, w)) + "  " + l + "\n")
		}
	}
	return b.String()
}

// presentMasked are the claims that name the customer's instance or app:
// partly masked in presenter mode.
var presentMasked = map[string]bool{"client_id": true, "iss": true, "aud": true, "client_db": true, "jti": true}
