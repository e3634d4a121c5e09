package ledger

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sync"
	"syscall"
)

// File is a Store in a JSON-lines file, one event per line in append
// order, its fields named as in the API (see Event). It holds an index of
// ids, client ids and chain heads in memory, and an exclusive lock on the
// file (flock) while open, so one process writes it at a time; readers
// (ReadEvents on the path) need no lock.
//
// Each event is written with one write(2) on a file opened O_APPEND and,
// unless FileOptions.NoSync, synced before Append returns.
type File struct {
	mu       sync.Mutex
	path     string
	f        *os.File
	size     int64
	noSync   bool
	byID     map[string]span
	byClient map[string]string
	heads    map[string]Head
}

type span struct{ off, n int64 }

// FileOptions configure OpenFile.
type FileOptions struct {
	// NoSync skips the fsync after each append (bulk loads, tests).
	NoSync bool
}

// OpenFile opens (creating if needed) the ledger file at path for
// appending. It reads the file once to index it; a line that does not
// decode, an id or client id seen twice, or a chain whose seq or prev does
// not follow is an error naming the line (run Verify for the hashes).
// A file opened by another process gives ErrLocked.
func OpenFile(path string, opt FileOptions) (*File, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_APPEND, 0o644)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, fmt.Errorf("%w: %s", ErrLocked, path)
		}
		return nil, fmt.Errorf("ledger: lock %s: %w", path, err)
	}
	s := &File{path: path, f: f, noSync: opt.NoSync, byID: map[string]span{}, byClient: map[string]string{}, heads: map[string]Head{}}
	if err := s.index(); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// index reads the whole file, building the maps.
func (s *File) index() error {
	if _, err := s.f.Seek(0, io.SeekStart); err != nil {
		return err
	}
	br := bufio.NewReaderSize(s.f, 256<<10)
	var off int64
	line := 0
	for {
		b, err := br.ReadSlice('\n')
		for errors.Is(err, bufio.ErrBufferFull) {
			if len(b) > MaxLineBytes {
				return &LineError{File: s.path, Line: line + 1, Err: fmt.Errorf("line longer than %d bytes", MaxLineBytes)}
			}
			var more []byte
			more, err = br.ReadSlice('\n')
			b = append(append([]byte(nil), b...), more...)
		}
		if len(b) == 0 && errors.Is(err, io.EOF) {
			break
		}
		line++
		if err != nil && !errors.Is(err, io.EOF) {
			return err
		}
		if b[len(b)-1] != '\n' {
			return &LineError{File: s.path, Line: line, Err: errors.New("incomplete last line (no newline: a write cut short?); fix or remove it before appending")}
		}
		n := int64(len(b))
		if t := trimSpace(b); len(t) > 0 {
			e, derr := DecodeEvent(t)
			if derr != nil {
				return &LineError{File: s.path, Line: line, Err: derr}
			}
			if err := s.add(&e, span{off, n}); err != nil {
				return &LineError{File: s.path, Line: line, Err: err}
			}
		}
		off += n
		if errors.Is(err, io.EOF) {
			break
		}
	}
	s.size = off
	return nil
}

func trimSpace(b []byte) []byte {
	for len(b) > 0 && (b[len(b)-1] == '\n' || b[len(b)-1] == '\r' || b[len(b)-1] == ' ' || b[len(b)-1] == '\t') {
		b = b[:len(b)-1]
	}
	for len(b) > 0 && (b[0] == ' ' || b[0] == '\t') {
		b = b[1:]
	}
	return b
}

// add indexes e, checking ids and chain order.
func (s *File) add(e *Event, sp span) error {
	h := s.heads[e.Site]
	switch {
	case e.Seq != h.Seq+1:
		return fmt.Errorf("event %s: seq %d does not follow %d of site %s", e.ID, e.Seq, h.Seq, e.Site)
	case e.Prev != h.Hash:
		return fmt.Errorf("event %s: prev does not match the hash of %s", e.ID, EventID(e.Site, h.Seq))
	case e.ID != EventID(e.Site, e.Seq):
		return fmt.Errorf("event id %q is not %s", e.ID, EventID(e.Site, e.Seq))
	}
	if _, dup := s.byID[e.ID]; dup {
		return fmt.Errorf("event %s twice", e.ID)
	}
	if id, dup := s.byClient[e.ClientID]; dup {
		return fmt.Errorf("client id %q twice (events %s and %s)", e.ClientID, id, e.ID)
	}
	s.byID[e.ID] = sp
	s.byClient[e.ClientID] = e.ID
	s.heads[e.Site] = Head{Seq: e.Seq, Hash: e.Hash}
	return nil
}

// Append implements Store.
func (s *File) Append(ctx context.Context, site, clientID string, build func(Head) (Event, error)) (Event, bool, error) {
	if err := ctx.Err(); err != nil {
		return Event{}, false, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.f == nil {
		return Event{}, false, errors.New("ledger: file store closed")
	}
	if id, ok := s.byClient[clientID]; ok {
		e, err := s.read(id)
		return e, err == nil, err
	}
	e, err := build(s.heads[site])
	if err != nil {
		return Event{}, false, err
	}
	b := AppendLine(nil, &e)
	sp := span{s.size, int64(len(b))}
	if err := s.add(&e, sp); err != nil {
		return Event{}, false, err
	}
	if _, err := s.f.Write(b); err != nil {
		s.unindex(&e, site)
		return Event{}, false, fmt.Errorf("ledger: write %s: %w", s.path, err)
	}
	if !s.noSync {
		if err := s.f.Sync(); err != nil {
			return Event{}, false, fmt.Errorf("ledger: sync %s: %w", s.path, err)
		}
	}
	s.size += sp.n
	return e, false, nil
}

// unindex undoes add after a failed write.
func (s *File) unindex(e *Event, site string) {
	delete(s.byID, e.ID)
	delete(s.byClient, e.ClientID)
	if e.Seq == 1 {
		delete(s.heads, site)
	} else {
		s.heads[site] = Head{Seq: e.Seq - 1, Hash: e.Prev}
	}
}

func (s *File) read(id string) (Event, error) {
	sp, ok := s.byID[id]
	if !ok {
		return Event{}, fmt.Errorf("%w: %q", ErrNotFound, id)
	}
	b := make([]byte, sp.n)
	if _, err := s.f.ReadAt(b, sp.off); err != nil {
		return Event{}, fmt.Errorf("ledger: read %s: %w", s.path, err)
	}
	return DecodeEvent(trimSpace(b))
}

// Get implements Store.
func (s *File) Get(_ context.Context, id string) (Event, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.read(id)
}

// Scan implements Store: the events in file order, as of the call.
func (s *File) Scan(ctx context.Context, fn func(Event) error) error {
	s.mu.Lock()
	size := s.size
	s.mu.Unlock()
	f, err := os.Open(s.path)
	if err != nil {
		return err
	}
	defer f.Close()
	return ReadEvents(ctx, io.LimitReader(f, size), s.path, func(line int, e Event) error {
		e.Pos = int64(line)
		return fn(e)
	})
}

// Heads returns the head of every site's chain.
func (s *File) Heads() map[string]Head {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]Head, len(s.heads))
	for k, v := range s.heads {
		out[k] = v
	}
	return out
}

// Close releases the lock and closes the file.
func (s *File) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.f == nil {
		return nil
	}
	err := s.f.Close()
	s.f = nil
	return err
}
