package ui

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/odx-dev/odx/internal/httplog"
	"github.com/odx-dev/odx/ui/styles"
)

// Golden views of the data-out screens at 80 columns: the export dialog,
// the export progress line and the request log (list and detail).
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

	l := httplog.New(10)
	l.Add(httplog.Entry{Time: at, Method: "POST", URL: "https://acme.my.erp.net/id/connect/token", Status: 200, Bytes: 990, Duration: 41 * time.Millisecond, Token: true, Done: true})
	l.Add(httplog.Entry{Time: at.Add(time.Second), Method: "GET", URL: "https://acme.my.erp.net/api/domain/odata/Crm_Sales_Customers?%24top=50", Status: 401, Bytes: 0, Duration: 12 * time.Millisecond, Done: true,
		Header: http.Header{"Www-Authenticate": {`Bearer error="invalid_token"`}}})
	l.Add(httplog.Entry{Time: at.Add(time.Second), Method: "POST", URL: "https://acme.my.erp.net/id/connect/token", Status: 200, Bytes: 990, Duration: 38 * time.Millisecond, Token: true, Done: true})
	l.Add(httplog.Entry{Time: at.Add(time.Second), Method: "GET", URL: "https://acme.my.erp.net/api/domain/odata/Crm_Sales_Customers?%24top=50", Status: 200, Bytes: 31_204, Rows: 50, Duration: 95 * time.Millisecond, Replay: true, Done: true,
		Header: http.Header{"Content-Type": {"application/json;odata.metadata=minimal"}, "Odata-Version": {"4.0"}},
		Body:   []byte(`{"@odata.context":"$metadata#Crm_Sales_Customers","value":[{"Number":"C-000001","Name":{"EN":"Acme` + "\x1b[2J" + `"}}]}`)})
	lm := newLogModel(l, &st, keys)
	lm.setSize(80, 12)
	lm.refresh()
	t.Run("log_list", func(t *testing.T) {
		golden.RequireEqual(t, []byte(ansi.Strip(lm.view(80, 12))))
	})
	t.Run("log_detail", func(t *testing.T) {
		d := lm
		d.update(kp("enter"))
		golden.RequireEqual(t, []byte(ansi.Strip(d.view(80, 12))))
	})
}

// TestLogDetailWhilePresenting: the request log hides the host and the body
// in presenter mode.
func TestLogDetailWhilePresenting(t *testing.T) {
	st := styles.New(true)
	l := httplog.New(4)
	l.Add(httplog.Entry{Time: time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC), Method: "GET", URL: "https://acme.my.erp.net/api/domain/odata/Crm_Sales_Customers?%24top=50",
		Status: 200, Bytes: 40, Done: true, Body: []byte(`{"value":[{"Name":"Secret Customer Ltd"}]}`)})
	lm := newLogModel(l, &st, DefaultKeyMap())
	lm.setSize(80, 12)
	lm.refresh()
	lm.update(kp("enter"))
	lm.present = true
	got := ansi.Strip(lm.view(80, 12))
	for _, hidden := range []string{"acme.my.erp.net", "Secret Customer"} {
		if strings.Contains(got, hidden) {
			t.Errorf("presenting, the log detail shows %q:\n%s", hidden, got)
		}
	}
	if !strings.Contains(got, "/api/domain/odata/Crm_Sales_Customers") {
		t.Errorf("the path should stay visible:\n%s", got)
	}
}
