package cli

import (
	"testing"
	"time"

	"github.com/odx-dev/odx/demo"
)

// BenchmarkSetsFloor: `odx sets` cold (a new connection, a token, the
// service document) against the floor making the same requests, paired.
// In one process this leaves out what a new process pays before main
// (package init: see docs/benchmarks.md).
func BenchmarkSetsFloor(b *testing.B) {
	benchEnv(b)
	d := demo.NewServer(demo.Options{TokenTTL: time.Hour})
	defer d.Close()
	pairBoth(b, d, 1000, []string{"sets"}, nil)
}
