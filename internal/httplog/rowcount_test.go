package httplog

import (
	"strings"
	"testing"
)

func TestRowCounter(t *testing.T) {
	tests := []struct {
		name, body string
		want       int
	}{
		{"v4 collection", `{"@odata.context":"x","value":[{"A":1},{"A":{"B":[{"C":2}]}},{"A":"}{[\"{"}]}`, 3},
		{"empty collection", `{"value":[]}`, 0},
		{"single entity", `{"A":1,"B":{"C":2}}`, 0},
		{"nested arrays are not rows", `{"value":[{"Lines":[{"X":1},{"X":2}]}]}`, 1},
		{"service document", `{"value":[{"name":"A","url":"A"},{"name":"B","url":"B"}]}`, 2},
		{"top-level array", `[{"A":1},{"A":2}]`, 0},
		{"escaped quotes", `{"value":[{"A":"\\"},{"B":"\\\"{"}]}`, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, chunk := range []int{1, 3, len(tt.body)} { // any split of the stream
				var c rowCounter
				for s := tt.body; s != ""; {
					n := min(chunk, len(s))
					c.write([]byte(s[:n]))
					s = s[n:]
				}
				if c.rows != tt.want {
					t.Errorf("chunks of %d: got %d rows; want %d", chunk, c.rows, tt.want)
				}
			}
		})
	}
}

func FuzzRowCounter(f *testing.F) {
	f.Add(`{"value":[{"A":1}]}`)
	f.Fuzz(func(t *testing.T, s string) {
		var c rowCounter
		c.write([]byte(s))
		if c.rows > strings.Count(s, "{") {
			t.Fatalf("%d rows from %d braces", c.rows, strings.Count(s, "{"))
		}
	})
}
