package odata

import "time"

// Page is one page of a collection response.
type Page struct {
	// Columns are the property names in display order: from $metadata when
	// known, else in the order first seen in the payload. Control
	// annotations (@odata.*) are not columns.
	Columns []string

	// Rows are the entities, in payload order.
	Rows []Row

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
}

// Row is one entity. Values are decoded with json.Decoder.UseNumber: a
// property is nil, bool, string, json.Number, map[string]any or []any.
type Row struct {
	// ID is the entity's @odata.id (relative to the service root as the
	// server sent it), or "" when absent.
	ID string

	// Values holds every property except control annotations.
	Values map[string]any
}
