package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"golang.org/x/term"
)

// progress draws a one-line progress display on stderr when stderr is a
// terminal, and stays silent otherwise (piped output, CI, tests).
type progress struct {
	mu    sync.Mutex
	w     io.Writer
	on    bool
	label string
	start time.Time
	last  time.Time
	drawn bool
}

// newProgress returns a progress display for w; it is active only when w is
// a terminal.
func newProgress(w io.Writer, label string) *progress {
	on := false
	if f, ok := w.(*os.File); ok {
		on = term.IsTerminal(int(f.Fd()))
	}
	return &progress{w: w, on: on, label: label, start: time.Now()}
}

// Bar shows done out of total as a bar, at most ten times a second.
func (p *progress) Bar(done, total int) {
	if p == nil || !p.on || total <= 0 {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if now := time.Now(); done < total && now.Sub(p.last) < 100*time.Millisecond {
		return
	} else {
		p.last = now
	}
	const width = 30
	k := done * width / total
	fmt.Fprintf(p.w, "\r%-22s [%s%s] %3d%% %5.1fs", p.label, strings.Repeat("#", k), strings.Repeat(".", width-k),
		done*100/total, time.Since(p.start).Seconds())
	p.drawn = true
}

// Text shows a free-form status line, at most ten times a second.
func (p *progress) Text(format string, a ...any) {
	if p == nil || !p.on {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if now := time.Now(); now.Sub(p.last) < 100*time.Millisecond {
		return
	} else {
		p.last = now
	}
	fmt.Fprintf(p.w, "\r%-22s %s\x1b[K", p.label, fmt.Sprintf(format, a...))
	p.drawn = true
}

// Done ends the line.
func (p *progress) Done() {
	if p == nil || !p.on {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.drawn {
		fmt.Fprintf(p.w, "\r%-22s done in %.1fs\x1b[K\n", p.label, time.Since(p.start).Seconds())
	}
	p.drawn = false
}

// stages returns a progress callback that shows one bar per named stage
// (a new line when the stage changes), and the function that ends the last.
func stages(w io.Writer) (update func(stage string, done, total int), finish func()) {
	var bar *progress
	current := ""
	update = func(s string, done, total int) {
		if s != current {
			bar.Done()
			current, bar = s, newProgress(w, s)
		}
		bar.Bar(done, total)
	}
	return update, func() { bar.Done() }
}

// withFile opens path and hands it to read, closing it afterwards.
func withFile(path string, read func(f *os.File) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return read(f)
}
