// Package testctx is a helper for tests: a parent context that counts the
// requests in flight under it, so that a test can tell that a screen or a
// command cancelled what it started.
package testctx

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
)

// Live is a parent context that counts the children derived from it with
// context.WithCancel and not yet cancelled: the requests in flight.
type Live struct {
	context.Context // cancellable, so that Done is not nil
	live            atomic.Int64
}

// New returns a Live context, cancelled when t ends.
func New(t testing.TB) *Live {
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	return &Live{Context: ctx}
}

// Count is the number of children not yet cancelled.
func (c *Live) Count() int64 { return c.live.Load() }

// Value hides the embedded context from context.WithCancel, which would
// otherwise register its children there directly.
func (c *Live) Value(any) any { return nil }

// AfterFunc is what context.WithCancel uses to hook a child to a parent
// that is not one of its own; the returned stop runs when the child ends.
func (c *Live) AfterFunc(f func()) func() bool {
	c.live.Add(1)
	stop := context.AfterFunc(c.Context, f)
	var once sync.Once
	return func() bool {
		once.Do(func() { c.live.Add(-1) })
		return stop()
	}
}
