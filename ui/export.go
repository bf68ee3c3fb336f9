package ui

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/odx-dev/odx/internal/termtext"
	"github.com/odx-dev/odx/odata"
	"github.com/odx-dev/odx/ui/screen"
	"github.com/odx-dev/odx/ui/styles"
)

// Export writes every row of a query — all pages, not the one shown — to a
// CSV, JSON or NDJSON file in the background. The file is written under a
// temporary name in the target folder and renamed when complete, so the
// final name never holds half a file; a cancelled or failed export removes
// the temporary file. One page (exportPageSize rows) is in memory at a time.
// The job never retries on its own: an error ends it with a sentence.
//
// The files are odata's writers': a CSV cell that a spreadsheet would run
// as a formula (a string starting with =, +, -, @, a tab or a CR, other
// than a plain negative number) gets a leading ' (odata.GuardCell); JSON
// writes DEL, C1 and bidi controls as \u escapes. The data is otherwise
// exactly the server's (the file is not for a terminal, so it is not
// sanitised).

// exportFormats are the formats an export writes, in the order the dialog
// (ui/dialog) offers them.
var exportFormats = []string{"csv", "json", "ndjson"}

// exportPageSize is the $top of an export's requests (ERP.net advises at
// most 1,000); a query's own $top is a limit, not a page size.
const exportPageSize = 1000

// exportProgressMsg reports a running export, at most ten times a second.
// The receiver re-issues next to hear more.
type exportProgressMsg struct {
	id      int
	rows    int64
	total   int64 // -1 when unknown
	elapsed time.Duration
	next    tea.Cmd
}

// exportDoneMsg ends an export: complete (err nil), cancelled
// (context.Canceled) or failed.
type exportDoneMsg struct {
	id      int
	rows    int64
	bytes   int64
	path    string
	elapsed time.Duration
	err     error
}

// exportJob is the channels between an export's goroutine and the UI.
// Progress keeps only the latest report; done holds the one final message,
// so the goroutine never blocks even if nobody listens any more.
type exportJob struct {
	id       int
	progress chan exportProgressMsg
	done     chan exportDoneMsg
}

// startExport writes every row of q to path in format in a goroutine that
// starts now, and returns the command that waits for its first message and
// the function that cancels it. Call it from Update (it creates the
// context); messages carry id so the receiver can drop an old job's.
func startExport(ctx context.Context, c *odata.Client, q odata.Query, format, path, lang string, total int64, id int) (tea.Cmd, context.CancelFunc) {
	ctx, cancel := context.WithCancel(ctx)
	j := &exportJob{id: id, progress: make(chan exportProgressMsg, 1), done: make(chan exportDoneMsg, 1)}
	go func() {
		start := time.Now()
		var last time.Time
		report := func(rows int64) {
			if now := time.Now(); now.Sub(last) >= 100*time.Millisecond {
				last = now
				j.send(exportProgressMsg{id: id, rows: rows, total: total, elapsed: now.Sub(start)})
			}
		}
		rows, n, err := writeExport(ctx, c, q, format, path, lang, report)
		j.done <- exportDoneMsg{id: id, rows: rows, bytes: n, path: path, elapsed: time.Since(start), err: err}
	}()
	return j.wait, cancel
}

// send replaces any unread progress report with p.
func (j *exportJob) send(p exportProgressMsg) {
	select {
	case <-j.progress:
	default:
	}
	select {
	case j.progress <- p:
	default:
	}
}

// wait is the listening command: the final message when it is there, else
// the next progress report.
func (j *exportJob) wait() tea.Msg {
	select {
	case d := <-j.done:
		return d
	default:
	}
	select {
	case d := <-j.done:
		return d
	case p := <-j.progress:
		p.next = j.wait
		return p
	}
}

// writeExport writes every row of q to path and returns the rows and bytes
// written: from row q.Skip+1 on, and at most q.Top rows when q has a $top
// (a go-to URL's limit), paged by exportPageSize. It writes to a temporary
// file next to path and renames it at the end; on any error or
// cancellation the temporary file is removed and the final name left
// untouched. progress is called after each page.
func writeExport(ctx context.Context, c *odata.Client, q odata.Query, format, path, lang string, progress func(rows int64)) (rows, size int64, err error) {
	return writePaged(ctx, c, q, exportPageSize, format, path, lang, progress)
}

// writePaged is writeExport with pages of pageSize rows.
func writePaged(ctx context.Context, c *odata.Client, q odata.Query, pageSize int, format, path, lang string, progress func(rows int64)) (rows, size int64, err error) {
	limit, skip := int64(max(0, q.Top)), max(0, q.Skip)
	q.Top = pageSize
	if limit > 0 {
		q.Top = int(min(limit, int64(pageSize)))
	}
	q.Count = false
	if format != "csv" && format != "json" && format != "ndjson" {
		return 0, 0, fmt.Errorf("unknown export format %q; choose csv, json or ndjson", format)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.part")
	if err != nil {
		return 0, 0, fmt.Errorf("cannot create a file in %s (%w); choose another folder", filepath.Dir(path), errors.Unwrap(err))
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	cw := &countWriter{w: tmp}
	var w odata.RowWriter
	// The walk is pipelined: the next page is fetched while this one is
	// written. With a limit it asks for the full pages the limit holds,
	// then (below) for just the rows left.
	full := 0
	if limit > 0 {
		full = int(limit / int64(q.Top))
	}
	pf := odata.Prefetch(ctx, c.Pager(q).Raw(), full)
	defer pf.Close()
	var pager odata.PageSource = pf
	lastPage := false
	for {
		page, perr := pager.Next(ctx)
		if perr == io.EOF && !lastPage && limit > 0 && rows < limit && rows == int64(full)*int64(q.Top) {
			// The full pages are written: ask for just the rows left.
			lastPage = true
			q.Skip, q.Top = skip+int(rows), int(limit-rows)
			pager = c.Pager(q).Raw()
			page, perr = pager.Next(ctx)
		}
		if perr == io.EOF {
			break
		}
		if perr != nil {
			return rows, 0, perr
		}
		if w == nil {
			switch format {
			case "csv":
				csvw := odata.NewCSVWriter(cw, page.Columns)
				csvw.Language = lang // multi-language texts: this language's column first
				w = csvw
			case "json":
				w = odata.NewJSONWriter(cw)
			default:
				w = odata.NewNDJSONWriter(cw)
			}
		}
		n := page.Len()
		if limit > 0 {
			n = int(min(int64(n), max(0, limit-rows)))
		}
		written, err := odata.WriteRows(w, page, n)
		rows += int64(written)
		if err != nil {
			return rows, 0, writeError(path, err)
		}
		if err := ctx.Err(); err != nil {
			return rows, 0, err
		}
		progress(rows)
		if limit > 0 && rows >= limit {
			break // the limit is reached: no request for rows beyond it
		}
	}
	if w != nil {
		if err := w.Close(); err != nil {
			return rows, 0, writeError(path, err)
		}
	}
	if err := tmp.Sync(); err != nil {
		return rows, 0, writeError(path, err)
	}
	if err := tmp.Close(); err != nil {
		return rows, 0, writeError(path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return rows, 0, writeError(path, err)
	}
	return rows, cw.n, nil
}

func writeError(path string, err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return fmt.Errorf("cannot write %s (%w); check the disk and the folder's permissions", path, err)
}

// countWriter counts the bytes written through it.
type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// exportModel is the export in the background: at most one job, shown as
// one status line while it runs and as a notice when it ends.
type exportModel struct {
	st      *styles.Styles
	lang    string // the language of multi-language texts (CSV: its column first)
	id      int    // the current job; messages of others are dropped
	stop    context.CancelFunc
	running bool
	halting bool // cancel asked, waiting for the job to clean up
	path    string
	rows    int64
	total   int64
	elapsed time.Duration
	text    string // the final notice
	isErr   bool
}

// newExportModel returns an idle export model.
func newExportModel(st *styles.Styles) exportModel {
	return exportModel{st: st}
}

// start begins exporting q (total rows, -1 when unknown) to path, cancelling
// a job still running, and returns the command to issue.
func (m *exportModel) start(ctx context.Context, c *odata.Client, q odata.Query, format, path string, total int64) tea.Cmd {
	m.cancel()
	m.id++
	cmd, stop := startExport(ctx, c, q, format, path, m.lang, total, m.id)
	m.stop, m.running, m.halting = stop, true, false
	m.path, m.rows, m.total, m.elapsed = path, 0, total, 0
	m.text, m.isErr = "", false
	return cmd
}

// update takes an exportProgressMsg or exportDoneMsg. It returns the
// command that listens on, and done when the job ended: read notice then.
// Messages of an older job are dropped.
func (m *exportModel) update(msg tea.Msg) (cmd tea.Cmd, done bool) {
	switch msg := msg.(type) {
	case exportProgressMsg:
		if msg.id != m.id || !m.running {
			return nil, false
		}
		m.rows, m.elapsed = msg.rows, msg.elapsed
		return msg.next, false
	case exportDoneMsg:
		if msg.id != m.id || !m.running {
			return nil, false
		}
		if m.stop != nil {
			m.stop() // release the finished job's context
		}
		m.running, m.halting, m.stop = false, false, nil
		m.rows, m.elapsed = msg.rows, msg.elapsed
		m.text, m.isErr = doneText(msg)
		return nil, true
	}
	return nil, false
}

// doneText is the notice for a finished job.
func doneText(msg exportDoneMsg) (string, bool) {
	path := termtext.Sanitize(msg.path)
	switch {
	case msg.err == nil:
		return fmt.Sprintf("exported %s rows to %s (%s)", termtext.GroupThousands(fmt.Sprint(msg.rows)), path, termtext.HumanSize(msg.bytes)), false
	case errors.Is(msg.err, context.Canceled):
		return "export cancelled; nothing written", false
	}
	return fmt.Sprintf("export failed after %s rows, nothing written: %s", termtext.GroupThousands(fmt.Sprint(msg.rows)), screen.OneLine(msg.err)), true
}

// cancel stops the running job; its done message follows once the
// temporary file is gone.
func (m *exportModel) cancel() {
	if m.running && m.stop != nil {
		m.stop()
		m.halting = true
	}
}

// active reports whether a job is running (until its done message).
func (m exportModel) active() bool { return m.running }

// notice is the sentence for the status line after a job ended.
func (m exportModel) notice() (text string, isErr bool) { return m.text, m.isErr }

// view is the status line of a running job in width cells, such as
// "⬇ 1,250/2,600 rows · 3,400 rows/s · ETA 0:01 [██████░░░░]"; "" when idle.
func (m exportModel) view(width int) string {
	if !m.running {
		return ""
	}
	if m.halting {
		return m.st.Status.Render(screen.Fit("⬇ cancelling export…", width))
	}
	rows := termtext.GroupThousands(fmt.Sprint(m.rows))
	if m.total >= 0 {
		rows += "/" + termtext.GroupThousands(fmt.Sprint(m.total))
	}
	parts := []string{"⬇ " + rows + " rows"}
	rate := 0.0
	if s := m.elapsed.Seconds(); s > 0 {
		rate = float64(m.rows) / s
		parts = append(parts, termtext.GroupThousands(fmt.Sprint(int64(rate)))+" rows/s")
	}
	if m.total > 0 && rate > 0 && m.rows <= m.total {
		eta := time.Duration(float64(m.total-m.rows) / rate * float64(time.Second))
		parts = append(parts, "ETA "+clock(eta))
	}
	line := strings.Join(parts, " · ")
	if m.total > 0 {
		frac := min(1, float64(m.rows)/float64(m.total))
		if w := ansi.StringWidth(line) + 3 + exportBarWidth; w <= width {
			return m.st.Status.Render(line+" [") + bar(m.st, frac, exportBarWidth) + m.st.Status.Render("]")
		}
	}
	return m.st.Status.Render(screen.Fit(line, width))
}

// exportBarWidth is the cells of the progress bar.
const exportBarWidth = 10

// bar draws frac (0–1) as w cells of █ and ░. (bubbles' progress would
// bring in harmonica, a spring-animation module not in go.sum, for a bar
// that is redrawn at most ten times a second anyway.)
func bar(st *styles.Styles, frac float64, w int) string {
	full := int(math.Round(frac * float64(w)))
	full = max(0, min(w, full))
	return st.Title.Render(strings.Repeat("█", full)) + st.Dim.Render(strings.Repeat("░", w-full))
}

// clock is a duration as m:ss (h:mm:ss from an hour).
func clock(d time.Duration) string {
	s := int64(d.Round(time.Second) / time.Second)
	if s >= 3600 {
		return fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
	}
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}
