package cli

import (
	"strings"
	"testing"
)

// TestErrorLineSanitised: an error can quote what a server sent (a type name
// from $metadata, a message); the one line odx prints never carries a
// control character raw.
func TestErrorLineSanitised(t *testing.T) {
	got := oneLine("odata: entity type NS.\x1b]0;PWNED\a\x1b[31mRED\u202eevil\u009b2J has a BaseType cycle;\n the metadata document is invalid")
	if strings.ContainsAny(got, "\x1b\a\u202e\u009b\n") {
		t.Errorf("got %q; want no control characters", got)
	}
	if !strings.Contains(got, "␛]0;PWNED") || !strings.Contains(got, "has a BaseType cycle; the metadata document is invalid") {
		t.Errorf("got %q; want the escapes visible and the sentence on one line", got)
	}
}
