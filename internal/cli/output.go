package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"syscall"
	"text/tabwriter"

	"github.com/odx-dev/odx/internal/termtext"
	"github.com/odx-dev/odx/odata"
)

// Output of rows and of errors writing them.

// printRows writes one page (or all of them) in the chosen format. The
// pages are odata's Pager's: a server that caps its pages below $top has
// them filled up to $top rows by following its next links.
func printRows(ctx context.Context, w io.Writer, c *odata.Client, q odata.Query, all bool, format string) error {
	pager := c.Pager(q)
	first, err := pager.Next(ctx)
	if err != nil {
		return err
	}
	if format == "table" {
		return printTable(ctx, w, pager, first, all)
	}
	var rw odata.RowWriter
	switch format {
	case "json":
		rw = odata.NewJSONWriter(w)
	case "ndjson":
		rw = odata.NewNDJSONWriter(w)
	default:
		rw = odata.NewCSVWriter(w, first.Columns)
	}
	err = eachPage(ctx, pager, first, all, func(p *odata.Page) error {
		for _, r := range p.Rows {
			if err := rw.Write(r); err != nil {
				return err
			}
		}
		return nil
	})
	if cerr := rw.Close(); err == nil {
		err = cerr
	}
	return err
}

// eachPage calls fn for first (pager's first page) and, with all, for every
// page pager gives after it.
func eachPage(ctx context.Context, pager *odata.Pager, first *odata.Page, all bool, fn func(*odata.Page) error) error {
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

// printTable prints rows aligned for a terminal: values formatted as people
// read them and sanitised.
func printTable(ctx context.Context, w io.Writer, pager *odata.Pager, p *odata.Page, all bool) error {
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	cols := p.Columns
	header := make([]string, len(cols))
	for i, col := range cols {
		header[i] = termtext.Sanitize(col)
	}
	fmt.Fprintln(tw, strings.Join(header, "\t"))
	err := eachPage(ctx, pager, p, all, func(p *odata.Page) error {
		for _, r := range p.Rows {
			cells := make([]string, len(cols))
			for i, col := range cols {
				cells[i] = strings.ReplaceAll(termtext.FormatValue(r.Values[col], "", "EN"), "\t", " ")
			}
			if _, err := fmt.Fprintln(tw, strings.Join(cells, "\t")); err != nil {
				return err
			}
		}
		return nil
	})
	if ferr := tw.Flush(); err == nil {
		err = ferr
	}
	return err
}

// quietPipe turns a write to a closed pipe (`odx get … | head`) into a
// quiet, successful exit.
func quietPipe(err error) error {
	if errors.Is(err, syscall.EPIPE) {
		return errQuiet
	}
	return err
}
