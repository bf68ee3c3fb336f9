package dialog

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/odx-dev/odx/internal/termtext"
	"github.com/odx-dev/odx/odata"
	"github.com/odx-dev/odx/ui/screen"
)

// exportFormats are the export formats the dialog offers, in order.
var exportFormats = []string{"csv", "json", "ndjson"}

// Export is the form shown when Export is pressed: a format row (←/→ or
// h/l on it, tab / shift+tab anywhere, or c/j/n on it) and a path field
// (prefilled with defaultExportPath; the default follows the format until
// the user edits it). ↑/↓ move between the rows, enter posts
// screen.StartExport, esc closes it. A path in a folder that does not
// exist is refused, and an existing file needs a second enter to be
// replaced.
type Export struct {
	env     *screen.Env
	keys    screen.KeyMap
	query   odata.Query
	total   int64
	stamp   time.Time
	format  int  // index into exportFormats
	onPath  bool // focus: false the format row, true the path field
	path    textinput.Model
	auto    string // the default last put into the path field
	err     string // why enter was refused
	confirm string // the existing file enter was pressed on once

	prev, next, field key.Binding // for help
}

// NewExport returns the dialog for exporting every row of q (total rows,
// -1 when unknown), with the default path stamped with the clock.
func NewExport(env *screen.Env, q odata.Query, total int64) *Export {
	d := &Export{env: env, keys: env.Keys, query: q, total: total, stamp: now(env),
		prev:  key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", "previous format")),
		next:  key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "format")),
		field: key.NewBinding(key.WithKeys("up", "down"), key.WithHelp("↑/↓", "field")),
	}
	d.path = textinput.New()
	d.path.Prompt = ""
	d.path.CharLimit = 4096
	d.auto = defaultExportPath(q.Set, exportFormats[0], d.stamp)
	d.path.SetValue(d.auto)
	return d
}

// Kind implements screen.Dialog.
func (d *Export) Kind() string { return KindExport }

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
func (d *Export) setFormat(i int) {
	n := len(exportFormats)
	d.format = (i%n + n) % n
	if d.path.Value() == d.auto {
		d.auto = defaultExportPath(d.query.Set, exportFormats[d.format], d.stamp)
		d.path.SetValue(d.auto)
		d.path.CursorEnd()
	}
	d.err, d.confirm = "", ""
}

// Update implements screen.Dialog: a key, or a blink of the path field.
func (d *Export) Update(msg tea.Msg) (screen.Dialog, tea.Cmd) {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		var cmd tea.Cmd
		d.path, cmd = d.path.Update(msg)
		return d, cmd
	}
	switch s := k.String(); {
	case key.Matches(k, d.keys.Back):
		d.env.Post(screen.CloseDialog{Kind: KindExport})
		return d, nil
	case key.Matches(k, d.keys.Accept):
		if d.validate() {
			format, path := d.choice()
			d.env.Post(screen.StartExport{Query: d.query, Format: format, Path: path, Total: d.total})
			d.env.Post(screen.CloseDialog{Kind: KindExport})
		}
		return d, nil
	case key.Matches(k, d.keys.Complete):
		d.setFormat(d.format + 1)
		return d, nil
	case s == "shift+tab":
		d.setFormat(d.format - 1)
		return d, nil
	case s == "up" || s == "down":
		d.onPath = s == "down"
		if d.onPath {
			return d, d.path.Focus()
		}
		d.path.Blur()
		return d, nil
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
		return d, nil
	}
	before := d.path.Value()
	var cmd tea.Cmd
	d.path, cmd = d.path.Update(msg)
	if d.path.Value() != before {
		d.err, d.confirm = "", ""
	}
	return d, cmd
}

// validate checks the path before the export starts: its folder must
// exist, it must not be a folder, and an existing file is replaced only on
// the second enter.
func (d *Export) validate() bool {
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
func (d *Export) choice() (format, path string) {
	p := strings.TrimSpace(d.path.Value())
	if strings.HasPrefix(p, "~/") {
		if home, err := os.UserHomeDir(); err == nil {
			p = filepath.Join(home, p[2:])
		}
	}
	return exportFormats[d.format], p
}

// View implements screen.Dialog: the body's first line (the grid's
// breadcrumb) stays, the dialog is drawn under it.
func (d *Export) View(body string, w, _ int) string {
	crumb, _, _ := strings.Cut(body, "\n")
	return crumb + "\n" + d.box(w)
}

// box renders the dialog in width cells: a title, the format row, the path
// field, the keys and, when enter was refused, why.
func (d *Export) box(width int) string {
	st := d.env.Styles
	rows := "all rows"
	if d.total >= 0 {
		rows = "all " + termtext.GroupThousands(fmt.Sprint(d.total)) + " rows"
	}
	lines := []string{st.Title.Render(screen.Fit("Export "+termtext.Sanitize(d.query.Set)+" — "+rows, width))}
	var f strings.Builder
	for i, name := range exportFormats {
		f.WriteString(" ")
		if i == d.format {
			f.WriteString(st.Selected.Render("[" + name + "]"))
		} else {
			f.WriteString(st.Dim.Render(" " + name + " "))
		}
	}
	mark := func(on bool) string {
		if on {
			return st.Key.Render("›") + " "
		}
		return "  "
	}
	lines = append(lines,
		screen.Fit(mark(!d.onPath)+st.Label.Render("Format")+f.String(), width),
		screen.Fit(mark(d.onPath)+st.Label.Render("Path")+"   "+d.path.View(), width),
		st.Dim.Render(screen.Fit("tab format · ↑/↓ field · enter export · esc cancel", width)))
	if d.err != "" {
		lines = append(lines, st.Error.Render(screen.Fit(termtext.Sanitize(d.err), width)))
	}
	return strings.Join(lines, "\n")
}

// Help implements screen.Dialog.
func (d *Export) Help() help.KeyMap {
	accept := d.keys.Accept
	accept.SetHelp(accept.Help().Key, "export")
	keys := []key.Binding{d.next, d.field, accept, d.keys.Back}
	return screen.HelpKeys{Short: keys, Full: [][]key.Binding{{d.next, d.prev, d.field, accept, d.keys.Back}}}
}
