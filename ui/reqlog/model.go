// Package reqlog is the explorer's request log pane: the session's HTTP
// exchanges as the httplog middleware recorded them, oldest first, with a
// cursor (↑/↓, g/G, pgup/pgdown); enter shows an entry's details (request
// line, status, timing, the request headers odx sent, one a line and
// sorted, with the credentials the log did not record as "[not recorded]",
// the response headers and the first KiB of the body),
// esc returns to the list, and esc on the list leaves the pane. The cursor
// follows new entries while it is on the last one. Every server string is
// sanitised; in presenter mode the host is left out and bodies are hidden.
package reqlog

import (
	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/odx-dev/odx/internal/httplog"
	"github.com/odx-dev/odx/ui/screen"
)

// Model is the request log pane, a screen.Screen.
type Model struct {
	env  *screen.Env
	id   int
	keys screen.KeyMap

	log     *httplog.Log
	entries []httplog.Entry
	ver     uint64
	cursor  int
	top     int // first list row shown
	width   int // from SetSize
	height  int
	rows    int // list rows that fit, from SetSize
	detail  bool
	scroll  int // first detail line shown
}

// New returns the pane for log (nil: a session that records nothing).
func New(env *screen.Env, log *httplog.Log) *Model {
	m := &Model{env: env, id: env.NewID(), log: log, width: 80, height: 24, rows: 22, ver: ^uint64(0)}
	m.refresh()
	m.enable()
	return m
}

// ID implements screen.Screen.
func (m *Model) ID() int { return m.id }

// Init implements screen.Screen: the pane starts nothing.
func (m *Model) Init() tea.Cmd { return nil }

// SetSize tells the pane its size, so that paging keys move by a screen.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = max(1, w), max(1, h)
	m.rows = max(1, h-2)
}

// refresh takes the log's current entries (cheap when nothing changed).
func (m *Model) refresh() {
	if m.log == nil {
		return
	}
	v := m.log.Version()
	if v == m.ver {
		return
	}
	follow := m.cursor >= len(m.entries)-1
	var seq uint64
	if m.cursor < len(m.entries) {
		seq = m.entries[m.cursor].Seq
	}
	m.ver, m.entries = v, m.log.Entries()
	if follow {
		m.cursor = len(m.entries) - 1
	} else {
		// Keep the cursor on its entry while old ones drop off the ring.
		m.cursor = 0
		for i, e := range m.entries {
			if e.Seq == seq {
				m.cursor = i
			}
		}
	}
	m.cursor = max(0, m.cursor)
}

// Update handles the pane's keys; on Focus and on every Tick it takes the
// entries recorded since.
func (m *Model) Update(msg tea.Msg) (screen.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case screen.Focus, screen.Tick:
		m.refresh()
	case tea.KeyPressMsg:
		if !m.key(msg) && key.Matches(msg, m.keys.Back) {
			m.env.Post(screen.Back{})
		}
	}
	m.enable()
	return m, nil
}

// key handles a key and reports whether the pane used it; esc is used only
// to leave the details, so an unhandled esc means "close the pane".
func (m *Model) key(k tea.KeyPressMsg) (handled bool) {
	if m.detail {
		switch {
		case key.Matches(k, m.keys.Back):
			m.detail = false
		case key.Matches(k, m.keys.Up):
			m.scroll = max(0, m.scroll-1)
		case key.Matches(k, m.keys.Down):
			m.scroll++
		case key.Matches(k, m.keys.PrevPage):
			m.scroll = max(0, m.scroll-m.rows)
		case key.Matches(k, m.keys.NextPage):
			m.scroll += m.rows
		case key.Matches(k, m.keys.ScrollTop):
			m.scroll = 0
		case key.Matches(k, m.keys.ScrollEnd):
			m.scroll = 1 << 30
		default:
			return false
		}
		if m.detail && m.cursor < len(m.entries) {
			n := len(m.detailBody(m.entries[m.cursor], m.width))
			m.scroll = max(0, min(m.scroll, n-(m.rows+1)))
		}
		return true
	}
	last := len(m.entries) - 1
	switch {
	case key.Matches(k, m.keys.Up):
		m.cursor--
	case key.Matches(k, m.keys.Down):
		m.cursor++
	case key.Matches(k, m.keys.PrevPage):
		m.cursor -= m.rows
	case key.Matches(k, m.keys.NextPage):
		m.cursor += m.rows
	case key.Matches(k, m.keys.ScrollTop):
		m.cursor = 0
	case key.Matches(k, m.keys.ScrollEnd):
		m.cursor = last
	case key.Matches(k, m.keys.Open):
		if last >= 0 {
			m.detail, m.scroll = true, 0
		}
	default:
		return false
	}
	m.cursor = max(0, min(m.cursor, last))
	m.top = window(m.top, m.cursor, m.rows)
	return true
}

// window is the first row to show so that cursor is within rows of it.
func window(top, cursor, rows int) int {
	if cursor < top {
		return cursor
	}
	if cursor >= top+rows {
		return cursor - rows + 1
	}
	return max(0, top)
}

// enable takes the keys afresh and leaves enabled only those that work
// now: the list's or the details', and the global ones but Log.
func (m *Model) enable() {
	m.keys = m.env.Keys
	k := &m.keys
	keep := []*key.Binding{&k.Up, &k.Down, &k.PrevPage, &k.NextPage, &k.ScrollTop, &k.ScrollEnd, &k.Back,
		&k.Token, &k.Present, &k.Help, &k.ForceQuit}
	if !m.detail && len(m.entries) > 0 {
		keep = append(keep, &k.Open)
	}
	k.Only(keep...)
}

// KeyMap implements screen.Screen.
func (m *Model) KeyMap() screen.KeyMap { return m.keys }

// Help implements screen.Screen.
func (m *Model) Help() help.KeyMap {
	k := m.keys
	global := []key.Binding{k.Token, k.Log, k.Present, k.Help, k.Back, k.Quit, k.ForceQuit}
	return screen.HelpKeys{
		Short: []key.Binding{k.Up, k.Down, k.Open, k.Back, k.Help},
		Full:  [][]key.Binding{{k.Open, k.Up, k.Down, k.ScrollTop, k.ScrollEnd}, global},
	}
}

// Status implements screen.Screen.
func (m *Model) Status() string { return "request log" }

// Capturing implements screen.Screen: the pane has no text input.
func (m *Model) Capturing() bool { return false }

// Fill implements screen.Screen.
func (m *Model) Fill(s *screen.State) { s.Screen = "log" }

// Close implements screen.Screen: the pane starts nothing, so there is
// nothing to cancel.
func (m *Model) Close() {}
