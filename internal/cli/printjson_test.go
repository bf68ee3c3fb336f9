package cli

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

// ttyBuffer is a buffer that says it is a terminal.
type ttyBuffer struct{ bytes.Buffer }

func (*ttyBuffer) IsTerminal() bool { return true }

func TestPrintJSONEscapesControls(t *testing.T) {
	v := map[string]string{"name": "A\u009b31m\u202eB\u007fC\x1b[2J", "plain": "Мито"}
	var pipe bytes.Buffer
	var tty ttyBuffer
	for _, w := range []interface {
		Write([]byte) (int, error)
		String() string
	}{&pipe, &tty} {
		if err := printJSON(w, v); err != nil {
			t.Fatal(err)
		}
		out := w.String()
		for _, raw := range []string{"\u009b", "\u202e", "\u007f", "\x1b"} {
			if strings.Contains(out, raw) {
				t.Errorf("%T: %q written raw in %q", w, raw, out)
			}
		}
		var back map[string]string
		if err := json.Unmarshal([]byte(out), &back); err != nil || back["name"] != v["name"] || back["plain"] != "Мито" {
			t.Errorf("%T: %q parses to %q, %v; want the same data", w, out, back, err)
		}
	}
}
