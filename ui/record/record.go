// Package record is the explorer's record view: every property of one
// entity, scrollable, in $metadata order (else by name), with its
// navigation properties listed after them, then the sets whose entities
// point at it (reverse navigation from $metadata: enter opens that set
// filtered to this record). Enter on a navigation property
// reads what it leads to (odata.Client.LoadRelated: from the row's
// @odata.id, its navigation links, or its key and $metadata) and asks the
// root to show those rows in a grid (screen.OpenRows); esc cancels that
// load, else goes back (screen.Back).
package record

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/odx-dev/odx/internal/termtext"
	"github.com/odx-dev/odx/odata"
	"github.com/odx-dev/odx/ui/related"
	"github.com/odx-dev/odx/ui/screen"
)

// Model is the record screen. It implements screen.Screen.
type Model struct {
	env  *screen.Env
	id   int
	keys screen.KeyMap

	set      string // the resource path the row came from
	row      odata.Row
	crumb    []string // the grid's breadcrumb and the record's title
	entries  []entry
	withMeta bool // entries ordered by $metadata

	cursor int // entry under the cursor
	offset int // first line shown
	width  int
	height int

	relSeq  int                // generation of the related load
	relStop context.CancelFunc // the related load in flight, nil when none

	counts  map[string]int64   // reverse entry → its entities counted (-1: failed)
	cntSeq  int                // generation of the count
	cntStop context.CancelFunc // the count in flight, nil when none
	cntName string             // the entry it counts
	blurred bool               // another screen is over the record: no counting

	// names shows technical names instead of the labels of $metadata
	// (key T).
	names bool

	search *fieldSearch // the search in the fields (key /), nil when none

	lastClick time.Time // the last click on the cursor's entry, for double clicks
}

var _ screen.Screen = (*Model)(nil)

// New returns the record view of row, read from the resource path set;
// crumb is the breadcrumb of the grid it came from (the record adds its
// own title).
func New(env *screen.Env, set string, row odata.Row, crumb []string) *Model {
	m := &Model{env: env, id: env.NewID(), set: set, row: row, width: 80, height: 20, names: env.Names}
	m.crumb = append(slices.Clone(crumb), related.Title(set, row, env.Meta, env.Language))
	m.entries = m.build()
	m.withMeta = env.Meta != nil
	m.syncKeys()
	return m
}

// ID implements screen.Screen.
func (m *Model) ID() int { return m.id }

// Init implements screen.Screen: the record is shown at once.
func (m *Model) Init() tea.Cmd { return nil }

// Update implements screen.Screen.
func (m *Model) Update(msg tea.Msg) (screen.Screen, tea.Cmd) {
	var cmd tea.Cmd
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		if m.search != nil && m.search.typing {
			cmd = m.searchKey(msg)
		} else {
			cmd = m.key(msg)
		}
	case tea.MouseWheelMsg:
		m.wheel(msg)
	case tea.MouseClickMsg:
		cmd = m.click(msg)
	case related.Loaded:
		m.onRelated(msg)
	case related.Counted:
		m.onCounted(msg)
	case screen.Blur:
		m.blurred = true
		m.stopCount()
	case screen.Focus:
		m.blurred = false
	case screen.MetadataLoaded:
		m.metadata()
	case screen.NamesChanged:
		m.names = m.env.Names
		m.follow()
	default:
		if m.search != nil && m.search.typing { // the search line's blinks
			cmd = m.searchKey(msg)
		}
	}
	if c := m.countCursor(); c != nil {
		cmd = tea.Batch(cmd, c)
	}
	m.syncKeys()
	return m, cmd
}

func (m *Model) key(msg tea.KeyPressMsg) tea.Cmd {
	last := len(m.entries) - 1
	switch {
	case key.Matches(msg, m.keys.Open):
		return m.open()
	case key.Matches(msg, m.keys.Back):
		if m.relStop != nil {
			m.stop()
			m.env.Notice("cancelled", false)
			return nil
		}
		if m.search != nil {
			m.search = nil // the matches go first
			return nil
		}
		m.env.Post(screen.Back{})
		return nil
	case key.Matches(msg, m.keys.CopyCell):
		if m.cursor < len(m.entries) {
			e := m.entries[m.cursor]
			text, notice := screen.CopyValue(e.name, e.value, m.env.Language)
			m.env.Notice(notice, false)
			return tea.SetClipboard(text)
		}
		return nil
	case key.Matches(msg, m.keys.CopyRow):
		s, err := screen.RowJSON(m.row)
		if err != nil {
			m.env.Notice("cannot copy the record: "+screen.OneLine(err), true)
			return nil
		}
		m.env.Notice(strings.Replace(screen.RowNotice(len(s)), "row", "record", 1), false)
		return tea.SetClipboard(s)
	case key.Matches(msg, m.keys.Search):
		m.openSearch()
		return nil
	case key.Matches(msg, m.keys.SearchNext):
		m.stepMatch(1)
		return nil
	case key.Matches(msg, m.keys.SearchPrev):
		m.stepMatch(-1)
		return nil
	case key.Matches(msg, m.keys.Labels): // on every screen: the root answers with NamesChanged
		m.env.Post(screen.SetNames{On: !m.names})
	case key.Matches(msg, m.keys.Up):
		m.cursor = max(0, m.cursor-1)
	case key.Matches(msg, m.keys.Down):
		m.cursor = min(last, m.cursor+1)
	case key.Matches(msg, m.keys.ScrollTop):
		m.cursor = 0
	case key.Matches(msg, m.keys.ScrollEnd):
		m.cursor = last
	case key.Matches(msg, m.keys.HalfDown, m.keys.NextPage):
		m.cursor = min(last, m.cursor+max(1, m.contentH()/2))
	case key.Matches(msg, m.keys.HalfUp, m.keys.PrevPage):
		m.cursor = max(0, m.cursor-max(1, m.contentH()/2))
	default:
		return nil
	}
	m.cursor = max(0, m.cursor)
	m.follow()
	return nil
}

// metadata orders the entries by $metadata once it arrives, keeping the
// cursor on the same entry; a record that had no title gets its key.
func (m *Model) metadata() {
	if m.withMeta || m.env.Meta == nil {
		return
	}
	if last := len(m.crumb) - 1; m.crumb[last] == "" {
		m.crumb[last] = related.Title(m.set, m.row, m.env.Meta, m.env.Language)
	}
	var at string
	if m.cursor < len(m.entries) {
		at = m.entries[m.cursor].name
	}
	m.entries = m.build()
	m.withMeta = true
	m.cursor = max(0, slices.IndexFunc(m.entries, func(e entry) bool { return e.name == at }))
	m.follow()
}

// build lists the record's entries: its properties and navigation
// properties, then its reverse navigation.
func (m *Model) build() []entry {
	return append(entries(m.set, m.row, m.env.Meta), reverseEntries(m.set, m.row, m.env.Meta, m.env.Dialect)...)
}

// SetSize implements screen.Screen.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = w, h
	m.follow()
}

// KeyMap implements screen.Screen.
func (m *Model) KeyMap() screen.KeyMap { return m.keys }

// syncKeys enables the keys that work here.
func (m *Model) syncKeys() {
	k := m.env.Keys
	k.Only(&k.ForceQuit, &k.Help, &k.Present, &k.Token, &k.Log, &k.Back, &k.GoTo, &k.History,
		&k.Open, &k.Up, &k.Down, &k.ScrollTop, &k.ScrollEnd, &k.HalfUp, &k.HalfDown, &k.NextPage, &k.PrevPage,
		&k.CopyCell, &k.CopyRow, &k.Search)
	k.Search.SetHelp(k.Search.Help().Key, "search fields")
	k.Accept.SetEnabled(m.Capturing()) // enter closes the search line
	k.SearchNext.SetEnabled(m.search != nil)
	k.SearchPrev.SetEnabled(m.search != nil)
	k.Labels.SetEnabled(slices.ContainsFunc(m.entries, func(e entry) bool { return e.label != "" }))
	m.keys = k
}

// Help implements screen.Screen.
func (m *Model) Help() help.KeyMap {
	k := m.keys
	global := []key.Binding{k.Token, k.Log, k.Present, k.Help, k.Back, k.Quit, k.ForceQuit}
	return screen.HelpKeys{
		Short: []key.Binding{k.Up, k.Down, k.Open, k.Token, k.Back, k.Help},
		Full:  [][]key.Binding{{k.Open, k.Up, k.Down, k.HalfUp, k.HalfDown, k.ScrollTop, k.ScrollEnd}, {k.Search, k.SearchNext, k.SearchPrev, k.CopyCell, k.CopyRow, k.Labels, k.GoTo, k.History}, global},
	}
}

// Status is the set and the property under the cursor (its technical
// name when a label is shown for it), and the related load while it runs.
func (m *Model) Status() string {
	s := termtext.Sanitize(m.set)
	if m.cursor < len(m.entries) {
		if e := m.entries[m.cursor]; e.shown(m.names) != e.name {
			s += " · " + termtext.Sanitize(e.name)
		}
	}
	s += fmt.Sprintf(" · property %d of %d", m.cursor+1, len(m.entries))
	if c := m.matchCount(); c != "" && !m.Capturing() {
		s += " · match " + c
	}
	if m.relStop != nil {
		s += " · " + m.env.Spinner + " opening"
	}
	return s
}

// Capturing implements screen.Screen: the search line takes every key
// while it is typed.
func (m *Model) Capturing() bool { return m.search != nil && m.search.typing }

// Fill implements screen.Screen.
func (m *Model) Fill(s *screen.State) {
	s.Screen = "record"
	s.Breadcrumb = m.crumb
	s.Record = len(m.entries)
	s.Modal = s.Modal || m.Capturing()
}

// Close cancels the related load and the count in flight.
func (m *Model) Close() {
	m.stop()
	m.stopCount()
}
