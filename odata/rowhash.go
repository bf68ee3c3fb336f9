package odata

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"hash/maphash"
	"math"
	"slices"
	"sync"
)

// Hashes of rows, for a walk to notice a page it has read before. They are
// keyed by a random seed per walk, so no server can aim at a collision.

func newSeed() maphash.Seed { return maphash.MakeSeed() }

// hashString hashes s.
func hashString(seed maphash.Seed, s string) uint64 { return maphash.String(seed, s) }

// pageHash hashes rows, in order, and reports whether the page can be
// judged at all: a page of fewer than two different rows (one row, or the
// same values on every row, as $select=Status gives) may well come again
// on a sound server, so it is never taken for a repeat.
//
// The rows are written one after the other into one buffer, each in a
// form that says where it ends (lengths before strings, a kind before each
// value), and the buffer is hashed once: two pages hash alike exactly when
// they hold the same rows in the same order (but for a 64-bit collision
// under the walk's random seed). A row is told from the first by its bytes.
func pageHash(seed maphash.Seed, rows []Row) (sum uint64, judged bool) {
	if len(rows) < 2 {
		return 0, false
	}
	bp := pageBufs.Get().(*[]byte)
	buf, pair := (*bp)[:0], make([]byte, 0, 256)
	buf, pair = hashAppendRow(buf, pair, seed, rows[0])
	firstEnd := len(buf)
	for _, r := range rows[1:] {
		from := len(buf)
		buf, pair = hashAppendRow(buf, pair, seed, r)
		if !judged && !bytes.Equal(buf[from:], buf[:firstEnd]) {
			judged = true
		}
	}
	if judged {
		sum = maphash.Bytes(seed, buf)
	}
	if cap(buf) <= maxPageBuf {
		*bp = buf[:0]
		pageBufs.Put(bp)
	}
	if !judged {
		return 0, false
	}
	return sum, true
}

// pageBufs hold the buffers pageHash writes pages into; one larger than
// maxPageBuf is dropped after use.
var pageBufs = sync.Pool{New: func() any { b := make([]byte, 0, 64<<10); return &b }}

const maxPageBuf = 4 << 20

// hashAppendRow appends all of r that the server sent: its ID, its
// property names in order, the sum of the hashes of its properties with
// their values, and its navigation links. The values are read by ranging
// over the map, not looked up by name (most of the cost of a lookup per
// value); with the names in order beside them, the sum (which does not
// depend on the map's order) still tells rows apart as the names and
// values in order would. pair is scratch space, returned for reuse.
func hashAppendRow(b, pair []byte, seed maphash.Seed, r Row) ([]byte, []byte) {
	b = hashAppendString(b, r.ID)
	b = hashAppendUint(b, uint64(len(r.Keys)))
	for _, k := range r.Keys {
		b = hashAppendString(b, k)
	}
	var sum uint64
	for k, v := range r.Values {
		var hv uint64
		switch v := v.(type) {
		case string:
			hv = maphash.String(seed, v) ^ kindString
		case json.Number:
			hv = maphash.String(seed, string(v)) ^ kindNumber
		case nil:
			hv = kindNull
		default:
			pair = hashAppendValue(pair[:0], v)
			hv = maphash.Bytes(seed, pair)
		}
		sum += mix(maphash.String(seed, k)*0x9e3779b97f4a7c15 ^ hv)
	}
	b = hashAppendUint(b, uint64(len(r.Values)))
	b = hashAppendUint(b, sum)
	b = hashAppendUint(b, uint64(len(r.Links)))
	if len(r.Links) == 0 {
		return b, pair
	}
	names := make([]string, 0, len(r.Links))
	for k := range r.Links {
		names = append(names, k)
	}
	slices.Sort(names)
	for _, k := range names {
		b = hashAppendString(b, k)
		b = hashAppendString(b, r.Links[k])
	}
	return b, pair
}

// The kinds of the values a pair hash takes without writing them out: a
// string, a number kept as its text, null. Every other value is written
// with its kind (hashAppendValue) and hashed.
const (
	kindString = 0x73a5_c1e9_0b6d_4f27
	kindNumber = 0xd1b5_4a32_d192_ed03
	kindNull   = 0x8cb9_2ba7_2f3d_8dd7
)

// mix is the finaliser of MurmurHash3: every bit of x moves every bit of
// the result, so a sum of mixed pair hashes does not cancel.
func mix(x uint64) uint64 {
	x ^= x >> 33
	x *= 0xff51afd7ed558ccd
	x ^= x >> 33
	x *= 0xc4ceb9fe1a85ec53
	x ^= x >> 33
	return x
}

// hashAppendValue appends a decoded JSON value with its kind, so that "1" and
// 1 or [] and {} differ; the members of an object in the order of their
// names.
func hashAppendValue(b []byte, v any) []byte {
	switch v := v.(type) {
	case nil:
		return append(b, 'n')
	case bool:
		if v {
			return append(b, 't')
		}
		return append(b, 'f')
	case string:
		return hashAppendString(append(b, 's'), v)
	case json.Number:
		return hashAppendString(append(b, 'd'), string(v))
	case float64:
		return hashAppendUint(append(b, 'F'), math.Float64bits(v))
	case []any:
		b = hashAppendUint(append(b, 'a'), uint64(len(v)))
		for _, e := range v {
			b = hashAppendValue(b, e)
		}
		return b
	case map[string]any:
		names := make([]string, 0, len(v))
		for k := range v {
			names = append(names, k)
		}
		slices.Sort(names)
		b = hashAppendUint(append(b, 'o'), uint64(len(names)))
		for _, k := range names {
			b = hashAppendString(b, k)
			b = hashAppendValue(b, v[k])
		}
		return b
	default:
		return hashAppendString(append(b, 'x'), fmt.Sprintf("%T:%v", v, v))
	}
}

// hashAppendString appends s with its length, so that no two sequences of
// strings append the same bytes.
func hashAppendString(b []byte, s string) []byte {
	return append(hashAppendUint(b, uint64(len(s))), s...)
}

func hashAppendUint(b []byte, n uint64) []byte {
	return binary.LittleEndian.AppendUint64(b, n)
}
