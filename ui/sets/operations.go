package sets

import (
	"context"
	"net/url"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/odx-dev/odx/internal/termtext"
	"github.com/odx-dev/odx/odata"
	"github.com/odx-dev/odx/ui/dialog"
	"github.com/odx-dev/odx/ui/screen"
)

// Singletons and function imports (issue 12, item 6). A singleton opens as
// a record; a function import is called with GET (never an action: odx
// reads) and its answer opens by its shape: a collection of entities as a
// grid of those rows, anything else as a record. A function with
// parameters asks for each first (dialog.Params), typed.

// resourceMsg is the answer of a singleton or a function call.
type resourceMsg struct {
	seq  int
	name string // the singleton or function import
	path string // what was asked, relative to the service root
	row  odata.Row
	err  error
}

// loadResourceCmd reads path (already percent-encoded) as one JSON object.
func loadResourceCmd(ctx context.Context, c *odata.Client, name, path string, seq int) tea.Cmd {
	return func() tea.Msg {
		row, err := c.Entity(ctx, path)
		return resourceMsg{seq: seq, name: name, path: path, row: row, err: err}
	}
}

// functionParams returns the parameters of function import name, for the
// dialog that asks for them; nil when it has none or $metadata does not
// say. It is a variable so that tests give some.
var functionParams = func(m *odata.Model, name string) []dialog.Param {
	if m == nil {
		return nil
	}
	f, ok := m.FunctionImport(name)
	if !ok || len(f.Parameters) == 0 {
		return nil
	}
	params := make([]dialog.Param, len(f.Parameters))
	for i, p := range f.Parameters {
		params[i] = dialog.Param{Name: p.Name, Type: p.Type, Nullable: p.Nullable}
	}
	return params
}

// signature is how the list shows function import name: with its
// parameters' names ("GetExchangeRate(FromCurrency, ToCurrency, OnDate)")
// and what it returns, when $metadata says; "" when it does not.
func signature(m *odata.Model, name string) string {
	if m == nil {
		return ""
	}
	f, ok := m.FunctionImport(name)
	if !ok {
		return ""
	}
	s := f.Signature()
	if f.ReturnType != "" {
		s += " → " + f.ReturnType
	}
	if !f.Callable() {
		s += " · " + f.HTTPMethod + ", not called by odx"
	}
	return termtext.Sanitize(s)
}

// openResource opens the singleton or function import it.
func (m *Model) openResource(it setItem) tea.Cmd {
	switch it.kind {
	case odata.KindSingleton:
		return m.request(it.id, url.PathEscape(it.id))
	case odata.KindFunctionImport:
		if f, ok := m.functionImport(it.id); ok && !f.Callable() {
			m.env.Notice(screen.SetName(it.id)+" is called with "+termtext.Sanitize(f.HTTPMethod)+"; odx only reads", true)
			return nil
		}
		if params := functionParams(m.env.Meta, it.id); len(params) > 0 {
			m.env.Post(screen.OpenDialog{Dialog: dialog.NewParams(m.env, it.id, params)})
			return nil
		}
		path, _ := dialog.FunctionPath(it.id, nil, nil, m.env.Dialect)
		return m.request(it.id, path)
	}
	return nil
}

// functionImport describes function import name when $metadata is loaded.
func (m *Model) functionImport(name string) (*odata.Function, bool) {
	if m.env.Meta == nil {
		return nil, false
	}
	return m.env.Meta.FunctionImport(name)
}

// request asks for path (a singleton or a function call), superseding any
// request of the kind in flight.
func (m *Model) request(name, path string) tea.Cmd {
	m.stopOpen()
	m.stopCount() // the answer must not wait behind a count
	m.openSeq++
	ctx, cancel := context.WithCancel(m.env.Ctx)
	m.openStop, m.opening = cancel, name
	m.env.Notice("reading "+screen.SetName(name)+"…", false)
	return screen.Tag(m.id, loadResourceCmd(ctx, m.env.Client, name, path, m.openSeq))
}

// stopOpen gives up the singleton or function call in flight.
func (m *Model) stopOpen() {
	if m.openStop != nil {
		m.openStop()
		m.openStop, m.opening = nil, ""
	}
}

// onResource opens what a singleton or function call answered: the rows
// of a collection of entities in a grid, else a record.
func (m *Model) onResource(msg resourceMsg) tea.Cmd {
	if msg.seq != m.openSeq || m.openStop == nil {
		return nil
	}
	m.stopOpen()
	if msg.err != nil {
		m.env.NoticeErr(msg.err)
		return m.count()
	}
	m.env.Notice("", false) // the "reading…" notice is answered
	crumb := []string{msg.name}
	set, many := msg.name, true
	if f, ok := m.functionImport(msg.name); ok {
		// $metadata says what it returns: one thing is a record even
		// when it looks like a collection, and the rows of a collection
		// belong to the import's entity set, whose types the grid uses.
		many = f.ReturnType == "" || strings.HasPrefix(f.ReturnType, "Collection(")
		if f.EntitySet != "" {
			set = f.EntitySet
		}
	}
	if rows, ok := entityRows(msg.row); ok && many {
		m.env.Post(screen.OpenRows{Set: set, Rows: rows, Crumb: crumb})
		return nil
	}
	m.env.Post(screen.OpenRecord{Set: msg.path, Row: msg.row, Crumb: crumb})
	return nil
}

// entityRows reads a collection answer ({"value": [{…}, …]}) as rows; ok
// is false for anything else (an entity, a complex value, a primitive or a
// collection of primitives, which show as a record).
func entityRows(r odata.Row) ([]odata.Row, bool) {
	if len(r.Values) != 1 {
		return nil, false
	}
	list, ok := r.Values["value"].([]any)
	if !ok || len(list) == 0 {
		return nil, false
	}
	rows := make([]odata.Row, 0, len(list))
	for _, v := range list {
		obj, ok := v.(map[string]any)
		if !ok {
			return nil, false
		}
		rows = append(rows, odata.RowOf(obj))
	}
	return rows, true
}

// onCall runs the function call the parameter dialog built.
func (m *Model) onCall(msg dialog.FunctionCall) tea.Cmd {
	return m.request(msg.Name, msg.Path)
}
