//go:build !unix

package floor

import "time"

// cpuTime is 0 where getrusage is not available: Pair reports no CPU times.
func cpuTime() time.Duration { return 0 }
