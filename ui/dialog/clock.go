package dialog

import (
	"time"

	"github.com/odx-dev/odx/ui/screen"
)

// now is the root's clock (Env.Now), or the wall clock before its first
// tick: the export dialog stamps its default file name with it, the
// history tells each query's age by it.
func now(env *screen.Env) time.Time {
	if env.Now.IsZero() {
		return time.Now()
	}
	return env.Now
}
