//go:build unix

package cli

import (
	"net/http"
	"testing"
)

// TestReaderGoneDuringRequest: the reader goes away while the request for
// page 2 hangs (a slow server): odx notices at once, without waiting for a
// write, cancels the request in flight and exits quietly.
func TestReaderGoneDuringRequest(t *testing.T) {
	faultEnv(t)
	hang := func(w http.ResponseWriter, r *http.Request, _ int64) bool {
		<-r.Context().Done() // until the client gives up
		return true
	}
	for _, format := range formats {
		code, stderr, reqs := readerGone(t, format, true, hang)
		if code != exitOK || stderr != "" {
			t.Errorf("-o %s: exit status %d, stderr %q; want 0 and nothing", format, code, stderr)
		}
		if reqs != 2 {
			t.Errorf("-o %s: %d API requests; want 2", format, reqs)
		}
	}
}
