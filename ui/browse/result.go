package browse

import (
	"context"
	"maps"
	"slices"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/odx-dev/odx/odata"
	"github.com/odx-dev/odx/ui/grid"
	"github.com/odx-dev/odx/ui/screen"
	"github.com/odx-dev/odx/ui/styles"
)

// maxCachedPages bounds the pages a browse screen keeps for paging back.
const maxCachedPages = 20

// result is one query of the grid screen, paged. Pages are logical: each
// holds size rows (filled by following next links when the server caps its
// pages: odata.Client.FillPage). At most one page request is in flight; the
// page after the one shown is prefetched. The screen holds the result shown
// and, while a changed query loads, the pending one.
type result struct {
	seq   int         // generation: identifies this query among the screen's
	query odata.Query // as typed: its $top and $skip are limit and offset
	size  int         // rows of a logical page
	lang  string

	// limit and offset are the query's own $top and $skip (a go-to URL's):
	// the grid shows at most limit rows (0: all) from row offset of the set.
	limit, offset int

	pages  map[int]*odata.Page
	tails  map[int]*odata.Page // last server page of each page, for Client.Next
	starts map[int]int         // row offset of each page
	used   []int               // LRU order of cached pages

	current int // page shown
	wanted  int // page the user asked for
	loading int // page in flight, -1 when none
	load    int // load number of the request in flight
	cancel  context.CancelFunc
	last    int // index of the last page, -1 when unknown

	countCancel context.CancelFunc // the count request in flight

	count   int64 // the query's total ignoring limit and offset, -1 unknown
	elapsed time.Duration
	err     error

	static  bool // related rows: one page, no paging
	numbers bool // the row-number column is shown (key N)
	toTop   bool // the next page shown puts the cursor on its first row (a jump)
	grid    grid.Model
	cols    []grid.Column    // columns of the page shown
	raw     []map[string]any // the page's rows as the server sent them (the grid shows formatted values)
	meta    *odata.Model
}

func newResult(seq int, q odata.Query, size int, lang string, st *styles.Styles, keys screen.KeyMap) *result {
	b := &result{
		seq: seq, query: q, size: size, lang: lang,
		pages: map[int]*odata.Page{}, tails: map[int]*odata.Page{}, starts: map[int]int{0: 0},
		loading: -1, last: -1, count: -1,
		grid: grid.New(st.Grid),
	}
	b.limit, b.offset = max(0, q.Top), max(0, q.Skip)
	if b.limit > 0 {
		if b.size <= 0 || b.size > b.limit {
			b.size = b.limit
		}
		b.last = (b.limit - 1) / b.size
	}
	b.grid.KeyMap = keys.Grid()
	return b
}

// newStaticResult shows rows already loaded (a navigation target).
func newStaticResult(seq int, set string, rows []odata.Row, lang string, meta *odata.Model, st *styles.Styles, keys screen.KeyMap) *result {
	b := newResult(seq, odata.Query{Set: set}, len(rows), lang, st, keys)
	b.static = true
	b.meta = meta
	p := &odata.Page{Rows: rows, Count: int64(len(rows))}
	p.Columns = metadataOrder(columnsOf(rows), meta, set)
	b.pages[0] = p
	b.count = int64(len(rows))
	b.last = 0
	b.show(0)
	return b
}

// metadataOrder puts columns in the order of the set's type in $metadata,
// unknown ones last.
func metadataOrder(cols []string, meta *odata.Model, set string) []string {
	if meta == nil {
		return cols
	}
	t, ok := meta.SetType(screen.SetName(set))
	if !ok {
		return cols
	}
	var order []string
	for _, p := range t.AllProperties() {
		order = append(order, p.Name)
	}
	for _, n := range t.AllNavigation() {
		order = append(order, n.Name)
	}
	return screen.RankOrder(cols, order)
}

func columnsOf(rows []odata.Row) []string {
	seen := map[string]bool{}
	var cols []string
	for _, r := range rows {
		for k := range r.Values {
			if !seen[k] {
				seen[k] = true
				cols = append(cols, k)
			}
		}
	}
	slices.Sort(cols)
	return cols
}

// startLoad begins loading page i (cancelling a load for another page) and
// returns the command, or nil when page i is cached or already on its way.
func (b *result) startLoad(parent context.Context, c *odata.Client, i int, prefetch bool) tea.Cmd {
	if b.static || i < 0 || (b.last >= 0 && i > b.last) {
		return nil
	}
	if b.walks(c, i) {
		i = b.step(i) // the service refuses $skip: the next page on the way
	}
	if _, ok := b.pages[i]; ok {
		return nil
	}
	if b.loading == i {
		return nil
	}
	if b.loading >= 0 {
		if prefetch {
			return nil // a wanted page is on its way; prefetch later
		}
		b.cancel()
	}
	ctx, cancel := context.WithCancel(parent)
	b.cancel = cancel
	b.loading = i
	b.load++
	q := b.query
	q.Top = b.pageTop(i)
	start, ok := b.starts[i]
	if !ok {
		start = i * b.size
	}
	q.Skip = b.offset + start
	prev := b.tails[i-1]
	if q.Top < b.size {
		// The short last page of a limit: ask for exactly the rows left
		// rather than a whole server page from the previous one's link.
		prev = nil
	}
	return loadPageCmd(ctx, c, q, prev, i, q.Top, b.seq, b.load, prefetch)
}

// pageTop is the rows page i asks for: the page size, or what is left of
// the limit on its last page.
func (b *result) pageTop(i int) int {
	if b.limit > 0 {
		return max(0, min(b.size, b.limit-i*b.size))
	}
	return b.size
}

// loadPageCmd captures values only; it never touches the model.
func loadPageCmd(ctx context.Context, c *odata.Client, q odata.Query, prev *odata.Page, index, size, seq, load int, prefetch bool) tea.Cmd {
	return func() tea.Msg {
		p, tail, err := c.FillPage(ctx, q, prev, size)
		return pageLoadedMsg{seq: seq, load: load, index: index, page: p, tail: tail, err: err, prefetch: prefetch}
	}
}

// loaded files a page reply. It reports whether the reply was current.
func (b *result) loaded(msg pageLoadedMsg) bool {
	if msg.load != b.load || msg.index != b.loading {
		return false // superseded
	}
	b.loading = -1
	if b.cancel != nil {
		b.cancel() // release the finished request's context
		b.cancel = nil
	}
	if msg.err != nil {
		if msg.index == b.wanted || !msg.prefetch { // the page asked for, or a step on the way to it
			b.err = msg.err
		}
		return true
	}
	p := msg.page
	b.err = nil
	start, ok := b.starts[msg.index]
	if !ok {
		start = msg.index * b.size
		b.starts[msg.index] = start
	}
	limited := false
	if b.limit > 0 && start+len(p.Rows) >= b.limit {
		// The limit ends here, whatever the server had beyond it.
		limited = true
		if n := max(0, b.limit-start); n < len(p.Rows) {
			cp := *p
			cp.Rows = p.Rows[:n:n]
			p = &cp
		}
	}
	b.pages[msg.index] = p
	b.tails[msg.index] = msg.tail
	b.touch(msg.index)
	b.starts[msg.index+1] = start + len(p.Rows)
	if p.Count >= 0 {
		b.count = p.Count
	}
	if limited {
		b.last = msg.index
	}
	if msg.tail != nil && !msg.tail.More() || len(p.Rows) == 0 {
		b.last = msg.index
		if len(p.Rows) == 0 && msg.index > 0 {
			b.last = msg.index - 1
			delete(b.pages, msg.index)
			if b.wanted >= msg.index {
				b.wanted = msg.index - 1
			}
		}
	}
	if b.count >= 0 && !limited {
		b.setCount(b.count)
	}
	if msg.index == b.wanted {
		b.elapsed = p.Elapsed
		b.show(msg.index)
	}
	return true
}

// countCmd asks for the query's total on a context of its own, so that
// leaving the grid (or esc) frees the one request slot it may hold.
func (b *result) countCmd(parent context.Context, c *odata.Client) tea.Cmd {
	b.stopCount()
	ctx, cancel := context.WithCancel(parent)
	b.countCancel = cancel
	return countCmd(ctx, c, b.query, b.seq)
}

// stopCount cancels (or releases) the count request.
func (b *result) stopCount() {
	if b.countCancel != nil {
		b.countCancel()
		b.countCancel = nil
	}
}

// setCount records the query's total, which also tells the last page.
func (b *result) setCount(n int64) {
	b.count = n
	if b.size > 0 {
		v := b.shown()
		b.last = max(0, int((v+int64(b.size)-1)/int64(b.size))-1)
	}
}

// shown is the rows the grid can show: the total less the offset, at most
// the limit; -1 when the total is unknown.
func (b *result) shown() int64 {
	if b.count < 0 {
		return -1
	}
	n := max(0, b.count-int64(b.offset))
	if b.limit > 0 {
		n = min(n, int64(b.limit))
	}
	return n
}

// touch records page i as used and evicts the least recently used page
// beyond the cache bound (never the one shown).
func (b *result) touch(i int) {
	for k, v := range b.used {
		if v == i {
			b.used = append(b.used[:k], b.used[k+1:]...)
			break
		}
	}
	b.used = append(b.used, i)
	for len(b.used) > maxCachedPages {
		old := b.used[0]
		b.used = b.used[1:]
		if old != b.current {
			delete(b.pages, old)
			if t := b.tails[old]; t != nil {
				// Keep the way on (its next link), not its rows: a walk to a
				// later page goes on from here.
				link := *t
				link.Rows = nil
				b.tails[old] = &link
			}
		}
	}
}

// show puts page i in the grid.
func (b *result) show(i int) {
	p, ok := b.pages[i]
	if !ok {
		return
	}
	prev := b.current
	b.current = i
	b.touch(i)
	b.cols = gridColumns(p, b.meta, b.query.Set, b.query.Columns)
	rows := make([]map[string]any, len(p.Rows))
	b.raw = make([]map[string]any, len(p.Rows))
	for k, r := range p.Rows {
		b.raw[k] = withKey(r, b.cols)
		rows[k] = formatted(r, b.raw[k])
	}
	row, col := b.grid.Cursor()
	b.grid.SetData(b.cols, rows, b.lang)
	for i, c := range b.cols {
		b.grid.SetSort(i, sortMark(b.query.OrderBy, c.Name))
	}
	switch {
	case b.toTop:
		row = 0
	case i > prev:
		row = 0
	case i < prev:
		row = len(rows) - 1
	}
	b.toTop = false
	b.grid.SetCursor(row, col)
	b.applyRowNumbers()
}

// formatted is what the grid shows of row r whose values are v: the
// server's formatted value (Dataverse's FormattedValue annotation, in
// r.Formatted) in place of a property's raw value where it sent one, else
// v itself. The grid sanitises the text as it draws it.
func formatted(r odata.Row, v map[string]any) map[string]any {
	if len(r.Formatted) == 0 {
		return v
	}
	out := maps.Clone(v)
	for name, text := range r.Formatted {
		if x, ok := out[name]; ok && x != nil {
			out[name] = text
		}
	}
	return out
}

// rawRow is the row under the grid's cursor as the server sent it (raw
// values, not the formatted ones shown), or nil when there are no rows:
// what filter-by-cell and copy use.
func (b *result) rawRow() map[string]any {
	r, _ := b.grid.Cursor()
	if b.grid.CurrentRow() == nil || r < 0 || r >= len(b.raw) {
		return nil
	}
	return b.raw[r]
}

// setMeta applies $metadata when it arrives: column order, types, keys.
func (b *result) setMeta(m *odata.Model) {
	b.meta = m
	if t, ok := m.SetType(screen.SetName(b.query.Set)); ok && len(b.query.Columns) == 0 {
		var order []string
		for _, p := range t.AllProperties() {
			order = append(order, p.Name)
		}
		b.query.Columns = order
	}
	if _, ok := b.pages[b.current]; ok {
		b.show(b.current)
	}
}

// busy reports whether the page the user wants is still loading (or a
// page on the way to it).
func (b *result) busy() bool {
	return b.loading >= 0 && (b.loading == b.wanted || b.wanted != b.current)
}

// stop cancels the request in flight.
func (b *result) stop() {
	if b.cancel != nil {
		b.cancel()
		b.cancel = nil
	}
	b.stopCount()
	b.loading = -1
	b.load++
	b.wanted = b.current
}
