package browse

import (
	"strconv"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/odx-dev/odx/internal/termtext"
	"github.com/odx-dev/odx/odata"
	"github.com/odx-dev/odx/ui/dialog"
	"github.com/odx-dev/odx/ui/screen"
)

// Pages by number: # asks for a page and shows it, [ shows the first, ]
// the last (which needs the count). A page far away is asked for with
// $skip = (N-1)·page size; a service that refuses $skip
// (odata.Client.SkipRefused) is walked there page by page along its next
// links, each page kept on the way. N shows absolute row numbers beside the
// rows (the page's offset + the row).

// pageKey handles the keys of pages and row numbers; ok is false for other
// keys.
func (m *Model) pageKey(msg pressed) (tea.Cmd, bool) {
	b, k, env := m.cur, m.keys, m.env
	switch {
	case key.Matches(msg, k.PageN):
		env.Post(screen.OpenDialog{Dialog: dialog.NewPage(env, b.current+1, b.last+1)})
	case key.Matches(msg, k.FirstPage):
		if b.wanted == 0 && b.current == 0 {
			b.grid.SetCursor(0, m.cursorCol())
			env.Notice("this is the first page", false)
			return nil, true
		}
		return m.goToPage(0), true
	case key.Matches(msg, k.LastPage):
		if b.last < 0 {
			if b.countCancel != nil {
				env.Notice("the last page needs the count, which is on its way; ] again in a moment", false)
			} else {
				env.Notice("the last page is not known: the server has not counted the rows; n pages on", false)
			}
			return nil, true
		}
		if b.current == b.last && b.wanted == b.last {
			env.Notice("this is the last page", false)
			return nil, true
		}
		return m.goToPage(b.last), true
	case key.Matches(msg, k.RowNumbers):
		m.rowNumbers = !m.rowNumbers
		for _, r := range []*result{m.cur, m.pending} {
			if r != nil {
				r.numbers = m.rowNumbers
				r.applyRowNumbers()
			}
		}
	default:
		return nil, false
	}
	return nil, true
}

// cursorCol is the column of the grid's cursor.
func (m *Model) cursorCol() int {
	_, c := m.cur.grid.Cursor()
	return c
}

// pageChosen shows page n (from 1), as the go-to-page line asked.
func (m *Model) pageChosen(n int) tea.Cmd {
	b := m.cur
	i := n - 1
	if b.last >= 0 && i > b.last {
		m.env.Notice("there are "+termtext.GroupThousands(strconv.Itoa(b.last+1))+" pages; showing the last", false)
		i = b.last
	}
	if i == b.current && i == b.wanted && b.err == nil {
		return nil
	}
	return m.goToPage(i)
}

// goToPage shows page i of the result shown: at once when it is cached,
// else once it (and, on a service that refuses $skip, every page before
// it not yet walked) has loaded. The cursor goes to the page's first row.
func (m *Model) goToPage(i int) tea.Cmd {
	b := m.cur
	b.err = nil
	b.wanted = i
	b.toTop = true
	if _, ok := b.pages[i]; ok {
		b.show(i)
		m.refreshSearch()
		return m.load(b, i+1, true)
	}
	if b.walks(m.env.Client, i) {
		m.env.Notice("the server refuses $skip: walking to page "+termtext.GroupThousands(strconv.Itoa(i+1))+" along its next links", false)
	}
	return m.load(b, i, false)
}

// walks reports whether page i is reached by walking next links: the
// service refuses $skip (odata.Client.SkipRefused, or its $metadata says
// Capabilities.SkipSupported false) and the page before i has not been
// read.
func (b *result) walks(c *odata.Client, i int) bool {
	if i <= 0 || b.tails[i-1] != nil {
		return false
	}
	if c != nil && c.SkipRefused() {
		return true
	}
	if b.meta != nil {
		skip, _, _ := b.meta.Paging(screen.SetName(b.query.Set))
		return skip == odata.SupportNo
	}
	return false
}

// step is the page to read next on a walk to page i: the one after the
// last page before i that was read (its tail holds the next link), else
// the first.
func (b *result) step(i int) int {
	for j := i - 1; j >= 0; j-- {
		if b.tails[j] != nil {
			return j + 1
		}
	}
	return 0
}

// applyRowNumbers shows or hides the row-number column, numbered from the
// first row of the page shown.
func (b *result) applyRowNumbers() {
	first := 1
	if from, _ := b.rowRange(); from > 0 {
		first = from
	}
	b.grid.SetRowNumbers(b.numbers, first)
}
