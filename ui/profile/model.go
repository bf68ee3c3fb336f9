// Package profile is the explorer's column profile screen: what a column of
// the grid's query holds, computed by the server with $apply
// (internal/profile) under the grid's $filter — counts per value with bars
// for a categorical column, statistics and a histogram for a number, an
// amount or a date. enter on a value opens a grid filtered to it; y copies
// the profile as text; esc cancels the computation, or goes back. A server
// without $apply gets a profile of the rows the grid had loaded, which
// says so.
package profile

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	iprofile "github.com/odx-dev/odx/internal/profile"
	"github.com/odx-dev/odx/internal/termtext"
	"github.com/odx-dev/odx/odata"
	"github.com/odx-dev/odx/ui/screen"
)

// Model is the profile screen, a screen.Screen.
type Model struct {
	env    *screen.Env
	id     int
	keys   screen.KeyMap
	query  odata.Query // the grid's query: its set and filter
	column string
	loaded []odata.Row // the grid's rows, for a server without $apply
	crumb  []string

	col     iprofile.Column
	prof    *iprofile.Profile
	err     error
	loading bool
	cursor  int // the value under the cursor (categorical), in selectable()
	offset  int // first body line shown
	width   int
	height  int

	seq    int
	cancel context.CancelFunc
}

// New returns the profile screen of column of the grid's query q; loaded
// are the rows the grid has (nil for none), crumb its breadcrumb. Init
// starts the computation.
func New(env *screen.Env, q odata.Query, column string, loaded []odata.Row, crumb []string) *Model {
	m := &Model{env: env, id: env.NewID(), query: q, column: column, loaded: loaded,
		crumb: append(append([]string(nil), crumb...), "profile of "+column), width: 80, height: 21}
	m.enable()
	return m
}

// resultMsg is a computed profile (or why there is none).
type resultMsg struct {
	seq  int
	col  iprofile.Column
	prof *iprofile.Profile
	err  error
}

// computeCmd finds the column's kind in $metadata (fetched when meta is
// nil), computes its profile and names the references among its values.
func computeCmd(ctx context.Context, c *odata.Client, meta *odata.Model, lang string, q odata.Query, column string, loaded []odata.Row, seq int) tea.Cmd {
	return func() tea.Msg {
		if c == nil {
			return resultMsg{seq: seq, err: errors.New("this session has no OData client")}
		}
		if meta == nil {
			meta, _ = c.Metadata(ctx) // none: the kind is read off the rows loaded
		}
		set := screen.SetName(q.Set)
		col := guessColumn(column, loaded)
		if meta != nil {
			var err error
			if col, err = iprofile.ColumnOf(meta, set, column); err != nil {
				return resultMsg{seq: seq, err: err}
			}
		}
		p, err := iprofile.ComputeWith(ctx, c, meta, set, col, q.Filter, loaded)
		if err == nil {
			_ = p.Names(ctx, c, meta, col, lang) // without names, the keys show
		}
		return resultMsg{seq: seq, col: col, prof: p, err: err}
	}
}

// ID implements screen.Screen.
func (m *Model) ID() int { return m.id }

// Init starts the computation.
func (m *Model) Init() tea.Cmd { return m.compute() }

// compute (re)starts the computation, cancelling one in flight.
func (m *Model) compute() tea.Cmd {
	m.stop()
	ctx := m.env.Ctx
	if ctx == nil {
		ctx = context.Background()
	}
	ctx, m.cancel = context.WithCancel(ctx)
	m.seq++
	m.loading, m.err = true, nil
	return screen.Tag(m.id, computeCmd(ctx, m.env.Client, m.env.Meta, m.env.Language, m.query, m.column, m.loaded, m.seq))
}

// stop cancels the computation in flight, if any.
func (m *Model) stop() {
	if m.cancel != nil {
		m.cancel()
		m.cancel = nil
	}
}

// Update handles the keys and the computation's reply.
func (m *Model) Update(msg tea.Msg) (screen.Screen, tea.Cmd) {
	var cmd tea.Cmd
	switch msg := msg.(type) {
	case resultMsg:
		if msg.seq != m.seq {
			return m, nil
		}
		m.stop()
		m.loading = false
		m.col, m.prof, m.err = msg.col, msg.prof, msg.err
		m.cursor, m.offset = 0, 0
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
		if m.loading {
			m.stop()
			m.seq++ // its reply, if one comes, is dropped
			m.loading, m.err = false, errors.New("the profile was cancelled; r computes it again")
			return nil
		}
		m.env.Post(screen.Back{})
	case key.Matches(k, m.keys.Reload, m.keys.Retry):
		return m.compute()
	case key.Matches(k, m.keys.Open):
		m.open()
	case key.Matches(k, m.keys.CopyCell):
		text := strings.Join(m.prof.Lines(iprofile.Style{Width: m.width, Plain: true}), "\n")
		m.env.Notice(fmt.Sprintf("copied the profile of %s (%d lines)", termtext.Sanitize(m.column), strings.Count(text, "\n")+1), false)
		return tea.SetClipboard(text)
	case key.Matches(k, m.keys.Up):
		m.move(-1)
	case key.Matches(k, m.keys.Down):
		m.move(1)
	case key.Matches(k, m.keys.HalfUp):
		m.move(-max(1, m.height/2))
	case key.Matches(k, m.keys.HalfDown):
		m.move(max(1, m.height/2))
	case key.Matches(k, m.keys.ScrollTop):
		m.move(-1 << 20)
	case key.Matches(k, m.keys.ScrollEnd):
		m.move(1 << 20)
	}
	return nil
}

// selectable lists the values enter can filter by: the listed values, then
// null when there are nulls.
func (m *Model) selectable() []iprofile.Value {
	if m.prof == nil || m.col.Kind != iprofile.Categorical {
		return nil
	}
	vals := m.prof.Values
	if top := m.style().Top; top > 0 && len(vals) > top {
		vals = vals[:top]
	}
	if m.prof.Nulls > 0 {
		vals = append(vals[:len(vals):len(vals)], iprofile.Value{Value: "(null)", Count: m.prof.Nulls})
	}
	return vals
}

// move moves the cursor over the values, or scrolls a profile without.
func (m *Model) move(d int) {
	if n := len(m.selectable()); n > 0 {
		m.cursor = min(max(m.cursor+d, 0), n-1)
		return
	}
	m.offset = max(0, m.offset+d)
}

// open opens a grid of the query's rows holding the value under the cursor.
func (m *Model) open() {
	vals := m.selectable()
	if m.cursor >= len(vals) {
		return
	}
	v := vals[m.cursor]
	clause, err := iprofile.Clause(m.env.Dialect, m.env.Meta, screen.SetName(m.query.Set), m.col, v.Raw)
	if err != nil {
		m.env.NoticeErr(err)
		return
	}
	q := m.query
	q.Filter = iprofile.AndFilter(q.Filter, clause)
	q.Skip = 0
	m.env.Post(screen.OpenQuery{Query: q, Count: v.Count})
}

// enable takes the keys afresh and leaves enabled those that work now.
func (m *Model) enable() {
	m.keys = m.env.Keys
	k := &m.keys
	k.Only(&k.Up, &k.Down, &k.HalfUp, &k.HalfDown, &k.ScrollTop, &k.ScrollEnd, &k.Reload, &k.Back,
		&k.Token, &k.Log, &k.Present, &k.Help, &k.ForceQuit)
	k.Open.SetHelp("enter", "grid of this value")
	k.Open.SetEnabled(!m.loading && len(m.selectable()) > 0)
	k.CopyCell.SetHelp("y", "copy profile")
	k.CopyCell.SetEnabled(!m.loading && m.prof != nil)
	k.Retry.SetEnabled(!m.loading && m.err != nil)
}

// SetSize gives the screen its size.
func (m *Model) SetSize(w, h int) { m.width, m.height = w, h }

// KeyMap implements screen.Screen.
func (m *Model) KeyMap() screen.KeyMap { return m.keys }

// Help implements screen.Screen.
func (m *Model) Help() help.KeyMap {
	k := m.keys
	global := []key.Binding{k.Token, k.Log, k.Present, k.Help, k.Back, k.Quit, k.ForceQuit}
	return screen.HelpKeys{
		Short: []key.Binding{k.Up, k.Down, k.Open, k.CopyCell, k.Retry, k.Back, k.Help},
		Full:  [][]key.Binding{{k.Up, k.Down, k.HalfUp, k.HalfDown, k.ScrollTop, k.ScrollEnd}, {k.Open, k.CopyCell, k.Reload, k.Retry}, global},
	}
}

// Status implements screen.Screen.
func (m *Model) Status() string { return termtext.Sanitize(m.status()) }

// status is the status line before it is sanitised (the column name
// comes from the server).
func (m *Model) status() string {
	switch {
	case m.loading:
		return "profiling " + m.column + "…"
	case m.prof != nil && m.prof.Sampled:
		return fmt.Sprintf("profile of %s · from the %d rows loaded", m.column, m.prof.Loaded)
	case m.prof != nil && m.prof.PerMember:
		return "profile of " + m.column + " · one $count per member"
	}
	return "profile of " + m.column
}

// Capturing implements screen.Screen: the screen has no text input.
func (m *Model) Capturing() bool { return false }

// Fill implements screen.Screen.
func (m *Model) Fill(s *screen.State) {
	s.Screen = "profile"
	s.Breadcrumb = m.crumb
	s.Loading = m.loading
	if m.err != nil {
		s.Err = screen.OneLine(m.err)
	}
	s.Cursor = [2]int{m.cursor, 0}
	if m.prof != nil {
		s.Count = m.prof.Rows
	}
}

// Close cancels the computation in flight.
func (m *Model) Close() { m.stop() }

// noColor is set when NO_COLOR asks for no colour: bars in plain '#'.
var noColor = os.Getenv("NO_COLOR") != ""

// presentTop is how many values presenter mode lists before "others".
const presentTop = 8

// style is how the profile is drawn: in presenter mode fewer values, each
// followed by a blank line; plain bars under NO_COLOR.
func (m *Model) style() iprofile.Style {
	st := iprofile.Style{Width: max(20, m.width-4), Plain: noColor}
	if m.env.Present {
		st.Top, st.Spaced = presentTop, true
	}
	return st
}

// guessColumn is the column when $metadata cannot be had: numeric when
// every value loaded is a number, else categorical.
func guessColumn(name string, loaded []odata.Row) iprofile.Column {
	col := iprofile.Column{Name: name, Kind: iprofile.Categorical}
	seen := false
	for _, r := range loaded {
		switch r.Values[name].(type) {
		case nil:
		case json.Number, float64:
			seen = true
		default:
			return col
		}
	}
	if seen {
		col.Kind = iprofile.Numeric
	}
	return col
}
