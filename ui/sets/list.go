package sets

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/list"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/odx-dev/odx/internal/termtext"
	"github.com/odx-dev/odx/odata"
	"github.com/odx-dev/odx/ui/screen"
	"github.com/odx-dev/odx/ui/styles"
)

// setItem is one entity set in the list. ERP.net names sets after their
// repository with the module as prefix (Crm_Sales_Customers): the prefix is
// the group, shown dim when it repeats the line above.
type setItem struct {
	id    string // as the service names it: what requests carry
	name  string // sanitised, for the screen and the filter
	group string // module prefix, "" when none
	rest  string // the name without the group
	title string // sanitised title from the service document, if any
	kind  string // odata.KindEntitySet, KindSingleton or KindFunctionImport
}

// FilterValue implements list.Item: the filter searches the whole name, so
// it finds sets across every group.
func (i setItem) FilterValue() string { return i.name }

func newSetItem(r odata.Resource) setItem {
	name := termtext.Sanitize(r.Name)
	it := setItem{id: r.Name, name: name, rest: name, kind: r.Kind}
	if it.kind == "" {
		it.kind = odata.KindEntitySet
	}
	if g, rest, ok := strings.Cut(name, "_"); ok && g != "" && rest != "" {
		it.group, it.rest = g, rest
	}
	if r.Title != "" && r.Title != r.Name {
		it.title = termtext.Sanitize(r.Title)
	}
	return it
}

// setDelegate draws a set on one line: group, name, count (when known).
type setDelegate struct {
	styles *styles.Styles
	counts map[string]string // set name → formatted count or "…"
	groupW int               // width of the group column
}

func (d setDelegate) Height() int                         { return 1 }
func (d setDelegate) Spacing() int                        { return 0 }
func (d setDelegate) Update(tea.Msg, *list.Model) tea.Cmd { return nil }

func (d setDelegate) Render(w io.Writer, m list.Model, index int, it list.Item) {
	item, ok := it.(setItem)
	if !ok {
		return
	}
	st := d.styles
	width := m.Width()
	selected := index == m.Index()

	// The module prefix is a column of its own, written once per group.
	group := item.group
	visible := m.VisibleItems()
	if i := index - 1; i >= 0 && i < len(visible) && m.FilterState() == list.Unfiltered {
		if prev, ok := visible[i].(setItem); ok && prev.group == item.group {
			group = ""
		}
	}
	cursor := "  "
	if selected {
		cursor = "› "
	}
	left := cursor + st.Group.Render(screen.Pad(group, d.groupW)) + " " + item.rest
	if item.group == "" {
		left = cursor + item.rest // no module: not part of the group above
	}
	if item.title != "" {
		left += "  " + st.Dim.Render(item.title)
	}
	right := d.counts[item.id]
	switch {
	case item.kind == odata.KindSingleton:
		right = st.Dim.Render("singleton")
	case item.kind == odata.KindFunctionImport:
		right = st.Dim.Render("function")
	case right != "":
		right = st.Dim.Render(right + " rows")
	}
	pad := width - ansi.StringWidth(left) - ansi.StringWidth(right) - 1
	if pad < 1 {
		left = ansi.Truncate(left, max(0, width-ansi.StringWidth(right)-2), "…")
		pad = max(1, width-ansi.StringWidth(left)-ansi.StringWidth(right)-1)
	}
	line := left + strings.Repeat(" ", pad) + right
	if selected {
		line = st.Selected.Render(ansi.Strip(line))
	}
	fmt.Fprint(w, line)
}

// setList is the list of entity sets with the counts known so far.
type setList struct {
	list   list.Model
	counts map[string]string
	totals map[string]int64 // counts known, for the grid
	styles *styles.Styles
	total  int
	groups int
}

func newSetList(styles *styles.Styles, keys screen.KeyMap) setList {
	counts := map[string]string{}
	l := list.New(nil, setDelegate{styles: styles, counts: counts}, 80, 20)
	l.Title = "Entity sets"
	l.SetShowHelp(false)
	l.SetShowStatusBar(false) // the title counts; a filter shows it (updateList)
	l.SetStatusBarItemName("set", "sets")
	l.DisableQuitKeybindings()
	l.KeyMap.CursorUp = keys.Up
	l.KeyMap.CursorDown = keys.Down
	l.KeyMap.NextPage = keys.ListNext
	l.KeyMap.PrevPage = keys.ListPrev
	l.KeyMap.GoToStart = keys.ScrollTop
	l.KeyMap.GoToEnd = keys.ScrollEnd
	l.KeyMap.Filter = keys.Filter
	l.KeyMap.ShowFullHelp.SetEnabled(false)
	l.KeyMap.CloseFullHelp.SetEnabled(false)
	l.Styles.Title = styles.Title
	l.Styles.TitleBar = lipgloss.NewStyle().Padding(0, 0, 1, 2)
	return setList{list: l, counts: counts, totals: map[string]int64{}, styles: styles}
}

// setSets fills the list from the service document: entity sets, then
// singletons, then function imports (marked on the right), each sorted by
// name so that groups stand together.
func (m *setList) setSets(rs []odata.Resource) tea.Cmd {
	items := make([]list.Item, 0, len(rs))
	groups := map[string]bool{}
	var singletons, functions int
	for _, r := range rs {
		switch r.Kind {
		case odata.KindSingleton:
			singletons++
		case odata.KindFunctionImport:
			functions++
		default:
			if !r.IsEntitySet() {
				continue
			}
		}
		it := newSetItem(r)
		if it.kind == odata.KindEntitySet {
			groups[it.group] = true
		}
		items = append(items, it)
	}
	slices.SortFunc(items, func(a, b list.Item) int {
		if ka, kb := kindRank(a.(setItem).kind), kindRank(b.(setItem).kind); ka != kb {
			return ka - kb // the sets, then the singletons, then the functions
		}
		return strings.Compare(a.(setItem).name, b.(setItem).name)
	})
	groupW := 0
	for g := range groups {
		groupW = max(groupW, ansi.StringWidth(g))
	}
	m.list.SetDelegate(setDelegate{styles: m.styles, counts: m.counts, groupW: min(groupW, 16)})
	m.total, m.groups = len(items)-singletons-functions, len(groups)
	m.list.Title = fmt.Sprintf("Entity sets · %d in %d groups", m.total, m.groups)
	if singletons > 0 {
		m.list.Title += fmt.Sprintf(" · %d %s", singletons, plural(singletons, "singleton", "singletons"))
	}
	if functions > 0 {
		m.list.Title += fmt.Sprintf(" · %d %s", functions, plural(functions, "function", "functions"))
	}
	return m.list.SetItems(items)
}

// selected returns the set under the cursor.
func (m setList) selected() (string, bool) {
	it, ok := m.list.SelectedItem().(setItem)
	return it.id, ok
}

// selectedItem returns the entry under the cursor: a set, a singleton or a
// function import.
func (m setList) selectedItem() (setItem, bool) {
	it, ok := m.list.SelectedItem().(setItem)
	return it, ok
}

// kindRank orders the kinds of the list: sets, singletons, functions.
func kindRank(kind string) int {
	switch kind {
	case odata.KindSingleton:
		return 1
	case odata.KindFunctionImport:
		return 2
	}
	return 0
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// needsCount reports whether the set under the cursor has no count yet and
// marks it as being counted.
func (m *setList) needsCount() (string, bool) {
	it, ok := m.selectedItem()
	if !ok || it.kind != odata.KindEntitySet {
		return "", false // a singleton or a function has no count
	}
	name := it.id
	if _, done := m.counts[name]; done {
		return "", false
	}
	m.counts[name] = "…"
	return name, true
}

func (m *setList) setCount(name string, n int64, err error) {
	if errors.Is(err, context.Canceled) {
		delete(m.counts, name) // given up for a grid: counted again later
		return
	}
	if err != nil {
		m.counts[name] = "?"
		return
	}
	m.counts[name] = termtext.GroupThousands(strconv.FormatInt(n, 10))
	m.totals[name] = n
}

func (m *setList) setSize(w, h int) {
	m.list.SetSize(w, h)
	// The list sizes its filter input without the title bar's padding.
	m.list.FilterInput.SetWidth(max(1, w-ansi.StringWidth(m.list.FilterInput.Prompt)-4))
}

// names lists every entity set, in the list's order.
func (m setList) names() []string {
	items := m.list.Items()
	out := make([]string, 0, len(items))
	for _, it := range items {
		if si := it.(setItem); si.kind == odata.KindEntitySet {
			out = append(out, si.id)
		}
	}
	return out
}

// unmark forgets the "…" of a count given up, so that the set is counted
// again when it is selected.
func (m *setList) unmark(name string) {
	if m.counts[name] == "…" {
		delete(m.counts, name)
	}
}
