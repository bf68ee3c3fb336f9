package ui

import (
	"slices"

	"charm.land/bubbles/v2/key"
)

// The frame is drawn on every key. Its lines that did not change since the
// last frame (the header, the status line, the help line, the window
// title) are kept here with what they were drawn from, and drawn again only
// when that changes: lipgloss renders are most of a frame's cost besides
// the body. The cache is shared by the copies of the root model (Bubble Tea
// keeps one at a time).
type frameCache struct {
	gen  int // bumped when the styles change (setPresent)
	size int // the last frame's length in bytes, to grow the next one's builder

	header    headerKey
	headerOut string

	status    statusKey
	statusOut string

	help     helpKey
	helpOut  string
	helpKeys []key.Binding

	host     hostKey
	hostOut  string
	titleOut string
}

type headerKey struct {
	ok          bool
	w, gen      int
	present     bool
	expiry, now int64 // Unix nanoseconds; both 0 without a token
}

type statusKey struct {
	ok      bool
	w, gen  int
	left    string
	notice  string
	isError bool
}

type helpKey struct {
	ok     bool
	w, gen int
}

type hostKey struct {
	ok       bool
	instance string
	present  bool
}

// restyled forgets every line drawn with the old styles.
func (c *frameCache) restyled() { c.gen++ }

// sameBindings reports whether a and b are the same bindings: the same
// keys, help and enablement (what the help line shows of them).
func sameBindings(a, b []key.Binding) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Enabled() != b[i].Enabled() || a[i].Help() != b[i].Help() || !slices.Equal(a[i].Keys(), b[i].Keys()) {
			return false
		}
	}
	return true
}
