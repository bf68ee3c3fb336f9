package odata

import (
	"errors"
	"maps"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// Query describes a read of an entity set: the resource path and the system
// query options. It is a value; copy and change it freely.
//
// Text fields hold OData syntax as a user would type it (unescaped); the
// URL builder percent-encodes them. Use Literal to put a value into Filter.
type Query struct {
	// Set is the resource path relative to the service root, unescaped:
	// an entity set ("Crm_Sales_Customers"), optionally with a key and
	// further segments ("People('o''neil')/Trips").
	Set string

	Select  []string // $select: property paths, e.g. "default", "Id", "Party/Name"
	Filter  string   // $filter expression
	OrderBy []string // $orderby items, e.g. "Number desc"
	Expand  []string // $expand items, e.g. "Lines($select=Product)"
	Search  string   // $search expression

	// Top is the page size sent as $top on every request built from the
	// query (ERP.net pages only when $top is present). Zero means the
	// Client's PageSize.
	Top int

	// Skip is the $skip of the first page; later pages follow next links
	// or advance it.
	Skip int

	// Limit is the most rows a walk of the query (Pager, All) hands out
	// in all: OData's $top over the whole collection, where Top is the
	// size of each request. Zero means every row. A request for the last
	// rows asks for no more than are left; rows a server sends beyond the
	// limit are dropped. It is not sent as such.
	Limit int

	// Count asks for the total with $count=true on the first page only.
	Count bool

	// Params are custom query parameters, e.g. ERP.net's "options" or
	// "culture"; sent after the system options, sorted by name.
	Params url.Values

	// Columns is an optional column order (from $metadata): a page lists
	// the columns it received in this order, then any others in the order
	// first seen. It is not sent to the server.
	Columns []string

	raw bool // pages hold their entities raw (Pager.Raw)
}

// errNoSet is returned for a Query without an entity set.
var errNoSet = errors.New("odata: the query names no entity set; pick one from the service document (`odx sets`)")

// RawQuery returns the query string for q exactly as set (a zero Top, Skip
// or Count sends nothing), percent-encoded: spaces as %20 and &, #, +, =,
// %, ; and non-ASCII bytes escaped, while $ , ( ) ' : @ / * stay readable.
func (q Query) RawQuery() string {
	var b strings.Builder
	add := func(name, value string) {
		if b.Len() > 0 {
			b.WriteByte('&')
		}
		b.WriteString(escapeQuery(name))
		b.WriteByte('=')
		b.WriteString(escapeQuery(value))
	}
	if q.Filter != "" {
		add("$filter", q.Filter)
	}
	if q.Search != "" {
		add("$search", q.Search)
	}
	if len(q.Select) > 0 {
		add("$select", strings.Join(q.Select, ","))
	}
	if len(q.Expand) > 0 {
		add("$expand", strings.Join(q.Expand, ","))
	}
	if len(q.OrderBy) > 0 {
		add("$orderby", strings.Join(q.OrderBy, ","))
	}
	if q.Top > 0 {
		add("$top", strconv.Itoa(q.Top))
	}
	if q.Skip > 0 {
		add("$skip", strconv.Itoa(q.Skip))
	}
	if q.Count {
		add("$count", "true")
	}
	for _, name := range slices.Sorted(maps.Keys(q.Params)) {
		for _, v := range q.Params[name] {
			add(name, v)
		}
	}
	return b.String()
}

// URL returns the absolute URL of the first page of q as the client would
// request it: with $top (q.Top, else the Client's PageSize), except once
// the service has refused $skip (SkipRefused), when the page size goes in
// a Prefer header and the URL has no $top.
func (c *Client) URL(q Query) (*url.URL, error) {
	if q.Top <= 0 {
		q.Top = c.pageSize()
	}
	if c.SkipRefused() {
		q.Top = 0
	}
	return c.queryURL(q)
}

// queryURL joins the service root, the escaped resource path and the query
// string of q as set (a v2 service's count as $inlinecount=allpages).
func (c *Client) queryURL(q Query) (*url.URL, error) {
	if q.Count && c.Dialect().V2 {
		q = countParams(q)
	}
	path, err := escapePath(q.Set)
	if err != nil {
		return nil, err
	}
	u := c.Root()
	u.RawPath = u.EscapedPath() + path
	u.Path, err = url.PathUnescape(u.RawPath)
	if err != nil {
		return nil, err
	}
	u.RawQuery = q.RawQuery()
	return u, nil
}

// countURL returns {root}/{Set}/$count with only the options that change
// the total ($filter, $search, custom parameters).
func (c *Client) countURL(q Query) (*url.URL, error) {
	cq := Query{Set: strings.TrimSuffix(q.Set, "/") + "/$count", Filter: q.Filter, Search: q.Search, Params: q.Params}
	if q.Set == "" {
		return nil, errNoSet
	}
	return c.queryURL(cq)
}

// escapePath escapes each "/"-separated segment of a resource path.
func escapePath(p string) (string, error) {
	p = strings.TrimPrefix(p, "/")
	if p == "" {
		return "", errNoSet
	}
	segs := strings.Split(p, "/")
	for i, s := range segs {
		if s == "." || s == ".." {
			return "", errors.New("odata: the resource path " + strconv.Quote(oneLine(p, 120)) + " must not contain . or .. segments")
		}
		segs[i] = escape(s, pathSafe)
	}
	return strings.Join(segs, "/"), nil
}

const (
	// querySafe are the bytes besides letters, digits and -._~ left as
	// they are in a query name or value. Everything else is escaped,
	// notably space & # + = % ; ? " and all non-ASCII bytes.
	querySafe = "$,()':@/*"
	// pathSafe also keeps = (compound keys: Set(A=1,B=2)).
	pathSafe = "$,()':@*="
)

func escape(s, safe string) string {
	const hex = "0123456789ABCDEF"
	n := 0
	for i := 0; i < len(s); i++ {
		if !keep(s[i], safe) {
			n++
		}
	}
	if n == 0 {
		return s
	}
	b := make([]byte, 0, len(s)+2*n)
	for i := 0; i < len(s); i++ {
		c := s[i]
		if keep(c, safe) {
			b = append(b, c)
		} else {
			b = append(b, '%', hex[c>>4], hex[c&15])
		}
	}
	return string(b)
}

func keep(c byte, safe string) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	case c == '-' || c == '.' || c == '_' || c == '~':
		return true
	}
	return strings.IndexByte(safe, c) >= 0
}

func escapeQuery(s string) string { return escape(s, querySafe) }
