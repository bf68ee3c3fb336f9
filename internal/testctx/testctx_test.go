package testctx

import (
	"context"
	"testing"
)

func TestLiveCounts(t *testing.T) {
	live := New(t)
	ctx1, cancel1 := context.WithCancel(live)
	_, cancel2 := context.WithCancel(ctx1)
	if got := live.Count(); got != 1 {
		t.Errorf("after two nested WithCancel: %d live; want 1 (the child of the child is the child's)", got)
	}
	cancel2()
	cancel1()
	if got := live.Count(); got != 0 {
		t.Errorf("after cancelling: %d live; want 0", got)
	}
}
