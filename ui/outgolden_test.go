package ui

import (
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/odx-dev/odx/ui/styles"
)

// Golden views of the data-out screens at 80 columns: the export progress
// line. The export dialog's is in ui/dialog, the request log's in
// ui/reqlog.
func TestDataOutGolden(t *testing.T) {
	st := styles.New(true)
	t.Run("export_progress", func(t *testing.T) {
		e := newExportModel(&st)
		e.running, e.rows, e.total, e.elapsed = true, 1250, 2600, 5*time.Second
		golden.RequireEqual(t, []byte(ansi.Strip(e.view(80))))
	})
}
