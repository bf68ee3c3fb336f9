package dialog

import (
	"fmt"
	"net/url"
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

// gotoCandidates is how many set names the go-to line offers.
const gotoCandidates = 5

// GoTo is the command line of key ":": a set name, completed fuzzily with
// tab, a relative URL such as Crm_Sales_Customers?$top=10, or an absolute
// URL under the service root. Enter posts screen.OpenQuery for it (or shows
// why it cannot), esc closes it. The set's saved layout (columns, sort,
// expansions) applies unless the line names $select; $top and $skip stay in
// the query: the grid shows at most $top rows from $skip.
type GoTo struct {
	env     *screen.Env
	keys    screen.KeyMap
	input   textinput.Model
	sets    []string
	cands   []string // best matches of the set part, at most gotoCandidates
	cand    int      // the candidate tab put in, -1 before the first tab
	cycling bool     // the last key was tab: the next one moves on
	err     string
}

// NewGoTo returns an empty go-to line completing the names of sets (none:
// any set goes).
func NewGoTo(env *screen.Env, sets []string) *GoTo {
	in := screen.NewLineInput(": ", "", env.Styles)
	in.Placeholder = "set name, or Set?$filter=…&$top=10"
	g := &GoTo{env: env, keys: env.Keys, input: in, sets: slices.Clone(sets), cand: -1}
	g.match()
	return g
}

// Kind implements screen.Dialog.
func (g *GoTo) Kind() string { return KindGoTo }

// value is the text typed, spaces trimmed.
func (g *GoTo) value() string { return strings.TrimSpace(g.input.Value()) }

// Update implements screen.Dialog: tab completes the set name (again: the
// next candidate), enter parses the line and opens it or shows why it
// cannot, esc closes.
func (g *GoTo) Update(msg tea.Msg) (screen.Dialog, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(k, g.keys.Back):
			g.env.Post(screen.CloseDialog{Kind: KindGoTo})
			return g, nil
		case key.Matches(k, g.keys.Accept):
			if g.value() == "" {
				g.env.Post(screen.CloseDialog{Kind: KindGoTo})
				return g, nil
			}
			q, err := ParseGoToUnder(g.root(), g.value())
			if err == nil {
				err = g.checkSet(q.Set)
			}
			if err != nil {
				g.err = err.Error()
				return g, nil
			}
			// The set's saved layout applies unless the line names its
			// columns; $top and $skip are kept for the grid to honour.
			g.env.Post(screen.OpenQuery{Query: q, Count: -1, Layout: len(q.Select) == 0})
			g.env.Post(screen.CloseDialog{Kind: KindGoTo})
			return g, nil
		case key.Matches(k, g.keys.Complete):
			g.complete()
			return g, nil
		}
	}
	before := g.input.Value()
	var cmd tea.Cmd
	g.input, cmd = g.input.Update(msg)
	if g.input.Value() != before {
		g.err, g.cycling, g.cand = "", false, -1
		g.match()
	}
	return g, cmd
}

// root is the service root, nil without a client (tests).
func (g *GoTo) root() *url.URL {
	if g.env.Client == nil {
		return nil
	}
	return g.env.Client.Root()
}

// checkSet refuses a set the service does not list (when it listed any).
func (g *GoTo) checkSet(set string) error {
	head := screen.SetName(set)
	if len(g.sets) == 0 || slices.Contains(g.sets, head) {
		return nil
	}
	return fmt.Errorf("%s is not an entity set of this service; tab completes a name", termtext.Sanitize(head))
}

// setPart is the part of the line tab completes: the text before any "?",
// when it is a plain name (no key, no path).
func (g *GoTo) setPart() (string, bool) {
	head, _, _ := strings.Cut(g.input.Value(), "?")
	if strings.ContainsAny(head, "(/") {
		return "", false
	}
	return strings.TrimSpace(head), true
}

func (g *GoTo) match() {
	part, ok := g.setPart()
	if !ok {
		g.cands = nil
		return
	}
	g.cands = fuzzyTop(g.sets, part, gotoCandidates)
}

func (g *GoTo) complete() {
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

// View implements screen.Dialog: the line overlays the bottom of the body.
func (g *GoTo) View(body string, w, h int) string {
	return screen.OverlayBottom(body, g.box(w), h)
}

// box draws two lines in w cells: the input, then the candidates (the one
// tab put in highlighted) or why enter could not go there.
func (g *GoTo) box(w int) string {
	st := g.env.Styles
	in := screen.SizedInput(g.input, w)
	var second string
	switch {
	case g.err != "":
		second = st.Error.Render(termtext.Sanitize(g.err))
	case len(g.cands) > 0:
		parts := make([]string, len(g.cands))
		for i, c := range g.cands {
			parts[i] = termtext.Sanitize(c)
			if i == g.cand {
				parts[i] = st.Match.Render(parts[i])
			}
		}
		second = st.Dim.Render("tab: ") + strings.Join(parts, st.Dim.Render(" · "))
	default:
		if part, ok := g.setPart(); ok && part != "" && len(g.sets) > 0 {
			second = st.Dim.Render("no set matches " + strconv.Quote(termtext.Sanitize(part)))
		} else {
			second = st.Dim.Render(helpText(g.keys.Complete, g.keys.Accept, g.keys.Back))
		}
	}
	return ansi.Truncate(in.View(), w, "") + "\n" + ansi.Truncate(second, w, "…")
}

// Help implements screen.Dialog.
func (g *GoTo) Help() help.KeyMap {
	k := g.keys
	keys := []key.Binding{k.Complete, k.Accept, k.Back}
	return screen.HelpKeys{Short: keys, Full: [][]key.Binding{keys}}
}
