// Package screen is what every screen of the explorer shares with the root
// and with the others, without knowing them: the Screen and Dialog
// interfaces, the Env a screen is given (session, styles, keys, clock), the
// messages by which screens ask for navigation, the key map, the status
// line's notice, and the text helpers that lay out a body.
//
// A screen never imports the root or another screen. It asks for
// navigation by posting a message (OpenQuery, OpenRecord, OpenRows, Back,
// OpenDialog…) with Env.Post; the root acts on it once the screen's Update
// returns. Every asynchronous reply of a screen is wrapped by Tag with the
// screen's id, so the root forwards it to the screen that asked, or drops
// it when that screen is gone.
package screen

import (
	"context"
	"time"

	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"

	"github.com/odx-dev/odx/auth"
	"github.com/odx-dev/odx/internal/state"
	"github.com/odx-dev/odx/odata"
	"github.com/odx-dev/odx/ui/styles"
)

// Screen is one page of the explorer's stack: the set list, a grid, a
// record, the token view, the request log.
type Screen interface {
	// ID identifies the screen for the replies of its commands (see Tag).
	ID() int
	// Init starts what the screen loads when it is pushed.
	Init() tea.Cmd
	// Update handles a key, a reply tagged with the screen's id (unwrapped),
	// or a broadcast (Focus, Tick, MetadataLoaded, StylesChanged).
	Update(msg tea.Msg) (Screen, tea.Cmd)
	// View draws the body: width × height cells as given to SetSize,
	// breadcrumb included.
	View() string
	// SetSize gives the screen the body's size.
	SetSize(width, height int)
	// KeyMap is the screen's live key map: bindings that do nothing here
	// are disabled, so help and behaviour agree. The root reads the keys
	// that work everywhere (token, log, go to, quit…) from it too.
	KeyMap() KeyMap
	// Help is what the help line and the full help show (help.KeyMap).
	Help() help.KeyMap
	// Status is the left part of the status line.
	Status() string
	// Capturing reports that a text input has the keyboard: every key but
	// ctrl+c goes to the screen.
	Capturing() bool
	// Fill writes what the screen shows into a State summary.
	Fill(s *State)
	// Close cancels whatever the screen started; it is being dropped.
	Close()
}

// Fitted is implemented by a screen whose View can already fit the size
// given to SetSize: at most that many lines, none wider. While Fitted
// reports true the root draws the body without measuring each line (the
// grid's frame, redrawn on every key, is the hot path of the explorer).
type Fitted interface {
	Fitted() bool
}

// Dialog is a modal over the top screen (filter editor, column picker, go
// to, history, export): while it is open it gets every key. It reports
// what the user chose by posting a typed action (Env.Post), which the root
// gives to the screen that opened it, and closes itself by posting
// CloseDialog.
type Dialog interface {
	// Update handles a key or a blink.
	Update(msg tea.Msg) (Dialog, tea.Cmd)
	// View draws the dialog over body (the top screen's view, width ×
	// height cells): an editor line at the bottom, or the whole body.
	View(body string, width, height int) string
	// Help is what the help line shows while the dialog is open.
	Help() help.KeyMap
	// Kind names the dialog ("filter", "columns", …) for State and for
	// closing a dialog of one kind.
	Kind() string
}

// Env is what every screen and dialog is given by the root: the session,
// the shared look, the clock and a way to post messages. The root owns it
// and updates its live fields; screens read them and never change them,
// except through Post and Notice.
type Env struct {
	Ctx    context.Context // bounds every request
	Client *odata.Client   // its HTTP client carries auth's transport
	Auth   *auth.Source    // nil: no token (tests)
	Prefs  *state.Prefs    // layouts and history; nil remembers nothing

	Profile  string // profile name ("" for none)
	Instance string // instance base URL
	ClientID string
	Language string // the language of multi-language values (EN)
	PageSize int    // rows per page

	Styles *styles.Styles // replaced in place when the look changes
	Keys   KeyMap         // the explorer's keys; screens copy and enable them

	// Live values, kept current by the root.
	Now      time.Time     // the clock of the one-second tick
	Spinner  string        // the spinner's current frame
	Present  bool          // presenter mode
	Meta     *odata.Model  // $metadata, nil until it arrives
	Names    bool          // technical names instead of $metadata's labels (T), on every screen
	Dialect  odata.Dialect // what the service understands
	SetNames []string      // the entity sets, for go to

	status *Status
	outbox []tea.Msg
	nextID int
}

// NewEnv returns an Env whose notices go to status.
func NewEnv(status *Status) *Env { return &Env{status: status} }

// NewID returns a new screen id.
func (e *Env) NewID() int { e.nextID++; return e.nextID }

// Post queues a message for the root, which handles it as soon as the
// current Update returns, before the next frame.
func (e *Env) Post(msg tea.Msg) { e.outbox = append(e.outbox, msg) }

// Drain returns the posted messages and forgets them (for the root).
func (e *Env) Drain() []tea.Msg {
	out := e.outbox
	e.outbox = nil
	return out
}

// Notice shows a transient notice on the status line.
func (e *Env) Notice(text string, isError bool) {
	if e.status != nil {
		e.status.Notify(e.Now, text, isError)
	}
}

// NoticeErr shows err as a one-line error notice.
func (e *Env) NoticeErr(err error) { e.Notice(OneLine(err), true) }

// Reply is the reply of a command started by screen To. The root gives Msg
// to that screen, or drops it when the screen is gone.
type Reply struct {
	To  int
	Msg tea.Msg
}

// Tag wraps cmd so that its reply (and the replies of a batch it returns)
// come back as a Reply to screen id.
func Tag(id int, cmd tea.Cmd) tea.Cmd {
	if cmd == nil {
		return nil
	}
	return func() tea.Msg {
		msg := cmd()
		switch m := msg.(type) {
		case nil:
			return nil
		case tea.BatchMsg:
			out := make(tea.BatchMsg, len(m))
			for i, c := range m {
				out[i] = Tag(id, c)
			}
			return out
		}
		return Reply{To: id, Msg: msg}
	}
}
