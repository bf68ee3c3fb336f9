package ui

import (
	"time"

	"github.com/odx-dev/odx/auth"
	"github.com/odx-dev/odx/odata"
)

// Every asynchronous result carries the sequence number of the request that
// asked for it; the root drops a result whose number is no longer current.

// setsLoadedMsg is the service document's entity sets.
type setsLoadedMsg struct {
	seq  int
	sets []odata.Resource
	err  error
}

// metadataLoadedMsg is the parsed $metadata (loaded in the background).
type metadataLoadedMsg struct {
	model *odata.Model
	err   error
}

// setCountMsg is the row count of one set, for the set list.
type setCountMsg struct {
	name  string
	count int64
	err   error
}

// pageLoadedMsg is one logical page (pageSize rows, filled by following next
// links when the server caps its pages) of the browse screen's query.
type pageLoadedMsg struct {
	seq      int // browse generation (query identity)
	load     int // load number, for dropping superseded loads
	index    int // page number, from 0
	page     *odata.Page
	tail     *odata.Page // the last server page, for Client.Next
	err      error
	prefetch bool
}

// countLoadedMsg is the total of the browse screen's query.
type countLoadedMsg struct {
	seq   int
	count int64
	err   error
}

// relatedLoadedMsg is the target of a navigation property: one entity or a
// collection, shown in a grid.
type relatedLoadedMsg struct {
	seq  int
	nav  string // the navigation property it came through
	rows []odata.Row
	err  error
}

// tokenInfoMsg is an inspection of the current token.
type tokenInfoMsg struct {
	seq  int
	info auth.Info
	err  error
}

// tickMsg drives the token countdown and fades notices.
type tickMsg time.Time
