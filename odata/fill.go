package odata

import (
	"context"
	"errors"
	"io"
	"slices"
	"time"
)

// FillPage fetches one logical page of up to size rows: the first page of
// q when prev is nil, else the page after prev. A server that caps its
// pages below size (its own page size under $top) still sends a next link;
// FillPage follows such links until it has size rows or the links end, so
// a logical page has the size asked for except the last. size ≤ 0 means
// q.Top, else the Client's PageSize.
//
// It returns the filled page and tail, the last server page read, which is
// what the following call takes as prev (and whose More says whether there
// is one). page is a new Page: prev is never changed, and neither is the
// first server page of a filled one. page holds the rows of every server
// page read, the NextLink of the last, the summed Bytes, the columns of all
// of them (those of the first page, then new ones in the order met), and
// Elapsed from the first request to the last byte. When prev is the last
// page (Next would return io.EOF) the result is an empty page with Count -1,
// a nil tail and no error.
//
// When the server pages in a circle (see Client.Next), FillPage returns an
// error wrapping ErrPagingLoop: at once when the loop closes on the first
// server page it reads, else on the following call, the page filled before
// it holding every row read until then.
//
// FillPage is the one paging loop: Pager walks a query with it, and a grid
// that keeps the tail of each page it has loaded can fetch any page after
// one it holds.
func (c *Client) FillPage(ctx context.Context, q Query, prev *Page, size int) (page, tail *Page, err error) {
	page, tail, _, err = c.fill(ctx, q, prev, size)
	return page, tail, err
}

// fill is FillPage that also returns the columns of the first server page
// read, for Pager's column order.
func (c *Client) fill(ctx context.Context, q Query, prev *Page, size int) (page, tail *Page, first []string, err error) {
	if size <= 0 {
		size = q.Top
	}
	if size <= 0 {
		size = c.pageSize()
	}
	start := time.Now()
	var p *Page
	if prev != nil {
		p, err = c.Next(ctx, prev)
	} else {
		p, err = c.Page(ctx, q)
	}
	if errors.Is(err, io.EOF) {
		return &Page{Count: -1}, nil, nil, nil
	}
	if err != nil {
		return nil, nil, nil, err
	}
	first = p.Columns
	tail = p
	for p.Len() < size && tail.NextLink != "" {
		next, err := c.Next(ctx, tail)
		if errors.Is(err, ErrPagingLoop) {
			// Hand out the rows read so far; the call after this one
			// returns the loop.
			t := *tail
			t.cur.stop = err
			tail = &t
			break
		}
		if err != nil {
			return nil, nil, nil, err
		}
		if tail == p { // keep the first server page as it came
			cp := *p
			cp.Rows = slices.Clone(p.Rows)
			cp.Raw = slices.Clone(p.Raw)
			cp.Columns = slices.Clone(p.Columns)
			p = &cp
		}
		if err := p.appendRows(next); err != nil {
			return nil, nil, nil, err
		}
		p.NextLink = next.NextLink
		p.Bytes += next.Bytes
		p.Columns = mergeColumns(p.Columns, next.Columns)
		tail = next
	}
	p.Elapsed = time.Since(start)
	return p, tail, first, nil
}

// mergeColumns appends to a the names of b it lacks, in b's order.
func mergeColumns(a, b []string) []string {
	seen := make(map[string]bool, len(a))
	for _, c := range a {
		seen[c] = true
	}
	for _, c := range b {
		if !seen[c] {
			a = append(a, c)
			seen[c] = true
		}
	}
	return a
}
