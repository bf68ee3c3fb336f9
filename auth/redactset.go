package auth

import "encoding/binary"

// runSet is a set of minRun-byte runs, each held as the uint64 of its
// bytes in an open-addressed table: building it for a token of a few KB of
// forms takes a fraction of what a map of strings does, and a lookup hashes
// one word.
type runSet struct {
	slots []uint64 // 0 is an empty slot; the run of eight NUL bytes is zero
	zero  bool     // the set holds the run of eight NUL bytes
	shift uint
	n     int
}

// newRunSet returns a set sized for about n runs.
func newRunSet(n int) *runSet {
	bits := uint(4)
	for 1<<bits < 2*n {
		bits++
	}
	return &runSet{slots: make([]uint64, 1<<bits), shift: 64 - bits}
}

// runKey is the word of the minRun bytes of b from i.
func runKey(b []byte, i int) uint64 { return binary.LittleEndian.Uint64(b[i : i+minRun]) }

// runKeyString is runKey of a string.
func runKeyString(f string, i int) uint64 {
	_ = f[i+minRun-1]
	return uint64(f[i]) | uint64(f[i+1])<<8 | uint64(f[i+2])<<16 | uint64(f[i+3])<<24 |
		uint64(f[i+4])<<32 | uint64(f[i+5])<<40 | uint64(f[i+6])<<48 | uint64(f[i+7])<<56
}

func (s *runSet) slot(k uint64) uint64 { return (k * 0x9e3779b97f4a7c15) >> s.shift }

// add adds every run of f.
func (s *runSet) add(f string) {
	for i := 0; i+minRun <= len(f); i++ {
		s.insert(runKeyString(f, i))
	}
}

func (s *runSet) insert(k uint64) {
	if k == 0 {
		s.zero = true
		return
	}
	if 2*(s.n+1) > len(s.slots) {
		s.grow()
	}
	mask := uint64(len(s.slots) - 1)
	for i := s.slot(k); ; i = (i + 1) & mask {
		switch s.slots[i] {
		case k:
			return
		case 0:
			s.slots[i] = k
			s.n++
			return
		}
	}
}

func (s *runSet) grow() {
	old := s.slots
	s.slots = make([]uint64, 2*len(old))
	s.shift--
	s.n = 0
	for _, k := range old {
		if k != 0 {
			s.insert(k)
		}
	}
}

// has reports whether the minRun bytes of b from i are a run of the set.
func (s *runSet) has(b []byte, i int) bool {
	k := runKey(b, i)
	if k == 0 {
		return s.zero
	}
	mask := uint64(len(s.slots) - 1)
	for j := s.slot(k); ; j = (j + 1) & mask {
		switch s.slots[j] {
		case k:
			return true
		case 0:
			return false
		}
	}
}
