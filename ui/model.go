package ui

import (
	"context"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"

	"github.com/odx-dev/odx/auth"
	"github.com/odx-dev/odx/internal/httplog"
	"github.com/odx-dev/odx/internal/state"
	"github.com/odx-dev/odx/internal/termtext"
	"github.com/odx-dev/odx/odata"
	"github.com/odx-dev/odx/ui/screen"
	"github.com/odx-dev/odx/ui/sets"
	"github.com/odx-dev/odx/ui/styles"
)

// Options is what the explorer needs: where it is connected and how.
type Options struct {
	Profile  string // profile name for the header ("" for none)
	Instance string // instance base URL, for the header
	ClientID string
	Language string // multi-language values: the language shown (default EN)
	PageSize int    // rows per page (default 50)

	Present bool // presenter mode from the start (--present)

	// NoMouse leaves the mouse to the terminal (its own text selection on
	// a plain drag); by default the explorer takes clicks and the wheel.
	NoMouse bool

	Client *odata.Client // its HTTP client carries Auth's transport
	Auth   *auth.Source

	// PrefsDir is where the state file (column layouts, history) lives;
	// "" keeps them in memory only.
	PrefsDir string

	// RequestLog, when not nil, records the session's HTTP exchanges for
	// the request log (L); install its Wrap as the base transport.
	RequestLog *httplog.Log

	// Context bounds every request; nil means context.Background.
	Context context.Context

	// Warnings are shown as an error notice when the explorer starts (the
	// config's warnings, printed before the explorer took the screen).
	Warnings []string
}

// Model is the root of the explorer: a stack of screens, one dialog over
// the top one, the header, the status line and help. It routes messages and
// draws the frame; every screen's state is the screen's own.
type Model struct {
	opts   Options
	env    *screen.Env
	status *screen.Status
	width  int
	height int

	isDark bool
	cast   []string // key-cast line of presenter mode

	stack       []screen.Screen // stack[0] is the set list
	dialog      screen.Dialog   // the open dialog, nil when none
	dialogOwner int             // id of the screen that opened it

	help     *help.Model // a pointer: the root is copied on every message
	showHelp bool
	helpOff  int // first line of the full help shown (small terminals)
	spin     spinner.Model

	export     exportModel
	exportFrom int // id of the grid whose export is running

	metaAsked bool      // $metadata was asked for (once per session)
	expiry    time.Time // current token's expiry, for the badge

	frame *frameCache // the frame's lines kept from the last View (frame.go)
}

// New returns the explorer's root model.
func New(opts Options) Model {
	if opts.PageSize <= 0 {
		opts.PageSize = 50
	}
	if opts.Language == "" {
		opts.Language = "EN"
	}
	if opts.Context == nil {
		opts.Context = context.Background()
	}
	if opts.RequestLog == nil {
		opts.RequestLog = httplog.New(1) // nothing recorded: the pane says so
	}
	st := styles.New(true)
	status := &screen.Status{}
	env := screen.NewEnv(status)
	env.Ctx, env.Client, env.Auth = opts.Context, opts.Client, opts.Auth
	env.Profile, env.Instance, env.ClientID = opts.Profile, opts.Instance, opts.ClientID
	env.Language, env.PageSize = opts.Language, opts.PageSize
	env.Styles, env.Keys = &st, screen.DefaultKeyMap()
	env.Now = time.Now()
	if opts.Client != nil {
		env.Dialect = opts.Client.Dialect()
	}
	prefs, notice := state.Load(opts.PrefsDir)
	env.Prefs = prefs
	m := Model{
		opts: opts, env: env, status: status,
		width: 80, height: 24, isDark: true,
		help: new(help.New()), frame: &frameCache{},
		spin: spinner.New(spinner.WithSpinner(spinner.MiniDot)),
	}
	m.help.Styles = st.Help
	m.export = newExportModel(env.Styles)
	m.export.lang = opts.Language
	env.Spinner = m.spin.View()
	if notice != "" {
		env.Notice(notice, true)
	}
	if len(opts.Warnings) > 0 {
		env.Notice("warning: "+termtext.Sanitize(strings.Join(opts.Warnings, "; ")), true)
	}
	m.stack = []screen.Screen{sets.New(env)}
	if opts.Present {
		m.setPresent(true)
	}
	return m
}

// Init starts authentication and the entity-set list.
func (m Model) Init() tea.Cmd {
	return tea.Batch(
		tea.RequestBackgroundColor,
		m.spin.Tick,
		tick(),
		m.stack[0].Init(),
	)
}

func tick() tea.Cmd {
	return tea.Tick(time.Second, func(t time.Time) tea.Msg { return tickMsg(t) })
}

// tickMsg drives the token countdown and fades notices.
type tickMsg time.Time

// metadataLoadedMsg is the parsed $metadata (loaded in the background).
type metadataLoadedMsg struct {
	model *odata.Model
	err   error
}

// loadMetadataCmd reads $metadata (from the cache when it is current).
func loadMetadataCmd(ctx context.Context, c *odata.Client) tea.Cmd {
	return func() tea.Msg {
		m, err := c.Metadata(ctx)
		return metadataLoadedMsg{model: m, err: err}
	}
}

func (m *Model) top() screen.Screen { return m.stack[len(m.stack)-1] }

// find returns the screen with id, or nil when it is gone.
func (m *Model) find(id int) screen.Screen {
	for _, s := range m.stack {
		if s.ID() == id {
			return s
		}
	}
	return nil
}

// bodyH is the height between the header and the status line.
func (m Model) bodyH() int {
	if m.env.Present {
		return max(1, m.height-4) // the key-cast line
	}
	return max(1, m.height-3)
}

// layout gives every screen the body's size.
func (m *Model) layout() {
	m.help.SetWidth(m.width)
	for _, s := range m.stack {
		s.SetSize(m.width, m.bodyH())
	}
}

// authExpiry is when the cached token expires (false when none).
func (m Model) authExpiry() (time.Time, bool) {
	if m.opts.Auth == nil {
		return time.Time{}, false
	}
	return m.opts.Auth.Expiry()
}

// cancelAll stops every screen's work and the export.
func (m *Model) cancelAll() {
	m.export.cancel()
	for _, s := range m.stack {
		s.Close()
	}
}
