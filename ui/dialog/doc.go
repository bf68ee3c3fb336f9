// Package dialog holds the explorer's modals: the column picker, the expand
// picker, the filter editor, the go-to line, the query history and the
// export dialog. Each is a screen.Dialog: while it is open it has the
// keyboard, and it says what the user chose by posting a typed action
// (ColumnsChosen, ExpandChosen, FilterApplied) or a root message
// (screen.OpenQuery, screen.StartExport) with Env.Post, then
// screen.CloseDialog to close itself.
//
// It also holds what the dialogs read and write that screens need too: the
// property lists the pickers offer (ColumnProps, NavProps), the $select and
// $expand their choices give (SelectFor, ToggleExpand) and the go-to line's
// reader (ParseGoTo).
package dialog
