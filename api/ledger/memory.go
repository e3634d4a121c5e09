package ledger

import (
	"context"
	"fmt"
	"sync"
)

// Memory is a Store in memory, safe for concurrent use: the embedded
// default and the reference for the contract tests.
type Memory struct {
	mu       sync.RWMutex
	events   []Event
	byID     map[string]int
	byClient map[string]int
	heads    map[string]Head
}

// NewMemory returns an empty in-memory store.
func NewMemory() *Memory {
	return &Memory{byID: map[string]int{}, byClient: map[string]int{}, heads: map[string]Head{}}
}

// Append implements Store.
func (m *Memory) Append(ctx context.Context, site, clientID string, build func(Head) (Event, error)) (Event, bool, error) {
	if err := ctx.Err(); err != nil {
		return Event{}, false, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if i, ok := m.byClient[clientID]; ok {
		return m.events[i].Clone(), true, nil
	}
	e, err := build(m.heads[site])
	if err != nil {
		return Event{}, false, err
	}
	if err := m.insert(e); err != nil {
		return Event{}, false, err
	}
	return e.Clone(), false, nil
}

// insert adds e, checking that it continues its site's chain.
func (m *Memory) insert(e Event) error {
	h := m.heads[e.Site]
	switch {
	case e.Seq != h.Seq+1 || e.Prev != h.Hash:
		return fmt.Errorf("ledger: event %s does not continue its site's chain (head %d)", e.ID, h.Seq)
	}
	if _, dup := m.byID[e.ID]; dup {
		return fmt.Errorf("ledger: duplicate event id %s", e.ID)
	}
	if _, dup := m.byClient[e.ClientID]; dup {
		return fmt.Errorf("ledger: duplicate client id %q", e.ClientID)
	}
	m.byID[e.ID] = len(m.events)
	m.byClient[e.ClientID] = len(m.events)
	m.heads[e.Site] = Head{Seq: e.Seq, Hash: e.Hash}
	m.events = append(m.events, e.Clone())
	return nil
}

// Get implements Store.
func (m *Memory) Get(_ context.Context, id string) (Event, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	i, ok := m.byID[id]
	if !ok {
		return Event{}, fmt.Errorf("%w: %q", ErrNotFound, id)
	}
	return m.events[i].Clone(), nil
}

// Scan implements Store: events in the order they were appended.
func (m *Memory) Scan(ctx context.Context, fn func(Event) error) error {
	m.mu.RLock()
	n := len(m.events)
	m.mu.RUnlock()
	for i := 0; i < n; i++ {
		if i%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		m.mu.RLock()
		e := m.events[i].Clone()
		m.mu.RUnlock()
		e.Pos = int64(i + 1)
		if err := fn(e); err != nil {
			return err
		}
	}
	return nil
}

// Len returns the number of events stored.
func (m *Memory) Len() int {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return len(m.events)
}

// Heads returns the head of every site's chain.
func (m *Memory) Heads() map[string]Head {
	m.mu.RLock()
	defer m.mu.RUnlock()
	out := make(map[string]Head, len(m.heads))
	for k, v := range m.heads {
		out[k] = v
	}
	return out
}
