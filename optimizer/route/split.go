package route

// splitter cuts a giant tour into routes optimally (Vidal 2016, "Split
// algorithm in O(n) for the capacitated vehicle routing problem"): the
// linear algorithm with soft capacities for an unlimited fleet, and the
// O(n·m) bounded version when the routes must fit m slots. Excess load is
// penalised per unit, summed over the dimensions; the dominance tests use
// the summed demand, which bounds the penalty difference, so they stay
// exact for several dimensions.
type splitter struct {
	in      *instance
	sumDist []int64 // sumDist[i]: distance along the tour from position 1 to i
	sumLoad []int64 // (n+1)×D prefix loads
	sumTot  []int64 // prefix of summed demand
	d0x     []int64 // depot → client at position i
	dx0     []int64 // client at position i → depot
	pot     []float64
	pred    []int32
	queue   []int32
	penalty float64

	twPenalty float64   // time windows: penalty per unit of time warp
	twLoad    []int64   // time windows: a route's load while it grows
	twCost    []float64 // time windows: route costs from each tour position (splitTW)
	twOff     []int32   // time windows: where position i's costs start in twCost
}

func newSplitter(in *instance) *splitter {
	n := in.n
	s := &splitter{
		in:      in,
		sumDist: make([]int64, n+2),
		sumLoad: make([]int64, (n+1)*in.nD),
		sumTot:  make([]int64, n+1),
		d0x:     make([]int64, n+2),
		dx0:     make([]int64, n+2),
		pot:     make([]float64, (in.nR+1)*(n+1)),
		pred:    make([]int32, (in.nR+1)*(n+1)),
		queue:   make([]int32, n+1),
		twLoad:  make([]int64, in.nD),
	}
	if in.tw {
		s.twCost = make([]float64, 0, 8*n)
		s.twOff = make([]int32, n+1)
	}
	return s
}

const inf = 1e300

// pen is the load penalty of the route serving positions i+1..j.
func (s *splitter) pen(i, j int) float64 {
	D := s.in.nD
	var ex int64
	for d := range D {
		l := s.sumLoad[j*D+d] - s.sumLoad[i*D+d]
		if l > s.in.capv[d] {
			ex += l - s.in.capv[d]
		}
	}
	return s.penalty * float64(ex)
}

// propagate is the cost of reaching j from label i in layer k.
func (s *splitter) propagate(i, j, k int) float64 {
	return s.pot[k*(s.in.n+1)+i] + float64(s.sumDist[j]-s.sumDist[i+1]+s.d0x[i+1]+s.dx0[j]+s.in.fixed) + s.pen(i, j)
}

// dominates tests whether i dominates j (i < j) for every later node.
func (s *splitter) dominates(i, j, k int) bool {
	b := k * (s.in.n + 1)
	return s.pot[b+j]+float64(s.d0x[j+1]) > s.pot[b+i]+float64(s.d0x[i+1]+s.sumDist[j+1]-s.sumDist[i+1])+s.penalty*float64(s.sumTot[j]-s.sumTot[i])
}

// dominatesRight tests whether j dominates i (i < j) for every later node.
func (s *splitter) dominatesRight(i, j, k int) bool {
	b := k * (s.in.n + 1)
	return s.pot[b+j]+float64(s.d0x[j+1]) < s.pot[b+i]+float64(s.d0x[i+1]+s.sumDist[j+1]-s.sumDist[i+1])+epsilon
}

const epsilon = 1e-5

// split fills ind.routes from ind.tour and evaluates ind. It uses the
// linear split when its optimum needs at most maxRoutes routes (clamped to
// [lower bound, slots]), and the bounded split with maxRoutes otherwise.
// With time windows it runs splitTW, which also weighs time warp by twPen.
func (s *splitter) split(ind *individual, penalty, twPen float64, maxRoutes int, load []int64) {
	in := s.in
	n := in.n
	D := in.nD
	s.penalty = penalty
	if in.tw {
		s.twPenalty = twPen
		s.splitTW(ind, min(max(maxRoutes, in.lbRoutes), len(ind.routes)))
		ind.evaluate(in, penalty, twPen, load)
		return
	}
	for i := 1; i <= n; i++ {
		c := int(ind.tour[i-1])
		for d := range D {
			s.sumLoad[i*D+d] = s.sumLoad[(i-1)*D+d] + in.dem[c*D+d]
		}
		s.sumTot[i] = s.sumTot[i-1] + in.demTot[c]
		s.d0x[i] = in.d(0, c)
		s.dx0[i] = in.d(c, 0)
		if i < n {
			s.sumDist[i+1] = s.sumDist[i] + in.d(c, int(ind.tour[i]))
		}
	}
	s.sumDist[1] = 0
	maxRoutes = min(max(maxRoutes, in.lbRoutes), len(ind.routes))
	if !s.splitSimple(ind, maxRoutes) {
		s.splitBounded(ind, maxRoutes)
	}
	ind.evaluate(in, penalty, 0, load)
}

func (s *splitter) splitSimple(ind *individual, nR int) bool {
	n := s.in.n
	s.pot[0] = 0
	for i := 1; i <= n; i++ {
		s.pot[i] = inf
	}
	q := s.queue
	front, back := 0, 0 // q[front..back]
	q[0] = 0
	for i := 1; i <= n; i++ {
		f := int(q[front])
		s.pot[i] = s.propagate(f, i, 0)
		s.pred[i] = int32(f)
		if i < n {
			if !s.dominates(int(q[back]), i, 0) {
				for back >= front && s.dominatesRight(int(q[back]), i, 0) {
					back--
				}
				back++
				q[back] = int32(i)
			}
			for back > front && s.propagate(int(q[front]), i+1, 0) > s.propagate(int(q[front+1]), i+1, 0)-epsilon {
				front++
			}
		}
	}
	// Fill the routes backwards.
	for r := range ind.routes {
		ind.routes[r] = ind.routes[r][:0]
	}
	end := n
	for r := nR - 1; r >= 0 && end > 0; r-- {
		begin := int(s.pred[end])
		ind.routes[r] = append(ind.routes[r], ind.tour[begin:end]...)
		end = begin
	}
	return end == 0
}

func (s *splitter) splitBounded(ind *individual, m int) {
	n := s.in.n
	w := n + 1
	for k := 0; k <= m; k++ {
		for i := 0; i <= n; i++ {
			s.pot[k*w+i] = inf
		}
	}
	s.pot[0] = 0
	q := s.queue
	for k := 0; k < m; k++ {
		front, back := 0, 0
		q[0] = int32(k)
		for i := k + 1; i <= n && back >= front; i++ {
			f := int(q[front])
			s.pot[(k+1)*w+i] = s.propagate(f, i, k)
			s.pred[(k+1)*w+i] = int32(f)
			if i < n {
				if !s.dominates(int(q[back]), i, k) {
					for back >= front && s.dominatesRight(int(q[back]), i, k) {
						back--
					}
					back++
					q[back] = int32(i)
				}
				for back > front && s.propagate(int(q[front]), i+1, k) > s.propagate(int(q[front+1]), i+1, k)-epsilon {
					front++
				}
			}
		}
	}
	best, nb := s.pot[m*w+n], m
	for k := 1; k < m; k++ {
		if s.pot[k*w+n] < best {
			best, nb = s.pot[k*w+n], k
		}
	}
	for r := range ind.routes {
		ind.routes[r] = ind.routes[r][:0]
	}
	end := n
	for k := nb - 1; k >= 0; k-- {
		begin := int(s.pred[(k+1)*w+end])
		ind.routes[k] = append(ind.routes[k], ind.tour[begin:end]...)
		end = begin
	}
}
