package scenarios

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sync"
)

// Cache shares the results of stages between runs: a stage whose inputs
// hash to a key already computed (the same region and forecast, the same
// design problem) is not computed again, and two runs that need it at once
// wait for one computation. The zero value is not usable; use NewCache. A
// Cache is safe for concurrent use and keeps everything it computed.
type Cache struct {
	mu      sync.Mutex
	entries map[string]*entry
	hits    map[string]int
	misses  map[string]int
}

type entry struct {
	done chan struct{}
	v    any
	err  error
}

// NewCache returns an empty cache.
func NewCache() *Cache {
	return &Cache{entries: map[string]*entry{}, hits: map[string]int{}, misses: map[string]int{}}
}

// CacheStats counts, per stage, the results computed (Misses) and reused
// (Hits).
type CacheStats struct {
	Hits, Misses map[string]int
}

// Stats returns a copy of the counts.
func (c *Cache) Stats() CacheStats {
	c.mu.Lock()
	defer c.mu.Unlock()
	s := CacheStats{Hits: map[string]int{}, Misses: map[string]int{}}
	for k, v := range c.hits {
		s.Hits[k] = v
	}
	for k, v := range c.misses {
		s.Misses[k] = v
	}
	return s
}

// do returns the value of stage for key, computing it with f once. A
// failed computation is not kept (the next call tries again), nor one
// whose context ended.
func do[T any](ctx context.Context, c *Cache, stage, key string, f func() (T, error)) (T, error) {
	if c == nil {
		return f()
	}
	k := stage + ":" + key
	c.mu.Lock()
	if e, ok := c.entries[k]; ok {
		c.hits[stage]++
		c.mu.Unlock()
		select {
		case <-e.done:
		case <-ctx.Done():
			var zero T
			return zero, ctx.Err()
		}
		if e.err != nil {
			var zero T
			return zero, e.err
		}
		return e.v.(T), nil
	}
	e := &entry{done: make(chan struct{})}
	c.entries[k] = e
	c.misses[stage]++
	c.mu.Unlock()
	v, err := f()
	e.v, e.err = v, err
	if err != nil {
		c.mu.Lock()
		delete(c.entries, k)
		c.mu.Unlock()
	}
	close(e.done)
	return v, err
}

// key hashes the JSON of parts: the content key of a stage's inputs.
func key(parts ...any) (string, error) {
	h := sha256.New()
	for _, p := range parts {
		b, err := json.Marshal(p)
		if err != nil {
			return "", fmt.Errorf("scenarios: stage key: %w", err)
		}
		h.Write(b)
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil)[:16]), nil
}
