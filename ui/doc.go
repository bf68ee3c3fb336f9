// Package ui is the odx terminal explorer's root: a stack of screens
// (ui/sets, ui/browse, ui/record, ui/token, ui/reqlog) with one dialog
// (ui/dialog) over the top one, the header, the status line, help and
// presenter mode. It routes: window size, background colour and ctrl+c
// first; then the replies of screens' commands to the screen that asked
// (dropped when it is gone); then keys to the open dialog, else to the top
// screen; then ticks. It acts on the navigation messages screens post
// (screen.OpenQuery, OpenRecord, Back, OpenDialog…) and holds no screen's
// state. The export job, which outlives the dialog that started it, runs
// here too.
package ui
