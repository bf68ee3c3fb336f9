//go:build unix

package odata

import (
	"syscall"
	"time"
)

// cpuNow returns the CPU time the process has used (user + system, all
// threads, the garbage collector's included). Unlike the wall clock it
// does not count time spent waiting for a core, so a paired ratio stays
// steady on a loaded machine.
func cpuNow() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
