package ui

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/odx-dev/odx/internal/termtext"
	"github.com/odx-dev/odx/odata"
	"github.com/odx-dev/odx/ui/styles"
)

// gotoCandidates is how many set names the go-to line offers.
const gotoCandidates = 5

// gotoLine is the command line of key ":": a set name, completed fuzzily
// with tab, or a relative URL such as Crm_Sales_Customers?$top=10.
type gotoLine struct {
	input   textinput.Model
	sets    []string
	cands   []string // best matches of the set part, at most gotoCandidates
	cand    int      // the candidate tab put in, -1 before the first tab
	cycling bool     // the last key was tab: the next one moves on
	err     string
	q       odata.Query
	st      *styles.Styles
	keys    KeyMap
}

// newGoTo returns an empty go-to line completing the names of sets.
func newGoTo(sets []string, st *styles.Styles, keys KeyMap) gotoLine {
	in := newLineInput(": ", "", st)
	in.Placeholder = "set name, or Set?$filter=…&$top=10"
	g := gotoLine{input: in, sets: slices.Clone(sets), cand: -1, st: st, keys: keys}
	g.match()
	return g
}

// value is the text typed, spaces trimmed.
func (g gotoLine) value() string { return strings.TrimSpace(g.input.Value()) }

// query is the query parsed when enter was pressed (editApply).
func (g gotoLine) query() odata.Query { return g.q }

// update handles a message: tab completes the set name (again: the next
// candidate), enter parses the line and applies it (editApply, then read
// query) or shows why it cannot, esc cancels.
func (g gotoLine) update(msg tea.Msg) (gotoLine, tea.Cmd, editResult) {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(k, g.keys.Back):
			return g, nil, editCancel
		case key.Matches(k, g.keys.Accept):
			if g.value() == "" {
				return g, nil, editCancel
			}
			q, err := parseGoTo(g.value())
			if err == nil {
				err = g.checkSet(q.Set)
			}
			if err != nil {
				g.err = err.Error()
				return g, nil, editNone
			}
			g.q = q
			return g, nil, editApply
		case key.Matches(k, g.keys.Complete):
			g.complete()
			return g, nil, editNone
		}
	}
	before := g.input.Value()
	var cmd tea.Cmd
	g.input, cmd = g.input.Update(msg)
	if g.input.Value() != before {
		g.err, g.cycling, g.cand = "", false, -1
		g.match()
	}
	return g, cmd, editNone
}

// checkSet refuses a set the service does not list (when it listed any).
func (g gotoLine) checkSet(set string) error {
	head := setName(set)
	if len(g.sets) == 0 || slices.Contains(g.sets, head) {
		return nil
	}
	return fmt.Errorf("%s is not an entity set of this service; tab completes a name", termtext.Sanitize(head))
}

// setPart is the part of the line tab completes: the text before any "?",
// when it is a plain name (no key, no path).
func (g gotoLine) setPart() (string, bool) {
	v := g.input.Value()
	head, _, _ := strings.Cut(v, "?")
	if strings.ContainsAny(head, "(/") {
		return "", false
	}
	return strings.TrimSpace(head), true
}

func (g *gotoLine) match() {
	part, ok := g.setPart()
	if !ok {
		g.cands = nil
		return
	}
	g.cands = fuzzyTop(g.sets, part, gotoCandidates)
}

func (g *gotoLine) complete() {
	if len(g.cands) == 0 {
		return
	}
	if g.cycling {
		g.cand = (g.cand + 1) % len(g.cands)
	} else {
		g.cand = 0
	}
	g.cycling = true
	_, rest, hasQuery := strings.Cut(g.input.Value(), "?")
	v := g.cands[g.cand]
	if hasQuery {
		v += "?" + rest
	}
	g.input.SetValue(v)
	g.input.SetCursor(len([]rune(g.cands[g.cand])))
	g.err = ""
}

// view draws two lines in w cells: the input, then the candidates (the one
// tab put in highlighted) or why enter could not go there.
func (g gotoLine) view(w int) string {
	g.input = sizedInput(g.input, w)
	var second string
	switch {
	case g.err != "":
		second = g.st.Error.Render(termtext.Sanitize(g.err))
	case len(g.cands) > 0:
		parts := make([]string, len(g.cands))
		for i, c := range g.cands {
			parts[i] = termtext.Sanitize(c)
			if i == g.cand {
				parts[i] = g.st.Match.Render(parts[i])
			}
		}
		second = g.st.Dim.Render("tab: ") + strings.Join(parts, g.st.Dim.Render(" · "))
	default:
		if part, ok := g.setPart(); ok && part != "" && len(g.sets) > 0 {
			second = g.st.Dim.Render("no set matches " + strconv.Quote(termtext.Sanitize(part)))
		} else {
			second = g.st.Dim.Render(helpText(g.keys.Complete, g.keys.Accept, g.keys.Back))
		}
	}
	return ansi.Truncate(g.input.View(), w, "") + "\n" + ansi.Truncate(second, w, "…")
}

// fuzzyTop returns the n names that match pattern best: a prefix first,
// then a substring at the start of a word (after _), then any substring,
// then the pattern's letters in order; shorter names first within a kind.
// Case and spaces in the pattern are ignored. An empty pattern matches
// nothing.
func fuzzyTop(names []string, pattern string, n int) []string {
	p := strings.ToLower(strings.ReplaceAll(pattern, " ", ""))
	if p == "" {
		return nil
	}
	type scored struct {
		name  string
		score int
	}
	var out []scored
	for _, name := range names {
		if s, ok := fuzzyScore(strings.ToLower(name), p); ok {
			out = append(out, scored{name, s})
		}
	}
	slices.SortFunc(out, func(a, b scored) int {
		if a.score != b.score {
			return b.score - a.score
		}
		if len(a.name) != len(b.name) {
			return len(a.name) - len(b.name)
		}
		return strings.Compare(a.name, b.name)
	})
	res := make([]string, 0, min(n, len(out)))
	for _, s := range out[:min(n, len(out))] {
		res = append(res, s.name)
	}
	return res
}

// fuzzyScore scores name (lower case) against p (lower case).
func fuzzyScore(name, p string) (int, bool) {
	i := strings.Index(name, p)
	switch {
	case name == p:
		return 4000, true
	case i == 0:
		return 3000, true
	case i > 0:
		// The first occurrence at the start of a word (after _), if any.
		for j := i; j >= 0; {
			if name[j-1] == '_' {
				return 2000 - j, true
			}
			k := strings.Index(name[j+1:], p)
			if k < 0 {
				break
			}
			j += 1 + k
		}
		return 1000 - i, true
	}
	// Letters in order: fewer and shorter gaps, and letters at word
	// starts, score higher.
	score, j, last := 500, 0, -1
	for i := 0; i < len(name) && j < len(p); i++ {
		if name[i] != p[j] {
			continue
		}
		if last >= 0 && i > last+1 {
			score -= min(i-last, 10)
		}
		if i == 0 || name[i-1] == '_' {
			score += 5
		}
		last = i
		j++
	}
	if j < len(p) {
		return 0, false
	}
	return score, true
}
