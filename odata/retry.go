package odata

import (
	"context"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// RetryPolicy says how a Client retries a request answered with 429 Too
// Many Requests or 503 Service Unavailable. The zero value means the
// defaults: 4 tries, 250 ms doubling with jitter, no wait above 30 s.
type RetryPolicy struct {
	// Tries is the total number of attempts, the first included; 0 means 4
	// and 1 disables retries.
	Tries int

	// Base is the wait before the second attempt; it doubles on each later
	// one. 0 means 250 ms.
	Base time.Duration

	// Max caps any single wait, whether computed or asked for with
	// Retry-After. 0 means 30 s.
	Max time.Duration

	// Sleep waits for d or until ctx is done, returning ctx.Err() in that
	// case. Nil means a timer; tests put a fake here.
	Sleep func(ctx context.Context, d time.Duration) error

	// Now is the clock used to read a Retry-After date. Nil means time.Now.
	Now func() time.Time

	// Jitter returns a number in [0, 1) that spreads the computed waits.
	// Nil means math/rand/v2.
	Jitter func() float64
}

func (p RetryPolicy) tries() int {
	if p.Tries > 0 {
		return p.Tries
	}
	return 4
}

func (p RetryPolicy) max() time.Duration {
	if p.Max > 0 {
		return p.Max
	}
	return 30 * time.Second
}

// retryable reports whether a response with this status is worth another try.
func retryable(status int) bool {
	return status == http.StatusTooManyRequests || status == http.StatusServiceUnavailable
}

// wait returns how long to wait before attempt number attempt+1 (attempt
// counts from 0), given the Retry-After header of the failed response.
func (p RetryPolicy) wait(attempt int, retryAfter string) time.Duration {
	if d, ok := p.retryAfter(retryAfter); ok {
		return min(d, p.max())
	}
	base := p.Base
	if base <= 0 {
		base = 250 * time.Millisecond
	}
	d := base << min(attempt, 20)
	if d <= 0 || d > p.max() {
		d = p.max()
	}
	jitter := rand.Float64
	if p.Jitter != nil {
		jitter = p.Jitter
	}
	// Wait between half and all of d, so that clients that failed together
	// do not return together.
	return d/2 + time.Duration(jitter()*float64(d/2))
}

// retryAfter parses a Retry-After value: delay seconds or an HTTP date.
func (p RetryPolicy) retryAfter(v string) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs < 0 {
			return 0, false
		}
		if secs > int64(p.max()/time.Second) {
			return p.max(), true
		}
		return time.Duration(secs) * time.Second, true
	}
	t, err := http.ParseTime(v)
	if err != nil {
		return 0, false
	}
	now := time.Now
	if p.Now != nil {
		now = p.Now
	}
	return max(t.Sub(now()), 0), true
}

func (p RetryPolicy) sleep(ctx context.Context, d time.Duration) error {
	if p.Sleep != nil {
		return p.Sleep(ctx, d)
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
