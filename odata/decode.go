package odata

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"syscall"
)

// decoder reads an OData JSON response token by token, so that property
// order survives and only one page is ever held in memory.
type decoder struct {
	dec   *jsonReader
	names map[string]string // interned property names, shared by all rows
	width int               // objectKeys' guess of a row's width
	v2    bool              // inside a verbose-JSON {"d":…} body
	data  []byte            // the whole body
}

// body is what the top level of a response held.
type body struct {
	rows   []Row
	isColl bool // a value/results/d array was present
	single Row  // top-level properties, for a single-entity body
	count  int64
	next   string
}

// newDecoder reads the whole body (the client's body limit bounds it) and
// prepares to decode it.
func newDecoder(r io.Reader) (*decoder, error) {
	return newDecoderSize(r, -1)
}

// newDecoderSize is newDecoder for a body of size bytes (its
// Content-Length; -1 when unknown).
func newDecoderSize(r io.Reader, size int64) (*decoder, error) {
	data, err := readBody(r, size)
	d := &decoder{data: bytes.TrimPrefix(data, bom), names: make(map[string]string)}
	if err != nil {
		return nil, d.wrap(err)
	}
	d.dec = newJSONReader(d.data, d.names)
	return d, nil
}

// readBody reads r whole. Unlike io.ReadAll, whose doubling leaves several
// copies of a large body as garbage, it reads into chunks and joins them
// once at the end, so a body refused at the client's limit never costs more
// than about the limit.
//
// A body of known length up to 16 MiB is read into one buffer of that
// length and a byte more (for the end to show), and not copied again.
func readBody(r io.Reader, length int64) ([]byte, error) {
	var chunks [][]byte
	total, size := 0, 32<<10
	if length > 0 && length <= 16<<20 {
		size = int(length) + 1
	}
	for done := false; !done; size = min(size*2, 1<<20) {
		buf := make([]byte, size)
		n := 0
		for n < len(buf) {
			m, err := r.Read(buf[n:])
			n += m
			if err == io.EOF {
				done = true
				break
			}
			if err != nil {
				return nil, err // a truncated body stays an error
			}
		}
		chunks = append(chunks, buf[:n])
		total += n
	}
	if len(chunks) == 1 {
		return chunks[0], nil
	}
	out := make([]byte, 0, total)
	for _, c := range chunks {
		out = append(out, c...)
	}
	return out, nil
}

// decodePage reads a collection response: OData v4 JSON ({"value":[…]}
// with @odata.count/@count and @odata.nextLink/@nextLink), v2 verbose JSON
// ({"d":{"results":[…],"__count":"N","__next":…}}) or v1 ({"d":[…]}). A
// body holding one entity becomes a page of one row. Relative next links
// are resolved against root; columns is an optional known column order.
func decodePage(r io.Reader, root *url.URL, columns []string) (*Page, error) {
	d, err := newDecoder(r)
	if err != nil {
		return nil, err
	}
	return d.page(root, columns)
}

// page is decodePage after the body was read.
func (d *decoder) page(root *url.URL, columns []string) (*Page, error) {
	b, err := d.top(false)
	if err != nil {
		return nil, err
	}
	p := &Page{Rows: b.rows, Count: b.count}
	if !b.isColl && len(b.single.Keys) > 0 {
		p.Rows = []Row{b.single}
	}
	if p.Rows == nil {
		p.Rows = []Row{}
	}
	p.NextLink = resolveNext(root, b.next)
	p.Columns = orderColumns(columns, p.Rows)
	return p, nil
}

// decodeEntity reads a single-entity response (v4, or v2 {"d":{…}}).
func decodeEntity(r io.Reader) (Row, error) {
	d, err := newDecoder(r)
	if err != nil {
		return Row{}, err
	}
	b, err := d.top(true)
	if err != nil {
		return Row{}, err
	}
	if b.isColl {
		if len(b.rows) != 1 {
			return Row{}, fmt.Errorf("odata: expected one entity but the server sent a collection of %d", len(b.rows))
		}
		return b.rows[0], nil
	}
	return b.single, nil
}

// top reads the outermost object. In entity mode a "value" member is an
// ordinary property.
func (d *decoder) top(entity bool) (*body, error) {
	b := &body{count: -1, single: Row{Values: map[string]any{}}}
	if err := d.delim('{'); err != nil {
		return nil, err
	}
	first := true
	for d.dec.More() {
		key, err := d.key()
		if err != nil {
			return nil, err
		}
		switch {
		case key == "value" && !entity:
			if err := d.collection(b, &b.single, key); err != nil {
				return nil, err
			}
		case key == "d" && first:
			d.v2 = true
			if err := d.verbose(b, entity); err != nil {
				return nil, err
			}
		default:
			if err := d.member(b, &b.single, key, true); err != nil {
				return nil, err
			}
		}
		first = false
	}
	if err := d.delim('}'); err != nil {
		return nil, err
	}
	if _, err := d.dec.Token(); err != io.EOF {
		return nil, errors.New("odata: the response has data after its JSON object; check that the URL is an OData service")
	}
	return b, nil
}

// collection reads the value of key: an array of rows, or (for anything
// else) a property of the single entity.
func (d *decoder) collection(b *body, single *Row, key string) error {
	tok, err := d.token()
	if err != nil {
		return err
	}
	if tok != json.Delim('[') {
		v, err := d.finish(tok)
		if err != nil {
			return err
		}
		single.set(key, v)
		return nil
	}
	return d.rows(b)
}

// rows reads the elements of an array whose '[' was consumed: objects
// become rows, anything else a row with the single column "value".
func (d *decoder) rows(b *body) error {
	b.isColl = true
	for d.dec.More() {
		row, err := d.element()
		if err != nil {
			return err
		}
		b.rows = append(b.rows, row)
	}
	return d.delim(']')
}

// element reads one array element. An entity is decoded in one pass that
// also gives its member order.
func (d *decoder) element() (Row, error) {
	v, keys, err := d.dec.Entity()
	if err != nil {
		return Row{}, d.wrap(err)
	}
	values, ok := v.(map[string]any)
	if !ok {
		return Row{Values: map[string]any{"value": v}, Keys: []string{"value"}}, nil
	}
	row := Row{Values: values, Keys: keys[:0]}
	for _, k := range keys {
		if name, ok := control(k); ok {
			row.link(k, values[k])
			row.format(k, values[k])
			if name == "id" {
				if s, ok := values[k].(string); ok {
					row.ID = s
				}
			}
			delete(values, k)
			continue
		}
		if d.v2 && k == "__metadata" {
			if meta, ok := values[k].(map[string]any); ok {
				id, _ := meta["id"].(string)
				uri, _ := meta["uri"].(string)
				row.ID = cmpOr(id, uri)
			}
			delete(values, k)
			continue
		}
		if d.v2 {
			values[k] = normV2(values[k])
		}
		row.Keys = append(row.Keys, k)
	}
	return row, nil
}

// member reads the value of key into row: control information goes to b
// (when top is set) or row.ID, other annotations are skipped, properties
// are kept.
func (d *decoder) member(b *body, row *Row, key string, top bool) error {
	if name, ok := control(key); ok {
		var v any
		if err := d.dec.Decode(&v); err != nil {
			return d.wrap(err)
		}
		row.link(key, v)
		row.format(key, v)
		switch {
		case name == "id":
			if s, ok := v.(string); ok {
				row.ID = s
			}
		case top && b != nil:
			b.setControl(name, v)
		}
		return nil
	}
	if d.v2 && key == "__metadata" {
		var v any
		if err := d.dec.Decode(&v); err != nil {
			return d.wrap(err)
		}
		id, uri, err := metadataIDs(v)
		if err != nil {
			return d.wrap(err)
		}
		row.ID = cmpOr(id, uri)
		return nil
	}
	var v any
	if err := d.dec.Decode(&v); err != nil {
		return d.wrap(err)
	}
	if d.v2 {
		v = normV2(v)
	}
	row.set(key, v)
	return nil
}

func (b *body) setControl(name string, v any) {
	switch name {
	case "count":
		var s string
		switch x := v.(type) {
		case json.Number:
			s = string(x)
		case string:
			s = x
		}
		if n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64); err == nil && n >= 0 {
			b.count = n
		}
	case "next", "nextLink":
		if s, ok := v.(string); ok {
			b.next = s
		}
	}
}

// finish decodes the rest of a value whose first token was already read.
func (d *decoder) finish(tok json.Token) (any, error) {
	switch tok {
	case json.Delim('{'):
		m := map[string]any{}
		for d.dec.More() {
			key, err := d.key()
			if err != nil {
				return nil, err
			}
			var v any
			if err := d.dec.Decode(&v); err != nil {
				return nil, d.wrap(err)
			}
			m[key] = v
		}
		return m, d.delim('}')
	case json.Delim('['):
		a := []any{}
		for d.dec.More() {
			var v any
			if err := d.dec.Decode(&v); err != nil {
				return nil, d.wrap(err)
			}
			a = append(a, v)
		}
		return a, d.delim(']')
	}
	return tok, nil
}

func (d *decoder) token() (json.Token, error) {
	tok, err := d.dec.Token()
	if err != nil {
		return nil, d.wrap(err)
	}
	return tok, nil
}

func (d *decoder) key() (string, error) {
	tok, err := d.token()
	if err != nil {
		return "", err
	}
	s, ok := tok.(string)
	if !ok {
		return "", d.wrap(fmt.Errorf("expected a member name, got %v", tok))
	}
	if in, ok := d.names[s]; ok {
		return in, nil
	}
	if len(d.names) < 1<<16 {
		d.names[s] = s
	}
	return s, nil
}

func (d *decoder) delim(want json.Delim) error {
	tok, err := d.token()
	if err != nil {
		return err
	}
	if tok != want {
		what := "an object"
		if want == ']' || want == '[' {
			what = "an array"
		}
		return fmt.Errorf("odata: the response is not OData JSON (expected %s at byte %d); check that the URL is an OData service", what, d.dec.InputOffset())
	}
	return nil
}

// isTimeout reports a deadline (the client's timeout or the caller's).
func isTimeout(err error) bool {
	var ne net.Error
	return errors.Is(err, context.DeadlineExceeded) || errors.As(err, &ne) && ne.Timeout()
}

// wrap turns a decoding failure into one sentence, keeping errors that are
// not about the JSON (cancellation, ErrBodyTooLarge, network) intact.
func (d *decoder) wrap(err error) error {
	var syn *json.SyntaxError
	var mine *jsonSyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case err == io.EOF || errors.Is(err, io.ErrUnexpectedEOF):
		return errors.New("odata: the response ended early (cut off by the server or the network); try again")
	case errors.As(err, &syn), errors.As(err, &mine), errors.As(err, &typ):
		return fmt.Errorf("odata: the response is not valid JSON (byte %d: %v); check that the URL is an OData service", d.dec.InputOffset(), err)
	case errors.Is(err, syscall.ECONNRESET):
		return fmt.Errorf("odata: the server reset the connection while sending the response; try again (%w)", err)
	case isTimeout(err):
		return fmt.Errorf("odata: the response stopped arriving before the time limit; try again, or raise `timeout` in the profile (%w)", err)
	case errors.Is(err, ErrBodyTooLarge), errors.Is(err, context.Canceled):
		return err
	case strings.HasPrefix(err.Error(), "odata:"):
		return err
	}
	return fmt.Errorf("odata: reading the response failed: %w", err)
}

// metadataIDs reads id and uri from a v2 __metadata object v as
// encoding/json would into struct{ ID, URI string }: names matched without
// regard to case, null as nothing, any other kind of value an error.
func metadataIDs(v any) (id, uri string, err error) {
	if v == nil {
		return "", "", nil
	}
	m, ok := v.(map[string]any)
	if !ok {
		return "", "", &json.UnmarshalTypeError{Value: jsonKind(v), Type: reflect.TypeFor[struct{ ID, URI string }]()}
	}
	for k, x := range m {
		var dst *string
		switch {
		case strings.EqualFold(k, "id"):
			dst = &id
		case strings.EqualFold(k, "uri"):
			dst = &uri
		default:
			continue
		}
		switch s := x.(type) {
		case string:
			*dst = s
		case nil:
		default:
			return "", "", &json.UnmarshalTypeError{Value: jsonKind(x), Type: reflect.TypeFor[string](), Field: strings.ToUpper(k)}
		}
	}
	return id, uri, nil
}

// jsonKind names the kind of a decoded JSON value as encoding/json's
// errors do.
func jsonKind(v any) string {
	switch v.(type) {
	case bool:
		return "bool"
	case string:
		return "string"
	case json.Number:
		return "number"
	case []any:
		return "array"
	}
	return "object"
}
