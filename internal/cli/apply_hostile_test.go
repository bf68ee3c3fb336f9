package cli

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/odx-dev/odx/internal/termtext"
	"github.com/odx-dev/odx/odata"
)

// TestGetApplyHostileTerminal: `odx get --apply` on a terminal writes the
// groups of a hostile server (escapes and bidi overrides in aliases, keys
// and values) sanitised, in every format.
func TestGetApplyHostileTerminal(t *testing.T) {
	const bad = "\x1b]0;pwned\x07\u202e\u009b2J"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]any{"value": []any{
			map[string]any{"K" + bad: "v" + bad, "Count" + bad: 3, "A": map[string]any{"Value": 1, "Currency": bad}},
		}})
	}))
	defer srv.Close()
	c, err := odata.NewClient(srv.URL+"/", srv.Client())
	if err != nil {
		t.Fatal(err)
	}
	c.SetDialect(odata.GenericV4)
	for _, format := range []string{"table", "csv", "json", "ndjson"} {
		var out ttyBuffer
		o := output{format: format, tty: true}
		if err := getApply(context.Background(), &env{stdout: &out}, &Session{Client: c}, "S", "groupby((K))", "", o); err != nil {
			t.Fatal(err)
		}
		if b := termtext.UnsafeStyled(out.String()); b != "" {
			t.Errorf("-o %s on a terminal: got %s; want it sanitised", format, b)
		}
	}
}
