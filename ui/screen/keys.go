package screen

import (
	"reflect"

	"charm.land/bubbles/v2/key"
	"github.com/odx-dev/odx/ui/grid"
)

// KeyMap declares every key of the explorer, once. Screens enable the keys
// that work for them (SetEnabled) so help shows only what works now. The
// README's key table repeats these help texts.
type KeyMap struct {
	// Everywhere.
	Quit      key.Binding
	ForceQuit key.Binding
	Back      key.Binding
	Help      key.Binding
	Token     key.Binding
	Retry     key.Binding

	// Lists and grids.
	Up     key.Binding
	Down   key.Binding
	Left   key.Binding
	Right  key.Binding
	Open   key.Binding
	Filter key.Binding

	// Grid.
	NextPage  key.Binding
	PrevPage  key.Binding
	FirstRow  key.Binding
	LastRow   key.Binding
	FirstCol  key.Binding
	LastCol   key.Binding
	HalfDown  key.Binding
	HalfUp    key.Binding
	Reload    key.Binding
	NewToken  key.Binding
	ScrollTop key.Binding
	ScrollEnd key.Binding

	// Set list pages.
	ListNext key.Binding
	ListPrev key.Binding

	// Shaping the query (grid).
	Columns     key.Binding
	Sort        key.Binding
	FilterEdit  key.Binding
	FilterCell  key.Binding
	FilterClear key.Binding
	Expand      key.Binding
	Profile     key.Binding
	ShowQuery   key.Binding
	Search      key.Binding
	SearchNext  key.Binding
	SearchPrev  key.Binding
	GoTo        key.Binding
	History     key.Binding

	// Taking data out, presenting, seeing what was sent.
	Export   key.Binding
	CopyCell key.Binding
	CopyRow  key.Binding
	CopyCurl key.Binding
	Present  key.Binding
	Log      key.Binding
	Labels   key.Binding // column and field names: labels from $metadata or technical names

	// The grid's columns, in place.
	HideColumn key.Binding // hide the column under the cursor (runs the query without it)
	Narrow     key.Binding // narrow the column under the cursor
	Widen      key.Binding // widen the column under the cursor
	Freeze     key.Binding // freeze the columns up to the cursor, or unfreeze them
	JumpColumn key.Binding // jump to a column by name

	// Pages, rows and order (grid).
	PageN      key.Binding // go to page N (asks for the number)
	FirstPage  key.Binding // go to the first page
	LastPage   key.Binding // go to the last page
	RowNumbers key.Binding // show or hide the row-number column
	SortAlso   key.Binding // add the column under the cursor as a further sort key

	// Views and insights (grid).
	GroupBy  key.Binding // group the rows by one or two columns, computed by the server
	Related  key.Binding // the row's related records (navigation both ways) without opening it
	Views    key.Binding // list the saved views and open one
	SaveView key.Binding // save the current query and layout under a name

	// Inside pickers and editors.
	Toggle   key.Binding
	MoveUp   key.Binding
	MoveDown key.Binding
	Accept   key.Binding
	Complete key.Binding

	// Inside the column picker (letters and digits type its search).
	HideAll  key.Binding
	ShowAll  key.Binding
	OnlyThis key.Binding
	Invert   key.Binding
}

// DefaultKeyMap returns the explorer's keys.
func DefaultKeyMap() KeyMap {
	g := grid.DefaultKeyMap()
	return KeyMap{
		Quit:      key.NewBinding(key.WithKeys("q"), key.WithHelp("q", "quit")),
		ForceQuit: key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "quit now")),
		Back:      key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back/cancel")),
		Help:      key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "help")),
		Token:     key.NewBinding(key.WithKeys("t"), key.WithHelp("t", "token")),
		Retry:     key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "retry")),

		Up:     g.Up,
		Down:   g.Down,
		Left:   g.Left,
		Right:  g.Right,
		Open:   key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open")),
		Filter: key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "filter")),

		NextPage:  key.NewBinding(key.WithKeys("n", "pgdown"), key.WithHelp("n/pgdn", "next page")),
		PrevPage:  key.NewBinding(key.WithKeys("p", "pgup"), key.WithHelp("p/pgup", "previous page")),
		FirstRow:  g.FirstRow,
		LastRow:   g.LastRow,
		FirstCol:  g.FirstCol,
		LastCol:   g.LastCol,
		HalfDown:  g.HalfDown,
		HalfUp:    g.HalfUp,
		Reload:    key.NewBinding(key.WithKeys("R"), key.WithHelp("R", "reload")),
		NewToken:  key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "new token")),
		ScrollTop: key.NewBinding(key.WithKeys("g", "home"), key.WithHelp("g", "top")),
		ScrollEnd: key.NewBinding(key.WithKeys("G", "end"), key.WithHelp("G", "bottom")),
		ListNext:  key.NewBinding(key.WithKeys("right", "l", "pgdown"), key.WithHelp("→/pgdn", "next page")),
		ListPrev:  key.NewBinding(key.WithKeys("left", "h", "pgup"), key.WithHelp("←/pgup", "previous page")),

		Columns:     key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "columns")),
		Sort:        key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "sort by column")),
		FilterEdit:  key.NewBinding(key.WithKeys("f"), key.WithHelp("f", "filter")),
		FilterCell:  key.NewBinding(key.WithKeys("="), key.WithHelp("=", "filter by cell")),
		FilterClear: key.NewBinding(key.WithKeys("F"), key.WithHelp("F", "clear filter")),
		Expand:      key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "expand")),
		Profile:     key.NewBinding(key.WithKeys("i"), key.WithHelp("i", "profile column")),
		ShowQuery:   key.NewBinding(key.WithKeys("Q"), key.WithHelp("Q", "whole request (copied)")),
		Search:      key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "search page")),
		SearchNext:  key.NewBinding(key.WithKeys("ctrl+n"), key.WithHelp("ctrl+n", "next match")),
		SearchPrev:  key.NewBinding(key.WithKeys("ctrl+p"), key.WithHelp("ctrl+p", "previous match")),
		GoTo:        key.NewBinding(key.WithKeys(":"), key.WithHelp(":", "go to")),
		History:     key.NewBinding(key.WithKeys("ctrl+r"), key.WithHelp("ctrl+r", "history")),

		Export:   key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "export all pages")),
		CopyCell: key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "copy cell")),
		CopyRow:  key.NewBinding(key.WithKeys("Y"), key.WithHelp("Y", "copy row as JSON")),
		CopyCurl: key.NewBinding(key.WithKeys("u"), key.WithHelp("u", "copy as curl")),
		Present:  key.NewBinding(key.WithKeys("P"), key.WithHelp("P", "presenter mode")),
		Log:      key.NewBinding(key.WithKeys("L"), key.WithHelp("L", "request log")),
		Labels:   key.NewBinding(key.WithKeys("T"), key.WithHelp("T", "labels/technical names")),

		HideColumn: key.NewBinding(key.WithKeys("-"), key.WithHelp("-", "hide column")),
		Narrow:     key.NewBinding(key.WithKeys("<"), key.WithHelp("<", "narrow column")),
		Widen:      key.NewBinding(key.WithKeys(">"), key.WithHelp(">", "widen column")),
		Freeze:     key.NewBinding(key.WithKeys("|"), key.WithHelp("|", "freeze to here")),
		JumpColumn: key.NewBinding(key.WithKeys("C"), key.WithHelp("C", "jump to column")),

		PageN:      key.NewBinding(key.WithKeys("#"), key.WithHelp("#", "go to page N")),
		FirstPage:  key.NewBinding(key.WithKeys("["), key.WithHelp("[", "first page")),
		LastPage:   key.NewBinding(key.WithKeys("]"), key.WithHelp("]", "last page")),
		RowNumbers: key.NewBinding(key.WithKeys("N"), key.WithHelp("N", "row numbers")),
		SortAlso:   key.NewBinding(key.WithKeys("S"), key.WithHelp("S", "then sort by column")),

		GroupBy:  key.NewBinding(key.WithKeys("ctrl+g"), key.WithHelp("ctrl+g", "group by")),
		Related:  key.NewBinding(key.WithKeys("o"), key.WithHelp("o", "related records")),
		Views:    key.NewBinding(key.WithKeys("v"), key.WithHelp("v", "saved views")),
		SaveView: key.NewBinding(key.WithKeys("V"), key.WithHelp("V", "save view")),

		Toggle:   key.NewBinding(key.WithKeys("space"), key.WithHelp("space", "show/hide")),
		MoveUp:   key.NewBinding(key.WithKeys("K", "shift+up"), key.WithHelp("K", "move up")),
		MoveDown: key.NewBinding(key.WithKeys("J", "shift+down"), key.WithHelp("J", "move down")),
		Accept:   key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "apply")),
		Complete: key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "complete")),

		HideAll:  key.NewBinding(key.WithKeys("-"), key.WithHelp("-", "hide all")),
		ShowAll:  key.NewBinding(key.WithKeys("+"), key.WithHelp("+", "show all")),
		OnlyThis: key.NewBinding(key.WithKeys("="), key.WithHelp("=", "only this")),
		Invert:   key.NewBinding(key.WithKeys("!"), key.WithHelp("!", "invert")),
	}
}

// HelpKeys is what the help bubble shows: the short line and the full
// view, built from a screen's live bindings; only the enabled ones show.
// It implements help.KeyMap.
type HelpKeys struct {
	Short []key.Binding
	Full  [][]key.Binding
}

// ShortHelp implements help.KeyMap.
func (h HelpKeys) ShortHelp() []key.Binding { return enabled(h.Short) }

// FullHelp implements help.KeyMap.
func (h HelpKeys) FullHelp() [][]key.Binding {
	var out [][]key.Binding
	for _, g := range h.Full {
		if e := enabled(g); len(e) > 0 {
			out = append(out, e)
		}
	}
	return out
}

func enabled(bs []key.Binding) []key.Binding {
	out := make([]key.Binding, 0, len(bs))
	for _, b := range bs {
		if b.Enabled() {
			out = append(out, b)
		}
	}
	return out
}

// Grid is the grid's share of the keys, with their enablement.
func (k KeyMap) Grid() grid.KeyMap {
	return grid.KeyMap{
		Up: k.Up, Down: k.Down, Left: k.Left, Right: k.Right,
		FirstRow: k.FirstRow, LastRow: k.LastRow, FirstCol: k.FirstCol, LastCol: k.LastCol,
		HalfUp: k.HalfUp, HalfDown: k.HalfDown,
	}
}

// All lists every binding of the map in declaration order, enabled or
// not, read from the struct itself so that no binding can be missed. The
// key-cast line of presenter mode names a key press by the first enabled
// binding that matches it.
func (k KeyMap) All() []key.Binding {
	v := reflect.ValueOf(k)
	out := make([]key.Binding, 0, v.NumField())
	for i := range v.NumField() {
		if b, ok := v.Field(i).Interface().(key.Binding); ok {
			out = append(out, b)
		}
	}
	return out
}

// Only enables exactly the bindings keep (pointers into k) and disables
// every other binding of k: a screen states what works on it, and a
// binding added to the map later stays off until a screen asks for it.
func (k *KeyMap) Only(keep ...*key.Binding) {
	v := reflect.ValueOf(k).Elem()
	for i := range v.NumField() {
		if b, ok := v.Field(i).Addr().Interface().(*key.Binding); ok {
			b.SetEnabled(false)
		}
	}
	for _, b := range keep {
		b.SetEnabled(true)
	}
}
