package browse

import (
	"fmt"
	"strings"

	"github.com/odx-dev/odx/internal/termtext"
)

// What the status line says of a result: its rows, count, limit, page
// and time.

// rowRange is "101–150" for the page shown, counted in the query's rows:
// with an offset of 20 the first row shown is row 21.
func (b *result) rowRange() (from, to int) {
	p, ok := b.pages[b.current]
	if !ok || len(p.Rows) == 0 {
		return 0, 0
	}
	from = b.offset + b.starts[b.current] + 1
	return from, from + len(p.Rows) - 1
}

// statusText is the status line's left part.
func (b *result) statusText() string {
	var parts []string
	parts = append(parts, termtext.Sanitize(b.query.Set))
	from, to := b.rowRange()
	of := ""
	if b.count >= 0 {
		of = " of " + termtext.GroupThousands(fmt.Sprint(b.count))
	}
	switch {
	case len(b.pages) == 0 && b.err == nil: // the first page is on its way: not "no rows" yet
		if b.count >= 0 {
			parts = append(parts, termtext.GroupThousands(fmt.Sprint(b.count))+" rows")
		}
	case from == 0:
		parts = append(parts, "no rows"+of)
	default:
		parts = append(parts, fmt.Sprintf("rows %s–%s", termtext.GroupThousands(fmt.Sprint(from)), termtext.GroupThousands(fmt.Sprint(to)))+of)
	}
	if b.limit > 0 {
		parts = append(parts, "top "+termtext.GroupThousands(fmt.Sprint(b.limit)))
	}
	if b.offset > 0 {
		parts = append(parts, "skip "+termtext.GroupThousands(fmt.Sprint(b.offset)))
	}
	if !b.static {
		pg := fmt.Sprintf("page %d", b.current+1)
		if b.last >= 0 {
			pg += fmt.Sprintf("/%d", b.last+1)
		}
		parts = append(parts, pg)
	}
	if b.elapsed > 0 {
		parts = append(parts, fmt.Sprintf("%d ms", b.elapsed.Milliseconds()))
	}
	return strings.Join(parts, " · ")
}
