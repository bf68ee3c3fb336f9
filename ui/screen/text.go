package screen

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/odx-dev/odx/internal/termtext"
	"github.com/odx-dev/odx/ui/styles"
)

// Text helpers for laying out a body: every screen and dialog uses them.

// OneLine is an error as one sanitised line.
func OneLine(err error) string {
	return termtext.Sanitize(strings.Join(strings.Fields(err.Error()), " "))
}

// Fit cuts or pads s to exactly w cells.
func Fit(s string, w int) string {
	if ansi.StringWidth(s) > w {
		return ansi.Truncate(s, w, "…")
	}
	return Pad(s, w)
}

// Cut cuts s to at most w cells, with … where it was cut.
func Cut(s string, w int) string {
	if ansi.StringWidth(s) > w {
		return ansi.Truncate(s, w, "…")
	}
	return s
}

// Pad fills s with spaces to w cells.
func Pad(s string, w int) string {
	if n := w - ansi.StringWidth(s); n > 0 {
		return s + strings.Repeat(" ", n)
	}
	return s
}

// Wrap breaks s into lines of at most w cells, at spaces where it can.
func Wrap(s string, w int) []string {
	if w <= 0 || ansi.StringWidth(s) <= w {
		return []string{s}
	}
	return strings.Split(ansi.Hardwrap(ansi.Wordwrap(s, w, " "), w, true), "\n")
}

// FitLines cuts s to h lines of at most w cells, padding short bodies with
// empty lines.
func FitLines(s string, w, h int) []string {
	ls := strings.Split(s, "\n")
	if len(ls) > h {
		ls = ls[:h]
	}
	for i, l := range ls {
		if ansi.StringWidth(l) > w {
			ls[i] = ansi.Truncate(l, w, "…")
		}
	}
	for len(ls) < h {
		ls = append(ls, "")
	}
	return ls
}

// PadLines cuts s to h lines and pads it with empty lines to h, without
// measuring widths: for bodies known to fit (see Fitted).
func PadLines(s string, h int) []string {
	ls := strings.SplitN(s, "\n", h+1)
	if len(ls) > h {
		ls = ls[:h]
	}
	for len(ls) < h {
		ls = append(ls, "")
	}
	return ls
}

// OverlayBottom replaces the last lines of body (h lines) with box.
func OverlayBottom(body, box string, h int) string {
	lines := FitLines(body, 1<<20, h)
	bl := strings.Split(box, "\n")
	if len(bl) > h {
		bl = bl[len(bl)-h:]
	}
	copy(lines[h-len(bl):], bl)
	return strings.Join(lines, "\n")
}

// Indent puts pre before every line of s.
func Indent(s, pre string) string {
	ls := strings.Split(s, "\n")
	for i := range ls {
		ls[i] = pre + ls[i]
	}
	return strings.Join(ls, "\n")
}

// crumbs is the last breadcrumb drawn, kept while its parts and styles
// stay the same (a grid draws the same one on every key).
var crumbs struct {
	sync.Mutex
	gen   uint64
	parts []string
	out   string
}

// Crumb renders a breadcrumb: Crm_Sales_Customers › C-000042 › SalesOrders.
func Crumb(st *styles.Styles, parts []string) string {
	if st.Gen == 0 {
		return drawCrumb(st, parts)
	}
	crumbs.Lock()
	defer crumbs.Unlock()
	if crumbs.gen != st.Gen || crumbs.parts == nil || !slices.Equal(crumbs.parts, parts) {
		crumbs.gen, crumbs.parts, crumbs.out = st.Gen, append(make([]string, 0, len(parts)), parts...), drawCrumb(st, parts)
	}
	return crumbs.out
}

// drawCrumb draws the parts that say something: a record without a title
// (a function's answer) adds no empty step and no bare ›.
func drawCrumb(st *styles.Styles, parts []string) string {
	out := make([]string, 0, len(parts))
	for _, p := range parts {
		if p != "" {
			out = append(out, st.Crumb.Render(termtext.Sanitize(p)))
		}
	}
	return " " + strings.Join(out, st.CrumbSep.Render(" › "))
}

// ErrorBody is the one-sentence error shown in place of a screen's
// content, wrapped to width, with a hint of the keys that help.
func ErrorBody(st *styles.Styles, err error, hint string, width int) string {
	lines := Wrap(OneLine(err), max(20, width-4))
	var b strings.Builder
	b.WriteString("\n")
	for i, l := range lines {
		if i == 0 {
			b.WriteString("  " + st.Error.Render("✗ "+l) + "\n")
		} else {
			b.WriteString("    " + st.Error.Render(l) + "\n")
		}
	}
	b.WriteString("\n  " + st.ErrorHint.Render(hint))
	return b.String()
}

// FormatLeft is a duration as a countdown: 1h02m, 59m58s, 42s, expired.
func FormatLeft(d time.Duration) string {
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

// HostOf is the host of a URL, or the URL itself when it has none.
func HostOf(u string) string {
	p, err := url.Parse(u)
	if err != nil || p.Host == "" {
		return u
	}
	return p.Host
}

// MaskMiddle keeps the ends of s and hides the middle: "acme.my.erp.net"
// reads "acm…net", enough to recognise, not enough to copy (presenter
// mode).
func MaskMiddle(s string) string {
	r := []rune(s)
	if len(r) <= 6 {
		return strings.Repeat("•", len(r))
	}
	keep := min(4, len(r)/4)
	return string(r[:keep]) + "…" + string(r[len(r)-keep:])
}

// SetName is the entity set of a resource path ("Set(key)/x" → "Set").
func SetName(path string) string {
	if i := strings.IndexAny(path, "(/"); i >= 0 {
		return path[:i]
	}
	return path
}
