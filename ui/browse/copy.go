package browse

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"unicode/utf8"

	tea "charm.land/bubbletea/v2"

	"github.com/odx-dev/odx/internal/termtext"
	"github.com/odx-dev/odx/odata"
)

// Copying puts text on the clipboard with OSC 52 (tea.SetClipboard), which
// the terminal carries to the local clipboard even over SSH. The text is the
// data itself, not its sanitised display: pasting a name gives the name.
// Notices, which are shown, are sanitised.

// copyCmd is the command that sets the clipboard to s.
func copyCmd(s string) tea.Cmd { return tea.SetClipboard(s) }

// copyCell returns the clipboard text of a cell of column name and its
// notice. The text is the raw value, not the grid's display: a string as
// sent (line breaks kept, a date in its ISO form), a number digit for digit,
// true/false, "" for null; a multi-language text is its text in lang (as the
// grid picks it); a bare reference is its @odata.id; anything else (amounts,
// expanded references, arrays) is compact JSON, as in a CSV export. edmType
// is taken for symmetry with termtext.FormatValue: the raw text does not depend on it.
func copyCell(name string, v any, edmType, lang string) (text, notice string) {
	switch x := v.(type) {
	case nil:
		text = ""
	case string:
		text = x
	case json.Number:
		text = string(x)
	case bool:
		text = fmt.Sprint(x)
	case map[string]any:
		if termtext.Classify(x) == termtext.ShapeLanguages {
			_, text = termtext.PickLanguage(x, lang)
			break
		}
		if id, ok := x["@odata.id"].(string); ok && len(x) == 1 {
			text = id
			break
		}
		text = compactJSON(x)
	default:
		text = compactJSON(x)
	}
	n := utf8.RuneCountInString(text)
	unit := "chars"
	if n == 1 {
		unit = "char"
	}
	notice = fmt.Sprintf("copied cell %s (%d %s", termtext.Sanitize(name), n, unit)
	if termtext.Sanitize(text) != text {
		notice += ", with line breaks or control characters"
	}
	return text, notice + ")"
}

// compactJSON is v as JSON without HTML escaping ("" if it cannot be).
func compactJSON(v any) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return ""
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// rowJSON returns the row as an indented JSON object: properties in the
// order the server sent them (Row.Keys, then any others sorted), control
// annotations left out, numbers byte for byte as received.
func rowJSON(r odata.Row) (string, error) {
	var line bytes.Buffer
	w := odata.NewNDJSONWriter(&line)
	if err := w.Write(r); err != nil {
		return "", fmt.Errorf("the row cannot be written as JSON (%w)", err)
	}
	if err := w.Close(); err != nil {
		return "", err
	}
	var out bytes.Buffer
	if err := json.Indent(&out, bytes.TrimSpace(line.Bytes()), "", "  "); err != nil {
		return "", fmt.Errorf("the row cannot be written as JSON (%w)", err)
	}
	return out.String(), nil
}

// rowNotice is the notice after copying a row of n bytes.
func rowNotice(n int) string {
	return fmt.Sprintf("copied row as JSON (%s)", termtext.HumanSize(int64(n)))
}

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
