package dialog

import (
	"context"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/odx-dev/odx/internal/termtext"
	"github.com/odx-dev/odx/odata"
	"github.com/odx-dev/odx/ui/related"
	"github.com/odx-dev/odx/ui/screen"
)

// KindRelated is the kind of the related-records picker (Related.Kind).
const KindRelated = "related"

// Related is the picker of a grid row's related records (key o), without
// opening the row: its navigation properties (→ Name) and the sets whose
// entities point at it (← Set by Property), as the record view lists
// them. The reverse entry under the cursor is counted (one count in
// flight, superseded ones dropped). Enter opens the entry as the record
// would, under the breadcrumb grid › row › relation: a reverse entry at
// once (screen.OpenQuery), a navigation property once read (a spinner on
// the hint line, esc cancels it; screen.OpenRows). A click puts the
// cursor on an entry, a second click on it opens it. The picker overlays
// the bottom of the grid.
//
// Its commands are not tagged with a screen's id: their replies come to
// the open dialog, and every generation number is new (related.NextSeq),
// so a reply to a picker closed since is dropped by any other.
type Related struct {
	env     *screen.Env
	keys    screen.KeyMap
	set     string // the resource path the row came from
	row     odata.Row
	crumb   []string // the grid's breadcrumb and the row's title
	entries []related.Entry
	cursor  int

	counts  map[string]int64   // reverse entry → its entities counted (-1: failed)
	cntSeq  int                // generation of the count
	cntStop context.CancelFunc // the count in flight, nil when none
	cntName string             // the entry it counts

	relSeq  int                // generation of the related load
	relStop context.CancelFunc // the related load in flight, nil when none
	relName string             // the entry it loads
	err     string             // the last load's failure
	closed  bool               // the picker asked to close: nothing more starts

	lastClick time.Time // the last click on the cursor's entry, for double clicks
	drawn     struct {  // where View put the entries, for clicks
		top, offset, n int
	}
}

var _ screen.Dialog = (*Related)(nil)

// NewRelated returns the picker of row's related records, read from the
// resource path set, under crumb (the grid's breadcrumb). Start begins
// counting.
func NewRelated(env *screen.Env, set string, row odata.Row, crumb []string) *Related {
	r := &Related{env: env, keys: env.Keys, set: set, row: row}
	r.crumb = append(append([]string(nil), crumb...), related.Title(set, row, env.Meta, env.Language))
	r.entries = related.Entries(set, row, env.Meta, env.Dialect)
	return r
}

// Entries is how many related entries the picker offers.
func (r *Related) Entries() int { return len(r.entries) }

// Start counts the entry under the cursor when it is a reverse entry; the
// screen that opens the picker returns this command.
func (r *Related) Start() tea.Cmd { return r.countCursor() }

// Kind implements screen.Dialog.
func (r *Related) Kind() string { return KindRelated }

// Update implements screen.Dialog.
func (r *Related) Update(msg tea.Msg) (screen.Dialog, tea.Cmd) {
	var cmd tea.Cmd
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		cmd = r.key(msg)
	case tea.MouseClickMsg:
		cmd = r.click(msg)
	case related.Loaded:
		r.onLoaded(msg)
	case related.Counted:
		r.onCounted(msg)
	}
	if c := r.countCursor(); c != nil {
		cmd = tea.Batch(cmd, c)
	}
	return r, cmd
}

func (r *Related) key(msg tea.KeyPressMsg) tea.Cmd {
	k := r.keys
	last := len(r.entries) - 1
	switch {
	case key.Matches(msg, k.Back):
		if r.relStop != nil {
			r.stopLoad()
			return nil
		}
		r.close()
		return nil
	case key.Matches(msg, k.Accept):
		return r.open()
	case key.Matches(msg, k.Up):
		r.cursor--
	case key.Matches(msg, k.Down):
		r.cursor++
	case key.Matches(msg, k.FirstRow):
		r.cursor = 0
	case key.Matches(msg, k.LastRow):
		r.cursor = last
	case key.Matches(msg, k.HalfDown, k.NextPage):
		r.cursor += 5
	case key.Matches(msg, k.HalfUp, k.PrevPage):
		r.cursor -= 5
	default:
		return nil
	}
	r.cursor = max(0, min(r.cursor, last))
	return nil
}

// close gives up what runs and closes the picker.
func (r *Related) close() {
	r.closed = true
	r.stopLoad()
	r.stopCount()
	r.env.Post(screen.CloseDialog{Kind: KindRelated})
}

// open opens the entry under the cursor: a reverse entry at once, a
// navigation property once read.
func (r *Related) open() tea.Cmd {
	if r.cursor < 0 || r.cursor >= len(r.entries) {
		return nil
	}
	e := r.entries[r.cursor]
	if e.Reverse != nil {
		r.close()
		r.env.Post(related.OpenReverse(e, r.crumb, r.env.Names))
		return nil
	}
	r.stopLoad()
	r.stopCount() // the load takes the request slot
	r.err = ""
	r.relSeq = related.NextSeq()
	ctx, cancel := context.WithCancel(r.env.Ctx)
	r.relStop, r.relName = cancel, e.Name
	return related.Load(ctx, r.env.Client, r.set, r.row, e.Name, r.env.Meta, r.relSeq)
}

// stopLoad cancels the related load in flight.
func (r *Related) stopLoad() {
	if r.relStop != nil {
		r.relStop()
		r.relStop, r.relName = nil, ""
	}
}

func (r *Related) onLoaded(msg related.Loaded) {
	if msg.Seq != r.relSeq || r.relStop == nil {
		return // superseded, cancelled, or another picker's
	}
	r.stopLoad()
	if msg.Err != nil {
		r.err = screen.OneLine(msg.Err)
		return
	}
	r.close()
	r.env.Post(msg.Open(r.env.Meta, r.set, r.crumb))
}

// countCursor starts counting the reverse entry under the cursor unless
// it is counted or being counted, or a load runs; a count of another
// entry is given up.
func (r *Related) countCursor() tea.Cmd {
	if r.closed || r.env.Client == nil || r.relStop != nil || r.cursor < 0 || r.cursor >= len(r.entries) {
		return nil
	}
	e := r.entries[r.cursor]
	if e.Reverse == nil {
		return nil
	}
	if _, done := r.counts[e.Name]; done || (r.cntStop != nil && r.cntName == e.Name) {
		return nil
	}
	r.stopCount()
	r.cntSeq = related.NextSeq()
	ctx, cancel := context.WithCancel(r.env.Ctx)
	r.cntStop, r.cntName = cancel, e.Name
	return related.Count(ctx, r.env.Client, *e.Reverse, e.Name, r.cntSeq)
}

// stopCount cancels the count in flight.
func (r *Related) stopCount() {
	if r.cntStop != nil {
		r.cntStop()
		r.cntStop, r.cntName = nil, ""
	}
}

func (r *Related) onCounted(msg related.Counted) {
	if msg.Seq != r.cntSeq || r.cntStop == nil {
		return // superseded, cancelled, or another picker's
	}
	r.stopCount()
	if r.counts == nil {
		r.counts = map[string]int64{}
	}
	if msg.Err != nil {
		r.counts[msg.Name] = -1 // not asked again; the grid will say why
		return
	}
	r.counts[msg.Name] = msg.N
}

// countText is what the picker says of the count of entry e.
func (r *Related) countText(e related.Entry) string {
	if n, ok := r.counts[e.Name]; ok {
		return related.CountText(n)
	}
	if r.cntStop != nil && r.cntName == e.Name {
		return r.env.Spinner
	}
	return ""
}

// View implements screen.Dialog: a rule, the title, the entries and a
// hint (or what is loading, or why it failed) overlay the bottom of the
// body.
func (r *Related) View(body string, w, h int) string {
	st := r.env.Styles
	rows := max(1, min(len(r.entries), h*2/3-3))
	title := st.Title.Render("Related records") + st.Dim.Render(" of "+termtext.Sanitize(r.crumb[len(r.crumb)-1])+" · "+termtext.Sanitize(screen.SetName(r.set)))
	out := []string{st.Dim.Render(strings.Repeat("─", max(0, w))), ansi.Truncate(title, w, "…")}
	offset := windowStart(r.cursor, len(r.entries), rows)
	if len(r.entries) == 0 {
		out = append(out, st.Dim.Render("no related records"))
	}
	nameW := r.nameW(w - 2)
	for i := offset; i < len(r.entries) && i < offset+rows; i++ {
		out = append(out, r.line(i, w, nameW))
	}
	hint := st.Dim.Render(helpText(r.accept(), r.back()) + " · ↑/↓ move")
	switch {
	case r.relStop != nil:
		hint = r.env.Spinner + " opening " + termtext.Sanitize(r.relName) + st.Dim.Render(" · esc cancels")
	case r.err != "":
		hint = st.Error.Render(termtext.Sanitize(r.err))
	}
	out = append(out, ansi.Truncate(hint, w, "…"))
	box := strings.Join(out, "\n")
	r.drawn.top, r.drawn.offset, r.drawn.n = max(0, h-len(out))+2, offset, min(rows, len(r.entries)-offset)
	return screen.OverlayBottom(body, box, h)
}

// line draws entry i in w cells, its name in nameW: → a navigation
// property and the set it leads to, ← a reverse entry and its count.
func (r *Related) line(i, w, nameW int) string {
	st := r.env.Styles
	e := r.entries[i]
	cur := "  "
	if i == r.cursor {
		cur = "› "
	}
	name := termtext.Sanitize(e.Shown(r.env.Names))
	var detail string
	if e.Reverse != nil {
		name = "← " + name
		if n := r.countText(e); n != "" {
			name += " · " + n
		}
	} else {
		name = "→ " + name
		detail = termtext.Sanitize(related.Set(r.env.Meta, r.set, e.Name))
		if detail == e.Name {
			detail = ""
		}
		if e.Collection {
			detail = strings.TrimPrefix(detail+" · collection", " · ")
		}
	}
	left := cur + name // a reverse entry takes the whole line
	if e.Reverse == nil {
		left = cur + screen.Fit(name, nameW)
	}
	if detail != "" {
		detail = "  " + detail
	}
	if i == r.cursor {
		return st.Selected.Render(screen.Fit(left+detail, w))
	}
	return ansi.Truncate(left+st.Dim.Render(detail), w, "…")
}

// nameW is the width of the entries' names (with their arrow), at most
// half of w.
func (r *Related) nameW(w int) int {
	n := 8
	for _, e := range r.entries {
		if e.Reverse == nil {
			n = max(n, 2+ansi.StringWidth(termtext.Sanitize(e.Shown(r.env.Names))))
		}
	}
	return min(n, max(8, w/2))
}

// back is the Back key as the picker names it.
func (r *Related) back() key.Binding {
	b := r.keys.Back
	b.SetHelp(b.Help().Key, "close")
	return b
}

// accept is the Accept key as the picker names it.
func (r *Related) accept() key.Binding {
	a := r.keys.Accept
	a.SetHelp(a.Help().Key, "open")
	return a
}

// doubleClick is the longest time between the two clicks of a double
// click.
const doubleClick = 500 * time.Millisecond

// clickClock is the clock of double clicks (tests replace it).
var clickClock = time.Now

// click puts the cursor on the entry drawn at line y of the body; a
// second click on it within doubleClick opens it.
func (r *Related) click(msg tea.MouseClickMsg) tea.Cmd {
	if msg.Button != tea.MouseLeft {
		return nil
	}
	at := msg.Y - r.drawn.top
	if at < 0 || at >= r.drawn.n {
		r.lastClick = time.Time{}
		return nil
	}
	i := r.drawn.offset + at
	t := clickClock()
	double := i == r.cursor && !r.lastClick.IsZero() && t.Sub(r.lastClick) <= doubleClick
	r.cursor, r.lastClick = i, t
	if double {
		r.lastClick = time.Time{}
		return r.open()
	}
	return nil
}

// Help implements screen.Dialog.
func (r *Related) Help() help.KeyMap {
	k := r.keys
	return screen.HelpKeys{
		Short: []key.Binding{r.accept(), r.back(), k.Up, k.Down},
		Full:  [][]key.Binding{{r.accept(), r.back()}, {k.Up, k.Down, k.FirstRow, k.LastRow, k.HalfUp, k.HalfDown}},
	}
}
