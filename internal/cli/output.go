package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync/atomic"
	"syscall"

	"github.com/odx-dev/odx/internal/termtext"
	"github.com/odx-dev/odx/odata"
)

// Output of rows and of errors writing them.

// output is how `odx get` prints rows.
type output struct {
	format string // table, json, ndjson or csv
	all    bool   // every page, not only the first
	tty    bool   // the output is a terminal: every server string sanitised
	csvRaw bool   // CSV cells as received, without the formula guard
	// csvJSON: CSV with one column per property, objects as JSON, no key
	// column added (else laid out for a spreadsheet: odata.CSVWriter)
	csvJSON bool
	lang    string // the language listed first among a name's columns
}

// printRows writes one page (or all of them) in o's format, flushing after
// each page. The pages are odata's Pager's: a server that caps its pages
// below $top has them filled up to $top rows by following its next links.
//
// Once the reader of w goes away (`odx get … | head -1`) the walk stops at
// once, the request in flight cancelled, and printRows returns errQuiet. A
// walk that fails after rows were written leaves the output as it is (a
// JSON array unclosed) and says so in its error.
func printRows(ctx context.Context, w io.Writer, c *odata.Client, q odata.Query, o output) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var gone atomic.Bool
	stop := watchReader(w, func() { gone.Store(true); cancel() })
	err := walkRows(ctx, w, c, q, o)
	stop()
	if err != nil && (gone.Load() || errors.Is(err, syscall.EPIPE)) {
		return errQuiet
	}
	return err
}

// writeFailed is an error writing the output: the walk stops without a
// word more written.
type writeFailed struct{ err error }

func (e writeFailed) Error() string { return e.err.Error() }
func (e writeFailed) Unwrap() error { return e.err }

// walkRows is printRows without the watch on the reader.
func walkRows(ctx context.Context, w io.Writer, c *odata.Client, q odata.Query, o output) error {
	// With --all the walk is pipelined: page N+1 is fetched while page N is
	// written, still one request at a time. Rows only written out are read
	// raw: the fetching goroutine checks the page and finds its next link,
	// and the rows are decoded (CSV, the table) or copied compacted (JSON)
	// here, while the next page is on its way.
	var pager odata.PageSource = c.Pager(q).Raw()
	if o.all {
		pf := odata.Prefetch(ctx, pager, 0)
		defer pf.Close()
		pager = pf
	}
	first, err := pager.Next(ctx)
	if err != nil {
		return err
	}
	rw := rowWriter(w, first, o)
	rows := 0
	err = eachPage(ctx, pager, first, o.all, func(p *odata.Page) error {
		if tw, ok := rw.(*tableWriter); ok {
			if err := tw.writeRows(p.Len(), p.Row); err != nil {
				return writeFailed{err}
			}
			rows += p.Len()
			if err := tw.Flush(); err != nil {
				return writeFailed{err}
			}
			return nil
		}
		n, err := odata.WriteRows(rw, p, p.Len())
		rows += n
		if err != nil {
			return writeFailed{err}
		}
		if err := rw.Flush(); err != nil {
			return writeFailed{err}
		}
		return nil
	})
	var wf writeFailed
	switch {
	case errors.As(err, &wf):
		return wf.err
	case err != nil:
		if ferr := rw.Flush(); ferr != nil {
			return err
		}
		return incomplete{err: err, rows: rows, json: o.format == "json"}
	}
	return rw.Close()
}

// rowWriter returns the writer of o's format for a walk whose first page
// is first.
func rowWriter(w io.Writer, first *odata.Page, o output) odata.RowWriter {
	var escape func(rune) bool
	if o.tty {
		escape = termEscape
	}
	switch o.format {
	case "table":
		return newTableWriter(w, first.Columns)
	case "json":
		jw := odata.NewJSONWriter(w)
		jw.Escape = escape
		return jw
	case "ndjson":
		nw := odata.NewNDJSONWriter(w)
		nw.Escape = escape
		return nw
	}
	cw := odata.NewCSVWriter(w, first.Columns)
	cw.Raw = o.csvRaw
	cw.RawJSON = o.csvJSON
	cw.Language = o.lang
	if o.tty {
		cw.Text = termtext.Sanitize
	}
	return cw
}

// incomplete is a walk that failed after rows were written: the error,
// and a sentence saying that the output stops short.
type incomplete struct {
	err  error
	rows int
	json bool // the output is a JSON array, left unclosed
}

func (e incomplete) Error() string {
	s := fmt.Sprintf("%s. The output is incomplete: %d rows written", strings.TrimRight(e.err.Error(), ". "), e.rows)
	if e.json {
		s += ", the JSON array left unclosed"
	}
	return s + "."
}

func (e incomplete) Unwrap() error { return e.err }

// eachPage calls fn for first (pager's first page) and, with all, for every
// page pager gives after it.
func eachPage(ctx context.Context, pager odata.PageSource, first *odata.Page, all bool, fn func(*odata.Page) error) error {
	for p := first; ; {
		if err := fn(p); err != nil {
			return err
		}
		if !all {
			return nil
		}
		var err error
		if p, err = pager.Next(ctx); errors.Is(err, io.EOF) {
			return nil
		} else if err != nil {
			return err
		}
	}
}

// quietPipe turns a write to a closed pipe (`odx get … | head`) into a
// quiet, successful exit.
func quietPipe(err error) error {
	if errors.Is(err, syscall.EPIPE) {
		return errQuiet
	}
	return err
}
