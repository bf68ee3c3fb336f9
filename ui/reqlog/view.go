package reqlog

import (
	"fmt"
	"net/http"
	"sort"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/odx-dev/odx/internal/httplog"
	"github.com/odx-dev/odx/internal/termtext"
	"github.com/odx-dev/odx/ui/screen"
)

// View renders the pane in exactly the lines and cells given to SetSize.
func (m *Model) View() string {
	w, h := m.width, m.height
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

func (m *Model) listLines(w, h int) []string {
	st := m.env.Styles
	title := fmt.Sprintf("Request log · %d requests · enter details · esc back", len(m.entries))
	lines := []string{st.Title.Render(screen.Fit(title, w))}
	if len(m.entries) == 0 {
		return append(lines, st.Dim.Render(screen.Fit("No requests yet.", w)))
	}
	lines = append(lines, st.Dim.Render(screen.Fit(fmt.Sprintf("%-8s  %-6s %-3s %5s %7s %8s %-6s %s", "time", "method", "st", "rows", "ms", "bytes", "", "url"), w)))
	rows := max(1, h-2)
	top := window(m.top, m.cursor, rows)
	for i := top; i < len(m.entries) && i < top+rows; i++ {
		line := screen.Fit(m.listLine(m.entries[i]), w)
		switch {
		case i == m.cursor:
			line = st.Selected.Render(line)
		case m.entries[i].Err != "" || m.entries[i].Status >= 400:
			line = st.Error.Render(line)
		case m.entries[i].Token:
			line = st.Dim.Render(line)
		}
		lines = append(lines, line)
	}
	return lines
}

// listLine is one entry: time, method, status, rows, ms, bytes, mark, URL path.
func (m *Model) listLine(e httplog.Entry) string {
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
		termtext.HumanSize(e.Bytes), mark, readableURL(e.URL, false))
}

// detailLines are the entry's details under a title, scrolled.
func (m *Model) detailLines(e httplog.Entry, w, h int) []string {
	st := m.env.Styles
	body := m.detailBody(e, w)
	title := st.Title.Render(screen.Fit("Request details · ↑/↓ scroll · esc list", w))
	rows := max(1, h-1)
	scroll := max(0, min(m.scroll, len(body)-rows))
	end := min(len(body), scroll+rows)
	out := []string{title}
	for _, l := range body[scroll:end] {
		out = append(out, screen.Fit(l, w))
	}
	return out
}

// detailBody is every line of an entry's details, wrapped to w cells.
func (m *Model) detailBody(e httplog.Entry, w int) []string {
	st := m.env.Styles
	var body []string
	// add appends s cut into lines of w cells, each continuation indented
	// like the first line's leading spaces.
	add := func(style func(...string) string, s string) {
		ind := len(s) - len(strings.TrimLeft(s, " "))
		ind = min(ind, w/2)
		for _, l := range strings.Split(ansi.Hardwrap(s[ind:], max(1, w-ind), true), "\n") {
			body = append(body, style(strings.Repeat(" ", ind)+l))
		}
	}
	plain := st.Value.Render
	u := readableURL(e.URL, true)
	if m.env.Present {
		u = readableURL(e.URL, false) // the path only: the host stays off the projector
	}
	add(st.Title.Render, termtext.Sanitize(e.Method)+" "+u)
	facts := []string{e.Time.Format("15:04:05.000")}
	if e.Status > 0 {
		facts = append(facts, fmt.Sprintf("status %d", e.Status))
	}
	facts = append(facts, fmt.Sprintf("%d ms", e.Duration.Milliseconds()), termtext.HumanSize(e.Bytes))
	if e.Token {
		facts = append(facts, "token request")
	}
	if e.Replay {
		facts = append(facts, "replayed after re-authentication")
	}
	add(st.Dim.Render, strings.Join(facts, " · "))
	if e.Err != "" {
		add(st.Error.Render, "Error: "+termtext.Sanitize(e.Err))
	}
	if len(e.RequestHeader) > 0 {
		// One line each, cut to the width: a header the log did not record
		// (a credential) reads "Authorization: [not recorded]".
		body = append(body, "", st.Label.Render("Request headers"))
		for _, k := range sortedNames(e.RequestHeader) {
			for _, v := range e.RequestHeader[k] {
				body = append(body, plain(screen.Cut("  "+termtext.Sanitize(k)+": "+termtext.Sanitize(v), w)))
			}
		}
	}
	if len(e.Header) > 0 {
		body = append(body, "", st.Label.Render("Response headers"))
		for _, k := range sortedNames(e.Header) {
			for _, v := range e.Header[k] {
				add(plain, "  "+termtext.Sanitize(k)+": "+termtext.Sanitize(v))
			}
		}
	}
	body = append(body, "")
	switch {
	case e.Token:
		add(st.Dim.Render, "Body not kept: a token response holds the access token.")
	case len(e.Body) == 0:
		add(st.Dim.Render, "No body.")
	case m.env.Present:
		add(st.Dim.Render, "Body hidden while presenting (P): it may hold customer data.")
	default:
		label := "Body"
		if int64(len(e.Body)) < e.Bytes {
			label = fmt.Sprintf("Body (first %s of %s)", termtext.HumanSize(int64(len(e.Body))), termtext.HumanSize(e.Bytes))
		}
		body = append(body, st.Label.Render(label))
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

// sortedNames are h's names, sorted without regard to case (names keep the
// spelling they were sent with: ConsistencyLevel beside Content-Type).
func sortedNames(h http.Header) []string {
	names := make([]string, 0, len(h))
	for k := range h {
		names = append(names, k)
	}
	sort.Slice(names, func(i, j int) bool {
		if a, b := strings.ToLower(names[i]), strings.ToLower(names[j]); a != b {
			return a < b
		}
		return names[i] < names[j]
	})
	return names
}
