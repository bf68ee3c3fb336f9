package screen

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/odx-dev/odx/internal/termtext"
	"github.com/odx-dev/odx/odata"
)

// Copying puts text on the clipboard with OSC 52 (tea.SetClipboard), which
// the terminal carries to the local clipboard even over SSH. The text is the
// data itself, not its sanitised display: pasting a name gives the name.
// Notices, which are shown, are sanitised. The grid and the record view copy
// the same way.

// CopyValue returns the clipboard text of a cell of column name and its
// notice. The text is the raw value, not the grid's display: a string as
// sent (line breaks kept, a date in its ISO form), a number digit for digit,
// true/false, "" for null; a multi-language text is its text in lang (as the
// grid picks it); a bare reference is its @odata.id; anything else (amounts,
// expanded references, arrays) is compact JSON, as in a CSV export.
func CopyValue(name string, v any, lang string) (text, notice string) {
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
	notice = fmt.Sprintf("copied %s (%d %s", termtext.Sanitize(name), n, unit)
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

// RowJSON returns the row as an indented JSON object: properties in the
// order the server sent them (Row.Keys, then any others sorted), control
// annotations left out, numbers byte for byte as received.
func RowJSON(r odata.Row) (string, error) {
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

// RowNotice is the notice after copying a row of n bytes.
func RowNotice(n int) string {
	return fmt.Sprintf("copied row as JSON (%s)", termtext.HumanSize(int64(n)))
}

// CurlCommand returns a POSIX shell command that repeats the GET of u with
// curl, with the extra headers the client sends on every request (a
// profile's headers, --header: odata.Client.Header), sorted by name. The
// token is the shell variable $ODX_TOKEN, never a real one; user
// information in u is dropped; every header and the URL are single-quoted.
func CurlCommand(u *url.URL, extra http.Header) string {
	c := *u
	c.User = nil
	var b strings.Builder
	b.WriteString(`curl -sS -H "Authorization: Bearer $ODX_TOKEN" -H 'Accept: application/json'`)
	for _, k := range slices.Sorted(maps.Keys(extra)) {
		if strings.EqualFold(k, "Accept") || strings.EqualFold(k, "Authorization") {
			continue // the client's own Accept; never a credential
		}
		for _, v := range extra[k] {
			b.WriteString(" -H " + ShellQuote(k+": "+v))
		}
	}
	b.WriteString(" " + ShellQuote(c.String()))
	return b.String()
}

// CurlCommand is CurlCommand of u with the extra headers of e's client.
func (e *Env) CurlCommand(u *url.URL) string {
	var extra http.Header
	if e.Client != nil {
		extra = e.Client.Header
	}
	return CurlCommand(u, extra)
}

// ShellQuote quotes s for a POSIX shell: inside single quotes nothing is
// special, and a single quote is closed, escaped and reopened.
func ShellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
