package ui

import (
	"fmt"
	"net/url"
	"sort"
	"strings"
	"unicode/utf8"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/odx-dev/odx/internal/httplog"
	"github.com/odx-dev/odx/internal/termtext"
	"github.com/odx-dev/odx/ui/styles"
)

// logModel is the request log pane: a list of the session's exchanges,
// oldest first, with a cursor (Up/Down, g/G, pgup/pgdown); enter shows an
// entry's details (request line, status, timing, response headers and the
// first KiB of the body), esc returns to the list. The cursor follows new
// entries while it is on the last one. Every server string is sanitised.
type logModel struct {
	log     *httplog.Log
	st      *styles.Styles
	keys    KeyMap
	entries []httplog.Entry
	ver     uint64
	cursor  int
	top     int // first list row shown
	width   int // from setSize, for clamping the detail scroll
	rows    int // list rows that fit, from setSize
	detail  bool
	scroll  int  // first detail line shown
	present bool // presenter mode: host masked, bodies hidden
}

// newLogModel returns the pane for l.
func newLogModel(l *httplog.Log, st *styles.Styles, keys KeyMap) logModel {
	m := logModel{log: l, st: st, keys: keys, width: 80, rows: 22, ver: ^uint64(0)}
	m.refresh()
	return m
}

// setSize tells the pane its size, so that paging keys move by a screen.
func (m *logModel) setSize(w, h int) { m.width, m.rows = max(1, w), max(1, h-2) }

// refresh takes the log's current entries (cheap when nothing changed).
func (m *logModel) refresh() {
	if m.log == nil {
		return
	}
	v := m.log.Version()
	if v == m.ver {
		return
	}
	follow := m.cursor >= len(m.entries)-1
	var seq uint64
	if m.cursor < len(m.entries) {
		seq = m.entries[m.cursor].Seq
	}
	m.ver, m.entries = v, m.log.Entries()
	if follow {
		m.cursor = len(m.entries) - 1
	} else {
		// Keep the cursor on its entry while old ones drop off the ring.
		m.cursor = 0
		for i, e := range m.entries {
			if e.Seq == seq {
				m.cursor = i
			}
		}
	}
	m.cursor = max(0, m.cursor)
}

// update handles a key and reports whether the pane used it; esc is used
// only to leave the details, so an unhandled esc means "close the pane".
func (m *logModel) update(k tea.KeyPressMsg) (handled bool) {
	if m.detail {
		switch {
		case key.Matches(k, m.keys.Back):
			m.detail = false
		case key.Matches(k, m.keys.Up):
			m.scroll = max(0, m.scroll-1)
		case key.Matches(k, m.keys.Down):
			m.scroll++
		case key.Matches(k, m.keys.PrevPage):
			m.scroll = max(0, m.scroll-m.rows)
		case key.Matches(k, m.keys.NextPage):
			m.scroll += m.rows
		case key.Matches(k, m.keys.ScrollTop):
			m.scroll = 0
		case key.Matches(k, m.keys.ScrollEnd):
			m.scroll = 1 << 30
		default:
			return false
		}
		if m.detail && m.cursor < len(m.entries) {
			n := len(m.detailBody(m.entries[m.cursor], m.width))
			m.scroll = max(0, min(m.scroll, n-(m.rows+1)))
		}
		return true
	}
	last := len(m.entries) - 1
	switch {
	case key.Matches(k, m.keys.Up):
		m.cursor--
	case key.Matches(k, m.keys.Down):
		m.cursor++
	case key.Matches(k, m.keys.PrevPage):
		m.cursor -= m.rows
	case key.Matches(k, m.keys.NextPage):
		m.cursor += m.rows
	case key.Matches(k, m.keys.ScrollTop):
		m.cursor = 0
	case key.Matches(k, m.keys.ScrollEnd):
		m.cursor = last
	case key.Matches(k, m.keys.Open):
		if last >= 0 {
			m.detail, m.scroll = true, 0
		}
	default:
		return false
	}
	m.cursor = max(0, min(m.cursor, last))
	m.top = window(m.top, m.cursor, m.rows)
	return true
}

// window is the first row to show so that cursor is within rows of it.
func window(top, cursor, rows int) int {
	if cursor < top {
		return cursor
	}
	if cursor >= top+rows {
		return cursor - rows + 1
	}
	return max(0, top)
}

// view renders the pane in exactly h lines of w cells.
func (m logModel) view(w, h int) string {
	var lines []string
	if m.detail && m.cursor < len(m.entries) {
		lines = m.detailLines(m.entries[m.cursor], w, h)
	} else {
		lines = m.listLines(w, h)
	}
	for len(lines) < h {
		lines = append(lines, "")
	}
	return strings.Join(lines[:h], "\n")
}

func (m logModel) listLines(w, h int) []string {
	title := fmt.Sprintf("Request log · %d requests · enter details · esc back", len(m.entries))
	lines := []string{m.st.Title.Render(fit(title, w))}
	if len(m.entries) == 0 {
		return append(lines, m.st.Dim.Render(fit("No requests yet.", w)))
	}
	lines = append(lines, m.st.Dim.Render(fit(fmt.Sprintf("%-8s  %-6s %-3s %5s %7s %8s %-6s %s", "time", "method", "st", "rows", "ms", "bytes", "", "url"), w)))
	rows := max(1, h-2)
	top := window(m.top, m.cursor, rows)
	for i := top; i < len(m.entries) && i < top+rows; i++ {
		line := fit(m.listLine(m.entries[i]), w)
		switch {
		case i == m.cursor:
			line = m.st.Selected.Render(line)
		case m.entries[i].Err != "" || m.entries[i].Status >= 400:
			line = m.st.Error.Render(line)
		case m.entries[i].Token:
			line = m.st.Dim.Render(line)
		}
		lines = append(lines, line)
	}
	return lines
}

// listLine is one entry: time, method, status, rows, ms, bytes, mark, URL path.
func (m logModel) listLine(e httplog.Entry) string {
	status := "…"
	switch {
	case e.Err != "" && e.Status == 0:
		status = "ERR"
	case e.Status > 0:
		status = fmt.Sprint(e.Status)
	}
	mark := ""
	switch {
	case e.Token:
		mark = "token"
	case e.Replay:
		mark = "replay"
	}
	ms := "…"
	if e.Done || e.Err != "" || e.Status > 0 {
		ms = fmt.Sprint(e.Duration.Milliseconds())
	}
	rows := ""
	if e.Rows > 0 {
		rows = termtext.GroupThousands(fmt.Sprint(e.Rows))
	}
	return fmt.Sprintf("%-8s  %-6s %-3s %5s %7s %8s %-6s %s", e.Time.Format("15:04:05"), termtext.Sanitize(e.Method), status, rows, ms,
		humanSize(e.Bytes), mark, readableURL(e.URL, false))
}

// readableURL is the URL percent-decoded for reading (path and query; the
// origin only when full), sanitised.
func readableURL(raw string, full bool) string {
	u, err := url.Parse(raw)
	if err != nil {
		return termtext.Sanitize(raw)
	}
	s := u.EscapedPath()
	if p, err := url.PathUnescape(s); err == nil {
		s = p
	}
	if u.RawQuery != "" {
		q := u.RawQuery
		if d, err := url.PathUnescape(q); err == nil {
			q = d
		}
		s += "?" + q
	}
	if full {
		s = u.Scheme + "://" + u.Host + s
	}
	return termtext.Sanitize(s)
}

// detailLines are the entry's details under a title, scrolled.
func (m logModel) detailLines(e httplog.Entry, w, h int) []string {
	body := m.detailBody(e, w)
	title := m.st.Title.Render(fit("Request details · ↑/↓ scroll · esc list", w))
	rows := max(1, h-1)
	scroll := max(0, min(m.scroll, len(body)-rows))
	end := min(len(body), scroll+rows)
	out := []string{title}
	for _, l := range body[scroll:end] {
		out = append(out, fit(l, w))
	}
	return out
}

// detailBody is every line of an entry's details, wrapped to w cells.
func (m logModel) detailBody(e httplog.Entry, w int) []string {
	var body []string
	// add appends s cut into lines of w cells, each continuation indented
	// like the first line's leading spaces.
	add := func(st func(...string) string, s string) {
		ind := len(s) - len(strings.TrimLeft(s, " "))
		ind = min(ind, w/2)
		for _, l := range strings.Split(ansi.Hardwrap(s[ind:], max(1, w-ind), true), "\n") {
			body = append(body, st(strings.Repeat(" ", ind)+l))
		}
	}
	plain := m.st.Value.Render
	u := readableURL(e.URL, true)
	if m.present {
		u = readableURL(e.URL, false) // the path only: the host stays off the projector
	}
	add(m.st.Title.Render, termtext.Sanitize(e.Method)+" "+u)
	facts := []string{e.Time.Format("15:04:05.000")}
	if e.Status > 0 {
		facts = append(facts, fmt.Sprintf("status %d", e.Status))
	}
	facts = append(facts, fmt.Sprintf("%d ms", e.Duration.Milliseconds()), humanSize(e.Bytes))
	if e.Token {
		facts = append(facts, "token request")
	}
	if e.Replay {
		facts = append(facts, "replayed after re-authentication")
	}
	add(m.st.Dim.Render, strings.Join(facts, " · "))
	if e.Err != "" {
		add(m.st.Error.Render, "Error: "+termtext.Sanitize(e.Err))
	}
	if len(e.Header) > 0 {
		body = append(body, "", m.st.Label.Render("Response headers"))
		names := make([]string, 0, len(e.Header))
		for k := range e.Header {
			names = append(names, k)
		}
		sort.Strings(names)
		for _, k := range names {
			for _, v := range e.Header[k] {
				add(plain, "  "+termtext.Sanitize(k)+": "+termtext.Sanitize(v))
			}
		}
	}
	body = append(body, "")
	switch {
	case e.Token:
		add(m.st.Dim.Render, "Body not kept: a token response holds the access token.")
	case len(e.Body) == 0:
		add(m.st.Dim.Render, "No body.")
	case m.present:
		add(m.st.Dim.Render, "Body hidden while presenting (P): it may hold customer data.")
	default:
		label := "Body"
		if int64(len(e.Body)) < e.Bytes {
			label = fmt.Sprintf("Body (first %s of %s)", humanSize(int64(len(e.Body))), humanSize(e.Bytes))
		}
		body = append(body, m.st.Label.Render(label))
		text := e.Body
		if int64(len(text)) < e.Bytes {
			text = cutPartialRune(text)
		}
		for _, l := range strings.Split(string(text), "\n") {
			add(plain, "  "+termtext.Sanitize(strings.TrimSuffix(l, "\r")))
		}
	}
	return body
}

// cutPartialRune drops a UTF-8 sequence cut short at the end of b (the log
// keeps the first KiB, which may end inside a character).
func cutPartialRune(b []byte) []byte {
	for j := len(b) - 1; j >= 0 && j >= len(b)-utf8.UTFMax; j-- {
		if utf8.RuneStart(b[j]) {
			if !utf8.FullRune(b[j:]) {
				return b[:j]
			}
			break
		}
	}
	return b
}
