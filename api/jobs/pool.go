package jobs

import (
	"context"
	"errors"
	"log/slog"
	"sync"
)

// ErrClosed is returned by Pool.Enqueue after Shutdown.
var ErrClosed = errors.New("jobs: pool is shut down")

// Pool runs jobs in this process with a fixed number of workers: the
// embedded default, used when there is no database. Queued jobs live in
// memory only.
type Pool struct {
	st     Store
	reg    Registry
	obs    Observer
	log    *slog.Logger
	queue  chan string
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup

	mu     sync.Mutex
	closed bool
}

// NewPool starts workers goroutines (at least 1) that execute the enqueued
// runs. obs and log may be nil.
func NewPool(st Store, reg Registry, workers int, obs Observer, log *slog.Logger) *Pool {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	ctx, cancel := context.WithCancel(context.Background())
	p := &Pool{st: st, reg: reg, obs: obs, log: log, queue: make(chan string, 4096), ctx: ctx, cancel: cancel}
	for range max(workers, 1) {
		p.wg.Add(1)
		go p.work()
	}
	return p
}

func (p *Pool) work() {
	defer p.wg.Done()
	for id := range p.queue {
		if err := Execute(p.ctx, p.st, p.reg, id, p.obs, p.log); err != nil {
			p.log.Error("run not executed", "run", id, "err", err)
			if p.ctx.Err() == nil {
				_ = p.st.FailRun(context.Background(), id, err.Error())
			}
		}
	}
}

// Enqueue queues run id. It fails when the queue is full or the pool shut
// down.
func (p *Pool) Enqueue(ctx context.Context, id string) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return ErrClosed
	}
	select {
	case p.queue <- id:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	default:
		return errors.New("jobs: queue full")
	}
}

// Shutdown stops taking jobs and waits for the queued and running ones to
// finish; when ctx ends first it cancels them and returns ctx's error.
func (p *Pool) Shutdown(ctx context.Context) error {
	p.mu.Lock()
	if !p.closed {
		p.closed = true
		close(p.queue)
	}
	p.mu.Unlock()
	done := make(chan struct{})
	go func() { p.wg.Wait(); close(done) }()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		p.cancel()
		<-done
		return ctx.Err()
	}
}
