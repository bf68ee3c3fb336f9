// Package sets is the explorer's first screen: the entity sets of the
// service document, grouped by their module prefix, with the row count of
// the set under the cursor. It authenticates and reads the service document
// when it starts (never $metadata, which the root fetches once it hears
// SetsLoaded), counts the selected set one request at a time, filters the
// list as the user types (/), opens a set in a grid (enter) by posting
// screen.OpenQuery, and lists the saved views (v).
//
// It hears the broadcasts every screen gets: Blur (a screen was pushed over
// it: the count in flight gives up its request slot, since ERP.net serves
// one request per session at a time), Focus (counting resumes),
// MetadataLoaded (the root's $metadata fetch ended, well or not: the
// status line's spinner stops) and StylesChanged.
package sets

import (
	"context"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/list"
	tea "charm.land/bubbletea/v2"

	"github.com/odx-dev/odx/internal/termtext"
	"github.com/odx-dev/odx/odata"
	"github.com/odx-dev/odx/ui/dialog"
	"github.com/odx-dev/odx/ui/screen"
)

// Model is the set-list screen. It implements screen.Screen.
type Model struct {
	env  *screen.Env
	id   int
	keys screen.KeyMap

	sets   setList
	width  int
	height int

	seq      int // generation of the service-document load
	loadStop context.CancelFunc
	loaded   bool // the service document arrived
	err      error

	metaLoading bool
	onTop       bool

	counting  string // the set whose count is in flight, "" when none
	countSeq  int
	countStop context.CancelFunc

	opening  string // the singleton or function being read, "" when none
	openSeq  int
	openStop context.CancelFunc
}

var _ screen.Screen = (*Model)(nil)

// New returns the set list; Init starts loading it.
func New(env *screen.Env) *Model {
	m := &Model{env: env, id: env.NewID(), sets: newSetList(env.Styles, env.Keys), onTop: true, width: 80, height: 20}
	m.syncKeys()
	return m
}

// ID implements screen.Screen.
func (m *Model) ID() int { return m.id }

// Init authenticates and reads the service document.
func (m *Model) Init() tea.Cmd { return m.load() }

// load (re)starts reading the service document.
func (m *Model) load() tea.Cmd {
	if m.loadStop != nil {
		m.loadStop()
	}
	m.err = nil
	m.seq++
	ctx, cancel := context.WithCancel(m.env.Ctx)
	m.loadStop = cancel
	return screen.Tag(m.id, loadSetsCmd(ctx, m.env.Client, m.env.Auth, m.seq))
}

// Update implements screen.Screen.
func (m *Model) Update(msg tea.Msg) (screen.Screen, tea.Cmd) {
	cmd := m.update(msg)
	m.syncKeys()
	return m, cmd
}

func (m *Model) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		return m.key(msg)
	case setsLoadedMsg:
		return m.onSets(msg)
	case setCountMsg:
		return m.onCount(msg)
	case resourceMsg:
		return m.onResource(msg)
	case dialog.FunctionCall:
		return m.onCall(msg)
	case screen.Focus:
		m.onTop = true
		return m.count()
	case screen.Blur:
		m.onTop = false
		m.stopCount()
		m.stopOpen()
		return nil
	case screen.MetadataLoaded:
		m.metaLoading = false
		return nil
	case screen.StylesChanged:
		m.sets.list.Styles.Title = m.env.Styles.Title
		return nil
	case screen.Tick:
		return nil
	}
	// The filter's matches, and the filter input's blinks.
	return tea.Batch(m.updateList(msg), m.count())
}

func (m *Model) key(msg tea.KeyPressMsg) tea.Cmd {
	if m.sets.list.SettingFilter() {
		return tea.Batch(m.updateList(msg), m.count())
	}
	switch {
	case key.Matches(msg, m.keys.Back):
		if m.sets.list.IsFiltered() {
			m.sets.list.ResetFilter()
			return m.count()
		}
		return nil // the first screen: nothing to go back to
	case key.Matches(msg, m.keys.Open):
		it, ok := m.sets.selectedItem()
		if !ok {
			return nil
		}
		if it.kind != odata.KindEntitySet {
			return m.openResource(it)
		}
		name := it.id
		m.stopCount() // the grid's first page must not wait behind it
		m.onTop = false
		n, ok := m.sets.totals[name]
		if !ok {
			n = -1
		}
		m.env.Post(screen.OpenQuery{Query: odata.Query{Set: name}, Count: n, Layout: true})
		return nil
	case key.Matches(msg, m.keys.Retry):
		return m.load()
	case key.Matches(msg, m.keys.Views):
		m.env.Post(screen.OpenDialog{Dialog: dialog.NewViews(m.env, "")})
		return nil
	}
	return tea.Batch(m.updateList(msg), m.count())
}

func (m *Model) onSets(msg setsLoadedMsg) tea.Cmd {
	if msg.seq != m.seq || m.loadStop == nil {
		return nil
	}
	m.loadStop()
	m.loadStop = nil
	m.err = msg.err
	if msg.err != nil {
		return nil
	}
	cmd := tagMatches(m.id, m.sets.setSets(msg.sets))
	m.loaded = true
	m.env.Post(screen.SetsLoaded{Names: m.sets.names()})
	m.metaLoading = m.env.Meta == nil // the root fetches it now
	return tea.Batch(cmd, m.count())
}

// updateList gives msg to the bubbles list. Its filter runs as a command
// whose matches come back to this screen (tagged); the filter input's
// blinks are left as they are.
func (m *Model) updateList(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	m.sets.list, cmd = m.sets.list.Update(msg)
	// The title counts the sets; the status bar only says what a filter
	// keeps ("3 of 7"), not "7 sets" again.
	m.sets.list.SetShowStatusBar(m.sets.list.FilterState() != list.Unfiltered)
	return tagMatches(m.id, cmd)
}

// tagMatches tags the filter's matches of cmd (and of the batches it
// returns) with the screen's id.
func tagMatches(id int, cmd tea.Cmd) tea.Cmd {
	if cmd == nil {
		return nil
	}
	return func() tea.Msg {
		switch msg := cmd().(type) {
		case list.FilterMatchesMsg:
			return screen.Reply{To: id, Msg: msg}
		case tea.BatchMsg:
			out := make(tea.BatchMsg, len(msg))
			for i, c := range msg {
				out[i] = tagMatches(id, c)
			}
			return out
		default:
			return msg
		}
	}
}

// View draws the list, or what it waits for, or the error.
func (m *Model) View() string {
	switch {
	case m.err != nil:
		return screen.ErrorBody(m.env.Styles, m.err, "r retry · q quit", m.width)
	case !m.loaded:
		what := "loading entity sets…"
		if m.env.Auth != nil && m.env.Auth.Stats().TokensFetched == 0 {
			what = "authenticating to " + termtext.Sanitize(m.profileName()) + "…"
		}
		return "\n  " + m.env.Spinner + " " + what
	}
	// The list can draw a line more than its height on a short terminal.
	return strings.Join(screen.FitLines(m.sets.list.View(), m.width, m.height), "\n")
}

func (m *Model) profileName() string {
	if m.env.Profile != "" {
		return m.env.Profile
	}
	return screen.HostOf(m.env.Instance)
}

// SetSize implements screen.Screen.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = w, h
	m.sets.setSize(w, h)
}

// KeyMap implements screen.Screen.
func (m *Model) KeyMap() screen.KeyMap { return m.keys }

// syncKeys enables the keys that work now.
func (m *Model) syncKeys() {
	k := m.env.Keys
	if m.sets.list.SettingFilter() { // every key goes to the filter
		k.Only(&k.ForceQuit, &k.Accept, &k.Back)
		m.keys = k
		return
	}
	k.Only(&k.Quit, &k.ForceQuit, &k.Help, &k.Present, &k.Token, &k.Log, &k.GoTo, &k.History,
		&k.Open, &k.Filter, &k.Views, &k.Up, &k.Down, &k.ScrollTop, &k.ScrollEnd, &k.ListNext, &k.ListPrev)
	k.Back.SetEnabled(m.sets.list.IsFiltered())
	k.Retry.SetEnabled(m.err != nil)
	m.keys = k
}

// Help implements screen.Screen.
func (m *Model) Help() help.KeyMap {
	k := m.keys
	if m.sets.list.SettingFilter() {
		return screen.HelpKeys{Short: []key.Binding{k.Accept, k.Back}, Full: [][]key.Binding{{k.Accept, k.Back, k.ForceQuit}}}
	}
	global := []key.Binding{k.Token, k.Log, k.Present, k.Help, k.Back, k.Quit, k.ForceQuit}
	move := []key.Binding{k.Up, k.Down, k.ScrollTop, k.ScrollEnd, k.ListNext, k.ListPrev}
	return screen.HelpKeys{
		Short: []key.Binding{k.Open, k.Filter, k.Token, k.Help, k.Quit, k.Retry},
		Full:  [][]key.Binding{{k.Open, k.Filter, k.GoTo, k.History, k.Views, k.Retry}, move, global},
	}
}

// Status is the set under the cursor, and the $metadata fetch while it
// runs.
func (m *Model) Status() string {
	it, _ := m.sets.selectedItem()
	s := termtext.Sanitize(it.id)
	if it.kind == odata.KindFunctionImport {
		if sig := signature(m.env.Meta, it.id); sig != "" {
			s = sig
		}
	}
	if m.metaLoading {
		s += " · " + m.env.Spinner + " loading $metadata"
	}
	return s
}

// Capturing reports that the filter is being typed.
func (m *Model) Capturing() bool { return m.sets.list.SettingFilter() }

// Fill implements screen.Screen.
func (m *Model) Fill(s *screen.State) {
	s.Screen = "sets"
	s.Sets = m.sets.total
	if m.err != nil {
		s.Err = screen.OneLine(m.err)
	}
}

// Close cancels the load and the count in flight.
func (m *Model) Close() {
	if m.loadStop != nil {
		m.loadStop()
		m.loadStop = nil
	}
	m.stopCount()
	m.stopOpen()
}
