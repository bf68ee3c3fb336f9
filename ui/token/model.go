// Package token is the explorer's token view: who the session is to the
// server and for how long. It shows the access token (hidden while
// presenting), its type, the scopes granted and missing, a live countdown
// to its expiry, the Source's counters and the token's claims, decoded.
// r fetches a new token; a token renewed behind the view (on expiry, after
// a 401) is shown as soon as the one-second tick notices it.
package token

import (
	"context"
	"errors"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/odx-dev/odx/auth"
	"github.com/odx-dev/odx/ui/screen"
)

// Model is the token view, a screen.Screen.
type Model struct {
	env  *screen.Env
	id   int
	keys screen.KeyMap

	info      auth.Info
	err       error
	loading   bool
	have      bool
	offset    int       // first line shown
	srcExpiry time.Time // the Source's expiry when info was taken
	width     int
	height    int

	seq    int                // generation of the inspection asked for last
	cancel context.CancelFunc // of the inspection in flight, nil when none
}

// New returns the token view of env.Auth; Init starts the first
// inspection.
func New(env *screen.Env) *Model {
	m := &Model{env: env, id: env.NewID(), width: 80, height: 21}
	m.enable()
	return m
}

// infoMsg is an inspection of the current token.
type infoMsg struct {
	seq  int
	info auth.Info
	err  error
}

// infoCmd inspects the current token; with refresh it first fetches a new
// one.
func infoCmd(ctx context.Context, src *auth.Source, refresh bool, seq int) tea.Cmd {
	return func() tea.Msg {
		if src == nil {
			return infoMsg{seq: seq, err: errors.New("this connection has no token source")}
		}
		if refresh {
			if _, err := src.Refresh(ctx); err != nil {
				return infoMsg{seq: seq, err: err}
			}
		}
		info, err := src.Info(ctx)
		return infoMsg{seq: seq, info: info, err: err}
	}
}

// ID implements screen.Screen.
func (m *Model) ID() int { return m.id }

// Init inspects the current token (fetching one if none is cached).
func (m *Model) Init() tea.Cmd { return m.inspect(false) }

// inspect starts an inspection (after a new token with refresh); a reply
// of an earlier one is dropped, its request cancelled.
func (m *Model) inspect(refresh bool) tea.Cmd {
	m.stop()
	ctx := m.env.Ctx
	if ctx == nil {
		ctx = context.Background()
	}
	ctx, m.cancel = context.WithCancel(ctx)
	m.seq++
	m.loading = true
	return screen.Tag(m.id, infoCmd(ctx, m.env.Auth, refresh, m.seq))
}

// stop cancels the inspection in flight, if any.
func (m *Model) stop() {
	if m.cancel != nil {
		m.cancel()
		m.cancel = nil
	}
}

// expiry is the Source's expiry of its cached token.
func (m *Model) expiry() (time.Time, bool) {
	if m.env.Auth == nil {
		return time.Time{}, false
	}
	return m.env.Auth.Expiry()
}

// Update handles the view's keys, the inspections' replies and the tick
// (a token renewed while the view is shown is inspected again).
func (m *Model) Update(msg tea.Msg) (screen.Screen, tea.Cmd) {
	var cmd tea.Cmd
	switch msg := msg.(type) {
	case infoMsg:
		if msg.seq != m.seq {
			return m, nil
		}
		m.stop() // done: release its context
		m.set(msg.info, msg.err)
		if exp, ok := m.expiry(); ok {
			m.srcExpiry = exp
		}
	case screen.Tick:
		// A new token came in (renewed on expiry or after a 401): show it.
		if exp, ok := m.expiry(); ok && m.have && !m.loading && !exp.Equal(m.srcExpiry) {
			cmd = m.inspect(false)
		}
	case tea.KeyPressMsg:
		cmd = m.key(msg)
	}
	m.enable()
	return m, cmd
}

// key handles a key press.
func (m *Model) key(k tea.KeyPressMsg) tea.Cmd {
	switch {
	case key.Matches(k, m.keys.Back):
		m.env.Post(screen.Back{})
	case key.Matches(k, m.keys.NewToken):
		return m.inspect(true)
	case key.Matches(k, m.keys.Up):
		m.scroll(-1)
	case key.Matches(k, m.keys.Down):
		m.scroll(1)
	case key.Matches(k, m.keys.HalfUp, m.keys.PrevPage):
		m.scroll(-m.height / 2)
	case key.Matches(k, m.keys.HalfDown, m.keys.NextPage):
		m.scroll(m.height / 2)
	}
	return nil
}

// enable takes the keys afresh and leaves enabled only those that work
// on the token view.
func (m *Model) enable() {
	m.keys = m.env.Keys
	k := &m.keys
	k.Only(&k.NewToken, &k.Up, &k.Down, &k.HalfUp, &k.HalfDown, &k.PrevPage, &k.NextPage, &k.Back,
		&k.Log, &k.Present, &k.Help, &k.ForceQuit)
}

// SetSize gives the view its size.
func (m *Model) SetSize(w, h int) { m.width, m.height = w, h }

// KeyMap implements screen.Screen.
func (m *Model) KeyMap() screen.KeyMap { return m.keys }

// Help implements screen.Screen.
func (m *Model) Help() help.KeyMap {
	k := m.keys
	global := []key.Binding{k.Token, k.Log, k.Present, k.Help, k.Back, k.Quit, k.ForceQuit}
	return screen.HelpKeys{
		Short: []key.Binding{k.NewToken, k.Up, k.Down, k.Back, k.Help},
		Full:  [][]key.Binding{{k.NewToken, k.Up, k.Down, k.HalfUp, k.HalfDown}, global},
	}
}

// Status implements screen.Screen.
func (m *Model) Status() string { return "token" }

// Capturing implements screen.Screen: the view has no text input.
func (m *Model) Capturing() bool { return false }

// Fill implements screen.Screen.
func (m *Model) Fill(s *screen.State) {
	s.Screen = "token"
	if m.err != nil {
		s.Err = screen.OneLine(m.err)
	}
	s.Scopes = m.info.Scopes
}

// Close cancels the inspection in flight.
func (m *Model) Close() { m.stop() }
