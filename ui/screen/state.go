package screen

// State is a read-only summary of what the explorer shows, for end-to-end
// tests and tools that drive it. The root fills the common part; the top
// screen fills its own (Screen.Fill).
type State struct {
	Screen     string   // "sets", "browse", "record", "token" or "log"
	Profile    string   // the profile history, layouts and views are kept under
	Breadcrumb []string // of the browse or record screen
	Sets       int      // entity sets listed
	Page       int      // page shown, from 1
	RowFrom    int      // first row number shown, from 1 (0: none)
	RowTo      int
	Count      int64  // total rows of the query, -1 when unknown
	Loading    bool   // the page asked for is still loading
	Err        string // the error shown in place of the screen's content
	Status     string // the status line's left part, without styles
	Notice     string // the transient notice, if any
	Cursor     [2]int // grid cursor: row in the page, column
	Record     int    // properties listed on the record screen
	Scopes     []string
	Reauths    int64  // re-authentications after a 401
	Fetched    int64  // tokens fetched
	Metadata   bool   // $metadata has arrived
	Query      string // the grid's request, decoded: Set?$filter=…
	Modal      bool   // an editor or picker has the keyboard
	EditorErr  string // the server's error shown beside the filter editor
}
