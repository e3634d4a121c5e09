package route

// rroute is one route of the rich engine with the cached data that lets an
// insertion be tested in O(1): earliest departures forward, latest service
// starts backward (Savelsbergh's forward and backward time slacks), and
// prefix sums and maxima of the load changes.
//
// Positions: 0 is the start, 1..L the nodes, L+1 the end.
type rroute struct {
	t     int // vehicle type
	nodes []int32

	dep []int64 // earliest departure at position k = 0..L
	lat []int64 // latest service start at position k = 1..L+1 (index k)
	P   []int64 // (L+1)×D: load change summed over positions 0..k
	M   []int64 // (L+1)×D: max of P over 0..k
	S   []int64 // (L+2)×D: max of P over k..L (row L+1: -far)
	L0  []int64 // D: deliveries loaded at the start
	// arcC, arcT, arcD: cost, travel time and distance of the arc into
	// position k = 1..L+1 (index k)
	arcC       []float64
	arcT, arcD []int64

	dist, travel, svc int64
	cost              float64 // fixed + arc costs + the jobs' moveCost; 0 when empty
	ver               uint64
}

func (in *rinst) locAt(r *rroute, k int) int32 {
	t := &in.types[r.t]
	switch {
	case k == 0:
		return t.start
	case k == len(r.nodes)+1:
		return t.end
	}
	return in.loc[r.nodes[k-1]]
}

// update recomputes r's caches in O(L·D).
func (in *rinst) update(r *rroute) {
	t := &in.types[r.t]
	L := len(r.nodes)
	D := in.D
	r.dep = grow(r.dep, L+1)
	r.lat = grow(r.lat, L+2)
	r.P = grow(r.P, (L+1)*D)
	r.M = grow(r.M, (L+1)*D)
	r.S = grow(r.S, (L+2)*D)
	r.L0 = grow(r.L0, D)
	r.arcC = grow(r.arcC, L+2)
	r.arcT = grow(r.arcT, L+2)
	r.arcD = grow(r.arcD, L+2)
	clear(r.L0)
	r.dist, r.travel, r.svc = 0, 0, 0
	r.cost = 0
	r.dep[0] = t.shiftS
	prev := t.start
	for d := range D {
		r.P[d], r.M[d] = 0, 0
	}
	for k, v := range r.nodes {
		l := in.loc[v]
		arr := r.dep[k] + in.tt(prev, l)
		st := max(arr, in.twE[v])
		r.dep[k+1] = st + in.service[v]
		r.arcC[k+1], r.arcT[k+1], r.arcD[k+1] = in.arcCost(t, prev, l), in.tt(prev, l), in.dd(prev, l)
		r.dist += r.arcD[k+1]
		r.travel += r.arcT[k+1]
		r.svc += in.service[v]
		r.cost += r.arcC[k+1]
		prev = l
		base := (k + 1) * D
		for d := range D {
			r.L0[d] += in.deliv[int(v)*D+d]
			r.P[base+d] = r.P[base-D+d] + in.delta[int(v)*D+d]
			r.M[base+d] = max(r.M[base-D+d], r.P[base+d])
		}
	}
	r.arcC[L+1], r.arcT[L+1], r.arcD[L+1] = in.arcCost(t, prev, t.end), in.tt(prev, t.end), in.dd(prev, t.end)
	r.dist += r.arcD[L+1]
	r.travel += r.arcT[L+1]
	r.cost += r.arcC[L+1]
	if L > 0 {
		r.cost += t.fixed
	}
	if in.anyPref {
		for _, v := range r.nodes {
			if j := in.job[v]; j == v { // once per job
				r.cost += in.moveCost(int(j), r.t)
			}
		}
	}
	r.lat[L+1] = t.shiftE
	next := t.end
	for k := L; k >= 1; k-- {
		v := r.nodes[k-1]
		l := in.loc[v]
		r.lat[k] = min(in.twL[v], r.lat[k+1]-in.tt(l, next)-in.service[v])
		next = l
	}
	for d := range D {
		r.S[(L+1)*D+d] = -far
	}
	for k := L; k >= 0; k-- {
		for d := range D {
			r.S[k*D+d] = max(r.S[(k+1)*D+d], r.P[k*D+d])
		}
	}
}

// grow returns s resized to n, reallocating (with room to spare) only when
// its capacity is short; the contents are not kept.
func grow[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n, 2*n)
	}
	return s[:n]
}

// insertCost tests inserting client node u before position k (between
// positions k-1 and k) of r and returns the cost increase, or ok false
// when the O(1) tests fail. Callers verify by simulation when the type's
// filter is a relaxation (rtype.exact).
func (in *rinst) insertCost(r *rroute, u int32, k int) (float64, bool) {
	t := &in.types[r.t]
	if len(r.nodes)+1 > t.maxStops {
		return 0, false
	}
	a, b := in.locAt(r, k-1), in.locAt(r, k)
	l := in.loc[u]
	arr := r.dep[k-1] + in.tt(a, l)
	st := max(arr, in.twE[u])
	if st > in.twL[u] {
		return 0, false
	}
	if st+in.service[u]+in.tt(l, b) > r.lat[k] {
		return 0, false
	}
	dTravel := in.tt(a, l) + in.tt(l, b) - in.tt(a, b)
	if r.travel+dTravel > t.maxTravel {
		return 0, false
	}
	if r.dist+in.dd(a, l)+in.dd(l, b)-in.dd(a, b) > t.maxDist {
		return 0, false
	}
	if t.maxDur < far && r.travel+dTravel+r.svc+in.service[u] > t.maxDur {
		return 0, false
	}
	D := in.D
	for d := range D {
		dl := in.deliv[int(u)*D+d]
		ch := in.delta[int(u)*D+d]
		peak := max(r.M[(k-1)*D+d], r.P[(k-1)*D+d]+ch, r.S[k*D+d]+ch)
		if r.L0[d]+dl+peak > t.capv[d] {
			return 0, false
		}
	}
	c := in.arcCost(t, a, l) + in.arcCost(t, l, b) - in.arcCost(t, a, b)
	if len(r.nodes) == 0 {
		c += t.fixed
	}
	return c, true
}

// returnFits reports whether a shipment's return (the load its delivery
// node pd adds beyond the pickup pu's amount) fits from the delivery,
// inserted before position j, to the end of r: the peak of the existing
// load from position j-1 on, plus the return, within capacity.
func (in *rinst) returnFits(r *rroute, pu, pd int32, j int) bool {
	t := &in.types[r.t]
	D := in.D
	for d := range D {
		ret := in.delta[int(pd)*D+d] + in.delta[int(pu)*D+d]
		if ret > 0 && r.L0[d]+r.S[(j-1)*D+d]+ret > t.capv[d] {
			return false
		}
	}
	return true
}

// legs returns the distances and travel times from a to l and from l to
// b (0 where a or b is -1, an open end), reading l's rows when the matrices
// are symmetric.
func (in *rinst) legs(a, l, b int32) (da, db, ta, tb int64) {
	n := in.nLoc
	if in.sym {
		row := int(l) * n
		if a >= 0 {
			da, ta = in.dist[row+int(a)], in.dur[row+int(a)]
		}
		if b >= 0 {
			db, tb = in.dist[row+int(b)], in.dur[row+int(b)]
		}
		return
	}
	if a >= 0 {
		da, ta = in.dist[int(a)*n+int(l)], in.dur[int(a)*n+int(l)]
	}
	if b >= 0 {
		db, tb = in.dist[int(l)*n+int(b)], in.dur[int(l)*n+int(b)]
	}
	return
}

// insertBound is insertCost for a search that only wants insertions
// cheaper than bound: the cost comes first, from l's matrix rows and the
// route's cached arcs, and the time, load and limit tests run only when
// it beats bound (ok false otherwise).
func (in *rinst) insertBound(r *rroute, u int32, k int, bound float64) (float64, bool) {
	t := &in.types[r.t]
	if len(r.nodes)+1 > t.maxStops {
		return 0, false
	}
	a, b := in.locAt(r, k-1), in.locAt(r, k)
	l := in.loc[u]
	da, db, ta, tb := in.legs(a, l, b)
	c := t.dc*float64(da+db) + t.tc*float64(ta+tb) - r.arcC[k]
	if len(r.nodes) == 0 {
		c += t.fixed
	}
	if c >= bound {
		return 0, false
	}
	st := max(r.dep[k-1]+ta, in.twE[u])
	if st > in.twL[u] || st+in.service[u]+tb > r.lat[k] {
		return 0, false
	}
	dTravel := ta + tb - r.arcT[k]
	if r.travel+dTravel > t.maxTravel || r.dist+da+db-r.arcD[k] > t.maxDist ||
		t.maxDur < far && r.travel+dTravel+r.svc+in.service[u] > t.maxDur {
		return 0, false
	}
	D := in.D
	for d := range D {
		dl := in.deliv[int(u)*D+d]
		ch := in.delta[int(u)*D+d]
		peak := max(r.M[(k-1)*D+d], r.P[(k-1)*D+d]+ch, r.S[k*D+d]+ch)
		if r.L0[d]+dl+peak > t.capv[d] {
			return 0, false
		}
	}
	return c, true
}

// pairScan calls visit(k, j, cost) for every position pair where inserting
// shipment pickup node pu before position k and its delivery pd before
// position j ≥ k of r passes the O(1) tests (j == k puts the delivery right
// after the pickup). Pickup positions whose detour alone costs at least
// *bound are skipped (under the triangle inequality no pair there costs
// less).
func (in *rinst) pairScan(r *rroute, pu, pd int32, bound *float64, visit func(k, j int, c float64)) {
	t := &in.types[r.t]
	L := len(r.nodes)
	if L+2 > t.maxStops {
		return
	}
	D := in.D
	lp, ld := in.loc[pu], in.loc[pd]
	for k := 1; k <= L+1; k++ {
		a := in.locAt(r, k-1)
		b := in.locAt(r, k)
		arr := r.dep[k-1] + in.tt(a, lp)
		st := max(arr, in.twE[pu])
		if st > in.twL[pu] {
			continue
		}
		// The load between pickup and delivery carries the amount.
		okLoad := true
		for d := range D {
			if r.L0[d]+r.P[(k-1)*D+d]+in.delta[int(pu)*D+d] > t.capv[d] {
				okLoad = false
			}
		}
		if !okLoad {
			continue
		}
		cost1 := in.arcCost(t, a, lp)
		if lb := cost1 + in.arcCost(t, lp, b) - r.arcC[k]; lb+t.fixed*float64(boolInt(L == 0)) >= *bound {
			continue
		}
		trav1 := in.tt(a, lp)
		dist1 := in.dd(a, lp)
		cur := st + in.service[pu]
		curLoc := lp
		detour1 := cost1 + in.arcCost(t, lp, b) - r.arcC[k] // pickup alone at k
		fixed := 0.0
		if L == 0 {
			fixed = t.fixed
		}
		for j := k; j <= L+1; j++ {
			bj := in.locAt(r, j)
			// Delivery between curLoc and position j: its cost first, the
			// time, load and limit tests only when it would be the best.
			var c float64
			aj := b
			if j == k {
				c = cost1 + in.arcCost(t, lp, ld) + in.arcCost(t, ld, b) - r.arcC[k] + fixed
			} else {
				aj = in.locAt(r, j-1)
				dA, dB, tA, tB := in.legs(aj, ld, bj)
				c = detour1 + t.dc*float64(dA+dB) + t.tc*float64(tA+tB) - r.arcC[j] + fixed
			}
			if c < *bound {
				arrD := cur + in.tt(curLoc, ld)
				stD := max(arrD, in.twE[pd])
				if stD <= in.twL[pd] && stD+in.service[pd]+in.tt(ld, bj) <= r.lat[j] && (!in.ret[pd] || in.returnFits(r, pu, pd, j)) {
					var dTravel, dDist int64
					if j == k {
						dTravel = trav1 + in.tt(lp, ld) + in.tt(ld, b) - in.tt(a, b)
						dDist = dist1 + in.dd(lp, ld) + in.dd(ld, b) - in.dd(a, b)
					} else {
						dTravel = trav1 + in.tt(lp, b) - in.tt(a, b) + in.tt(aj, ld) + in.tt(ld, bj) - in.tt(aj, bj)
						dDist = dist1 + in.dd(lp, b) - in.dd(a, b) + in.dd(aj, ld) + in.dd(ld, bj) - in.dd(aj, bj)
					}
					if r.travel+dTravel <= t.maxTravel && r.dist+dDist <= t.maxDist &&
						(t.maxDur >= far || r.travel+dTravel+r.svc+in.service[pu]+in.service[pd] <= t.maxDur) {
						visit(k, j, c)
					}
				}
			}
			if j == L+1 {
				break
			}
			// Visit node j with the shifted schedule and the extra load.
			v := r.nodes[j-1]
			arr := cur + in.tt(curLoc, bj)
			st := max(arr, in.twE[v])
			if st > in.twL[v] || st > r.lat[j] {
				break
			}
			over := false
			for d := range D {
				if r.L0[d]+r.P[j*D+d]+in.delta[int(pu)*D+d] > t.capv[d] {
					over = true
				}
			}
			if over {
				break
			}
			cur = st + in.service[v]
			curLoc = bj
		}
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
