package dialog

import (
	"slices"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/odx-dev/odx/internal/termtext"
	"github.com/odx-dev/odx/ui/screen"
)

// KindJump is the kind of the jump-to-column line (Jump.Kind).
const KindJump = "jump"

// jumpCandidates is how many columns the jump line offers.
const jumpCandidates = 5

// ColumnJump is the jump line's enter: the grid moves its cursor to the
// column Name.
type ColumnJump struct{ Name string }

// Jump is the line of key C: a column's name or label, matched fuzzily as
// it is typed (as the column picker's search: "am" finds TotalAmount).
// tab picks the next match, enter posts ColumnJump for the one picked (the
// best at first), esc closes it.
type Jump struct {
	env   *screen.Env
	keys  screen.KeyMap
	input textinput.Model
	cols  []Prop
	cands []int // indexes into cols of the best matches
	cand  int   // the match enter jumps to
}

// NewJump returns an empty jump line over the grid's columns (Name and
// Label are used).
func NewJump(env *screen.Env, cols []Prop) *Jump {
	in := screen.NewLineInput("column: ", "", env.Styles)
	in.Placeholder = "name or label"
	return &Jump{env: env, keys: env.Keys, input: in, cols: slices.Clone(cols)}
}

// Kind implements screen.Dialog.
func (j *Jump) Kind() string { return KindJump }

// Update implements screen.Dialog.
func (j *Jump) Update(msg tea.Msg) (screen.Dialog, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(k, j.keys.Back):
			j.env.Post(screen.CloseDialog{Kind: KindJump})
			return j, nil
		case key.Matches(k, j.keys.Accept):
			if len(j.cands) == 0 {
				if strings.TrimSpace(j.input.Value()) == "" {
					j.env.Post(screen.CloseDialog{Kind: KindJump})
				}
				return j, nil
			}
			j.env.Post(ColumnJump{Name: j.cols[j.cands[j.cand]].Name})
			j.env.Post(screen.CloseDialog{Kind: KindJump})
			return j, nil
		case key.Matches(k, j.keys.Complete):
			if len(j.cands) > 0 {
				j.cand = (j.cand + 1) % len(j.cands)
			}
			return j, nil
		}
	}
	before := j.input.Value()
	var cmd tea.Cmd
	j.input, cmd = j.input.Update(msg)
	if j.input.Value() != before {
		j.match()
	}
	return j, cmd
}

// match finds the best columns for the text typed.
func (j *Jump) match() {
	j.cands, j.cand = nil, 0
	q := strings.ReplaceAll(strings.TrimSpace(j.input.Value()), " ", "")
	if q == "" {
		return
	}
	type scored struct{ i, s int }
	var found []scored
	for i, c := range j.cols {
		if s, ok := propScore(c, q); ok {
			found = append(found, scored{i, s})
		}
	}
	slices.SortStableFunc(found, func(a, b scored) int {
		if a.s != b.s {
			return b.s - a.s
		}
		return len(j.cols[a.i].Name) - len(j.cols[b.i].Name)
	})
	for _, f := range found[:min(len(found), jumpCandidates)] {
		j.cands = append(j.cands, f.i)
	}
}

// View implements screen.Dialog: the line overlays the bottom of the body.
func (j *Jump) View(body string, w, h int) string {
	st := j.env.Styles
	in := screen.SizedInput(j.input, w)
	var second string
	switch {
	case len(j.cands) > 0:
		parts := make([]string, len(j.cands))
		for n, i := range j.cands {
			c := j.cols[i]
			parts[n] = termtext.Sanitize(c.Name)
			if c.Label != "" && c.Label != c.Name {
				parts[n] += " (" + termtext.Sanitize(c.Label) + ")"
			}
			if n == j.cand {
				parts[n] = st.Match.Render(parts[n])
			}
		}
		second = st.Dim.Render("enter: ") + strings.Join(parts, st.Dim.Render(" · "))
	case strings.TrimSpace(j.input.Value()) != "":
		second = st.Dim.Render("no column matches " + strconv.Quote(termtext.Sanitize(j.input.Value())))
	default:
		second = st.Dim.Render(helpText(j.keys.Complete, j.keys.Accept, j.keys.Back))
	}
	box := ansi.Truncate(in.View(), w, "") + "\n" + ansi.Truncate(second, w, "…")
	return screen.OverlayBottom(body, box, h)
}

// Help implements screen.Dialog.
func (j *Jump) Help() help.KeyMap {
	k := j.keys
	keys := []key.Binding{k.Complete, k.Accept, k.Back}
	return screen.HelpKeys{Short: keys, Full: [][]key.Binding{keys}}
}
