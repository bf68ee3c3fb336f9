package odata

import (
	"bytes"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"testing"
)

// Pages read raw against a hostile server: the bytes a body can carry to a
// terminal, odd but valid documents, nesting at encoding/json's limit, and
// the writers and Page.Row used from goroutines at once. Each body is
// compared with the decoded path (checkRawPage).

// hostileRunes are runes a terminal or an editor could interpret, or that
// JSON writers treat specially, each as the raw UTF-8 a server can send.
var hostileRunes = []string{
	"\x7f", "\u0080", "\u0085", "\u009b", "\u009f", "\u00a0", "\u061c", "\u200e", "\u200f",
	"\u2028", "\u2029", "\u202a", "\u202e", "\u2066", "\u2069", "\ufeff", "\ufffd", "\U0001f600",
	"\xff", "\xfe", "\xc0\xaf", "\xe0\x80\xaf", "\xed\xa0\x80", "\xed\xbf\xbf", "\xf4\x90\x80\x80",
	"\xc2", "\xe2\x80", "\xe2\x80\xa8\xe2", "\x80", "\xc2\x9b", "\xf0\x9f\x98",
}

// hostileEscapes are the same and more spelled as JSON escapes.
var hostileEscapes = []string{
	`\u001b`, `\u0000`, `\u007f`, `\u0080`, `\u009b`, `\u009B`, `\u2028`, `\u2029`, `\u202e`,
	`\u202E`, `\u2066`, `\u061c`, `\ud800`, `\udfff`, `\ud83d\ude00`, `\ud83d`, `\ude00\ud83d`,
	`\ud83d\u0041`, `\ud83d\ud83d\ude00`, `\"`, `\\`, `\/`, `\b\f\n\r\t`, `\u0022`, `\u005c`,
}

// hostileBodies puts each hostile text in every place a string can be: a
// top-level name and value, a nested name and value, an array element,
// the ID, beside plain ASCII of every length around eight (stringBytes
// reads eight bytes at a time).
func hostileBodies() []string {
	texts := append(append([]string{}, hostileRunes...), hostileEscapes...)
	var bodies []string
	for _, h := range texts {
		for _, pad := range []string{"", "a", "abcdefg", "abcdefgh", "abcdefghijklmno"} {
			s := pad + h + pad[:len(pad)/2]
			bodies = append(bodies,
				`{"value":[{"`+s+`":"`+s+`","A":"`+s+`"},{"B":["`+s+`",{"`+s+`":"`+s+`"}]}]}`,
				`{"value":[{"N":{"`+s+`":1,"a":"`+s+`","`+s+`x":[{"`+s+`":"`+s+`"}]},"@odata.id":"`+s+`"}]}`,
				`{"value":[{"`+s+`":1,"`+s+`":2}]}`,
				`{"value":[{"N":{"z":"`+s+`","`+s+`":2,"`+s+`":3}}]}`,
				`{"value":[{"A@`+s+`":1,"`+s+`@odata.type":"x","`+s+`":"`+s+`"}],"@odata.nextLink":"`+s+`"}`,
			)
		}
	}
	return bodies
}

// TestRawHostileStrings: every hostile text in every place reads and is
// written raw as it is decoded, on a terminal or not.
func TestRawHostileStrings(t *testing.T) {
	for _, body := range hostileBodies() {
		checkRawPage(t, []byte(body), nil)
	}
}

// TestRawHostileTerminalBytes: with the escape a terminal gets (every
// rune beyond ASCII), a raw row is written as printable ASCII only, and
// without it, never with DEL, a C1 or a bidi control, whatever the body.
func TestRawHostileTerminalBytes(t *testing.T) {
	for _, body := range hostileBodies() {
		d, err := newDecoder(strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		p, err := decodePageRaw(d, testRoot, nil)
		if err != nil || p.Raw == nil {
			t.Fatalf("%q: not read raw (%v)", body, err)
		}
		for _, r := range p.Raw {
			printable(t, body, r)
			out, err := appendRawObject(nil, r, &rawEnc{})
			if err != nil {
				t.Fatal(err)
			}
			for _, x := range string(out) {
				if escapedAlways(x) || x < 0x20 {
					t.Fatalf("%q: rune %U in %q", body, x, out)
				}
			}
		}
	}
}

// TestRawHostileOdd: odd but valid documents, and near misses, say the
// same raw as decoded.
func TestRawHostileOdd(t *testing.T) {
	bodies := []string{
		// duplicate names: top level, nested, escaped spellings, invalid UTF-8
		`{"value":[{"A":1,"\u0041":2}]}`,
		`{"value":[{"A":1,"B":2},{"A":1,"A":2},{"A":1,"B":2}]}`,
		`{"value":[{"A":1,"A":2},{"A":1,"A":2},{"B":1}]}`,
		"{\"value\":[{\"\xff\":1,\"\xfe\":2,\"\\ufffd\":3}]}",
		"{\"value\":[{\"N\":{\"\xff\":1,\"\xfe\":2,\"\\ufffd\":3,\"a\":0}}]}",
		`{"value":[{"N":{"a":1,"a":2}},{"N":{"a":{"b":1,"b":[1]},"a":{"c":2}}}]}`,
		`{"value":[{"N":{"\u0061":1,"a":2,"\u0061":3}}]}`,
		`{"value":[{"N":{"b":1,"a":2,"b":3,"a":4,"c":5,"c":6}}]}`,
		// @odata.id twice, as a non-string, in its other spellings
		`{"value":[{"@odata.id":"a","@odata.id":"b"}]}`,
		`{"value":[{"@odata.id":"a","@odata.id":null},{"@odata.id":{"x":1}},{"@odata.id":[1]}]}`,
		`{"value":[{"@odata.id":"a","A":1,"@odata.id":"b","A":2}]}`,
		`{"value":[{"@odata.id":"x\u0000y"},{"@odata.id":"\ud800"}]}`,
		`{"value":[{"\u0040odata.id":"a","@odata.\u0069d":"b"}]}`,
		`{"value":[{"@id":"a","odata.id":"b"}]}`,
		// control members in odd places
		`{"@odata.count":5,"value":[{"A":1}],"@odata.count":"x"}`,
		`{"@odata.count":-1,"value":[{"A":1}],"@count":"7","odata.count":" 8 "}`,
		`{"@odata.nextLink":"a","value":[],"@nextLink":"b","@odata.nextLink":5}`,
		`{"@odata.nextLink":"http://evil.example/\u0000\u001b[31m","value":[{"A":1}]}`,
		`{"@odata.count":1e3,"value":[{"A":1}]}`,
		`{"@odata.count":99999999999999999999,"value":[{"A":1}]}`,
		`{"value":[{"A":1}],"d":{"results":[]}}`,
		`{"d":{"results":[]},"value":[{"A":1}]}`,
		`{"x":1,"d":2,"value":[{"A":1}]}`,
		`{"value":[{"A":1}],"value":[]}`,
		`{"value":[],"value":[{"A":1}]}`,
		`{"value":[{"A":1}],"value":null}`,
		`{"\u0076alue":[{"A":1}]}`,
		`{"value":[{"":1,"@":2,"#":3,"odata.":4,"a@":5,"@a":6,"odata.x":7}]}`,
		// numbers
		`{"value":[{"A":-0,"B":0.0e-0,"C":1E+999999999,"D":123456789012345678901234567890,"E":-1.5e-300}]}`,
		`{"value":[{"A":[-0,1e5,2E-5,[[0]]]}]}`,
		`{"value":[{"A":00}]}`, `{"value":[{"A":-}]}`, `{"value":[{"A":1.}]}`, `{"value":[{"A":1e}]}`,
		`{"value":[{"A":+1}]}`, `{"value":[{"A":.5}]}`, `{"value":[{"A":0x1}]}`, `{"value":[{"A":1e+}]}`,
		// white space of every kind, and what only looks like it
		" \t\r\n{ \t\r\n\"value\" \t\r\n: \t\r\n[ \t\r\n{ \t\r\n\"A\" \t\r\n: \t\r\n[ \t\r\n1 \t\r\n, \t\r\n{ \t\r\n} \t\r\n] \t\r\n} \t\r\n] \t\r\n} \t\r\n",
		"{\"value\":[{\"A\":1}]}\f", "{\"value\":[{\"A\":1}]}\v", "{\"value\":[{\"A\":\u00a01}]}",
		"{\"value\":[{\"A\":1}]}\u2028", "{\"value\":[{\"A\":1}]}\x00", "\xef\xbb\xbf\xef\xbb\xbf{\"value\":[]}",
		"\xef\xbb{\"value\":[]}", "{\"value\":[{\"A\":\"a\nb\"}]}", "{\"value\":[{\"A\":\"a\x1fb\"}]}",
		// empty objects and arrays, value arrays with other elements
		`{"value":[{}]}`, `{"value":[{},{}]}`, `{"value":[{"A":{}},{"A":[]}]}`, `{"value":[{},1]}`,
		`{"value":[{"A":1},"x"]}`, `{"value":[[{"A":1}]]}`, `{"value":[null]}`, `{"value":[{"A":1},{}]}`,
		`{"value":[{"@odata.id":"a"},{"@odata.id":"b"}]}`,
		// trailing garbage and truncation
		`{"value":[{"A":1}]}}`, `{"value":[{"A":1}]}{}`, `{"value":[{"A":1}]`, `{"value":[{"A":1}`,
		`{"value":[{"A":1}],}`, `{"value":[{"A":1}] "x":1}`, `{"value":[{"A":1},]}`, `{"value":[,{"A":1}]}`,
		`{"value":[{"A":"\x"}]}`, `{"value":[{"A":"\u12"}]}`, `{"value":[{"A":"\u12g4"}]}`,
		`{"value":[{"A":"x"x}]}`, `{"value":[{"A" "x"}]}`, `{"value":[{"A"::1}]}`, `{"value":[{A:1}]}`,
	}
	for _, body := range bodies {
		checkRawPage(t, []byte(body), nil)
		checkRawPage(t, []byte(body), []string{"A", "Z"})
	}
}

// nest returns depth levels of open (the first byte of each) around
// inner, each closed.
func nest(open string, depth int, inner string) string {
	var b strings.Builder
	for range depth {
		b.WriteString(open)
	}
	b.WriteString(inner)
	for i := depth - 1; i >= 0; i-- {
		if open[0] == '[' {
			b.WriteByte(']')
		} else {
			b.WriteByte('}')
		}
	}
	return b.String()
}

// TestRawHostileDepthTop: nesting around encoding/json's limit in a
// top-level member beside the value array fails or not as decoded.
func TestRawHostileDepthTop(t *testing.T) {
	for depth := maxDepth - 3; depth <= maxDepth+1; depth++ {
		for _, open := range []string{"[", `{"a":`} {
			body := []byte(`{"value":[{"A":1}],"x":` + nest(open, depth, "1") + `}`)
			if raw, decoded := rawVsDecoded(t, body); raw != decoded {
				t.Errorf("%d levels of %s beside the value array: raw %s; decoded %s", depth, open, raw, decoded)
			}
		}
	}
}

// TestRawHostileDepthEntity: nesting around encoding/json's limit inside
// an entity fails or not as decoded (the raw scan reads an entity's
// members at the decoder's depth, 3).
func TestRawHostileDepthEntity(t *testing.T) {
	for depth := maxDepth - 4; depth <= maxDepth+1; depth++ {
		for _, open := range []string{"[", `{"a":`} {
			body := []byte(`{"value":[{"A":` + nest(open, depth, "1") + `}]}`)
			if raw, decoded := rawVsDecoded(t, body); raw != decoded {
				t.Errorf("%d levels of %s in an entity: raw %s; decoded %s", depth, open, raw, decoded)
			}
		}
	}
}

// TestRawHostileConcurrent: one page read raw written by WriteRows to
// several writers at once, and its rows decoded by Page.Row at once, give
// what one goroutine gives (run with -race).
func TestRawHostileConcurrent(t *testing.T) {
	var body bytes.Buffer
	body.WriteString(`{"value":[`)
	for i := range 3000 {
		if i > 0 {
			body.WriteByte(',')
		}
		// Every few rows a name twice (written decoded), or new names.
		switch i % 7 {
		case 0:
			fmt.Fprintf(&body, `{"@odata.id":"S(%d)","A":%d,"A":"\u202e%d","N":{"b":1,"a":[%d]}}`, i, i, i, i)
		case 3:
			fmt.Fprintf(&body, `{"@odata.id":"S(%d)","C%d":"é\u009b","N":{"z":{"y":1,"x":2}}}`, i, i%50)
		default:
			fmt.Fprintf(&body, `{"@odata.id":"S(%d)","A":%d,"B":"row %d \u00e9\u2028","N":{"a":1}}`, i, i, i)
		}
	}
	body.WriteString(`]}`)
	p := readRaw(t, body.Bytes())
	write := func(mk func(*bytes.Buffer, bool) RowWriter) string {
		var b bytes.Buffer
		w := mk(&b, true)
		if _, err := WriteRows(w, p, p.Len()); err != nil {
			t.Error(err)
		}
		w.Close()
		return b.String()
	}
	csv := func(b *bytes.Buffer, _ bool) RowWriter { return NewCSVWriter(b, p.Columns) }
	makers := []func(*bytes.Buffer, bool) RowWriter{newTestJSON, newTestNDJSON, csv}
	want := make([]string, len(makers))
	for i, mk := range makers {
		want[i] = write(mk)
	}
	wantRows := make([]Row, p.Len())
	for i := range wantRows {
		var err error
		if wantRows[i], err = p.Row(i); err != nil {
			t.Fatal(err)
		}
	}
	var wg sync.WaitGroup
	for g := range 6 {
		wg.Go(func() {
			if g%2 == 0 {
				if got := write(makers[g/2]); got != want[g/2] {
					t.Errorf("writer %d at once: %d bytes, alone %d", g/2, len(got), len(want[g/2]))
				}
				return
			}
			for i := range p.Len() {
				r, err := p.Row((i + g*500) % p.Len())
				if err != nil {
					t.Error(err)
					return
				}
				if w := wantRows[(i+g*500)%p.Len()]; r.ID != w.ID || len(r.Keys) != len(w.Keys) {
					t.Errorf("row %d at once: %+v, alone %+v", i, r, w)
					return
				}
			}
		})
	}
	wg.Wait()
}

// rawVsDecoded reads body both ways and describes each outcome briefly:
// the error, or the page's row count and whether each row decodes.
func rawVsDecoded(t *testing.T, body []byte) (raw, decoded string) {
	t.Helper()
	want, werr := decodePage(bytes.NewReader(body), testRoot, nil)
	d, err := newDecoder(bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	got, gerr := decodePageRaw(d, testRoot, nil)
	describe := func(p *Page, err error) string {
		if err != nil {
			return "error: " + err.Error()
		}
		s := fmt.Sprintf("%d rows", p.Len())
		for i := range p.Len() {
			if _, err := p.Row(i); err != nil {
				s += fmt.Sprintf("; row %d: %v", i, err)
			}
		}
		return s
	}
	return describe(got, gerr), describe(want, werr)
}

// FuzzRawHostileTerminal: whatever the body, a row read raw and written
// with a terminal's escape is printable ASCII (checked on its own, not
// against the decoded path as FuzzRawPage does), and the page says what
// it says decoded. The seeds put hostile runes everywhere.
func FuzzRawHostileTerminal(f *testing.F) {
	for _, s := range hostileBodies() {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		if !checkRawPage(t, body, nil) {
			return
		}
		d, err := newDecoder(bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		p, err := decodePageRaw(d, testRoot, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range p.Raw {
			printable(t, string(body), r)
		}
	})
}

// printable fails t unless row r of body, written for a terminal (every
// rune beyond ASCII escaped), is printable ASCII.
func printable(t *testing.T, body string, r RawRow) {
	t.Helper()
	out, err := appendRawObject(nil, r, &rawEnc{extra: func(r rune) bool { return r > 0x7e }})
	if err != nil {
		t.Fatal(err)
	}
	for i, c := range out {
		if c < 0x20 || c > 0x7e {
			t.Fatalf("%q: byte %#x at %d of %q", body, c, i, out)
		}
	}
}

// TestRawHostileIDSpellings: a row's ID read raw is the decoded Row.ID
// when @odata.id comes in two spellings (@odata.id, @id, odata.id), the
// later one not a string. Decoded, each name's last value counts, in the
// order the names first came; raw, the last member of any spelling.
func TestRawHostileIDSpellings(t *testing.T) {
	for _, body := range []string{
		`{"value":[{"@odata.id":"a","@id":5}]}`,
		`{"value":[{"odata.id":"b","@id":"a","odata.id":7}]}`,
	} {
		checkRawPage(t, []byte(body), nil)
	}
}

// TestRawHostileNestCost: writing an entity raw costs about as much for
// nested objects out of order as the same bytes at one level; putting a
// level in order must not copy all the levels within it again (decoded,
// appendJSON writes each byte once). A server sending 10,000 levels around
// a large string would otherwise hold the writer for minutes per row. The
// cost is counted in bytes allocated (the copies), not in time, which a
// busy machine stretches.
func TestRawHostileNestCost(t *testing.T) {
	const leaf = 256 << 10
	cost := func(depth int) uint64 {
		body := unsortedNest(depth, leaf)
		p := readRaw(t, body)
		best := uint64(1 << 62)
		for range 3 {
			var a, b runtime.MemStats
			runtime.ReadMemStats(&a)
			if _, err := appendRawObject(nil, p.Raw[0], &rawEnc{}); err != nil {
				t.Fatal(err)
			}
			runtime.ReadMemStats(&b)
			best = min(best, b.TotalAlloc-a.TotalAlloc)
		}
		return best
	}
	shallow, deep := cost(10), cost(1000)
	if deep > 10*shallow {
		t.Errorf("an entity of 1,000 levels out of order around %d bytes allocates %d KB to be written; of 10 levels, %d KB (%.0fx)",
			leaf, deep>>10, shallow>>10, float64(deep)/float64(shallow))
	}
}

// TestRawHostileLoop: a walk of pages read raw stops at a page that
// repeats an earlier one byte for byte, as a walk of the same pages
// decoded does. (A page sent again with other white space, escapes or
// annotations is caught decoded only: see rawPageHash.)
func TestRawHostileLoop(t *testing.T) {
	for _, page := range []string{
		`{"value":[{"A":1},{"A":2}]}`,
		`{"value":[{"A": 1} , {"\u0041":"\u0078"}],"@odata.count":9}`,
		`{"value":[{"A":{"y":2,"x":1},"@odata.etag":"1"},{"A":2}]}`,
	} {
		stops := func(raw bool) bool {
			var w *walk
			for i := range 2 {
				var p *Page
				var err error
				if raw {
					var d *decoder
					if d, err = newDecoder(strings.NewReader(page)); err == nil {
						p, err = decodePageRaw(d, testRoot, nil)
					}
				} else {
					p, err = decodePage(strings.NewReader(page), testRoot, nil)
				}
				if err != nil {
					t.Fatal(err)
				}
				if w, err = w.add(i, fmt.Sprintf("S?page=%d", i), p, viaLink); err != nil {
					return true
				}
			}
			return false
		}
		if !stops(true) || !stops(false) {
			t.Errorf("%s sent twice: the raw walk stops %v, the decoded walk %v; want both", page, stops(true), stops(false))
		}
	}
}

// unsortedNest is an entity whose property N nests depth objects, each
// with its nested member before a member whose name sorts first, around
// a leaf string of leaf bytes: every level must be put in order.
func unsortedNest(depth, leaf int) []byte {
	var b bytes.Buffer
	b.WriteString(`{"value":[{"N":`)
	for range depth {
		b.WriteString(`{"b":`)
	}
	b.WriteString(`"` + strings.Repeat("x", leaf) + `"`)
	for range depth {
		b.WriteString(`,"a":0}`)
	}
	b.WriteString(`}]}`)
	return b.Bytes()
}

// TestRawHostileWriteRowsMemory: WriteRows allocates for a page of
// strings that all escape (DEL: six bytes out for each in) not much more
// than it writes. Now about 10x: escapeFrom builds each escaped string in
// a new buffer from nil and copies it, and the page's buffer, sized for
// compact JSON without escapes, grows by append's 1.25x steps to six
// times that. Written decoded, row by row, the same page takes 1/50 as
// much (a 16 MB page: 949 MB allocated, 210 MB at the peak, against 18 MB
// and 3 MB; 1.3 s against 0.55 s).
func TestRawHostileWriteRowsMemory(t *testing.T) {
	var body bytes.Buffer
	body.WriteString(`{"value":[`)
	row := `{"A":"` + strings.Repeat("\x7f", 64<<10) + `"}`
	for i := range 64 {
		if i > 0 {
			body.WriteByte(',')
		}
		body.WriteString(row)
	}
	body.WriteString(`]}`)
	p := readRaw(t, body.Bytes())
	var out countWriter
	w := NewNDJSONWriter(&out)
	var a, b runtime.MemStats
	runtime.ReadMemStats(&a)
	if _, err := WriteRows(w, p, p.Len()); err != nil {
		t.Fatal(err)
	}
	runtime.ReadMemStats(&b)
	w.Close()
	if alloc := b.TotalAlloc - a.TotalAlloc; alloc > 3*uint64(out) {
		t.Errorf("WriteRows allocated %d MB to write %d MB", alloc>>20, out>>20)
	}
}

// countWriter counts the bytes written to it.
type countWriter int

func (c *countWriter) Write(b []byte) (int, error) {
	*c += countWriter(len(b))
	return len(b), nil
}
