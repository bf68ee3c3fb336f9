package cli

import (
	"bytes"
	"encoding/json"
	"io"
	"os"

	"golang.org/x/term"

	"github.com/odx-dev/odx/internal/termtext"
	"github.com/odx-dev/odx/odata"
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

// printJSON writes v as indented JSON to w with DEL, C1 and bidi controls
// as \u escapes, and on a terminal every rune the sanitiser would change:
// the same data once parsed, nothing a terminal would act on.
func printJSON(w io.Writer, v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return err
	}
	var extra func(rune) bool
	if isTerminal(w) {
		extra = termEscape
	}
	_, err := w.Write(odata.EscapeJSON(nil, buf.Bytes(), extra))
	return err
}
