package route

import (
	"math"
	"sync"
	"sync/atomic"
)

// fleetEpoch is the number of iterations between the exchanges of a
// reproducible run's parallel fleet searches.
const fleetEpoch = 256

// fleetShare makes the parallel first-stage searches of a hierarchical
// solve (searchRich with fleetOnly and Threads > 1) one search for the
// fleet. A search that finds a smaller complete fleet offers it; the
// others, at their next poll, drop the attempt they are in (removing a
// route from a larger fleet) and go on from the smaller one, so every
// core works on the next route to remove instead of each repeating the
// steps another already took. Without the exchange the searches are
// independent, each slower beside the other than alone, and the stage
// ends with the slower one: on Gehring & Homberger rc2_10_1 at 120 s two
// threads kept 21 vehicles where one thread reached the best-known 20.
//
// A run bounded by a time limit alone exchanges as soon as a fleet is
// found: a poll costs one atomic load. A run bounded by iterations (or by
// none) must give the same result every time, so its searches meet at a
// barrier every fleetEpoch iterations, where those that want a fleet
// smaller than theirs take the smallest one offered (the lowest search
// index on ties); every search polls at every multiple of fleetEpoch of
// its iteration count until it leaves.
type fleetShare struct {
	lockstep bool

	mu   sync.Mutex
	cond *sync.Cond

	// Time-limited runs: the smallest fleet offered, and its size (the
	// number of vehicles; MaxInt64 when none) for lock-free polls.
	size atomic.Int64
	best *rsol

	// Reproducible runs: per search, its last offer and what it wants.
	slots   []shareSlot
	active  int // searches that have not left
	arrived int // searches waiting at the barrier
	gen     int // barriers passed

	adoptions atomic.Int64 // fleets taken from another search
}

type shareSlot struct {
	offer *rsol // the smallest complete fleet this search found
	size  int   // its vehicles; 0 when none offered
	want  int   // at the barrier: adopt a fleet smaller than this
	in    *rsol // the fleet adopted at the last barrier, or from best
	adopt bool
	left  bool
}

// newShare makes the share of searchRich's searches (a variable so that
// tests can see it).
var newShare = newFleetShare

func newFleetShare(in *rinst, searches int, lockstep bool) *fleetShare {
	f := &fleetShare{lockstep: lockstep, best: newRsol(in), slots: make([]shareSlot, searches), active: searches}
	f.cond = sync.NewCond(&f.mu)
	f.size.Store(math.MaxInt64)
	for k := range f.slots {
		f.slots[k].offer, f.slots[k].in = newRsol(in), newRsol(in)
	}
	return f
}

// offer records sol, a complete fleet search k found, when it is smaller
// than what k offered before.
func (f *fleetShare) offer(k int, sol *rsol) {
	v := sol.vehicles()
	if sol.nUnass > 0 || v == 0 {
		return
	}
	if f.lockstep {
		// Only k writes its slot, and never while the others read it
		// (they read it at a barrier, which k has not reached).
		s := &f.slots[k]
		if s.size == 0 || v < s.size {
			s.offer.copyFrom(sol)
			s.size = v
		}
		return
	}
	f.mu.Lock()
	if int64(v) < f.size.Load() {
		f.best.copyFrom(sol)
		f.size.Store(int64(v))
	}
	f.mu.Unlock()
}

// poll returns a complete fleet of fewer than want vehicles for search k
// to continue from (owned by the share; copy it before the next poll), or
// nil. In a reproducible run it waits at the barrier when iter is a
// multiple of fleetEpoch and returns nil otherwise; want 0 only keeps
// the count of barriers (a search not yet minimising its fleet).
func (f *fleetShare) poll(k, iter, want int) *rsol {
	if !f.lockstep {
		if int64(want) <= f.size.Load() {
			return nil
		}
		s := &f.slots[k]
		f.mu.Lock()
		s.in.copyFrom(f.best)
		f.mu.Unlock()
		f.adoptions.Add(1)
		return s.in
	}
	if iter%fleetEpoch != 0 {
		return nil
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	s := &f.slots[k]
	s.want = want
	f.arrived++
	if f.arrived == f.active {
		f.exchange()
	} else {
		for gen := f.gen; gen == f.gen; {
			f.cond.Wait()
		}
	}
	if !s.adopt {
		return nil
	}
	s.adopt = false
	return s.in
}

// leave takes search k out of the barriers (it has ended; what it offered
// stays on offer).
func (f *fleetShare) leave(k int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.slots[k].left = true
	f.active--
	if f.lockstep && f.arrived > 0 && f.arrived == f.active {
		f.exchange()
	}
}

// exchange runs with every active search at the barrier (f.mu held): each
// that wants fewer vehicles than the smallest offer adopts it.
func (f *fleetShare) exchange() {
	w := -1
	for k := range f.slots {
		if s := &f.slots[k]; s.size > 0 && (w < 0 || s.size < f.slots[w].size) {
			w = k
		}
	}
	if w >= 0 {
		src := &f.slots[w]
		for k := range f.slots {
			if s := &f.slots[k]; k != w && !s.left && s.want > src.size {
				s.in.copyFrom(src.offer)
				s.offer.copyFrom(src.offer)
				s.size = src.size
				s.adopt = true
				f.adoptions.Add(1)
			}
		}
	}
	f.arrived = 0
	f.gen++
	f.cond.Broadcast()
}
