package browse

import (
	tea "charm.land/bubbletea/v2"
)

// Copying puts text on the clipboard with OSC 52 (tea.SetClipboard), which
// the terminal carries to the local clipboard even over SSH. The text is the
// data itself, not its sanitised display: pasting a name gives the name.
// Notices, which are shown, are sanitised.

// copyCmd is the command that sets the clipboard to s.
func copyCmd(s string) tea.Cmd { return tea.SetClipboard(s) }

// curlNotice is the notice after copying a curl command.
const curlNotice = "copied request as curl (token as $ODX_TOKEN)"
