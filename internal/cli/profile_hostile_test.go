package cli

import (
	"bytes"
	"context"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"
)

// TestProfileHostileTerminal: `odx profile` on a terminal writes the
// values of a hostile server (an escape, a bidi override, a C1 CSI)
// sanitised, in every format; to a pipe the CSV stays exact.
func TestProfileHostileTerminal(t *testing.T) {
	faultEnv(t)
	f := newFaultServer(t, 3)
	f.setAPI(func(w http.ResponseWriter, r *http.Request, _ int64) bool {
		if r.URL.Query().Get("$apply") == "" {
			return false
		}
		writeJSON(w, http.StatusOK, `{"value":[{"Name":"a\u001b]0;pwned\u0007\u202e\u009b2J","Count":2},{"Name":"b","Count":1}]}`)
		return true
	})
	for _, format := range []string{"table", "csv", "json"} {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		var out ttyBuffer
		var errb bytes.Buffer
		e := &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errb, getenv: os.Getenv, transport: f.clientTransport()}
		code := run(ctx, e, []string{"profile", "Items", "Name", "-o", format, "--instance", f.URL, "--client-id", faultClientID})
		cancel()
		if code != exitOK {
			t.Fatalf("-o %s: exit status %d, stderr %q", format, code, errb.String())
		}
		if !strings.Contains(out.String(), "pwned") {
			t.Errorf("-o %s: got %q; want the hostile value (sanitised)", format, out.String())
		}
		if bad := controls(out.String()); len(bad) > 0 {
			t.Errorf("-o %s on a terminal: got controls %q in %q; want them sanitised", format, bad, out.String())
		}
	}
}
