package locate

// knapsack solves min Σ rc_c x_c, Σ w_c x_c ≤ cap, x binary, over items with
// rc < 0 sorted by rc/w ascending, by depth-first branch-and-bound with the
// Dantzig (LP) bound. Past a node limit it returns the LP bound, which is
// still a valid lower bound, the best selection found and false.
type knapsack struct {
	items []cand
	pw    []float64 // prefix sums of weights
	pp    []float64 // and of profits
	cur   []int
	best  []int
	bp    float64
	nodes int
}

const knapNodeLimit = 50000

func (k *knapsack) solve(items []cand, capy float64, sel *[]int) (float64, bool) {
	if len(items) > 0 && items[0].w > 0 {
		// all weights equal: the items of largest profit are optimal
		eq := true
		for _, it := range items[1:] {
			if it.w != items[0].w {
				eq = false
				break
			}
		}
		if eq {
			*sel = (*sel)[:0]
			v := 0.0
			for c := 0; c < len(items) && float64(c+1)*items[0].w <= capy*(1+1e-12); c++ {
				*sel = append(*sel, c)
				v += items[c].rc
			}
			return v, true
		}
	}
	k.items = items
	k.pw = append(k.pw[:0], 0)
	k.pp = append(k.pp[:0], 0)
	for _, it := range items {
		k.pw = append(k.pw, k.pw[len(k.pw)-1]+it.w)
		k.pp = append(k.pp, k.pp[len(k.pp)-1]-it.rc)
	}
	k.cur = k.cur[:0]
	k.best = k.best[:0]
	// greedy start
	rem := capy
	gp := 0.0
	for c, it := range items {
		if it.w <= rem {
			rem -= it.w
			gp -= it.rc
			k.best = append(k.best, c)
		}
	}
	k.bp = gp
	k.nodes = 0
	lp := k.lpBound(0, capy)
	if lp-gp > 1e-9*(1+gp) {
		k.dfs(0, capy, 0)
	}
	*sel = append((*sel)[:0], k.best...)
	if k.nodes > knapNodeLimit {
		return -lp, false
	}
	return -k.bp, true
}

// lpBound is the best fractional profit of items[i:] in capacity rem, by
// binary search on the prefix sums.
func (k *knapsack) lpBound(i int, rem float64) float64 {
	n := len(k.items)
	base := k.pw[i] + rem
	lo, hi := i, n // find the largest e with pw[e] ≤ base
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if k.pw[mid] <= base {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	p := k.pp[lo] - k.pp[i]
	if lo < n && k.items[lo].w > 0 {
		p -= k.items[lo].rc * (base - k.pw[lo]) / k.items[lo].w
	}
	return p
}

func (k *knapsack) dfs(i int, rem, profit float64) {
	k.nodes++
	if profit > k.bp+1e-12 {
		k.bp = profit
		k.best = append(k.best[:0], k.cur...)
	}
	if i == len(k.items) || k.nodes > knapNodeLimit {
		return
	}
	if profit+k.lpBound(i, rem) <= k.bp+1e-9*(1+k.bp) {
		return
	}
	it := &k.items[i]
	if it.w <= rem {
		k.cur = append(k.cur, i)
		k.dfs(i+1, rem-it.w, profit-it.rc)
		k.cur = k.cur[:len(k.cur)-1]
	}
	// excluding item i excludes its identical successors too (symmetry)
	n := i + 1
	for n < len(k.items) && k.items[n].w == it.w && k.items[n].rc == it.rc {
		n++
	}
	k.dfs(n, rem, profit)
}
