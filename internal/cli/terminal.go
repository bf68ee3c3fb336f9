package cli

import (
	"io"
	"os"

	"golang.org/x/term"

	"github.com/odx-dev/odx/internal/termtext"
)

// Whether odx's output is a terminal. On a terminal every server string is
// written sanitised (termtext.Sanitize), whatever the format; to a file or
// a pipe the data stays exact.

// terminalWriter is a writer that says whether it stands for a terminal:
// what a test gives instead of a pty.
type terminalWriter interface {
	io.Writer
	IsTerminal() bool
}

// isTerminal reports whether w is a terminal: an *os.File whose descriptor
// is one, or a terminalWriter saying so.
func isTerminal(w io.Writer) bool {
	switch w := w.(type) {
	case terminalWriter:
		return w.IsTerminal()
	case *os.File:
		rc, err := w.SyscallConn() // Fd would put the file in blocking mode
		if err != nil {
			return false
		}
		tty := false
		rc.Control(func(fd uintptr) { tty = term.IsTerminal(int(fd)) })
		return tty
	}
	return false
}

// termEscape reports the runes that JSON on a terminal writes as \u
// escapes: those termtext.Sanitize would change (controls, bidi controls,
// invisible characters). The JSON still parses to the same data.
func termEscape(r rune) bool {
	s := string(r)
	return termtext.Sanitize(s) != s
}
