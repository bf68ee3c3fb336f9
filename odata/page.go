package odata

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// acceptJSON asks for OData JSON with minimal metadata and Int64/Decimal
// as strings, so that no digit is lost.
const acceptJSON = "application/json;odata.metadata=minimal;IEEE754Compatible=true"

// Page is one page of a collection response.
type Page struct {
	// Columns are the property names in display order: from $metadata when
	// known, else in the order first seen in the payload. Control
	// annotations (@odata.*) are not columns.
	Columns []string

	// Rows are the entities, in payload order; nil on a page read raw.
	Rows []Row

	// Raw are the entities undecoded, on a page of a Pager made Raw (nil
	// on any other page, and where the body was decoded after all): use
	// Len and Row to read a page in either form.
	Raw []RawRow

	// Count is the total from @odata.count (or v2 __count); -1 when the
	// server did not send one.
	Count int64

	// NextLink is the absolute URL of the next page from @odata.nextLink (or
	// v2 __next), resolved against the service root; empty on the last page.
	NextLink string

	// Bytes is the size of the response body; Elapsed the time from request
	// to the last byte decoded.
	Bytes   int64
	Elapsed time.Duration

	cur   cursor            // how to fetch the page after this one
	names map[string]string // a page read raw: the names interned, for Row
}

// cursor is what Client.Next needs beyond the next link: the query a page
// came from, so that paging can go on with $skip when the server sent no
// link after a full page.
type cursor struct {
	q       *Query // nil for a page fetched by link alone
	top     int    // the $top sent
	skip    int    // the $skip that opened the current window
	window  int    // rows received since that request, next links included
	capped  bool   // the window's first page was short yet had a next link
	lastLen int    // rows on this page
	self    string // the URL this page was fetched from (canonical)
	firstID string // the first row's ID, to notice a server ignoring $skip

	walk  *walk // the walk this page belongs to, to notice a paging loop
	depth int   // the server pages of walk up to this one
	stop  error // a paging loop found after this page: Next returns it

	// links: the walk follows next links alone (the server refused
	// $skip): no $skip after a page without a link.
	links bool
}

// More reports whether Client.Next can fetch a page after p: the server
// sent a next link, or p came back with exactly $top rows from a query
// and no link (the server may page only by $top and $skip). A page after
// a full one may turn out empty.
func (p *Page) More() bool {
	if p.NextLink != "" {
		return true
	}
	c := p.cur
	if c.q == nil || c.links || c.lastLen == 0 || c.top <= 0 {
		return false
	}
	if c.capped {
		// The server capped pages below $top and then stopped linking:
		// the $top window is used up, so continue after it.
		return c.window == c.top
	}
	// A page longer than $top means the server ignores $top (and likely
	// $skip): going on could repeat rows forever.
	return c.lastLen == c.top
}

// Row is one entity. Values are decoded with json.Decoder.UseNumber: a
// property is nil, bool, string, json.Number, map[string]any or []any.
type Row struct {
	// ID is the entity's @odata.id (relative to the service root as the
	// server sent it), or "" when absent.
	ID string

	// Values holds every property except control annotations.
	Values map[string]any

	// Keys are the names in Values in the order the server sent them.
	Keys []string

	// Links are the navigation links the server sent, by navigation
	// property (Nav@odata.navigationLink, as full metadata has them), as
	// sent; nil when there are none. Client.Related prefers them.
	Links map[string]string

	// Formatted holds the server's display text of a property, by property
	// name, where it sent one (Dataverse's
	// Prop@OData.Community.Display.V1.FormattedValue, asked for with
	// Prefer: odata.include-annotations); nil when there are none. It is
	// the server's text, not sanitised; Values keeps the raw value.
	Formatted map[string]string
}

// Page fetches the first page of q: $top (q.Top, else the Client's
// PageSize) together with Prefer: odata.maxpagesize of the same size, and
// $count=true when q.Count is set (v2: $inlinecount=allpages). Follow
// with Next.
//
// Once the service has refused $skip (SkipRefused), pages are asked for
// by Prefer: odata.maxpagesize alone, without $top (Dataverse sends no
// next link when $top is present), and a q.Skip is reached by following
// next links and dropping the rows before it.
func (c *Client) Page(ctx context.Context, q Query) (*Page, error) {
	p, err := c.queryPage(ctx, q)
	if err != nil {
		return nil, err
	}
	if p.cur.walk, err = (*walk)(nil).add(0, p.cur.self, p, viaLink); err != nil {
		return nil, err
	}
	p.cur.depth = 1
	return p, nil
}

// queryPage is Page without the walk. A request with $skip that the
// server refuses (see refusesSkip) switches the Client to next links
// (SkipRefused) and is answered by linkPage instead; so is every query
// once the Client knows.
func (c *Client) queryPage(ctx context.Context, q Query) (*Page, error) {
	if q.Top <= 0 {
		q.Top = c.pageSize()
	}
	if c.SkipRefused() {
		return c.linkPage(ctx, q)
	}
	u, err := c.queryURL(q)
	if err != nil {
		return nil, err
	}
	p, err := c.fetchPage(ctx, u, q.Columns, q.Top, q.raw)
	if err != nil && q.Skip > 0 && refusesSkip(err) {
		if lp, lerr := c.linkPage(ctx, q); lerr == nil {
			c.skipRefused.Store(true)
			return lp, nil
		}
	}
	if err != nil {
		return nil, err
	}
	q.Count = false // count once per query, never on later pages
	p.cur = cursor{q: &q, top: q.Top, skip: q.Skip, window: p.Len(),
		capped: p.Len() < q.Top && p.NextLink != "", lastLen: p.Len(), self: canonical(u), firstID: p.firstID()}
	return p, nil
}

// Next fetches the page after p. It requests p.NextLink exactly as the
// server sent it (refusing, with an error wrapping ErrForeignLink, a link
// to another origin); without a link, after a full page of a query, it
// asks for the following rows with $skip. It returns io.EOF when p is the
// last page (see Page.More).
//
// Pages remember the walk they belong to, from the Page (or PageAt) that
// began it: Next returns an error wrapping ErrPagingLoop, without the page,
// when the server pages in a circle — a next link to a page already read
// (which is not requested), a page with the same rows as an earlier one
// (a page of two different rows at least: one row, or one value on every
// row, may come again on a sound server), or more rows than the largest
// @odata.count the walk was given.
func (c *Client) Next(ctx context.Context, p *Page) (*Page, error) {
	if p.cur.stop != nil {
		return nil, p.cur.stop
	}
	cols := p.Columns
	if p.cur.q != nil && len(p.cur.q.Columns) > 0 {
		cols = p.cur.q.Columns
	}
	if p.NextLink != "" {
		u, err := c.resolve(p.NextLink)
		if err != nil {
			return nil, err
		}
		link := canonical(u)
		if err := p.cur.walk.revisit(p.cur.depth, link); err != nil {
			return nil, err
		}
		np, err := c.fetchPage(ctx, u, cols, p.cur.top, p.cur.q != nil && p.cur.q.raw)
		if err != nil {
			return nil, err
		}
		np.cur = p.cur
		np.cur.window += np.Len()
		np.cur.lastLen = np.Len()
		np.cur.self = link
		if np.cur.walk, err = p.cur.walk.add(p.cur.depth, link, np, viaLink); err != nil {
			return nil, err
		}
		np.cur.depth = p.cur.depth + 1
		return np, nil
	}
	if !p.More() {
		return nil, io.EOF
	}
	q := *p.cur.q
	q.Skip = p.cur.skip + p.cur.window
	q.Columns = cols
	np, err := c.queryPage(ctx, q)
	if err != nil {
		return nil, err
	}
	np.cur.q.Columns = p.cur.q.Columns
	if np.cur.firstID != "" && np.cur.firstID == p.cur.firstID {
		return nil, p.cur.walk.skipLoop(p.cur.depth)
	}
	if np.cur.walk, err = p.cur.walk.add(p.cur.depth, np.cur.self, np, viaSkip); err != nil {
		return nil, err
	}
	np.cur.depth = p.cur.depth + 1
	return np, nil
}

// PageAt fetches the page at link (absolute, or relative to the service
// root), for example a next link kept from an earlier page. Links to
// another origin are refused with an error wrapping ErrForeignLink.
func (c *Client) PageAt(ctx context.Context, link string) (*Page, error) {
	u, err := c.resolve(link)
	if err != nil {
		return nil, err
	}
	p, err := c.fetchPage(ctx, u, nil, c.pageSize(), false)
	if err != nil {
		return nil, err
	}
	p.cur = cursor{top: c.pageSize(), lastLen: len(p.Rows), self: canonical(u)}
	if p.cur.walk, err = (*walk)(nil).add(0, p.cur.self, p, viaLink); err != nil {
		return nil, err
	}
	p.cur.depth = 1
	return p, nil
}

func (c *Client) fetchPage(ctx context.Context, u *url.URL, columns []string, top int, raw bool) (*Page, error) {
	start := time.Now()
	hdr := http.Header{"Prefer": {"odata.maxpagesize=" + strconv.Itoa(top)}}
	resp, err := c.get(ctx, u, acceptJSON, hdr)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	cr := &countingReader{r: resp.Body}
	d, err := newDecoderSize(cr, resp.ContentLength)
	if err != nil {
		return nil, err
	}
	var p *Page
	if raw {
		p, err = decodePageRaw(d, c.root, columns)
	} else {
		p, err = d.page(c.root, columns)
	}
	if err != nil {
		return nil, err
	}
	if _, err := io.Copy(io.Discard, cr); err != nil {
		return nil, err
	}
	p.Bytes, p.Elapsed = cr.n, time.Since(start)
	return p, nil
}

// Entity fetches one entity by its path (absolute, or relative to the
// service root as in an @odata.id, e.g. "Crm_Sales_Customers(<guid>)").
// The path is used as a URL reference, already percent-encoded.
func (c *Client) Entity(ctx context.Context, path string) (Row, error) {
	u, err := c.resolve(path)
	if err != nil {
		return Row{}, err
	}
	resp, err := c.get(ctx, u, acceptJSON, nil)
	if err != nil {
		return Row{}, err
	}
	defer resp.Body.Close()
	return decodeEntity(resp.Body)
}

type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// orderColumns lists the property names of rows: those in given first, in
// its order, then the rest in the order first seen. With no rows it is
// given itself.
func orderColumns(given []string, rows []Row) []string {
	var order []string
	seen := map[string]bool{}
	for _, r := range rows {
		for _, k := range r.Keys {
			if !seen[k] {
				seen[k] = true
				order = append(order, k)
			}
		}
	}
	return arrangeColumns(given, order, len(rows) > 0)
}

// arrangeColumns is orderColumns for the names of rows in the order first
// seen (order, each once); hasRows says whether there are rows at all.
func arrangeColumns(given, order []string, hasRows bool) []string {
	if len(given) == 0 {
		return order
	}
	seen := make(map[string]bool, len(order))
	for _, k := range order {
		seen[k] = true
	}
	out := make([]string, 0, len(order))
	used := map[string]bool{}
	for _, k := range given {
		if (seen[k] || !hasRows) && !used[k] {
			used[k] = true
			out = append(out, k)
		}
	}
	for _, k := range order {
		if !used[k] {
			out = append(out, k)
		}
	}
	return out
}
