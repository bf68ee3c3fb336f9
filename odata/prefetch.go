package odata

import (
	"context"
	"errors"
	"io"
	"sync"
	"sync/atomic"
)

// PageSource gives the pages of a walk one at a time and io.EOF after the
// last: a *Pager, or a *Prefetcher.
type PageSource interface {
	Next(ctx context.Context) (*Page, error)
}

// ErrPrefetchClosed is returned by Prefetcher.Next after Close.
var ErrPrefetchClosed = errors.New("odata: the walk was closed")

// Prefetcher pipelines a walk: while its consumer writes page N, page N+1
// is being fetched and decoded by a goroutine of its own. It asks its
// source for one page at a time, so a Client still has at most one request
// in flight, and holds at most one page beyond the consumer's: the next
// one, fetched and waiting to be taken.
//
// Pages and the error that ends the walk (io.EOF after the last page) come
// out in the source's order; after an error Next returns the same error
// again. Close stops the goroutine, cancelling the request in flight, and
// waits for it: call it when the consumer stops early (`odx get … | head`).
type Prefetcher struct {
	pages  chan fetched
	ctx    context.Context // the goroutine's
	cancel context.CancelFunc
	done   chan struct{}
	closed atomic.Bool

	mu  sync.Mutex
	err error // the error that ended the walk, once Next returned it
}

// fetched is one result of the source.
type fetched struct {
	page *Page
	err  error
}

// Prefetch starts fetching src's pages one ahead of the consumer, ctx
// bounding every request. With limit > 0 it asks src for at most limit
// pages (the consumer then gets io.EOF), so that a walk known to end early
// asks for nothing beyond its end. The caller must Close the Prefetcher.
func Prefetch(ctx context.Context, src PageSource, limit int) *Prefetcher {
	ctx, cancel := context.WithCancel(ctx)
	p := &Prefetcher{pages: make(chan fetched), ctx: ctx, cancel: cancel, done: make(chan struct{})}
	go p.run(ctx, src, limit)
	return p
}

// run is the fetching goroutine: one page at a time, each handed over
// before the next is asked for.
func (p *Prefetcher) run(ctx context.Context, src PageSource, limit int) {
	defer close(p.done)
	for n := 0; ; n++ {
		var f fetched
		if limit > 0 && n >= limit {
			f.err = io.EOF
		} else {
			f.page, f.err = src.Next(ctx)
		}
		select {
		case p.pages <- f:
		case <-ctx.Done():
			return
		}
		if f.err != nil {
			return
		}
	}
}

// Next returns the next page, waiting for it when it is still on its way,
// or the error that ended the walk (io.EOF after the last page). ctx bounds
// the wait; it does not stop the fetching (Close does).
func (p *Prefetcher) Next(ctx context.Context) (*Page, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.err != nil {
		return nil, p.err
	}
	select {
	case f := <-p.pages:
		if f.err != nil {
			p.err = f.err
		}
		return f.page, f.err
	case <-p.done:
		// The goroutine stopped without a result: Close, or its context ended.
		select {
		case f := <-p.pages: // a result sent just before it stopped
			if f.err != nil {
				p.err = f.err
			}
			return f.page, f.err
		default:
		}
		p.err = ErrPrefetchClosed
		if !p.closed.Load() && p.ctx.Err() != nil {
			p.err = p.ctx.Err() // the caller's context ended
		}
		return nil, p.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// Close stops the walk, cancelling the request in flight, and waits for
// the fetching goroutine to end; the page it held is dropped. It is safe
// to call more than once.
func (p *Prefetcher) Close() {
	p.closed.Store(true)
	p.cancel()
	<-p.done
}
