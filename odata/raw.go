package odata

import (
	"net/url"
	"slices"
)

// Pages read raw: a walk whose rows are only written out (`odx get --all
// -o ndjson`, the explorer's export) need not build a map per entity on
// the goroutine that fetches. The body is checked whole for JSON's
// grammar, its control information (@odata.count, @odata.nextLink) read,
// and each entity kept as its bytes with its @odata.id; the consumer
// writes those bytes out compacted (NDJSONWriter.WriteRaw) or decodes the
// rows it needs (Page.Row), while the next page is being fetched. Anything
// the raw reading does not expect — a v2 body, an element that is not an
// object, a syntax error — is read the ordinary way instead, so a page
// read raw says exactly what the same page decoded says.

// RawRow is one entity of a page read raw: its bytes in the response body,
// undecoded, and its @odata.id.
type RawRow struct {
	// ID is the entity's @odata.id, as Row.ID.
	ID string

	// JSON is the entity object as the server sent it, white space and
	// annotations included. It is valid JSON.
	JSON []byte

	dup bool // a member name comes twice: write it decoded, as Row has it
}

// Raw makes p's pages hold their entities undecoded (Page.Raw) where the
// body allows it, for a consumer that writes rows out: Page.Len counts the
// rows of a page in either form, Page.Row decodes one. It returns p.
func (p *Pager) Raw() *Pager {
	p.q.raw = true
	return p
}

// Len is the number of rows on p, decoded or raw.
func (p *Page) Len() int {
	if p.Raw != nil {
		return len(p.Raw)
	}
	return len(p.Rows)
}

// Row returns row i of p, decoding it when p holds its rows raw. Decoding
// a raw row fails only on a document too deep to decode. Goroutines may
// call Row at once.
func (p *Page) Row(i int) (Row, error) {
	if p.Raw == nil {
		return p.Rows[i], nil
	}
	return decodeRawRow(p.Raw[i], p.names)
}

// decodeRawRow decodes an entity read raw as decodePage would have, with
// the member names interned in names, which it only reads.
func decodeRawRow(r RawRow, names map[string]string) (Row, error) {
	d := &decoder{data: r.JSON, names: names}
	d.dec = newJSONReader(r.JSON, names)
	d.dec.frozen = true
	return d.element()
}

// decoded turns a page read raw into an ordinary one, every row decoded.
func (p *Page) decoded() error {
	if p.Raw == nil {
		return nil
	}
	rows := make([]Row, len(p.Raw))
	for i := range p.Raw {
		var err error
		if rows[i], err = p.Row(i); err != nil {
			return err
		}
	}
	p.Rows, p.Raw = rows, nil
	return nil
}

// truncate keeps the first n rows of p.
func (p *Page) truncate(n int) {
	if p.Raw != nil {
		p.Raw = p.Raw[:n]
		return
	}
	p.Rows = p.Rows[:n]
}

// firstID is the ID of p's first row, or "".
func (p *Page) firstID() string {
	switch {
	case len(p.Raw) > 0:
		return p.Raw[0].ID
	case len(p.Rows) > 0:
		return p.Rows[0].ID
	}
	return ""
}

// decodePageRaw reads a collection body as decodePage does, keeping the
// entities raw where it can (see the top of this file).
func decodePageRaw(d *decoder, root *url.URL, columns []string) (*Page, error) {
	s := rawScan{r: newJSONReader(d.data, d.names), ctl: body{count: -1}}
	if !s.top() {
		d.dec = newJSONReader(d.data, d.names)
		return d.page(root, columns)
	}
	p := &Page{Count: s.ctl.count, names: d.names}
	if len(s.rows) > 0 {
		p.Raw = s.rows
	} else {
		p.Rows = []Row{}
	}
	p.NextLink = resolveNext(root, s.ctl.next)
	p.Columns = arrangeColumns(columns, s.order, len(s.rows) > 0)
	return p, nil
}

// resolveNext resolves a next link against the service root.
func resolveNext(root *url.URL, next string) string {
	if next == "" {
		return ""
	}
	if ref, err := url.Parse(next); err == nil {
		return root.ResolveReference(ref).String()
	}
	return next
}

// appendRows adds next's rows to p's (Client.fill), in whichever form they
// are; a raw page and a decoded one together make a decoded page.
func (p *Page) appendRows(next *Page) error {
	switch {
	case next.Len() == 0:
	case p.Len() == 0 && next.Raw != nil:
		p.Rows, p.Raw, p.names = nil, slices.Clone(next.Raw), next.names
	case p.Raw != nil && next.Raw != nil:
		p.Raw = append(p.Raw, next.Raw...)
	default:
		if err := p.decoded(); err != nil {
			return err
		}
		if err := next.decoded(); err != nil {
			return err
		}
		p.Rows = append(p.Rows, next.Rows...)
	}
	return nil
}
