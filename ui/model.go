package ui

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/odx-dev/odx/auth"
	"github.com/odx-dev/odx/internal/httplog"
	"github.com/odx-dev/odx/internal/termtext"
	"github.com/odx-dev/odx/odata"
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

	Client *odata.Client // its HTTP client carries Auth's transport
	Auth   *auth.Source

	// PrefsDir is where the state file (column layouts, history) lives;
	// "" keeps them in memory only.
	PrefsDir string

	// httplog.Log, when not nil, records the session's HTTP exchanges for
	// the request log (L); install its Wrap as the base transport.
	RequestLog *httplog.Log

	// Context bounds every request; nil means context.Background.
	Context context.Context
}

// screen is what the body shows.
type screen int

const (
	screenSets screen = iota
	screenBrowse
	screenRecord
	screenToken
	screenLog
)

// frame is one step of the history that esc walks back.
type frame struct {
	screen screen
	browse *browseModel
	record *recordModel
}

// Model is the root of the explorer.
type Model struct {
	opts   Options
	ctx    context.Context
	keys   KeyMap
	styles *styles.Styles
	width  int
	height int

	isDark  bool
	present bool     // presenter mode
	cast    []string // key-cast line of presenter mode

	stack    []frame // stack[0] is the set list
	sets     setsModel
	token    tokenModel
	help     help.Model
	showHelp bool
	helpOff  int // first line of the full help shown (small terminals)
	spin     spinner.Model
	status   statusModel
	dlg      *exportDialog // the export dialog, while open
	export   exportModel
	reqlog   logModel

	modal       modal // the editor or picker that has the keyboard
	colPicker   *columnPicker
	navPicker   *navPicker
	filter      *filterEditor
	search      *pageSearch // stays after its line closes: ctrl+n/p
	gotoLine    *gotoLine
	history     *historyPicker
	pending     *browseModel // a changed query, until its first page arrives
	pendingFor  *browseModel // the grid it will replace
	pendingFrom modal
	exportFrom  int // seq of the grid whose export is running
	tokenSeq    int // the token view's request; older replies are dropped
	prefs       *prefs
	prefsNotice string

	seq         int // generation counter for every async request
	setsSeq     int
	setsLoading bool
	setsErr     error
	meta        *odata.Model
	metaErr     error
	metaLoading bool
	relSeq      int // related-record load in flight, 0 when none
	relCancel   context.CancelFunc
	counting    string // set whose count is in flight
	countStop   context.CancelFunc
	now         time.Time
	expiry      time.Time // current token's expiry, for the badge
}

// New returns the explorer's root model.
func New(opts Options) Model {
	if opts.PageSize <= 0 {
		opts.PageSize = 50
	}
	if opts.Language == "" {
		opts.Language = "EN"
	}
	ctx := opts.Context
	if ctx == nil {
		ctx = context.Background()
	}
	st := styles.New(true)
	keys := DefaultKeyMap()
	m := Model{
		opts: opts, ctx: ctx, keys: keys, styles: &st,
		width: 80, height: 24,
		help: help.New(),
		spin: spinner.New(spinner.WithSpinner(spinner.MiniDot)),
		now:  time.Now(),
	}
	m.help.Styles = st.Help
	m.sets = newSetsModel(m.styles, keys)
	m.token = newTokenModel(m.styles, keys)
	m.export = newExportModel(m.styles)
	if opts.RequestLog == nil {
		opts.RequestLog = httplog.New(1) // nothing recorded: the pane says so
		m.opts.RequestLog = opts.RequestLog
	}
	m.reqlog = newLogModel(opts.RequestLog, m.styles, keys)
	m.prefs, m.prefsNotice = loadPrefs(opts.PrefsDir)
	m.stack = []frame{{screen: screenSets}}
	m.isDark = true
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
		loadSetsCmd(m.ctx, m.opts.Client, m.opts.Auth, 1),
	)
}

func tick() tea.Cmd {
	return tea.Tick(time.Second, func(t time.Time) tea.Msg { return tickMsg(t) })
}

func (m *Model) top() *frame { return &m.stack[len(m.stack)-1] }

func (m *Model) nextSeq() int { m.seq++; return m.seq }

// Update routes in a fixed order: window size, background colour, ctrl+c;
// then async results (checked against their sequence numbers); then keys;
// then ticks and blinks to their owner.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.layout()
		return m, nil
	case tea.BackgroundColorMsg:
		m.isDark = msg.IsDark()
		m.setPresent(m.present)
		return m, nil
	case tea.KeyPressMsg:
		if key.Matches(msg, m.keys.ForceQuit) {
			m.cancelAll()
			return m, tea.Quit
		}
		if m.dlg != nil {
			return m.dialogMsg(msg)
		}
		if m.modal != modalNone {
			return m.modalMsg(msg)
		}
		return m.handleKey(msg)
	case prefsSavedMsg:
		if msg.err != nil {
			cmd := m.status.Notify(m.now, oneLine(msg.err), true)
			return m, cmd
		}
		return m, nil
	case exportProgressMsg, exportDoneMsg:
		return m.onExport(msg)
	case setsLoadedMsg:
		return m.onSets(msg)
	case metadataLoadedMsg:
		m.metaLoading = false
		m.meta, m.metaErr = msg.model, msg.err
		if msg.err != nil {
			cmd := m.status.Notify(m.now, "metadata unavailable: "+oneLine(msg.err), true)

			return m, cmd
		}
		for _, f := range m.stack {
			if f.browse != nil && !f.browse.static {
				f.browse.setMeta(msg.model)
			}
		}
		return m, nil
	case setCountMsg:
		m.counting = ""
		if m.countStop != nil {
			m.countStop()
			m.countStop = nil
		}
		m.sets.setCount(msg.name, msg.count, msg.err)
		cmd := m.countSelected()

		return m, cmd
	case pageLoadedMsg:
		return m.onPage(msg)
	case countLoadedMsg:
		for _, f := range m.stack {
			if f.browse != nil && f.browse.seq == msg.seq {
				f.browse.stopCount() // release its context
				if msg.err == nil {
					f.browse.setCount(msg.count)
				}
			}
		}
		return m, nil
	case relatedLoadedMsg:
		return m.onRelated(msg)
	case tokenInfoMsg:
		if msg.seq != m.tokenSeq {
			return m, nil
		}
		m.token.set(msg.info, msg.err)
		if exp, ok := m.authExpiry(); ok {
			m.expiry, m.token.srcExpiry = exp, exp
		}
		return m, nil
	case tickMsg:
		m.now = time.Time(msg)
		m.status.Expire(m.now)
		if m.top().screen == screenLog {
			m.reqlog.refresh()
		}
		var cmds []tea.Cmd
		if exp, ok := m.authExpiry(); ok {
			m.expiry = exp
			// A new token came in (renewed on expiry or after a 401):
			// the token view shows it.
			if m.top().screen == screenToken && m.token.have && !m.token.loading && !exp.Equal(m.token.srcExpiry) {
				m.token.loading = true
				m.tokenSeq = m.nextSeq()
				cmds = append(cmds, tokenInfoCmd(m.ctx, m.opts.Auth, false, m.tokenSeq))
			}
		}
		return m, tea.Batch(append(cmds, tick())...)
	case spinner.TickMsg:
		var cmd tea.Cmd
		m.spin, cmd = m.spin.Update(msg)
		return m, cmd
	}
	if m.dlg != nil { // the path input's blinks
		return m.dialogMsg(msg)
	}
	if m.modal != modalNone {
		return m.modalMsg(msg)
	}
	// Everything else (the list's filter results, blinks) goes to the set list.
	var cmd tea.Cmd
	m.sets, cmd = m.sets.update(msg)
	return m, cmd
}

// layout gives every screen its size: a header line, the body, the status
// line and the short help line.
func (m *Model) layout() {
	bodyH := m.bodyH()
	m.help.SetWidth(m.width)
	if m.pending != nil {
		m.pending.grid.SetSize(m.width, m.contentH())
	}
	m.sets.setSize(m.width, bodyH)
	m.token.setSize(m.width, bodyH)
	m.reqlog.setSize(m.width, bodyH)
	for _, f := range m.stack {
		if f.browse != nil {
			f.browse.grid.SetSize(m.width, m.contentH())
		}
		if f.record != nil {
			f.record.setSize(m.width, m.contentH())
		}
	}
}

// authExpiry is when the cached token expires (false when none).
func (m Model) authExpiry() (time.Time, bool) {
	if m.opts.Auth == nil {
		return time.Time{}, false
	}
	return m.opts.Auth.Expiry()
}

// bodyH is the height between the header and the status line; contentH
// what is left of it under a breadcrumb.
func (m Model) bodyH() int {
	if m.present {
		return max(1, m.height-4) // the key-cast line
	}
	return max(1, m.height-3)
}
func (m Model) contentH() int { return max(1, m.bodyH()-1) }

func (m *Model) cancelAll() {
	m.export.cancel()
	if m.pending != nil {
		m.pending.stop()
	}
	for _, f := range m.stack {
		if f.browse != nil {
			f.browse.stop()
		}
	}
	if m.relCancel != nil {
		m.relCancel()
	}
}

// hostOf is the host of a URL, for the header.
func hostOf(u string) string {
	p, err := url.Parse(u)
	if err != nil || p.Host == "" {
		return u
	}
	return p.Host
}

func oneLine(err error) string {
	return termtext.Sanitize(strings.Join(strings.Fields(err.Error()), " "))
}

// formatLeft is a duration as a countdown: 59m58s, 42s.
func formatLeft(d time.Duration) string {
	if d <= 0 {
		return "expired"
	}
	d = d.Round(time.Second)
	if d >= time.Hour {
		return fmt.Sprintf("%dh%02dm", int(d.Hours()), int(d.Minutes())%60)
	}
	if d >= time.Minute {
		return fmt.Sprintf("%dm%02ds", int(d.Minutes()), int(d.Seconds())%60)
	}
	return fmt.Sprintf("%ds", int(d.Seconds()))
}

// fit cuts or pads s to exactly w cells.
func fit(s string, w int) string {
	if ansi.StringWidth(s) > w {
		return ansi.Truncate(s, w, "…")
	}
	return pad(s, w)
}
