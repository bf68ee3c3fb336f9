package dialog

// Actions a dialog posts (Env.Post) for the screen that opened it; the
// root forwards them there. A dialog posts its action first and
// screen.CloseDialog after it, so the root still knows where the action
// goes.

// Kinds of dialog, as Kind returns them (and screen.CloseDialog takes).
const (
	KindColumns = "columns"
	KindExpand  = "expand"
	KindFilter  = "filter"
	KindGoTo    = "goto"
	KindHistory = "history"
	KindExport  = "export"
)

// ColumnsChosen is the column picker's apply (enter): the columns to show,
// in order, and the $select that shows exactly them (nil: send none; see
// SelectFor).
type ColumnsChosen struct {
	Columns []string
	Select  []string
}

// ExpandChosen is the expand picker's choice (enter): Nav was toggled, and
// Expand is the whole new $expand list.
type ExpandChosen struct {
	Nav    string
	Expand []string
}

// FilterApplied is enter in the filter editor: Filter is the $filter to run
// ("" clears it). The editor stays open: the screen closes it
// (screen.CloseDialog{Kind: KindFilter}) when the server accepts the
// filter, and on a refusal opens a new editor with SetError.
type FilterApplied struct{ Filter string }
