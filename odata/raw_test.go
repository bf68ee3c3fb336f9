package odata

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math/bits"
	"reflect"
	"strings"
	"testing"
)

// rawBodies are collection bodies on which a page read raw must say what
// the same page decoded says.
var rawBodies = []string{
	`{"value":[{"A":1,"@odata.id":"x","B@odata.type":"t","B":"b"},{"A":2,"@odata.id":"y","B":"c"}],"@odata.count":"3","@odata.nextLink":"S?x"}`,
	`{"@odata.context":"$metadata#S","value":[{"s":1,"s@OData.Community.Display.V1.FormattedValue":"Active","@OData.Community.Display.V1.FormattedValue":"x"}]}`,
	`{"value":[{"N":{"z":1,"a":[1,{"y":"é","b":null}]},"T":"tab\there","U":"\u00e9\ud83d\ude00","L":"a\u2028b","Q":"\"q\""}]}`,
	`{"value":[{"A":1,"A":2,"B":3}]}`,                                  // a name twice: the last value, the first place
	`{"value":[{"@odata.id":"a","@odata.id":5,"A":1},{"A":2}]}`,        // the last @odata.id, and only as text
	`{"value":[{"A":1},{"B":2,"A":3},{"C":[]}],"@odata.nextLink":"x"}`, // columns in the order first seen
	`{"value":[{"odata.id":"x","#NS.Act":{},"@x":1,"":2,"A":-1.5e+3,"B":true,"C":false,"D":null}]}`,
	`{"value":[{"\u0041":1,"B\u0040odata.type":"t","\u0040odata.id":"i"}]}`, // escaped names
	"{\"value\":[{\"S\":\"bad \xff utf8\",\"D\":\"del \x7f\",\"C1\":\"\u0085\",\"Bidi\":\"\u202e\",\"\xfe\":1}]}",
	`{"value":[{"N":{"b":1,"a":2,"b":3,"\u0062":[4,{"y":1,"x":2,"y":{}}],"ÿ":1,"\ud800":2,"é":3}}]}`, // nested: sorted, the last of a name
	`{"value":[]}`, `{"value":[],"@odata.count":0}`,
	` {"value" : [ { "A" : 1 , "B" : [ 1 , 2 ] } ] , "extra" : {"x":[1]} } `,
	`{"value":[{"A":1}],"value":[{"B":2}]}`,
	// read the ordinary way
	`{"d":{"results":[{"__metadata":{"uri":"u"},"A":"/Date(0)/"}],"__count":"1"}}`,
	`{"d":[{"A":null}]}`, `{"A":1}`, `{"value":["x",1,null]}`, `{"value":{"A":1}}`, `{}`,
	"\xef\xbb\xbf" + `{"value":[{"A":1}]}`,
	`{"value":[{"A":1}]} x`, `{"value":[{"A":01}]}`, `{"value":[{"A":1,}]}`, `{"value":[{"A":"x`,
	`{"value":[{"A":tru}]}`, `{"value":[{"A":[1,]}]}`, `{"value":[{"A":{"b" 1}}]}`,
}

// TestRawPageMatchesDecoded: on every body the raw reading gives the same
// page as decodePage (columns, count, link, rows), or the same error, and
// the JSON writers write the same bytes from its rows.
func TestRawPageMatchesDecoded(t *testing.T) {
	bodies := append([]string{}, rawBodies...)
	for _, name := range []string{"trippin-people-expand-nextlink.json", "dataverse-he_employees-10.json", "wcf-customers-count.json", "wcf-customers-full-metadata.json", "v2-building-inline-next-count.json"} {
		b, err := readFixtureBytes(name)
		if err != nil {
			t.Fatal(err)
		}
		bodies = append(bodies, string(b))
	}
	raws := 0
	for _, body := range bodies {
		if checkRawPage(t, []byte(body), nil) {
			raws++
		}
		checkRawPage(t, []byte(body), []string{"B", "Z", "A"})
	}
	if raws < 15 {
		t.Errorf("only %d bodies were read raw", raws)
	}
}

// checkRawPage compares the raw reading of body with decodePage's and
// reports whether the page was read raw.
func checkRawPage(t *testing.T, body []byte, columns []string) bool {
	t.Helper()
	want, werr := decodePage(bytes.NewReader(body), testRoot, columns)
	d, err := newDecoder(bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	got, gerr := decodePageRaw(d, testRoot, columns)
	if (werr == nil) != (gerr == nil) || werr != nil && werr.Error() != gerr.Error() {
		t.Fatalf("%q: raw error %v, decoded error %v", body, gerr, werr)
	}
	if werr != nil {
		return false
	}
	if !reflect.DeepEqual(got.Columns, want.Columns) || got.Count != want.Count || got.NextLink != want.NextLink || got.Len() != want.Len() {
		t.Fatalf("%q: raw page %v %d %q %d rows, decoded %v %d %q %d rows", body,
			got.Columns, got.Count, got.NextLink, got.Len(), want.Columns, want.Count, want.NextLink, want.Len())
	}
	for i := range want.Len() {
		r, err := got.Row(i)
		if err != nil || !reflect.DeepEqual(r, want.Rows[i]) {
			t.Fatalf("%q: raw row %d is %+v (%v), decoded %+v", body, i, r, err, want.Rows[i])
		}
	}
	if !reflect.DeepEqual(got.firstID(), want.firstID()) {
		t.Fatalf("%q: first ID %q, decoded %q", body, got.firstID(), want.firstID())
	}
	for _, tty := range []bool{false, true} {
		for _, mk := range []func(*bytes.Buffer, bool) RowWriter{newTestJSON, newTestNDJSON} {
			var a, b bytes.Buffer
			wa, wb := mk(&a, tty), mk(&b, tty)
			for i := range want.Len() {
				if err := WriteRow(wa, got, i); err != nil {
					t.Fatal(err)
				}
				if err := wb.Write(want.Rows[i]); err != nil {
					t.Fatal(err)
				}
			}
			var c bytes.Buffer
			wc := mk(&c, tty)
			if n, err := WriteRows(wc, got, got.Len()); err != nil || n != got.Len() {
				t.Fatalf("WriteRows: %d rows, %v", n, err)
			}
			wa.Close()
			wb.Close()
			wc.Close()
			if a.String() != b.String() || c.String() != b.String() {
				t.Fatalf("%q: raw rows written\n%s\nas a page\n%s\ndecoded rows written\n%s", body, a.String(), c.String(), b.String())
			}
		}
	}
	return got.Raw != nil
}

func newTestJSON(b *bytes.Buffer, tty bool) RowWriter {
	w := NewJSONWriter(b)
	if tty {
		w.Escape = func(r rune) bool { return r > 0x7e }
	}
	return w
}

func newTestNDJSON(b *bytes.Buffer, tty bool) RowWriter {
	w := NewNDJSONWriter(b)
	if tty {
		w.Escape = func(r rune) bool { return r > 0x7e }
	}
	return w
}

// FuzzRawPage: on any body the raw reading says what decodePage says.
func FuzzRawPage(f *testing.F) {
	for _, s := range rawBodies {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		checkRawPage(t, data, nil)
	})
}

// TestAsciiBelowDEL: the eight-at-a-time check agrees with a byte loop.
func TestAsciiBelowDEL(t *testing.T) {
	for _, s := range []string{"", "abc", "0123456789abcdef", "0123456\x7f89", "01234567\x80", strings.Repeat("a", 23) + "\x7e", strings.Repeat("a", 23) + "\xff", "é"} {
		want := true
		for i := 0; i < len(s); i++ {
			want = want && s[i] < 0x7f
		}
		if got := asciiBelowDEL([]byte(s)); got != want {
			t.Errorf("asciiBelowDEL(%q) = %v", s, got)
		}
	}
}

// TestRawPagerWalk: a raw Pager gives the pages a decoding Pager gives,
// with the same requests, on every paging style, pages cut short by the
// server filled, and with a limit.
func TestRawPagerWalk(t *testing.T) {
	for _, tt := range []struct {
		style         string
		n, cap, limit int
	}{
		{"erp", 250, 0, 0}, {"erp", 200, 0, 0}, {"erp", 0, 0, 0}, {"standard", 250, 30, 0},
		{"standard", 100, 30, 0}, {"standard", 250, 30, 170}, {"erp", 250, 0, 120},
	} {
		t.Run(fmt.Sprintf("%s-%d-cap%d-limit%d", tt.style, tt.n, tt.cap, tt.limit), func(t *testing.T) {
			walk := func(raw bool) (pages [][]Row, cols [][]string, reqs []string) {
				s := newPagingServer(t, tt.style, tt.n, tt.cap)
				pager := s.client(t).Pager(Query{Set: "S", Top: 100, Limit: tt.limit})
				if raw {
					pager.Raw()
				}
				for {
					p, err := pager.Next(context.Background())
					if errors.Is(err, io.EOF) {
						return pages, cols, s.requests()
					}
					if err != nil {
						t.Fatal(err)
					}
					if raw && p.Len() > 0 && p.Raw == nil {
						t.Fatal("a raw Pager's page came decoded")
					}
					var rows []Row
					for i := range p.Len() {
						r, err := p.Row(i)
						if err != nil {
							t.Fatal(err)
						}
						rows = append(rows, r)
					}
					pages, cols = append(pages, rows), append(cols, p.Columns)
				}
			}
			wp, wc, wr := walk(false)
			gp, gc, gr := walk(true)
			if !reflect.DeepEqual(gp, wp) || !reflect.DeepEqual(gc, wc) || !reflect.DeepEqual(gr, wr) {
				t.Errorf("raw walk: %d pages, columns %v, requests %q; decoded: %d pages, columns %v, requests %q",
					len(gp), gc, gr, len(wp), wc, wr)
			}
			n := 0
			for _, p := range gp {
				n += len(p)
			}
			if want := tt.n; n != want && (tt.limit == 0 || n != min(tt.limit, tt.n)) {
				t.Errorf("got %d rows", n)
			}
		})
	}
}

// TestReadBodyLength: a body read with its length given, right or wrong,
// reads whole.
func TestReadBodyLength(t *testing.T) {
	body := bytes.Repeat([]byte("0123456789"), 10000)
	for _, n := range []int64{-1, 0, 1, 99999, 100000, 100001, 1 << 30} {
		got, err := readBody(bytes.NewReader(body), n)
		if err != nil || !bytes.Equal(got, body) {
			t.Errorf("length %d: read %d bytes, %v", n, len(got), err)
		}
	}
}

// TestSpecialsFirst: the lowest byte specials marks is the first quote, DEL,
// backslash or control character of the word, when there is one.
func TestSpecialsFirst(t *testing.T) {
	interesting := []byte{0, 0x1f, 0x20, '"', '\\', 0x7f, 0x80, 0xa2, 0xdc, 0xff, 'a', 0x21, 0x5d}
	rng := uint64(7)
	for range 200000 {
		var b [8]byte
		for i := range b {
			rng = rng*6364136223846793005 + 1442695040888963407
			b[i] = interesting[rng>>33%uint64(len(interesting))]
		}
		first := 8
		for i, c := range b {
			if c < 0x20 || c == '"' || c == '\\' || c == 0x7f {
				first = i
				break
			}
		}
		w := uint64(0)
		for i := 7; i >= 0; i-- {
			w = w<<8 | uint64(b[i])
		}
		got := 8
		if h := specials(w); h != 0 {
			got = bits.TrailingZeros64(h) >> 3
		}
		if got != first {
			t.Fatalf("specials(% x) marks byte %d first; want %d", b, got, first)
		}
	}
}

// TestWriteRawRowsLargePage: a page large enough to be compacted (JSON)
// or decoded (CSV) on two goroutines is written as its rows one by one
// are, in order.
func TestWriteRawRowsLargePage(t *testing.T) {
	var body bytes.Buffer
	body.WriteString(`{"value":[`)
	for i := range 8000 {
		if i > 0 {
			body.WriteByte(',')
		}
		fmt.Fprintf(&body, `{"@odata.id":"S(%d)","N":%d,"T":"row %d \u00e9 \u202e","A":{"z":1,"a":[%d]}}`, i, i, i, i)
	}
	body.WriteString(`]}`)
	if body.Len() < 2*parallelBytes {
		t.Fatalf("the page is %d bytes; want 7,000 rows to make parallelBytes", body.Len())
	}
	d, err := newDecoder(bytes.NewReader(body.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	p, err := decodePageRaw(d, testRoot, nil)
	if err != nil || p.Raw == nil || p.Len() != 8000 {
		t.Fatalf("page: %v, %d rows", err, p.Len())
	}
	newTestCSV := func(b *bytes.Buffer, _ bool) RowWriter { return NewCSVWriter(b, p.Columns) }
	for _, mk := range []func(*bytes.Buffer, bool) RowWriter{newTestJSON, newTestNDJSON, newTestCSV} {
		for _, tty := range []bool{false, true} {
			var a, b bytes.Buffer
			wa, wb := mk(&a, tty), mk(&b, tty)
			for i := range p.Len() {
				if err := WriteRow(wa, p, i); err != nil {
					t.Fatal(err)
				}
			}
			// Twice: the second call continues the document.
			if _, err := WriteRows(wb, p, 7000); err != nil {
				t.Fatal(err)
			}
			rest := *p
			rest.Raw = p.Raw[7000:]
			if _, err := WriteRows(wb, &rest, len(rest.Raw)); err != nil {
				t.Fatal(err)
			}
			wa.Close()
			wb.Close()
			if a.String() != b.String() {
				t.Fatalf("the page written at once differs from row by row (%d and %d bytes)", b.Len(), a.Len())
			}
		}
	}
}

// readRaw reads body as a page raw, failing t unless it is read raw.
func readRaw(t *testing.T, body []byte) *Page {
	t.Helper()
	d, err := newDecoder(bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	p, err := decodePageRaw(d, testRoot, nil)
	if err != nil || p.Raw == nil {
		t.Fatalf("%.60q: not read raw (%v)", body, err)
	}
	return p
}
