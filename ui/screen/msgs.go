package screen

import (
	"time"

	"github.com/odx-dev/odx/odata"
)

// Messages a screen posts (Env.Post) to ask the root for navigation. The
// root acts on them in the order they were posted.

// OpenQuery pushes a grid for Query. Count is the query's total when the
// poster knows it already (the set list counted it), else -1. Layout asks
// for the set's saved columns, sort and expansions.
type OpenQuery struct {
	Query  odata.Query
	Count  int64
	Layout bool
	Crumb  []string // the grid's breadcrumb; nil: the set's name
}

// OpenRecord pushes the record view of one row of a grid.
type OpenRecord struct {
	Set   string // the resource path the row came from
	Row   odata.Row
	Crumb []string // the breadcrumb of the grid; the record adds its title
}

// OpenRows pushes a grid of rows already loaded (the target of a
// navigation property): one page, no paging.
type OpenRows struct {
	Set   string // the entity set the rows belong to, for $metadata
	Rows  []odata.Row
	Crumb []string
}

// OpenProfile pushes the profile of Column under Query (counts per value,
// or min, max, sum and a histogram) computed by the server with $apply;
// Rows are the rows already loaded, for a server without $apply.
type OpenProfile struct {
	Query  odata.Query
	Column string
	Rows   []odata.Row
	Crumb  []string
}

// OpenGroupBy pushes the group-by of Query: its rows grouped by one or two
// columns with an aggregate, computed by the server with $apply. Column is
// the grid's column under the cursor, offered first.
type OpenGroupBy struct {
	Query  odata.Query
	Column string
	Rows   []odata.Row // the rows already loaded, for a server without $apply
	Crumb  []string
}

// OpenToken pushes the token view; OpenLog the request log.
type (
	OpenToken struct{}
	OpenLog   struct{}
)

// Back pops the top screen (esc when there is nothing to cancel).
type Back struct{}

// OpenDialog opens Dialog over the top screen; its actions go to the
// screen that posted this.
type OpenDialog struct{ Dialog Dialog }

// CloseDialog closes the open dialog when Kind is "" or its kind.
type CloseDialog struct{ Kind string }

// StartExport starts writing every page of Query to Path (the export
// job's progress shows on the status line; esc on the grid that started
// it cancels it).
type StartExport struct {
	Query  odata.Query
	Format string // csv, json or ndjson
	Path   string
	Total  int64 // rows expected, -1 unknown
}

// SetNames switches every screen between $metadata's labels and the
// technical names (key T): the root sets Env.Names and sends NamesChanged
// to every screen.
type SetNames struct{ On bool }

// SetsLoaded tells the root the service's entity sets (for go to) and that
// $metadata may be fetched now.
type SetsLoaded struct{ Names []string }

// Broadcasts: the root sends these to screens.

// Focus tells a screen it is on top again (pushed, or the one above it
// popped).
type Focus struct{}

// Blur tells a screen another is pushed over it: it stops work the user
// no longer sees (a changed query still loading, the set list's count).
type Blur struct{}

// Tick is the one-second clock (the root updated Env.Now already).
type Tick struct{ Now time.Time }

// MetadataLoaded is sent to every screen when $metadata arrives (it is in
// Env.Meta already).
type MetadataLoaded struct{}

// NamesChanged is sent to every screen when Env.Names changed.
type NamesChanged struct{}

// StylesChanged is sent to every screen when Env.Styles changed (the
// terminal's background became known, presenter mode): screens holding
// derived styles (the grid's) take them again.
type StylesChanged struct{}
