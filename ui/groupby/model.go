// Package groupby is the explorer's group-by screen (ctrl+g on a grid):
// first a chooser of one or two columns (the grid's column under the
// cursor first) and an aggregate (count; sum, average, min or max of a
// number or an amount), then the groups computed by the server with
// $apply in one request under the grid's $filter, sorted by the aggregate
// (largest first, each currency apart), with bars. The $apply sent shows
// on a line and copies as curl (u); e exports the groups like any grid;
// enter opens the grid of the group's rows. A server without $apply gets
// an enum counted one $count per member, else the groups of the rows the
// grid had loaded, which says so.
package groupby

import (
	"context"
	"errors"
	"os"

	tea "charm.land/bubbletea/v2"

	iprofile "github.com/odx-dev/odx/internal/profile"
	"github.com/odx-dev/odx/odata"
	"github.com/odx-dev/odx/ui/screen"
)

// Model is the group-by screen, a screen.Screen.
type Model struct {
	env    *screen.Env
	id     int
	keys   screen.KeyMap
	query  odata.Query // the grid's query: its set and filter
	column string      // the grid's column under the cursor
	loaded []odata.Row // the grid's rows, for a server without $apply
	crumb  []string

	opts     options
	choosing bool
	line     int  // the chooser's line with the focus
	by, then int  // indexes into opts.keys; then -1 for none
	agg      int  // index into opts.aggs
	metaSeen bool // opts were built from $metadata

	groups  *iprofile.Groups
	lay     *layout // of groups, at the last width drawn
	err     error
	loading bool
	cursor  int // the group under the cursor
	offset  int // the first group shown
	width   int
	height  int

	seq    int
	cancel context.CancelFunc
}

// noColor is set when NO_COLOR asks for no colour: bars in plain '#'.
var noColor = os.Getenv("NO_COLOR") != ""

// New returns the group-by of the grid's query q, the chooser open with
// column (the grid's column under the cursor) first; loaded are the rows
// the grid has (nil for none), crumb its breadcrumb.
func New(env *screen.Env, q odata.Query, column string, loaded []odata.Row, crumb []string) *Model {
	m := &Model{env: env, id: env.NewID(), query: q, column: column, loaded: loaded,
		crumb: append(append([]string(nil), crumb...), "group by"), width: 80, height: 21, choosing: true}
	m.buildOptions()
	m.enable()
	return m
}

// buildOptions lists the choices and puts the cursor's column first: as
// the key when it is one, else as the sum when it is a number.
func (m *Model) buildOptions() {
	set := screen.SetName(m.query.Set)
	m.opts = optionsOf(m.env.Meta, set, m.loaded)
	m.metaSeen = m.env.Meta != nil
	m.by, m.then, m.agg, m.line = 0, -1, 0, lineAgg
	if i := indexOf(m.opts.keys, m.column); i >= 0 {
		m.by = i
		return
	}
	for i, a := range m.opts.aggs {
		if a.method == iprofile.Sum && a.of.Name == m.column {
			m.agg = i
			m.line = lineBy
			return
		}
	}
}

// spec is the group-by chosen.
func (m *Model) spec() iprofile.GroupSpec {
	s := iprofile.GroupSpec{Keys: []iprofile.Column{m.opts.keys[m.by]}}
	if m.then >= 0 && m.then != m.by {
		s.Keys = append(s.Keys, m.opts.keys[m.then])
	}
	a := m.opts.aggs[m.agg]
	s.Method, s.Of = a.method, a.of
	return s
}

// resultMsg is a computed group-by (or why there is none).
type resultMsg struct {
	seq    int
	groups *iprofile.Groups
	err    error
}

// computeCmd computes the group-by
// and names the references among the first groups (their rows' names).
func computeCmd(ctx context.Context, c *odata.Client, meta *odata.Model, lang string, q odata.Query, spec iprofile.GroupSpec, loaded []odata.Row, seq int) tea.Cmd {
	return func() tea.Msg {
		if c == nil {
			return resultMsg{seq: seq, err: errors.New("this session has no OData client")}
		}
		g, err := iprofile.ComputeGroups(ctx, c, meta, screen.SetName(q.Set), q.Filter, spec, loaded)
		if err == nil {
			_ = g.Names(ctx, c, meta, lang) // without names, the keys show
		}
		return resultMsg{seq: seq, groups: g, err: err}
	}
}

// ID implements screen.Screen.
func (m *Model) ID() int { return m.id }

// Init implements screen.Screen: the chooser waits for enter.
func (m *Model) Init() tea.Cmd { return nil }

// compute (re)starts the computation, cancelling one in flight.
func (m *Model) compute() tea.Cmd {
	if len(m.opts.keys) == 0 {
		m.env.Notice("this set has no column to group by", false)
		return nil
	}
	m.stop()
	ctx := m.env.Ctx
	if ctx == nil {
		ctx = context.Background()
	}
	ctx, m.cancel = context.WithCancel(ctx)
	m.seq++
	m.choosing, m.loading, m.err, m.groups = false, true, nil, nil
	m.crumb[len(m.crumb)-1] = "by " + m.keyNames() + ": " + m.opts.aggs[m.agg].label()
	return screen.Tag(m.id, computeCmd(ctx, m.env.Client, m.env.Meta, m.env.Language, m.query, m.spec(), m.loaded, m.seq))
}

// keyNames is the chosen keys, "Customer" or "State, Priority".
func (m *Model) keyNames() string {
	s := m.spec()
	out := s.Keys[0].Name
	if len(s.Keys) > 1 {
		out += ", " + s.Keys[1].Name
	}
	return out
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
			return m, nil // superseded or cancelled
		}
		m.stop()
		m.loading = false
		m.groups, m.err = msg.groups, msg.err
		m.cursor, m.offset = 0, 0
	case screen.MetadataLoaded:
		if m.choosing && !m.metaSeen {
			m.buildOptions()
		}
	case tea.KeyPressMsg:
		if m.choosing {
			cmd = m.chooseKey(msg)
		} else {
			cmd = m.key(msg)
		}
	}
	m.enable()
	return m, cmd
}

// SetSize gives the screen its size.
func (m *Model) SetSize(w, h int) { m.width, m.height = w, h }

// KeyMap implements screen.Screen.
func (m *Model) KeyMap() screen.KeyMap { return m.keys }

// Capturing implements screen.Screen: the screen has no text input.
func (m *Model) Capturing() bool { return false }

// Fill implements screen.Screen.
func (m *Model) Fill(s *screen.State) {
	s.Screen = "groupby"
	s.Breadcrumb = m.crumb
	s.Loading = m.loading
	if m.err != nil {
		s.Err = screen.OneLine(m.err)
	}
	s.Cursor = [2]int{m.cursor, 0}
	if m.groups != nil {
		s.Count = int64(len(m.groups.Groups))
	}
}

// Close cancels the computation in flight.
func (m *Model) Close() { m.stop() }
