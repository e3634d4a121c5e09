package route

// Time windows in the local search: every route keeps, per node, the
// time-warp segment of its prefix (start depot … node) and of its suffix
// (node … end depot), and of the reversed sequences first client … node and
// node … last client. An inter-route move joins at most two cached
// segments and two visits per route, O(1); an intra-route move (relocate,
// swap, 2-opt) walks its route once, and only when its distance gain beats
// the route's current time-warp penalty.

// tt is the travel duration between slots a and b.
func (ls *localSearch) tt(a, b int) int64 { return ls.dur[a*ls.w+b] }

// updateTW recomputes the segments of route r and its time-warp penalty.
func (ls *localSearch) updateTW(r int) {
	s, e := ls.start(r), ls.end(r)
	ls.fwd[s] = ls.vseg[s]
	p := s
	for a := int(ls.next[s]); ; a = int(ls.next[a]) {
		ls.fwd[a] = twMerge(ls.fwd[p], ls.tt(int(ls.loc[p]), int(ls.loc[a])), ls.vseg[a])
		if a == e {
			break
		}
		if p == s {
			ls.rpre[a] = ls.vseg[a]
		} else {
			ls.rpre[a] = twMerge(ls.vseg[a], ls.tt(int(ls.loc[a]), int(ls.loc[p])), ls.rpre[p])
		}
		p = a
	}
	ls.bwd[e] = ls.vseg[e]
	nx := e
	for a := int(ls.prev[e]); ; a = int(ls.prev[a]) {
		ls.bwd[a] = twMerge(ls.vseg[a], ls.tt(int(ls.loc[a]), int(ls.loc[nx])), ls.bwd[nx])
		if a == s {
			break
		}
		if nx == e {
			ls.rsuf[a] = ls.vseg[a]
		} else {
			ls.rsuf[a] = twMerge(ls.rsuf[nx], ls.tt(int(ls.loc[nx]), int(ls.loc[a])), ls.vseg[a])
		}
		nx = a
	}
	ls.rTwPen[r] = ls.twPenalty * float64(ls.fwd[e].warp)
}

// join is a, then node b's visit (a ends at slot la).
func (ls *localSearch) join(a twSeg, la, b int) twSeg {
	return twMerge(a, ls.tt(la, int(ls.loc[b])), ls.vseg[b])
}

// twInter returns the time warp of the routes of u and v after the
// inter-route move mv (1: relocate u after v; 2: relocate (u, x); 3: the
// same reversed; 4: swap u and v; 5: swap (u, x) and v; 6: swap (u, x) and
// (v, y)).
func (ls *localSearch) twInter(mv int) (int64, int64) {
	u, x, v, y := ls.u, ls.x, ls.v, ls.y
	up, vp := int(ls.prev[u]), int(ls.prev[v])
	var su, sv twSeg
	switch mv {
	case 1:
		su = twMerge(ls.fwd[up], ls.tt(ls.upLoc, ls.xLoc), ls.bwd[x])
		sv = twMerge(ls.join(ls.fwd[v], ls.vLoc, u), ls.tt(ls.uLoc, ls.yLoc), ls.bwd[y])
	case 2, 3:
		xn := int(ls.next[x])
		su = twMerge(ls.fwd[up], ls.tt(ls.upLoc, ls.xnLoc), ls.bwd[xn])
		if mv == 2 {
			sv = twMerge(ls.join(ls.join(ls.fwd[v], ls.vLoc, u), ls.uLoc, x), ls.tt(ls.xLoc, ls.yLoc), ls.bwd[y])
		} else {
			sv = twMerge(ls.join(ls.join(ls.fwd[v], ls.vLoc, x), ls.xLoc, u), ls.tt(ls.uLoc, ls.yLoc), ls.bwd[y])
		}
	case 4:
		su = twMerge(ls.join(ls.fwd[up], ls.upLoc, v), ls.tt(ls.vLoc, ls.xLoc), ls.bwd[x])
		sv = twMerge(ls.join(ls.fwd[vp], ls.vpLoc, u), ls.tt(ls.uLoc, ls.yLoc), ls.bwd[y])
	case 5:
		xn := int(ls.next[x])
		su = twMerge(ls.join(ls.fwd[up], ls.upLoc, v), ls.tt(ls.vLoc, ls.xnLoc), ls.bwd[xn])
		sv = twMerge(ls.join(ls.join(ls.fwd[vp], ls.vpLoc, u), ls.uLoc, x), ls.tt(ls.xLoc, ls.yLoc), ls.bwd[y])
	case 6:
		xn, yn := int(ls.next[x]), int(ls.next[y])
		su = twMerge(ls.join(ls.join(ls.fwd[up], ls.upLoc, v), ls.vLoc, y), ls.tt(ls.yLoc, ls.xnLoc), ls.bwd[xn])
		sv = twMerge(ls.join(ls.join(ls.fwd[vp], ls.vpLoc, u), ls.uLoc, x), ls.tt(ls.xLoc, ls.ynLoc), ls.bwd[yn])
	}
	return su.warp, sv.warp
}

// twOpt is the time warp of the route start … a, b … end (2-opt*).
func (ls *localSearch) twOpt(a, b int) int64 {
	return twMerge(ls.fwd[a], ls.tt(int(ls.loc[a]), int(ls.loc[b])), ls.bwd[b]).warp
}

// twOptRev is the time warp of the two routes of move8: start … u v … first
// of V, and start, last of U … x, y … end.
func (ls *localSearch) twOptRev() int64 {
	dep := ls.vseg[ls.start(ls.ru)]
	var su, sv twSeg
	if ls.isDepot(ls.v) {
		su = twMerge(ls.fwd[ls.u], ls.tt(ls.uLoc, 0), dep)
	} else {
		first := int(ls.next[ls.start(ls.rv)])
		su = twMerge(twMerge(ls.fwd[ls.u], ls.tt(ls.uLoc, ls.vLoc), ls.rpre[ls.v]), ls.tt(int(ls.loc[first]), 0), dep)
	}
	if ls.isDepot(ls.x) {
		sv = twMerge(dep, ls.tt(0, ls.yLoc), ls.bwd[ls.y])
	} else {
		last := int(ls.prev[ls.end(ls.ru)])
		sv = twMerge(twMerge(dep, ls.tt(0, int(ls.loc[last])), ls.rsuf[ls.x]), ls.tt(ls.xLoc, ls.yLoc), ls.bwd[ls.y])
	}
	return su.warp + sv.warp
}

// intraTW reports whether the intra-route move mv (1..6 as in twInter, 7:
// 2-opt reversing x … v) with distance change dc improves the penalised
// cost of route ru.
func (ls *localSearch) intraTW(dc int64, mv int) bool {
	old := ls.rTwPen[ls.ru]
	if float64(dc)-old > -epsilon {
		return false
	}
	return float64(dc)+ls.twPenalty*float64(ls.twIntra(mv))-old <= -epsilon
}

// emit appends node a to the walk.
func (ls *localSearch) emit(a int) {
	l := int(ls.loc[a])
	ls.wSeg = twMerge(ls.wSeg, ls.tt(ls.wLoc, l), ls.vseg[a])
	ls.wLoc = l
}

// twIntra walks route ru as move mv would leave it, from the first node it
// changes, and returns its warp.
func (ls *localSearch) twIntra(mv int) int64 {
	u, x, v, y := ls.u, ls.x, ls.v, ls.y
	// The route is unchanged up to the node before the earlier of u and v:
	// start from its prefix segment.
	f := u
	if ls.pos[v] < ls.pos[u] {
		f = v
	}
	s := f
	if !ls.isDepot(f) {
		s = int(ls.prev[f])
	}
	ls.wSeg, ls.wLoc = ls.fwd[s], int(ls.loc[s])
	if v == s {
		switch mv {
		case 1:
			ls.emit(u)
		case 2:
			ls.emit(u)
			ls.emit(x)
		case 3:
			ls.emit(x)
			ls.emit(u)
		}
	}
	for a := int(ls.next[s]); ; a = int(ls.next[a]) {
		switch mv {
		case 1:
			if a != u {
				ls.emit(a)
				if a == v {
					ls.emit(u)
				}
			}
		case 2, 3:
			if a != u && a != x {
				ls.emit(a)
				if a == v {
					if mv == 2 {
						ls.emit(u)
						ls.emit(x)
					} else {
						ls.emit(x)
						ls.emit(u)
					}
				}
			}
		case 4:
			switch a {
			case u:
				ls.emit(v)
			case v:
				ls.emit(u)
			default:
				ls.emit(a)
			}
		case 5:
			switch a {
			case u:
				ls.emit(v)
			case x:
			case v:
				ls.emit(u)
				ls.emit(x)
			default:
				ls.emit(a)
			}
		case 6:
			switch a {
			case u:
				ls.emit(v)
				ls.emit(y)
			case x, y:
			case v:
				ls.emit(u)
				ls.emit(x)
			default:
				ls.emit(a)
			}
		case 7:
			if a == x {
				for b := v; ; b = int(ls.prev[b]) {
					ls.emit(b)
					if b == x {
						break
					}
				}
				a = v
			} else {
				ls.emit(a)
			}
		}
		if ls.isDepot(a) {
			return ls.wSeg.warp
		}
	}
}

// twSwapStar is the time warp of the routes of a and b after SWAP* puts a
// after node atA (in b's route) and b after node atB (in a's route): both
// routes are walked, since the positions are arbitrary.
func (ls *localSearch) twSwapStar(a, b, atA, atB int) int64 {
	return ls.twWalkReplace(int(ls.route[a]), a, b, atB) + ls.twWalkReplace(int(ls.route[b]), b, a, atA)
}

// twWalkReplace walks route r without node rem and with node ins after
// node at, and returns its warp.
func (ls *localSearch) twWalkReplace(r, rem, ins, at int) int64 {
	s := ls.start(r)
	ls.wSeg, ls.wLoc = ls.vseg[s], 0
	if at == s {
		ls.emit(ins)
	}
	for a := int(ls.next[s]); ; a = int(ls.next[a]) {
		if a != rem {
			ls.emit(a)
			if a == at {
				ls.emit(ins)
			}
		}
		if ls.isDepot(a) {
			return ls.wSeg.warp
		}
	}
}

// twRelocate is the time warp of a's route without a plus that of the
// route of node at with a inserted after at.
func (ls *localSearch) twRelocate(a, at int) int64 {
	p, n := int(ls.prev[a]), int(ls.next[a])
	w := twMerge(ls.fwd[p], ls.tt(int(ls.loc[p]), int(ls.loc[n])), ls.bwd[n]).warp
	nx := int(ls.next[at])
	return w + twMerge(ls.join(ls.fwd[at], int(ls.loc[at]), a), ls.tt(int(ls.loc[a]), int(ls.loc[nx])), ls.bwd[nx]).warp
}
