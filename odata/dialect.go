package odata

import (
	"net/url"
	"slices"
	"strings"
)

// Dialect is what sets one kind of OData service apart from another for a
// client: how it pages, which $filter operators it understands, whether
// $select=default means anything, how literals are written. It is a
// comparable value: use one of ERPNet, GenericV4 and V2, usually as
// DetectDialect or Client.Dialect picks it.
type Dialect struct {
	// Name names the dialect for people: "ERP.net", "OData v4", "OData v2".
	Name string

	// V2 reports OData v2 conventions: v2 literal forms (datetime'…',
	// guid'…', 12L), substringof instead of contains, no "in" or "has".
	V2 bool

	// Paging is how the server pages a collection.
	Paging Paging

	// SelectDefault reports ERP.net's $select semantics: without $select
	// the server sends only its "default" properties (system attributes and
	// references, not the key Id, custom or calculated attributes or child
	// collections), and $select=default,Other adds to them.
	SelectDefault bool

	// Sort is how far the server supports $orderby.
	Sort Sorting

	// FoldsCase reports that the server's text functions ignore case
	// (ERP.net), so a search needs no tolower.
	FoldsCase bool

	// NavigationPaths reports whether the server addresses related
	// entities by path (Set(key)/Nav). ERP.net does not: related entities
	// are read by $expand on the entity.
	NavigationPaths bool

	ops opSet
}

// Paging is how a server pages a collection. Client.Next and Pager follow
// every style: they request next links as sent, and after a full page
// without one they go on with $skip — unless the server refuses $skip
// (Client.SkipRefused), when the query is paged by Prefer:
// odata.maxpagesize and next links alone.
type Paging int

const (
	// PagingByTop: next links come only when the request has $top (ERP.net:
	// "when $top is present, the response may include @odata.nextLink"),
	// so $top is always sent.
	PagingByTop Paging = iota
	// PagingServer: server-driven paging; next links (@odata.nextLink, v2
	// __next) whether or not $top is sent, honouring Prefer:
	// odata.maxpagesize where the server supports it.
	PagingServer
	// PagingSkip: no next links; the client pages with $top and $skip.
	PagingSkip
)

// Sorting is how far a server supports $orderby.
type Sorting int

const (
	// SortAll: every sortable property, as $metadata restricts it
	// (Model.Sortable).
	SortAll Sorting = iota
	// SortSome: only some properties, and $metadata may not say which
	// (ERP.net: only "Orderable" attributes); offer sorting, expect the
	// server to refuse some.
	SortSome
	// SortNone: no $orderby at all.
	SortNone
)

// opSet is a set of $filter operators and functions.
type opSet uint32

// filterOps are the $filter operators a dialect may support, in the order
// Operators lists them.
var filterOps = []string{"eq", "ne", "gt", "ge", "lt", "le", "in", "and", "or", "not", "has"}

// textFuncs are the text-search functions a dialect may support, in the
// order Functions lists them.
var textFuncs = []string{"contains", "startswith", "endswith", "substringof"}

func ops(names ...string) opSet {
	var s opSet
	for _, n := range names {
		if i := slices.Index(filterOps, n); i >= 0 {
			s |= 1 << i
		} else if i := slices.Index(textFuncs, n); i >= 0 {
			s |= 1 << (len(filterOps) + i)
		}
	}
	return s
}

var (
	// ERPNet is the ERP.net Domain API: paging switched on by $top,
	// $select=default, $filter with eq ge le and in and the three text
	// functions (no or, ne, gt, lt), sorting on some attributes only, no
	// navigation paths.
	ERPNet = Dialect{Name: "ERP.net", Paging: PagingByTop, SelectDefault: true, Sort: SortSome, FoldsCase: true,
		ops: ops("eq", "ge", "le", "in", "and", "contains", "startswith", "endswith")}

	// GenericV4 is any other OData v4 service: server-driven paging, every
	// operator, contains/startswith/endswith, navigation paths.
	GenericV4 = Dialect{Name: "OData v4", Paging: PagingServer, Sort: SortAll, NavigationPaths: true,
		ops: ops("eq", "ne", "gt", "ge", "lt", "le", "in", "and", "or", "not", "has", "contains", "startswith", "endswith")}

	// V2 is an OData v2 service: __next paging, v2 literals, no in or has,
	// substringof/startswith/endswith.
	V2 = Dialect{Name: "OData v2", V2: true, Paging: PagingServer, Sort: SortAll, NavigationPaths: true,
		ops: ops("eq", "ne", "gt", "ge", "lt", "le", "and", "or", "not", "substringof", "startswith", "endswith")}
)

// DetectDialect picks the dialect of the service at root with metadata m
// (nil when not known yet): ERP.net when a schema's namespace is "Erp" or
// the root's path holds /api/domain/odata (and the document is not v2), V2
// for an OData v2 document, else GenericV4.
func DetectDialect(root *url.URL, m *Model) Dialect {
	if m != nil {
		for _, s := range m.Schemas {
			if s.Namespace == "Erp" {
				return ERPNet
			}
		}
		if m.V2 {
			return V2
		}
	}
	if root != nil && strings.Contains(root.Path, "/api/domain/odata") {
		return ERPNet
	}
	return GenericV4
}

// Operators lists the $filter operators the dialect supports, e.g. "eq",
// "ge", "and".
func (d Dialect) Operators() []string { return d.list(filterOps, 0) }

// Functions lists the text-search functions the dialect supports:
// "contains", "startswith", "endswith" (v2: "substringof" for contains).
func (d Dialect) Functions() []string { return d.list(textFuncs, len(filterOps)) }

func (d Dialect) list(names []string, shift int) []string {
	var out []string
	for i, n := range names {
		if d.ops&(1<<(shift+i)) != 0 {
			out = append(out, n)
		}
	}
	return out
}

// Supports reports whether the dialect has the $filter operator or
// text function name ("or", "contains").
func (d Dialect) Supports(name string) bool {
	s := ops(name)
	return s != 0 && d.ops&s == s
}

// Literal formats v as a URL literal of edmType in the dialect's forms: for
// v4 as Literal does; for v2 guid'…', datetime'…', datetimeoffset'…',
// time'…', binary'…' (hex), 12L, 1.5M, 1.5d and 1.5f.
func (d Dialect) Literal(edmType string, v any) (string, error) {
	if d.V2 {
		return literalV2(edmType, v)
	}
	return Literal(edmType, v)
}

// ContainsFilter is the $filter that keeps rows whose text property prop
// contains term, ignoring case: contains(Prop,'term') where the server
// folds case itself (FoldsCase, ERP.net), else
// contains(tolower(Prop),'term') (v2: substringof('term',tolower(Prop))).
func (d Dialect) ContainsFilter(prop, term string) string {
	switch {
	case d.FoldsCase:
		return "contains(" + prop + "," + quoteLiteral(term) + ")"
	case d.V2:
		return "substringof(" + quoteLiteral(strings.ToLower(term)) + ",tolower(" + prop + "))"
	}
	return "contains(tolower(" + prop + ")," + quoteLiteral(strings.ToLower(term)) + ")"
}

// quoteLiteral writes s as a string literal, ' doubled.
func quoteLiteral(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// Dialect returns the dialect the client speaks: the one given to
// SetDialect, else the one DetectDialect finds from the root and the model
// of the last successful Metadata call, else from the root alone.
func (c *Client) Dialect() Dialect {
	c.dmu.Lock()
	defer c.dmu.Unlock()
	switch {
	case c.dialect != nil:
		return *c.dialect
	case c.detected != nil:
		return *c.detected
	}
	return DetectDialect(c.root, nil)
}

// SetDialect pins the dialect, overriding detection (for a service that
// detection gets wrong, or a test).
func (c *Client) SetDialect(d Dialect) {
	c.dmu.Lock()
	c.dialect = &d
	c.dmu.Unlock()
}

// detect records the dialect that metadata m implies.
func (c *Client) detect(m *Model) {
	d := DetectDialect(c.root, m)
	c.dmu.Lock()
	c.detected = &d
	c.dmu.Unlock()
}
