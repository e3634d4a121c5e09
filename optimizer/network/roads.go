package network

import (
	"fmt"
	"math"
	"sync"
)

// Road is a known road distance between two places named by ID — demand
// points (Demand.ID) or sites (Site.ID) — in either direction, in km. It
// replaces RoadKm's estimate for that pair (Input.Roads).
type Road struct {
	From, To string
	Km       float64
}

// roadsMu guards the road index of every Input (see roadIndex); designs
// may share an Input.
var roadsMu sync.Mutex

// roadIndex returns the index of in.Roads by ordered pair of IDs, built on
// first use (and again when Roads changes length).
func (in *Input) roadIndex() map[[2]string]float64 {
	roadsMu.Lock()
	defer roadsMu.Unlock()
	if in.roadIdx != nil && in.roadN == len(in.Roads) {
		return in.roadIdx
	}
	idx := make(map[[2]string]float64, 2*len(in.Roads))
	for _, r := range in.Roads {
		idx[[2]string{r.From, r.To}] = r.Km
		if _, ok := idx[[2]string{r.To, r.From}]; !ok {
			idx[[2]string{r.To, r.From}] = r.Km
		}
	}
	in.roadIdx, in.roadN = idx, len(in.Roads)
	return idx
}

// known returns the road distance of a pair given in Roads.
func (in *Input) known(a, b string) (float64, bool) {
	if len(in.Roads) == 0 {
		return 0, false
	}
	km, ok := in.roadIndex()[[2]string{a, b}]
	return km, ok
}

// siteKm is the road distance between sites a and b: from Roads, else
// RoadKm's estimate.
func (in *Input) siteKm(a, b int) float64 {
	s, t := in.Sites[a], in.Sites[b]
	if km, ok := in.known(s.ID, t.ID); ok {
		return km
	}
	return RoadKm(s.Point, s.Area, t.Point, t.Area)
}

// demandKm is the road distance from demand point j to site: from Roads,
// else RoadKm's estimate.
func (in *Input) demandKm(j, site int) float64 {
	d, s := in.Demand[j], in.Sites[site]
	if km, ok := in.known(d.ID, s.ID); ok {
		return km
	}
	return RoadKm(d.Point, d.Area, s.Point, s.Area)
}

// validateRoads checks Roads: known IDs, finite distances no shorter than
// the great circle (a road cannot be; a shorter one is most often metres
// read as km, or the wrong pair).
func (in *Input) validateRoads() error {
	if len(in.Roads) == 0 {
		return nil
	}
	type place struct {
		pt   [2]float64
		name string
	}
	at := make(map[string]place, len(in.Demand)+len(in.Sites))
	for _, d := range in.Demand {
		at[d.ID] = place{d.Point, "demand point"}
	}
	for _, s := range in.Sites {
		at[s.ID] = place{s.Point, "site"}
	}
	for i, r := range in.Roads {
		f := fmt.Sprintf("roads[%d]", i)
		a, ok := at[r.From]
		if !ok {
			return &InputError{Field: f + ".from", Msg: fmt.Sprintf("%q is neither a demand point nor a site", r.From)}
		}
		b, ok := at[r.To]
		if !ok {
			return &InputError{Field: f + ".to", Msg: fmt.Sprintf("%q is neither a demand point nor a site", r.To)}
		}
		if math.IsNaN(r.Km) || math.IsInf(r.Km, 0) || r.Km < 0 {
			return &InputError{Field: f + ".km", Msg: fmt.Sprintf("%v is not a finite non-negative distance", r.Km)}
		}
		if gc := RoadKm(a.pt, unitArea, b.pt, unitArea); r.Km < 0.999*gc-0.01 {
			return &InputError{Field: f + ".km", Msg: fmt.Sprintf("%.3f km from %s to %s is shorter than the %.3f km straight line", r.Km, r.From, r.To, gc)}
		}
	}
	return nil
}
