package odata

import "unsafe"

// The parser's memory: the model's values are allocated in chunks (slab,
// pool, arena), names interned in open-addressed tables (table), so that
// a document of thousands of types costs a few hundred allocations, and
// the heap grows by about what the model holds.

// slab builds many short slices (one type's properties, one enum's
// members) in shared chunks of about 32 KB, so that thousands of them cost a
// handful of allocations and no copying. A run is begun, added to, and
// ended; the slice end returns has no spare capacity, so appending to it
// copies rather than overwriting the next run.
type slab[T any] struct {
	chunk []T
	start int // first element of the current run
}

func (s *slab[T]) begin() { s.start = len(s.chunk) }

func (s *slab[T]) add(v T) {
	if len(s.chunk) == cap(s.chunk) { // move the run to a fresh chunk
		run := s.chunk[s.start:]
		c := make([]T, len(run), max(2*len(run), chunkLen[T](cap(s.chunk))))
		copy(c, run)
		s.chunk, s.start = c, 0
	}
	s.chunk = append(s.chunk, v)
}

// len returns the length of the current run.
func (s *slab[T]) len() int { return len(s.chunk) - s.start }

// run returns the current run so far.
func (s *slab[T]) run() []T { return s.chunk[s.start:] }

func (s *slab[T]) end() []T {
	n := len(s.chunk)
	if n == s.start {
		return nil
	}
	r := s.chunk[s.start:n:n]
	s.start = n
	return r
}

// arena copies the model's strings (names, type names) into shared chunks
// of 16 KB: a few allocations of one size instead of thousands of all
// sizes, which is less memory (no rounding to size classes, no partly used
// span per size class) and so, right after a collection, no new one
// during the parse. The bytes of a chunk are never written again once a
// string refers to them.
type arena struct{ buf []byte }

const arenaChunk = 16 << 10

func (a *arena) str(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	if len(b) > cap(a.buf)-len(a.buf) {
		if len(b) > arenaChunk/4 {
			return string(b)
		}
		a.buf = make([]byte, 0, arenaChunk)
	}
	i := len(a.buf)
	a.buf = append(a.buf, b...)
	return unsafe.String(&a.buf[i], len(b))
}

// tail returns the free end of the current chunk, to build a string in
// place by appending (a type's names); keep then makes it a string.
func (a *arena) tail() []byte {
	if cap(a.buf)-len(a.buf) < arenaChunk/8 {
		a.buf = make([]byte, 0, arenaChunk)
	}
	return a.buf[len(a.buf):len(a.buf)]
}

// keep returns b, built on a tail, as a string. When b outgrew the chunk,
// append moved it to an array of its own, which the string then owns.
func (a *arena) keep(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	if n := len(a.buf); n < cap(a.buf) && &a.buf[:n+1][n] == &b[0] {
		a.buf = a.buf[:n+len(b)]
	}
	return unsafe.String(&b[0], len(b))
}

// concat is a + b in the arena.
func (a *arena) concat(x, y string) string {
	n := len(x) + len(y)
	if n == 0 || n > arenaChunk/4 {
		return x + y
	}
	if n > cap(a.buf)-len(a.buf) {
		a.buf = make([]byte, 0, arenaChunk)
	}
	i := len(a.buf)
	a.buf = append(append(a.buf, x...), y...)
	return unsafe.String(&a.buf[i], n)
}

// push appends v to s, doubling the capacity when s is full: append
// grows a long slice by a quarter at a time, which leaves about four times
// its final size behind as garbage, doubling about once.
func push[T any](s []T, v T) []T {
	if len(s) == cap(s) {
		n := make([]T, len(s), max(2*cap(s), 8))
		copy(n, s)
		s = n
	}
	return append(s, v)
}

// chunkLen is the length of the chunk of a slab or a pool that follows
// one of length n: twice as many bytes, from 1 KB to 32 KB. Sizes that are
// powers of two are exact size classes whose span holds whole chunks (one
// from 16 KB up), so the heap the collector paces on grows by what is
// used: a chunk of 19,456 bytes would take a span of 40 KB.
func chunkLen[T any](n int) int {
	var zero T
	size := max(int(unsafe.Sizeof(zero)), 1)
	bytes := min(max(2*n*size, 1<<10), 32<<10)
	for bytes&(bytes-1) != 0 { // round down to a power of two
		bytes &= bytes - 1
	}
	return max(bytes/size, 1)
}

// pool allocates values of one type in chunks, so that thousands of small
// structs cost a few allocations. Pointers stay valid: a full chunk is left
// as it is and a new one started.
type pool[T any] struct{ chunk []T }

func (p *pool[T]) new() *T {
	if len(p.chunk) == cap(p.chunk) {
		p.chunk = make([]T, 0, chunkLen[T](cap(p.chunk)))
	}
	var zero T
	p.chunk = append(p.chunk, zero)
	return &p.chunk[len(p.chunk)-1]
}

// table interns names, each with a value V: an open addressed table keyed
// by nameHash, which costs far less than a map (no second hash, no
// rehashing of strings on growth, a third of the memory). Graph writes
// 13,900 type references naming 3,000 types; Dynamics CRM's 5,161
// navigation bindings name 2,600 paths and sets. The slots hold a hash and
// an index into the entries, which are kept in chunks that never move.
type table[V any] struct {
	slots []tableSlot
	ents  [][]tableEnt[V] // chunks of tableChunk
	n     int
}

type tableSlot struct{ h, i uint32 }

type tableEnt[V any] struct {
	key string
	val V
}

const tableChunk = 256

// find returns the entry of name b, an empty one (key "") to fill in when
// b is new.
func (t *table[V]) find(b []byte) *tableEnt[V] {
	if 4*(t.n+1) > 3*len(t.slots) {
		t.grow()
	}
	h := uint32(nameHash(b)) | 1 // 0 marks an empty slot
	mask := uint32(len(t.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		s := &t.slots[i]
		if s.h == h {
			if e := &t.ents[s.i/tableChunk][s.i%tableChunk]; e.key == string(b) {
				return e
			}
		}
		if s.h == 0 {
			*s = tableSlot{h, uint32(t.n)}
			if t.n%tableChunk == 0 {
				t.ents = append(t.ents, make([]tableEnt[V], tableChunk))
			}
			t.n++
			return &t.ents[s.i/tableChunk][s.i%tableChunk]
		}
	}
}

func (t *table[V]) grow() {
	old := t.slots
	t.slots = make([]tableSlot, max(2*len(old), 64))
	mask := uint32(len(t.slots) - 1)
	for _, s := range old {
		if s.h == 0 {
			continue
		}
		i := s.h & mask
		for t.slots[i].h != 0 {
			i = (i + 1) & mask
		}
		t.slots[i] = s
	}
}
