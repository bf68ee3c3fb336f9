package odata

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"hash/maphash"
	"math"
	"slices"
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
func pageHash(seed maphash.Seed, rows []Row) (sum uint64, judged bool) {
	if len(rows) < 2 {
		return 0, false
	}
	var h, page maphash.Hash
	h.SetSeed(seed)
	page.SetSeed(seed)
	var first uint64
	for i, r := range rows {
		h.Reset()
		hashRow(&h, r)
		rs := h.Sum64()
		if i == 0 {
			first = rs
		} else if rs != first {
			judged = true
		}
		writeUint(&page, rs)
	}
	if !judged {
		return 0, false
	}
	return page.Sum64(), true
}

// hashRow writes all of r that the server sent: its ID, its properties in
// order with their values, and its navigation links.
func hashRow(h *maphash.Hash, r Row) {
	writeString(h, r.ID)
	writeUint(h, uint64(len(r.Keys)))
	for _, k := range r.Keys {
		writeString(h, k)
		writeValue(h, r.Values[k])
	}
	names := make([]string, 0, len(r.Links))
	for k := range r.Links {
		names = append(names, k)
	}
	slices.Sort(names)
	writeUint(h, uint64(len(names)))
	for _, k := range names {
		writeString(h, k)
		writeString(h, r.Links[k])
	}
}

// writeValue writes a decoded JSON value with its kind, so that "1" and 1
// or [] and {} differ; the members of an object in the order of their names.
func writeValue(h *maphash.Hash, v any) {
	switch v := v.(type) {
	case nil:
		h.WriteByte('n')
	case bool:
		if v {
			h.WriteByte('t')
		} else {
			h.WriteByte('f')
		}
	case string:
		h.WriteByte('s')
		writeString(h, v)
	case json.Number:
		h.WriteByte('d')
		writeString(h, string(v))
	case float64:
		h.WriteByte('F')
		writeUint(h, math.Float64bits(v))
	case []any:
		h.WriteByte('a')
		writeUint(h, uint64(len(v)))
		for _, e := range v {
			writeValue(h, e)
		}
	case map[string]any:
		h.WriteByte('o')
		names := make([]string, 0, len(v))
		for k := range v {
			names = append(names, k)
		}
		slices.Sort(names)
		writeUint(h, uint64(len(names)))
		for _, k := range names {
			writeString(h, k)
			writeValue(h, v[k])
		}
	default:
		h.WriteByte('x')
		writeString(h, fmt.Sprintf("%T:%v", v, v))
	}
}

// writeString writes s with its length, so that no two sequences of
// strings write the same bytes.
func writeString(h *maphash.Hash, s string) {
	writeUint(h, uint64(len(s)))
	h.WriteString(s)
}

func writeUint(h *maphash.Hash, n uint64) {
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], n)
	h.Write(b[:])
}
