package odata

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"time"
)

// Paging by next links alone, for a service that refuses $skip: Dataverse
// answers it with HTTP 400 ("The query parameter $skip is not supported")
// and sends next links only when the request has no $top; Microsoft Graph
// refuses $skip on directory objects.

// SkipRefused reports whether the service refused $skip (HTTP 400 naming
// $skip, as Dataverse and Microsoft Graph answer), so that this Client now
// pages only by following next links. A caller that jumps to page N uses
// $skip while this is false, and walks the pages from the first otherwise.
// The choice lasts for the Client's life; SetSkipRefused restores one
// remembered from an earlier run.
func (c *Client) SkipRefused() bool { return c.skipRefused.Load() }

// SetSkipRefused records whether the service refuses $skip, for example
// from what an earlier run found out (see SkipRefused).
func (c *Client) SetSkipRefused(refused bool) { c.skipRefused.Store(refused) }

// refusesSkip reports whether err is a server's refusal of $skip: HTTP 400
// or 501 whose code or message names skip.
func refusesSkip(err error) bool {
	var e *Error
	if !errors.As(err, &e) || (e.Status != http.StatusBadRequest && e.Status != http.StatusNotImplemented) {
		return false
	}
	return strings.Contains(strings.ToLower(e.Code+" "+e.Message), "skip")
}

// maxDropPage is the largest page linkPage asks for while it reads rows
// only to drop them.
const maxDropPage = 1000

// linkPage fetches the page of q that starts at row q.Skip+1 by
// server-driven paging alone: the query without $top or $skip, with
// Prefer: odata.maxpagesize=q.Top, following next links past the first
// q.Skip rows, which are dropped (asked for in pages of as many rows as
// are to be dropped, up to maxDropPage, where the server lets the client
// choose). The page's Count is the first response's. Its cursor continues
// by next links only.
func (c *Client) linkPage(ctx context.Context, q Query) (*Page, error) {
	start := time.Now()
	lq := q
	lq.Top, lq.Skip = 0, 0
	u, err := c.queryURL(lq)
	if err != nil {
		return nil, err
	}
	size := func(drop int) int {
		if drop >= q.Top {
			return max(q.Top, min(drop, maxDropPage))
		}
		return q.Top
	}
	p, err := c.fetchPage(ctx, u, q.Columns, size(q.Skip), false)
	if err != nil {
		return nil, err
	}
	self := canonical(u)
	count, bytes := p.Count, p.Bytes
	seen := map[string]bool{self: true}
	var read int64
	for drop := q.Skip; drop > 0; {
		if drop < len(p.Rows) {
			p.Rows = p.Rows[drop:]
			break
		}
		drop -= len(p.Rows)
		read += int64(len(p.Rows))
		if p.NextLink == "" {
			p.Rows = p.Rows[:0]
			break
		}
		nu, err := c.resolve(p.NextLink)
		if err != nil {
			return nil, err
		}
		if self = canonical(nu); seen[self] {
			return nil, linkError(read)
		}
		seen[self] = true
		if p, err = c.fetchPage(ctx, nu, q.Columns, size(drop), false); err != nil {
			return nil, err
		}
		bytes += p.Bytes
	}
	p.Count, p.Bytes, p.Elapsed = count, bytes, time.Since(start)
	q.Count = false // count once per query, never on later pages
	p.cur = cursor{q: &q, top: q.Top, skip: q.Skip, window: len(p.Rows), lastLen: len(p.Rows), self: self, links: true}
	if len(p.Rows) > 0 {
		p.cur.firstID = p.Rows[0].ID
	}
	return p, nil
}
