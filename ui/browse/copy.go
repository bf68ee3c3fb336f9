package browse

import (
	"net/url"
	"strings"

	tea "charm.land/bubbletea/v2"
)

// Copying puts text on the clipboard with OSC 52 (tea.SetClipboard), which
// the terminal carries to the local clipboard even over SSH. The text is the
// data itself, not its sanitised display: pasting a name gives the name.
// Notices, which are shown, are sanitised.

// copyCmd is the command that sets the clipboard to s.
func copyCmd(s string) tea.Cmd { return tea.SetClipboard(s) }

// curlCommand returns a POSIX shell command that repeats the GET of u with
// curl. The token is the shell variable $ODX_TOKEN, never a real one; user
// information in u is dropped; the URL is single-quoted, a ' inside written
// as '\”.
func curlCommand(u *url.URL) string {
	c := *u
	c.User = nil
	return `curl -sS -H "Authorization: Bearer $ODX_TOKEN" -H 'Accept: application/json' ` + shellQuote(c.String())
}

// curlNotice is the notice after copying a curl command.
const curlNotice = "copied request as curl (token as $ODX_TOKEN)"

// shellQuote quotes s for a POSIX shell: inside single quotes nothing is
// special, and a single quote is closed, escaped and reopened.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
