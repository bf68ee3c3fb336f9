package odata

import (
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"strconv"
	"strings"
)

// Counting by what the service supports: {Set}/$count where it works,
// else the count inline with a page ($count=true, v2 $inlinecount=allpages).

// Count returns the number of entities q matches, from {Set}/$count with
// q's $filter, $search and custom parameters: one cheap request, where
// $count=true on a paged query would be recounted on every page. A service
// that refuses /$count (HTTP 400, 404, 405 or 501) is asked for one row
// with the count inline ($count=true; v2 $inlinecount=allpages) instead,
// and the Client asks that way from then on.
func (c *Client) Count(ctx context.Context, q Query) (int64, error) {
	if q.Set == "" {
		return 0, errNoSet
	}
	if c.inlineCount.Load() {
		return c.countInline(ctx, q)
	}
	n, err := c.countPath(ctx, q)
	var e *Error
	if err == nil || !errors.As(err, &e) {
		return n, err
	}
	switch e.Status {
	case http.StatusBadRequest, http.StatusNotFound, http.StatusMethodNotAllowed, http.StatusNotImplemented:
	default:
		return 0, err
	}
	m, ierr := c.countInline(ctx, q)
	if ierr != nil {
		return 0, err // the first refusal says more than the second
	}
	c.inlineCount.Store(true)
	return m, nil
}

// countPath reads {Set}/$count.
func (c *Client) countPath(ctx context.Context, q Query) (int64, error) {
	u, err := c.countURL(q)
	if err != nil {
		return 0, err
	}
	resp, err := c.get(ctx, u, "text/plain", nil)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 256))
	if err != nil {
		return 0, err
	}
	s := strings.TrimSpace(strings.TrimPrefix(string(b), string(bom)))
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("odata: the server's count for %s is not a number (%q); check that the set supports /$count", oneLine(q.Set, 80), oneLine(s, 40))
	}
	return n, nil
}

// countInline reads the count of a one-row page of q's matches.
func (c *Client) countInline(ctx context.Context, q Query) (int64, error) {
	cq := Query{Set: q.Set, Filter: q.Filter, Search: q.Search, Params: q.Params, Top: 1, Count: true}
	u, err := c.queryURL(cq)
	if err != nil {
		return 0, err
	}
	p, err := c.fetchPage(ctx, u, nil, 1, false)
	if err != nil {
		return 0, err
	}
	if p.Count < 0 {
		return 0, fmt.Errorf("odata: the server sent no count for %s, neither at /$count nor inline; it may not count this set", oneLine(q.Set, 80))
	}
	return p.Count, nil
}

// countParams returns q's custom parameters with the count option of a v2
// service, $inlinecount=allpages, in place of $count=true.
func countParams(q Query) Query {
	q.Count = false
	q.Params = maps.Clone(q.Params)
	if q.Params == nil {
		q.Params = map[string][]string{}
	}
	q.Params["$inlinecount"] = []string{"allpages"}
	return q
}
