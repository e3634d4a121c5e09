package route

// twSeg summarises a sequence of visits for time-warp evaluation (Nagata,
// Bräysy & Dullaert 2010; the concatenation of Vidal et al. 2013, as in
// PyVRP's DurationSegment). A vehicle that arrives after a window's end is
// allowed to "warp" back in time to it, and pays for the warp: the total warp
// of a route is 0 exactly when its time windows hold. Segments concatenate
// in O(1), so a local-search move that joins pieces of routes is evaluated
// from cached prefix and suffix segments without walking the routes.
//
// dur is the segment's duration (travel, service and waiting, warps
// excluded), warp its total time warp, and [early, late] the interval of
// service starts at its first visit that achieve dur and warp.
type twSeg struct {
	dur, warp, early, late int64
}

// twVisit is the segment of one visit with window [e, l] and service s.
func twVisit(e, l, s int64) twSeg { return twSeg{dur: s, early: e, late: l} }

// twMerge concatenates a, then travel time t, then b.
func twMerge(a twSeg, t int64, b twSeg) twSeg {
	delta := a.dur - a.warp + t
	wait := max(b.early-delta-a.late, 0)
	warp := max(a.early+delta-b.late, 0)
	return twSeg{
		dur:   a.dur + b.dur + t + wait,
		warp:  a.warp + b.warp + warp,
		early: max(b.early-delta, a.early) - wait,
		late:  min(b.late-delta, a.late) + warp,
	}
}
