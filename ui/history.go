package ui

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/odx-dev/odx/internal/termtext"
	"github.com/odx-dev/odx/odata"
	"github.com/odx-dev/odx/ui/styles"
)

// historyPicker lists recent queries (key ctrl+r), newest first; typing
// filters them, the arrows move, enter runs the one under the cursor.
type historyPicker struct {
	input   textinput.Model
	all     []historyEntry
	texts   []string // all[i].text(), lower-cased
	shown   []int    // indexes into all that match the filter
	cursor  int      // index into shown
	err     string
	st      *styles.Styles
	keys    KeyMap
	now     func() time.Time
	up      key.Binding
	down    key.Binding
	pgUp    key.Binding
	pgDown  key.Binding
	chosenQ odata.Query
}

// newHistoryPicker returns a picker over entries (from prefs.history).
func newHistoryPicker(entries []historyEntry, st *styles.Styles, keys KeyMap) historyPicker {
	in := newLineInput("history ", "", st)
	in.Placeholder = "type to filter"
	h := historyPicker{
		input: in, all: entries, st: st, keys: keys, now: time.Now,
		// Letters filter, so only keys that type nothing move.
		up:     key.NewBinding(key.WithKeys("up")),
		down:   key.NewBinding(key.WithKeys("down")),
		pgUp:   key.NewBinding(key.WithKeys("pgup")),
		pgDown: key.NewBinding(key.WithKeys("pgdown")),
	}
	h.texts = make([]string, len(entries))
	for i, e := range entries {
		h.texts[i] = strings.ToLower(entryText(e))
	}
	h.filter()
	return h
}

func (h *historyPicker) filter() {
	words := strings.Fields(strings.ToLower(h.input.Value()))
	h.shown = nil
	for i, t := range h.texts {
		ok := true
		for _, w := range words {
			if !strings.Contains(t, w) {
				ok = false
				break
			}
		}
		if ok {
			h.shown = append(h.shown, i)
		}
	}
	h.cursor = max(0, min(h.cursor, len(h.shown)-1))
}

// update handles a message: typing filters, up/down and pgup/pgdown move,
// enter takes the query under the cursor (editApply, then read choice), esc
// cancels.
func (h historyPicker) update(msg tea.Msg) (historyPicker, tea.Cmd, editResult) {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(k, h.keys.Back):
			return h, nil, editCancel
		case key.Matches(k, h.keys.Accept):
			if len(h.shown) == 0 {
				return h, nil, editNone
			}
			q, err := entryQuery(h.all[h.shown[h.cursor]])
			if err != nil {
				h.err = err.Error()
				return h, nil, editNone
			}
			h.chosenQ = q
			return h, nil, editApply
		case key.Matches(k, h.up):
			h.cursor = max(0, h.cursor-1)
			return h, nil, editNone
		case key.Matches(k, h.down):
			h.cursor = max(0, min(h.cursor+1, len(h.shown)-1))
			return h, nil, editNone
		case key.Matches(k, h.pgUp):
			h.cursor = max(0, h.cursor-10)
			return h, nil, editNone
		case key.Matches(k, h.pgDown):
			h.cursor = max(0, min(h.cursor+10, len(h.shown)-1))
			return h, nil, editNone
		}
	}
	before := h.input.Value()
	var cmd tea.Cmd
	h.input, cmd = h.input.Update(msg)
	if h.input.Value() != before {
		h.err, h.cursor = "", 0
		h.filter()
	}
	return h, cmd, editNone
}

// choice is the query picked with enter.
func (h historyPicker) choice() odata.Query { return h.chosenQ }

// view draws the picker in w × ht cells: the filter line, the entries
// (newest first, with their age) and a hint or error line.
func (h historyPicker) view(w, ht int) string {
	h.input = sizedInput(h.input, w)
	out := []string{ansi.Truncate(h.input.View(), w, "")}
	rows := max(0, ht-2)
	offset := windowStart(h.cursor, len(h.shown), rows)
	switch {
	case len(h.all) == 0:
		out = append(out, h.st.Dim.Render("no queries yet: the queries you run are listed here"))
	case len(h.shown) == 0:
		out = append(out, h.st.Dim.Render("no query matches"))
	}
	now := h.now()
	for i := offset; i < len(h.shown) && i < offset+rows; i++ {
		e := h.all[h.shown[i]]
		age := fmt.Sprintf("%8s ", ago(now, e.Time))
		cur := "  "
		if i == h.cursor {
			cur = "› "
		}
		line := cur + age + ansi.Truncate(entryText(e), max(0, w-len(cur)-len(age)), "…")
		if i == h.cursor {
			line = h.st.Selected.Render(fit(line, w))
		}
		out = append(out, line)
	}
	hint := h.st.Dim.Render(fmt.Sprintf("%d of %d · ↑/↓ move · ", len(h.shown), len(h.all)) + helpText(h.keys.Accept, h.keys.Back))
	if h.err != "" {
		hint = h.st.Error.Render(termtext.Sanitize(h.err))
	}
	out = append(out, ansi.Truncate(hint, w, "…"))
	return strings.Join(out, "\n")
}

// ago is how long before now t was, in the largest whole unit: "just now",
// "5m ago", "3h ago", "2d ago", else the date.
func ago(now, t time.Time) string {
	d := now.Sub(t)
	switch {
	case d < time.Minute:
		return "just now"
	case d < time.Hour:
		return fmt.Sprintf("%dm ago", int(d/time.Minute))
	case d < 24*time.Hour:
		return fmt.Sprintf("%dh ago", int(d/time.Hour))
	case d < 30*24*time.Hour:
		return fmt.Sprintf("%dd ago", int(d/(24*time.Hour)))
	}
	return t.Local().Format(time.DateOnly)
}
