package ui

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/odx-dev/odx/internal/termtext"
	"github.com/odx-dev/odx/ui/styles"
)

// Export writes every row of a query — all pages, not the one shown — to a
// CSV, JSON or NDJSON file in the background. The file is written under a
// temporary name in the target folder and renamed when complete, so the
// final name never holds half a file; a cancelled or failed export removes
// the temporary file. One page (exportPageSize rows) is in memory at a time.
// The job never retries on its own: an error ends it with a sentence.

// exportFormats are the formats the dialog offers, in order.
var exportFormats = []string{"csv", "json", "ndjson"}

// exportPageSize is the $top of an export's requests when the query has
// none (ERP.net advises at most 1,000).
const exportPageSize = 1000

// dialogResult is what a dialog's update says about itself.
type dialogResult int

const (
	dialogOpen   dialogResult = iota // still open
	dialogAccept                     // the user confirmed: read the choice
	dialogCancel                     // the user cancelled: close it
)

// exportDialog is the form shown when Export is pressed: a format row
// (←/→ or h/l on it, tab / shift+tab anywhere, or c/j/n on it) and a path
// field (prefilled with defaultExportPath; the default follows the format
// until the user edits it). ↑/↓ move between the rows, enter starts, esc
// cancels. A path in a folder that does not exist is refused, and an
// existing file needs a second enter to be replaced.
type exportDialog struct {
	set     string
	total   int64
	stamp   time.Time
	st      *styles.Styles
	keys    KeyMap
	format  int  // index into exportFormats
	onPath  bool // focus: false the format row, true the path field
	path    textinput.Model
	auto    string // the default last put into the path field
	err     string // why enter was refused
	confirm string // the existing file enter was pressed on once
}

// newExportDialog returns the dialog for exporting set (total rows, -1 when
// unknown), with the default path stamped with now.
func newExportDialog(set string, total int64, now time.Time, st *styles.Styles, keys KeyMap) exportDialog {
	d := exportDialog{set: set, total: total, stamp: now, st: st, keys: keys}
	d.path = textinput.New()
	d.path.Prompt = ""
	d.path.CharLimit = 4096
	d.auto = defaultExportPath(set, exportFormats[0], now)
	d.path.SetValue(d.auto)
	return d
}

// defaultExportPath is ./{set}-{yyyymmdd-hhmmss}.{ext}, the set name cut to
// what a file name can safely hold.
func defaultExportPath(set, format string, now time.Time) string {
	return "./" + fileSafe(set) + "-" + now.Format("20060102-150405") + "." + format
}

// fileSafe keeps ASCII letters, digits, '-' and '_' of a set name (a path
// such as "Set(key)/Nav" included), turns the rest into '_' and cuts it at
// 80 bytes; a name left with nothing readable becomes "export".
func fileSafe(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_':
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
		if b.Len() >= 80 {
			break
		}
	}
	if strings.Trim(b.String(), "_") == "" {
		return "export"
	}
	return b.String()
}

// setFormat switches the format; the path follows unless it was edited.
func (d *exportDialog) setFormat(i int) {
	n := len(exportFormats)
	d.format = (i%n + n) % n
	if d.path.Value() == d.auto {
		d.auto = defaultExportPath(d.set, exportFormats[d.format], d.stamp)
		d.path.SetValue(d.auto)
		d.path.CursorEnd()
	}
	d.err, d.confirm = "", ""
}

// update handles a key (or a cursor blink) and says whether the dialog is
// still open, accepted or cancelled.
func (d exportDialog) update(msg tea.Msg) (exportDialog, tea.Cmd, dialogResult) {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		var cmd tea.Cmd
		d.path, cmd = d.path.Update(msg)
		return d, cmd, dialogOpen
	}
	switch s := k.String(); {
	case key.Matches(k, d.keys.Back):
		return d, nil, dialogCancel
	case key.Matches(k, d.keys.Accept):
		if d.validate() {
			return d, nil, dialogAccept
		}
		return d, nil, dialogOpen
	case key.Matches(k, d.keys.Complete):
		d.setFormat(d.format + 1)
		return d, nil, dialogOpen
	case s == "shift+tab":
		d.setFormat(d.format - 1)
		return d, nil, dialogOpen
	case s == "up" || s == "down":
		d.onPath = s == "down"
		if d.onPath {
			return d, d.path.Focus(), dialogOpen
		}
		d.path.Blur()
		return d, nil, dialogOpen
	}
	if !d.onPath {
		switch k.String() {
		case "left", "h":
			d.setFormat(d.format - 1)
		case "right", "l", "space":
			d.setFormat(d.format + 1)
		case "c", "j", "n":
			d.setFormat(strings.Index("cjn", k.String()))
		}
		return d, nil, dialogOpen
	}
	before := d.path.Value()
	var cmd tea.Cmd
	d.path, cmd = d.path.Update(msg)
	if d.path.Value() != before {
		d.err, d.confirm = "", ""
	}
	return d, cmd, dialogOpen
}

// validate checks the path before the export starts: its folder must
// exist, it must not be a folder, and an existing file is replaced only on
// the second enter.
func (d *exportDialog) validate() bool {
	_, p := d.choice()
	if p == "" {
		d.err = "Type a file path to export to."
		return false
	}
	if fi, err := os.Stat(filepath.Dir(p)); err != nil || !fi.IsDir() {
		d.err = "The folder " + filepath.Dir(p) + " does not exist; choose another path."
		return false
	}
	if fi, err := os.Stat(p); err == nil {
		if fi.IsDir() {
			d.err = p + " is a folder; add a file name."
			return false
		}
		if d.confirm != p {
			d.confirm = p
			d.err = p + " exists: press enter again to replace it."
			return false
		}
	}
	return true
}

// choice is the chosen format and path (trimmed; a leading ~/ is the home
// folder).
func (d exportDialog) choice() (format, path string) {
	p := strings.TrimSpace(d.path.Value())
	if strings.HasPrefix(p, "~/") {
		if home, err := os.UserHomeDir(); err == nil {
			p = filepath.Join(home, p[2:])
		}
	}
	return exportFormats[d.format], p
}

// view renders the dialog in width cells: a title, the format row, the
// path field, the keys and, when enter was refused, why.
func (d exportDialog) view(width int) string {
	rows := "all rows"
	if d.total >= 0 {
		rows = "all " + termtext.GroupThousands(fmt.Sprint(d.total)) + " rows"
	}
	lines := []string{d.st.Title.Render(fit("Export "+termtext.Sanitize(d.set)+" — "+rows, width))}
	var f strings.Builder
	for i, name := range exportFormats {
		f.WriteString(" ")
		if i == d.format {
			f.WriteString(d.st.Selected.Render("[" + name + "]"))
		} else {
			f.WriteString(d.st.Dim.Render(" " + name + " "))
		}
	}
	mark := func(on bool) string {
		if on {
			return d.st.Key.Render("›") + " "
		}
		return "  "
	}
	lines = append(lines,
		fit(mark(!d.onPath)+d.st.Label.Render("Format")+f.String(), width),
		fit(mark(d.onPath)+d.st.Label.Render("Path")+"   "+d.path.View(), width),
		d.st.Dim.Render(fit("tab format · ↑/↓ field · enter export · esc cancel", width)))
	if d.err != "" {
		lines = append(lines, d.st.Error.Render(fit(termtext.Sanitize(d.err), width)))
	}
	return strings.Join(lines, "\n")
}
