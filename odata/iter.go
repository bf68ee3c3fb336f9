package odata

import (
	"context"
	"io"
	"iter"
)

// Pager walks the pages of a query one at a time, on every server shape:
// it follows next links, continues with $skip after a full page when the
// server sent none, and stops on a short or empty page. A page the server
// cut short (its own page size below $top) while sending a next link is
// filled up to $top rows by following that link (Client.FillPage), so each
// page has the size asked for except the last.
//
// A walk that goes in a circle — a next link to a page already read, a page
// with the same rows as an earlier one (the server ignoring $skip), more
// rows than the server's @odata.count — ends with an error wrapping
// ErrPagingLoop once every row read before it has been handed out.
//
// A Pager holds no rows between calls: at most one page is in memory.
type Pager struct {
	c     *Client
	q     Query
	last  *Page // the previous page, rows dropped
	count int64
	done  bool
	rows  int // rows handed out, for q.Limit
}

// Pager returns a Pager for q; the first call to Next fetches its first page.
func (c *Client) Pager(q Query) *Pager {
	return &Pager{c: c, q: q, count: -1}
}

// Count is the total the server reported on the first page (q.Count must
// be set), or -1.
func (p *Pager) Count() int64 { return p.count }

// Next returns the next page, or io.EOF after the last one. On any other
// error the Pager stays where it was, so calling Next again retries. Each
// page is one Client.FillPage of q.Top rows (the Client's PageSize when q
// has none), its columns in q.Columns' order, else the first server page's.
// With q.Limit the walk ends after that many rows, the last page asking
// for just the rows left.
func (p *Pager) Next(ctx context.Context) (*Page, error) {
	if p.done || (p.last != nil && !p.last.More()) || (p.q.Limit > 0 && p.rows >= p.q.Limit) {
		p.done = true
		return nil, io.EOF
	}
	first := p.last == nil
	q, prev, size := p.q, p.last, p.q.Top
	if size <= 0 {
		size = p.c.pageSize()
	}
	if left := p.q.Limit - p.rows; p.q.Limit > 0 && left < size {
		size = left
		q.Top = left
		if prev != nil && prev.cur.q != nil {
			cp := *prev
			cq := *prev.cur.q
			// The next request asks for the rows left; the window it
			// continues keeps its $top, which says whether it is used up.
			cq.Top, cp.cur.q = left, &cq
			prev = &cp
		}
	}
	pg, tail, firstCols, err := p.c.fill(ctx, q, prev, size)
	if err != nil {
		return nil, err
	}
	if left := p.q.Limit - p.rows; p.q.Limit > 0 && pg.Len() > left {
		pg.truncate(left)
	}
	p.rows += pg.Len()
	if tail == nil { // the page after a full last page: nothing more
		p.done = true
		return nil, io.EOF
	}
	if tail != pg {
		given := p.q.Columns
		if len(given) == 0 {
			given = firstCols
		}
		if pg.Raw != nil {
			pg.Columns = arrangeColumns(given, pg.Columns, true) // fill merged the pages' columns
		} else {
			pg.Columns = orderColumns(given, pg.Rows)
		}
		pg.cur = tail.cur // so that pg.More speaks for the walk
	}
	if first {
		p.count = pg.Count
	}
	p.last = &Page{Columns: pg.Columns, NextLink: pg.NextLink, cur: pg.cur}
	if pg.Len() == 0 && !first {
		// The request after a full last page found nothing more.
		p.done = true
		return nil, io.EOF
	}
	return pg, nil
}

// All returns every row of q, page by page, holding one page in memory at
// a time. Iteration stops at the first error, which is yielded with a zero
// Row; ctx cancels the walk between and during requests.
//
//	for row, err := range client.All(ctx, q) {
//		if err != nil { return err }
//		…
//	}
func (c *Client) All(ctx context.Context, q Query) iter.Seq2[Row, error] {
	return func(yield func(Row, error) bool) {
		pager := c.Pager(q)
		for {
			page, err := pager.Next(ctx)
			if err == io.EOF {
				return
			}
			if err != nil {
				yield(Row{}, err)
				return
			}
			for i := range page.Len() {
				r, err := page.Row(i)
				if !yield(r, err) || err != nil {
					return
				}
			}
		}
	}
}
