package ui

import (
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/odx-dev/odx/ui/styles"
)

// Golden views of the data-out screens at 80 columns: the export dialog
// and the export progress line. The request log's are in ui/reqlog.
func TestDataOutGolden(t *testing.T) {
	st := styles.New(true)
	keys := DefaultKeyMap()
	at := time.Date(2026, 11, 26, 9, 15, 0, 0, time.UTC)

	t.Run("export_dialog", func(t *testing.T) {
		d := newExportDialog("Crm_Sales_Customers", 2600, at, &st, keys)
		golden.RequireEqual(t, []byte(ansi.Strip(d.view(80))))
	})
	t.Run("export_progress", func(t *testing.T) {
		e := newExportModel(&st)
		e.running, e.rows, e.total, e.elapsed = true, 1250, 2600, 5*time.Second
		golden.RequireEqual(t, []byte(ansi.Strip(e.view(80))))
	})
}
