package ui

import (
	"sort"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/odx-dev/odx/internal/termtext"
	"github.com/odx-dev/odx/odata"
	"github.com/odx-dev/odx/ui/styles"
)

// recordEntry is one line group of the record view: a property or a
// navigation property.
type recordEntry struct {
	name       string
	typ        string
	value      any
	nav        bool // navigation property: enter opens it
	collection bool
}

// recordModel shows every property of one entity, scrollable, with the
// navigation properties listed after them; enter on a navigation property
// opens its target.
type recordModel struct {
	set     string
	row     odata.Row
	crumb   []string
	entries []recordEntry
	cursor  int // entry under the cursor
	offset  int // first line shown
	width   int
	height  int
	lang    string
	styles  *styles.Styles
	keys    KeyMap
}

func newRecord(set string, row odata.Row, crumb []string, m *odata.Model, lang string, st *styles.Styles, keys KeyMap) *recordModel {
	r := &recordModel{set: set, row: row, crumb: crumb, lang: lang, styles: st, keys: keys}
	r.entries = recordEntries(set, row, m)
	return r
}

// recordEntries orders a row's values: properties in metadata order (else by
// name), then navigation properties (declared or seen as references).
func recordEntries(set string, row odata.Row, m *odata.Model) []recordEntry {
	var out []recordEntry
	seen := map[string]bool{}
	var navs []recordEntry
	if m != nil {
		if t, ok := m.SetType(setName(set)); ok {
			for _, p := range t.AllProperties() {
				v, ok := row.Values[p.Name]
				if !ok {
					continue
				}
				typ := p.Type
				if p.Collection {
					typ = "Collection(" + typ + ")"
				}
				out = append(out, recordEntry{name: p.Name, typ: typ, value: v})
				seen[p.Name] = true
			}
			for _, n := range t.AllNavigation() {
				typ := n.Type
				if n.Collection {
					typ = "Collection(" + typ + ")"
				}
				navs = append(navs, recordEntry{name: n.Name, typ: typ, value: row.Values[n.Name], nav: true, collection: n.Collection})
				seen[n.Name] = true
			}
		}
	}
	var rest []string
	for k := range row.Values {
		if !seen[k] {
			rest = append(rest, k)
		}
	}
	sort.Strings(rest)
	for _, k := range rest {
		v := row.Values[k]
		if isReference(v) {
			navs = append(navs, recordEntry{name: k, typ: "reference", value: v, nav: true})
			continue
		}
		out = append(out, recordEntry{name: k, typ: typeOfValue(v), value: v})
	}
	return append(out, navs...)
}

// isReference reports an unexpanded single reference: {"@odata.id": …}.
func isReference(v any) bool {
	m, ok := v.(map[string]any)
	if !ok {
		return false
	}
	_, ok = m["@odata.id"]
	return ok
}

func typeOfValue(v any) string {
	switch v.(type) {
	case nil:
		return ""
	case string:
		return "string"
	case bool:
		return "boolean"
	case map[string]any:
		return "object"
	case []any:
		return "array"
	default:
		return "number"
	}
}

func (r *recordModel) setSize(w, h int) { r.width, r.height = w, h }

// selectedNav returns the navigation entry under the cursor.
func (r *recordModel) selectedNav() (recordEntry, bool) {
	if r.cursor < 0 || r.cursor >= len(r.entries) {
		return recordEntry{}, false
	}
	e := r.entries[r.cursor]
	return e, e.nav
}

func (r *recordModel) update(msg tea.KeyPressMsg) {
	switch {
	case key.Matches(msg, r.keys.Up):
		r.cursor = max(0, r.cursor-1)
	case key.Matches(msg, r.keys.Down):
		r.cursor = min(len(r.entries)-1, r.cursor+1)
	case key.Matches(msg, r.keys.ScrollTop):
		r.cursor = 0
	case key.Matches(msg, r.keys.ScrollEnd):
		r.cursor = len(r.entries) - 1
	case key.Matches(msg, r.keys.HalfDown, r.keys.NextPage):
		r.cursor = min(len(r.entries)-1, r.cursor+max(1, r.height/2))
	case key.Matches(msg, r.keys.HalfUp, r.keys.PrevPage):
		r.cursor = max(0, r.cursor-max(1, r.height/2))
	}
}

// lines renders every entry and reports the line span of each.
func (r *recordModel) lines() ([]string, [][2]int) {
	st := r.styles
	nameW := 8
	for _, e := range r.entries {
		nameW = max(nameW, ansi.StringWidth(e.name))
	}
	nameW = min(nameW, max(8, r.width/3))
	typeW := 0
	for _, e := range r.entries {
		typeW = max(typeW, ansi.StringWidth(shortType(e.typ)))
	}
	typeW = min(typeW, 24, max(0, (r.width-nameW-6)/4))
	if r.width < 60 {
		typeW = 0 // narrow: the value gets the room
	}
	valW := max(4, r.width-nameW-typeW-6)
	var out []string
	spans := make([][2]int, len(r.entries))
	for i, e := range r.entries {
		start := len(out)
		name := ansi.Truncate(termtext.Sanitize(e.name), nameW, "…")
		typ := ""
		if typeW > 0 {
			typ = ansi.Truncate(termtext.Sanitize(shortType(e.typ)), typeW, "…")
		}
		var val []string
		if e.nav {
			hint := "enter: open"
			if e.collection {
				hint = "enter: open collection"
			}
			if v := termtext.FormatValue(e.value, e.typ, r.lang); v != "" {
				val = []string{"→ " + v + "  " + st.Dim.Render(hint)}
			} else {
				val = []string{"→ " + st.Dim.Render(hint)}
			}
		} else {
			text := termtext.FormatValueLong(e.value, e.typ, r.lang)
			if e.value == nil {
				text = st.Dim.Render("null")
			}
			for _, l := range strings.Split(text, "\n") {
				val = append(val, wrap(l, valW)...)
			}
		}
		if len(val) == 0 {
			val = []string{""}
		}
		mark := "  "
		if i == r.cursor {
			mark = "› "
		}
		for k, v := range val {
			var line string
			if k == 0 {
				line = mark + st.Label.Render(pad(name, nameW)) + "  " + st.Dim.Render(pad(typ, typeW)) + "  " + v
			} else {
				line = "  " + strings.Repeat(" ", nameW+typeW+4) + v
			}
			if i == r.cursor {
				line = st.Selected.Render(pad(ansi.Strip(line), r.width))
			}
			out = append(out, line)
		}
		spans[i] = [2]int{start, len(out)}
	}
	return out, spans
}

func (r *recordModel) view() string {
	lines, spans := r.lines()
	h := max(1, r.height)
	if len(spans) > 0 {
		s := spans[r.cursor]
		if s[0] < r.offset {
			r.offset = s[0]
		}
		if s[1] > r.offset+h {
			r.offset = min(s[0], s[1]-h)
		}
	}
	r.offset = max(0, min(r.offset, len(lines)-h))
	end := min(len(lines), r.offset+h)
	vis := lines[r.offset:end]
	for len(vis) < h {
		vis = append(vis, "")
	}
	return strings.Join(vis, "\n")
}

// shortType drops the namespace of a qualified type ("Erp.X" → "X"), keeping
// "Edm." types readable.
func shortType(t string) string {
	coll := strings.HasPrefix(t, "Collection(")
	inner := strings.TrimSuffix(strings.TrimPrefix(t, "Collection("), ")")
	if i := strings.LastIndexByte(inner, '.'); i >= 0 && !strings.HasPrefix(inner, "Edm.") {
		inner = inner[i+1:]
	}
	inner = strings.TrimPrefix(inner, "Edm.")
	if coll {
		return "[" + inner + "]"
	}
	return inner
}

// wrap breaks a line into pieces of at most w cells.
func wrap(s string, w int) []string {
	if w <= 0 || ansi.StringWidth(s) <= w {
		return []string{s}
	}
	return strings.Split(ansi.Hardwrap(ansi.Wordwrap(s, w, " "), w, true), "\n")
}

// pad fills s with spaces to w cells.
func pad(s string, w int) string {
	if n := w - ansi.StringWidth(s); n > 0 {
		return s + strings.Repeat(" ", n)
	}
	return s
}

// recordTitle is a readable name for a row in a breadcrumb: a number, code
// or name when the row has one, else its key.
func recordTitle(row odata.Row, lang string) string {
	for _, k := range []string{"Number", "DocumentNo", "Code", "PartNumber", "Name", "PartyName", "Title", "UserName"} {
		if v, ok := row.Values[k]; ok && v != nil {
			if s := termtext.FormatValue(v, "", lang); s != "" {
				return ansi.Truncate(s, 24, "…")
			}
		}
	}
	k := keyOf(row.ID)
	if len(k) > 12 {
		k = k[:8] + "…"
	}
	return termtext.Sanitize(k)
}
