package odata

import (
	"errors"
	"fmt"
	"hash/maphash"
	"net/url"
	"sync"
)

// ErrPagingLoop is wrapped by the error that ends a walk of pages (Pager,
// Client.All, Client.FillPage, Client.Next) when the server pages in a
// circle: a next link leads back to a page already read, a page holds the
// same rows as an earlier one, or the rows read exceed the @odata.count
// the server gave. The rows before the loop have been handed out; the
// page that closed it is not.
var ErrPagingLoop = errors.New("odata: paging loop")

// walk is the history of one walk over a query's server pages, shared by
// the pages that continue it: a hash of each URL read and of each page's
// rows, the rows read and the largest @odata.count the server gave. It
// grows by one small step per server page.
//
// A page continues the walk at its depth (its number of server pages).
// Continuing from a page that is not the walk's latest — a grid loading
// again a page it dropped, or a load superseded half-way — branches a copy
// of the history up to that page, so reading a page twice that way is not
// a loop. A walk is safe for concurrent use.
type walk struct {
	mu    sync.Mutex
	seed  maphash.Seed
	log   []step
	links map[uint64]bool // hashes of the URLs read
	pages map[uint64]bool // hashes of the judged pages' rows
	rows  int64           // rows read
	count int64           // the largest @odata.count seen, -1 for none
}

// step is one server page of a walk.
type step struct {
	link   uint64 // hash of the URL it was read from
	page   uint64 // hash of its rows, when judged
	judged bool   // it has at least two different rows (see pageHash)
	rows   int
	count  int64
}

// via says how a page was asked for, for the words of a loop error.
type via int

const (
	viaLink via = iota // a next link, or the first request
	viaSkip            // $skip after a full page without a next link
)

func newWalk() *walk {
	return &walk{seed: newSeed(), links: map[uint64]bool{}, pages: map[uint64]bool{}, count: -1}
}

// canonical is the form of a URL that the walk remembers: without its
// fragment, which never reaches the server.
func canonical(u *url.URL) string {
	c := *u
	c.Fragment, c.RawFragment = "", ""
	return c.String()
}

// revisit returns an error wrapping ErrPagingLoop when one of the first d
// pages of w was read from link (canonical), else nil. A nil walk has read
// nothing.
func (w *walk) revisit(d int, link string) error {
	if w == nil {
		return nil
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	h := hashString(w.seed, link)
	if len(w.log) == d {
		if w.links[h] {
			return linkError(w.rows)
		}
		return nil
	}
	var rows int64
	found := false
	for _, s := range w.log[:min(d, len(w.log))] {
		found = found || s.link == h
		rows += int64(s.rows)
	}
	if found {
		return linkError(rows)
	}
	return nil
}

// skipLoop is the error of a server that ignores $skip, found after the
// first d pages of w.
func (w *walk) skipLoop(d int) error {
	var rows int64
	if w != nil {
		w.mu.Lock()
		for _, s := range w.log[:min(d, len(w.log))] {
			rows += int64(s.rows)
		}
		w.mu.Unlock()
	}
	return skipError(rows)
}

// add records p, read from link (canonical) after the first d pages of w,
// as page d+1, and returns the walk that holds it: w, a branch of w (see
// walk), or a new walk for a nil w. It returns an error wrapping
// ErrPagingLoop, and records nothing, when p closes a loop.
func (w *walk) add(d int, link string, p *Page, how via) (*walk, error) {
	if w == nil {
		w, d = newWalk(), 0
	}
	w.mu.Lock()
	if len(w.log) != d {
		b := w.branch(d)
		w.mu.Unlock()
		w = b
		w.mu.Lock()
	}
	defer w.mu.Unlock()
	s := step{link: hashString(w.seed, link), rows: p.Len(), count: p.Count}
	if p.Raw != nil {
		s.page, s.judged = rawPageHash(w.seed, p.Raw)
	} else {
		s.page, s.judged = pageHash(w.seed, p.Rows)
	}
	if w.links[s.link] {
		return nil, linkError(w.rows)
	}
	if s.judged && w.pages[s.page] {
		switch {
		case projected(p):
			return nil, fmt.Errorf("%w: the server sent the rows of an earlier page again, so paging stopped after %d rows; if the selected properties can repeat, add the key to $select, else report the loop to the service's owner",
				ErrPagingLoop, w.rows)
		case how == viaSkip:
			return nil, skipError(w.rows)
		}
		return nil, loopError("the server sent the rows of an earlier page again", w.rows)
	}
	count := max(w.count, s.count)
	if d > 0 && count >= 0 && w.rows+int64(s.rows) > count {
		return nil, loopError(fmt.Sprintf("the server promised %d rows (@odata.count) but sends more", count), w.rows)
	}
	w.log = append(w.log, s)
	w.links[s.link] = true
	if s.judged {
		w.pages[s.page] = true
	}
	w.rows += int64(s.rows)
	w.count = count
	return w, nil
}

// projected reports whether p comes from a query with $select and its rows
// have no @odata.id: then the key may be left out, and two pages of a sound
// server may hold the same rows (a column of weekdays, seven rows a page).
func projected(p *Page) bool {
	if p.cur.q == nil || len(p.cur.q.Select) == 0 {
		return false
	}
	for _, r := range p.Rows {
		if r.ID != "" {
			return false
		}
	}
	for _, r := range p.Raw {
		if r.ID != "" {
			return false
		}
	}
	return true
}

// loopError is the error of a loop whose cause is why, found after rows
// rows were read.
func loopError(why string, rows int64) error {
	return fmt.Errorf("%w: %s, so paging stopped after %d rows; report the loop to the service's owner", ErrPagingLoop, why, rows)
}

// linkError is the error of a next link to a page already read.
func linkError(rows int64) error {
	return loopError("the server's next link repeats a page already read", rows)
}

// skipError is the error of a server that ignores $skip.
func skipError(rows int64) error {
	return fmt.Errorf("%w: the server ignores $skip and sent rows it had already sent, so paging stopped after %d rows; narrow the query with $filter, or raise $top so that one page holds it all",
		ErrPagingLoop, rows)
}

// branch returns a new walk holding the first d pages of w. w.mu is held.
func (w *walk) branch(d int) *walk {
	b := &walk{seed: w.seed, log: make([]step, 0, d+1), links: make(map[uint64]bool, d), pages: make(map[uint64]bool, d), count: -1}
	for _, s := range w.log[:min(d, len(w.log))] {
		b.log = append(b.log, s)
		b.links[s.link] = true
		if s.judged {
			b.pages[s.page] = true
		}
		b.rows += int64(s.rows)
		b.count = max(b.count, s.count)
	}
	return b
}
