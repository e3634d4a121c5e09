package schedule

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"sync/atomic"
	"time"

	"github.com/paulmach/orb"
	"golang.org/x/sync/errgroup"

	"github.com/huishou/huishou/geo"
	"github.com/huishou/huishou/optimizer/schedule/booking"
	"github.com/huishou/huishou/optimizer/schedule/dayplan"
	"github.com/huishou/huishou/optimizer/schedule/fleet"
)

// Result is a schedule: one day plan per day of the horizon.
type Result struct {
	Days []*dayplan.Plan
	// Deferred are open bookings whose earliest date lies after the
	// horizon: not planned yet.
	Deferred []string
	// Ignored counts bookings not planned because of their status (done,
	// failed, cancelled, or dispatched on an earlier plan).
	Ignored int
	// Circuits are the weekly service circuits formed.
	Circuits []Circuit
	// Clearing are the clearing runs scheduled.
	Clearing []Clearing
	// Problems describe the routing problems solved.
	Problems []ProblemStats
}

// Circuit is a weekly circuit of service visits in remote townships: one
// crew, one day.
type Circuit struct {
	County   string
	Date     booking.Date
	Vehicle  string
	Bookings []string
}

// Clearing is a clearing run of a collection point's stock to its
// transfer station.
type Clearing struct {
	Booking  string // the run's booking id, "clear-CP-YYYYMMDD-K"
	Depot    string // the collection point
	To       string // its transfer station
	Date     booking.Date
	StockL   float64 // stored when the run was scheduled
	StorageL float64
}

// ProblemStats describe one routing problem.
type ProblemStats struct {
	Name       string
	Depots     int
	Vehicles   int
	Jobs       int
	Iterations int
	Elapsed    time.Duration
	StopReason string
}

// Schedule plans opt.Days days of bookings from opt.Date (see the package
// documentation). Bad input is an *InputError naming the field; bookings
// that cannot be served are not errors but come back unassigned with
// their reasons.
func Schedule(ctx context.Context, in *Input, opt Options) (*Result, error) {
	start := time.Now()
	vin, err := in.validate(&opt)
	if err != nil {
		return nil, err
	}
	e := newEngine(vin, opt, start)
	return e.run(ctx)
}

// engine is one run of Schedule.
type engine struct {
	in    *Input
	opt   Options
	start time.Time
	cat   booking.Catalog

	bk   []booking.Booking // input bookings, then synthetic clearing runs
	need []booking.Need
	// per booking
	home    []int      // depot index whose group serves it (-1: none)
	extra   [][]string // engine-only skills: depot:X, circuit:C
	carried []bool

	depot    map[string]int
	fleetDep []int   // depots with vehicles, in input order
	vehAt    [][]int // vehicles per depot index
	group    []int   // per depot index: its group, -1 without vehicles
	groups   [][]int // depot indices per group

	circuitVeh map[string]string // "circuit:COUNTY@day" → vehicle id
	why        map[int]string    // bookings that cannot be served on any day, and why
	// Re-planning: the old stops per vehicle, no clearing runs, the cost
	// (yuan) per booking moved or left out.
	initial    map[string][]dayplan.Stop
	noClearing bool
	stability  float64
	clearSrc   map[int]int // clearing-run booking → its collection point
	// decomposeAt is DecomposeJobs (tests lower it); dropped counts the
	// routes of a start that did not replay.
	decomposeAt int
	dropped     atomic.Int32
	res         *Result
	stock       [][]int // per depot: stock per category (catalog order) for clearing
	cats        []string
}

func newEngine(in *Input, opt Options, start time.Time) *engine {
	e := &engine{in: in, opt: opt, start: start, cat: in.Catalog, depot: map[string]int{}, res: &Result{},
		circuitVeh: map[string]string{}, why: map[int]string{}, clearSrc: map[int]int{}, decomposeAt: DecomposeJobs}
	e.cats = e.cat.Categories()
	for i, d := range in.Depots {
		e.depot[d.ID] = i
	}
	e.vehAt = make([][]int, len(in.Depots))
	for i, v := range in.Vehicles {
		k := e.depot[v.Depot]
		e.vehAt[k] = append(e.vehAt[k], i)
	}
	for k := range in.Depots {
		if len(e.vehAt[k]) > 0 {
			e.fleetDep = append(e.fleetDep, k)
		}
	}
	e.bk = append([]booking.Booking(nil), in.Bookings...)
	for i := range e.bk {
		e.need = append(e.need, e.cat.Need(&e.bk[i]))
	}
	e.home = make([]int, len(e.bk))
	e.extra = make([][]string, len(e.bk))
	e.carried = make([]bool, len(e.bk))
	return e
}

func (e *engine) progress(stage string, done, total int) {
	if e.opt.Progress != nil {
		e.opt.Progress(stage, done, total)
	}
}

func point(lon, lat float64) orb.Point { return orb.Point{lon, lat} }

func (e *engine) depotPoint(k int) orb.Point {
	d := &e.in.Depots[k]
	return point(d.Lon, d.Lat)
}

// capable reports whether vehicle v can serve need n alone: crew, skills,
// capacity.
func (e *engine) capable(v int, n *booking.Need, extra []string) bool {
	veh := &e.in.Vehicles[v]
	if veh.Crew < n.Crew || max(n.PickupKg, n.DeliveryKg) > veh.Kg || max(n.PickupL, n.DeliveryL) > veh.Litres {
		return false
	}
	if veh.Pieces > 0 && max(n.PickupPieces, n.DeliveryPieces) > veh.Pieces {
		return false
	}
	for _, s := range n.Skills {
		if !veh.HasSkill(s) {
			return false
		}
	}
	for _, s := range extra {
		if len(s) > 6 && s[:6] == "depot:" && veh.Depot != s[6:] {
			return false
		}
	}
	return true
}

// homeOf returns the depot with vehicles that should serve booking b: the
// depot a trade-in's new appliance or a clearing run's load is bound to,
// else the nearest depot with a vehicle able to serve it, else the nearest
// depot with vehicles.
func (e *engine) homeOf(b int) (int, float64) {
	for _, s := range e.extra[b] {
		if len(s) > 6 && s[:6] == "depot:" {
			k := e.depot[s[6:]]
			return k, geo.GreatCircle(point(e.bk[b].Lon, e.bk[b].Lat), e.depotPoint(k))
		}
	}
	p := point(e.bk[b].Lon, e.bk[b].Lat)
	best, bestD, any, anyD := -1, math.Inf(1), -1, math.Inf(1)
	for _, k := range e.fleetDep {
		d := geo.GreatCircle(p, e.depotPoint(k))
		if d < anyD {
			any, anyD = k, d
		}
		if d < bestD {
			for _, v := range e.vehAt[k] {
				if e.capable(v, &e.need[b], e.extra[b]) {
					best, bestD = k, d
					break
				}
			}
		}
	}
	if best < 0 {
		return any, anyD
	}
	return best, bestD
}

// window returns the first and last day index (within the horizon) on
// which booking b may be served; lo > hi when none.
func (e *engine) window(b int) (lo, hi int) {
	bk := &e.bk[b]
	lo, hi = 0, e.opt.Days-1
	if !bk.Earliest.IsZero() {
		lo = max(lo, int(bk.Earliest-e.opt.Date))
	}
	if !bk.Latest.IsZero() {
		hi = min(hi, int(bk.Latest-e.opt.Date))
	}
	return lo, hi
}

func (e *engine) date(d int) booking.Date { return e.opt.Date.AddDays(d) }

// run plans the days.
func (e *engine) run(ctx context.Context) (*Result, error) {
	// Open bookings of the horizon; trade-ins bound to their depot.
	byDay := make([][]int, e.opt.Days)
	var open []int
	for b := range e.bk {
		bk := &e.bk[b]
		if !bk.Status.Open() {
			e.res.Ignored++
			continue
		}
		lo, hi := e.window(b)
		if lo > e.opt.Days-1 {
			e.res.Deferred = append(e.res.Deferred, bk.ID)
			continue
		}
		if hi < 0 {
			e.why[b] = fmt.Sprintf("latest date %s is before the planning date %s", bk.Latest, e.opt.Date)
			byDay[0] = append(byDay[0], b)
			continue
		}
		if bk.Kind == booking.TradeIn {
			k, ok := e.depot[bk.From]
			if !ok {
				e.why[b] = fmt.Sprintf("the new appliance's depot or warehouse %q is unknown", bk.From)
				byDay[max(lo, 0)] = append(byDay[max(lo, 0)], b)
				continue
			}
			if len(e.vehAt[k]) > 0 {
				e.extra[b] = append(e.extra[b], "depot:"+bk.From)
			}
		}
		open = append(open, b)
	}
	for _, b := range open {
		e.home[b], _ = e.homeOf(b)
	}
	e.formGroups(open)
	circuitDay := e.formCircuits(open)
	e.assignDays(open, circuitDay, byDay)

	e.initStock()
	var carry []int
	var deadline time.Time
	if e.opt.TimeLimit > 0 {
		deadline = e.start.Add(e.opt.TimeLimit)
	}
	for d := range e.opt.Days {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		todays := append(carry, byDay[d]...)
		todays = append(todays, e.clearingRuns(d)...)
		rest := 0
		for k := d + 1; k < e.opt.Days; k++ {
			rest += len(byDay[k])
		}
		plan, left, err := e.planDay(ctx, d, todays, deadline, rest)
		if err != nil {
			return nil, err
		}
		carry = left
		e.res.Days = append(e.res.Days, plan)
		e.updateStock(plan)
		e.progress("days", d+1, e.opt.Days)
	}
	return e.res, nil
}

// formGroups joins depots whose areas overlap (see the package
// documentation), or keeps one group per depot with Options.PerDepot.
func (e *engine) formGroups(open []int) {
	n := len(e.in.Depots)
	parent := make([]int, n)
	for i := range parent {
		parent[i] = i
	}
	find := func(x int) int {
		for parent[x] != x {
			parent[x] = parent[parent[x]]
			x = parent[x]
		}
		return x
	}
	union := func(a, b int) {
		ra, rb := find(a), find(b)
		if ra != rb {
			parent[max(ra, rb)] = min(ra, rb)
		}
	}
	if !e.opt.PerDepot {
		for _, b := range open {
			h := e.home[b]
			if h < 0 || e.bound(b) {
				continue
			}
			p := point(e.bk[b].Lon, e.bk[b].Lat)
			dh := geo.GreatCircle(p, e.depotPoint(h))
			for _, k := range e.fleetDep {
				if k != h && find(k) != find(h) && geo.GreatCircle(p, e.depotPoint(k)) <= 1.5*dh+2000 {
					union(h, k)
				}
			}
		}
	}
	e.group = make([]int, n)
	idx := map[int]int{}
	for k := range e.group {
		e.group[k] = -1
	}
	for _, k := range e.fleetDep {
		r := find(k)
		g, ok := idx[r]
		if !ok {
			g = len(e.groups)
			idx[r] = g
			e.groups = append(e.groups, nil)
		}
		e.group[k] = g
		e.groups[g] = append(e.groups[g], k)
	}
}

// bound reports whether booking b must be served by the trucks of one
// depot (a trade-in from it, a clearing run to it).
func (e *engine) bound(b int) bool {
	for _, s := range e.extra[b] {
		if len(s) > 6 && s[:6] == "depot:" {
			return true
		}
	}
	return false
}

// formCircuits groups remote service visits into one circuit per county:
// a day of the horizon and one capable crew. It returns the circuit day of
// each booking in a circuit (-1 otherwise).
func (e *engine) formCircuits(open []int) []int {
	day := make([]int, len(e.bk))
	for i := range day {
		day[i] = -1
	}
	if e.opt.CircuitKm < 0 {
		return day
	}
	byCounty := map[string][]int{}
	var counties []string
	for _, b := range open {
		bk := &e.bk[b]
		if bk.Kind != booking.Service {
			continue
		}
		_, d := e.homeOf(b)
		if d <= e.opt.CircuitKm*1000 {
			continue
		}
		c := bk.County
		if c == "" {
			c = "depot " + e.in.Depots[e.home[b]].ID
		}
		if _, ok := byCounty[c]; !ok {
			counties = append(counties, c)
		}
		byCounty[c] = append(byCounty[c], b)
	}
	sort.Strings(counties)
	for _, c := range counties {
		bs := byCounty[c]
		if len(bs) < 2 {
			continue // a circuit of one is an ordinary visit
		}
		best, bestN := -1, 0
		for d := range e.opt.Days {
			n := 0
			for _, b := range bs {
				if lo, hi := e.window(b); lo <= d && d <= hi {
					n++
				}
			}
			if n > bestN {
				best, bestN = d, n
			}
		}
		if bestN < 2 {
			continue
		}
		// The crew: the first capable vehicle of the home depot of most of
		// the visits.
		count := map[int]int{}
		for _, b := range bs {
			count[e.home[b]]++
		}
		hd, hn := -1, 0
		for _, k := range e.fleetDep {
			if count[k] > hn {
				hd, hn = k, count[k]
			}
		}
		veh := -1
		for _, v := range e.vehAt[hd] {
			ok := true
			for _, b := range bs {
				ok = ok && e.capable(v, &e.need[b], nil)
			}
			if ok {
				veh = v
				break
			}
		}
		if veh < 0 {
			continue
		}
		skill := "circuit:" + c
		e.circuitVeh[skill+"@"+e.date(best).String()] = e.in.Vehicles[veh].ID
		ci := Circuit{County: c, Date: e.date(best), Vehicle: e.in.Vehicles[veh].ID}
		for _, b := range bs {
			if lo, hi := e.window(b); lo <= best && best <= hi {
				day[b] = best
				e.extra[b] = append(e.extra[b], skill)
				e.home[b] = hd
				ci.Bookings = append(ci.Bookings, e.bk[b].ID)
			}
		}
		e.res.Circuits = append(e.res.Circuits, ci)
	}
	return day
}

// Workload estimate of assignDays: travel per stop by area, and the share
// of a shift that goes to work.
var travelPerStop = map[string]float64{"urban": 8 * 60, "plain": 12 * 60, "mountain": 20 * 60}

const usableShift = 0.85

// assignDays puts each open booking on a day of its window, due-first and
// balancing the estimated workload of its group's fleet.
func (e *engine) assignDays(open []int, circuitDay []int, byDay [][]int) {
	type cap3 struct{ kg, l, t float64 }
	G := len(e.groups)
	capOf := make([]cap3, G)
	for g, ds := range e.groups {
		for _, k := range ds {
			for _, v := range e.vehAt[k] {
				veh := &e.in.Vehicles[v]
				shift := float64(veh.ShiftEnd - veh.ShiftStart)
				for _, br := range veh.Breaks {
					shift -= float64(br.Minutes * 60)
				}
				capOf[g].kg += veh.Kg
				capOf[g].l += veh.Litres
				capOf[g].t += usableShift * shift
			}
		}
	}
	load := make([][]cap3, G)
	for g := range load {
		load[g] = make([]cap3, e.opt.Days)
	}
	// Bookings with one possible day first (they leave no choice), then
	// due-first: latest date, earliest date, id.
	order := append([]int(nil), open...)
	key := func(b int) (bool, int, int, string) {
		lo, hi := e.window(b)
		lo = max(lo, 0)
		return hi > lo && circuitDay[b] < 0, hi, lo, e.bk[b].ID
	}
	sort.SliceStable(order, func(i, j int) bool {
		f1, hi1, lo1, id1 := key(order[i])
		f2, hi2, lo2, id2 := key(order[j])
		if f1 != f2 {
			return !f1
		}
		if hi1 != hi2 {
			return hi1 < hi2
		}
		if lo1 != lo2 {
			return lo1 < lo2
		}
		return id1 < id2
	})
	util := func(g, d int, n *booking.Need, t float64) float64 {
		c, l := capOf[g], load[g][d]
		return max((l.kg+max(n.PickupKg, n.DeliveryKg))/c.kg, (l.l+max(n.PickupL, n.DeliveryL))/c.l, (l.t+t)/c.t)
	}
	for _, b := range order {
		g := e.group[e.home[b]]
		n := &e.need[b]
		t := float64(n.ServiceSec) + travelPerStop[e.in.Depots[e.home[b]].Area]
		lo, hi := e.window(b)
		lo = max(lo, 0)
		best := lo
		if circuitDay[b] >= 0 {
			best = circuitDay[b]
		} else {
			bestS := math.Inf(1)
			for d := lo; d <= hi; d++ {
				s := util(g, d, n, t) + 0.03*float64(d-lo)
				if s < bestS-1e-12 {
					best, bestS = d, s
				}
			}
		}
		load[g][best].kg += max(n.PickupKg, n.DeliveryKg)
		load[g][best].l += max(n.PickupL, n.DeliveryL)
		load[g][best].t += t
		byDay[best] = append(byDay[best], b)
	}
	for d := range byDay {
		slices.Sort(byDay[d])
	}
}

// initStock reads the collection points' stock per category.
func (e *engine) initStock() {
	e.stock = make([][]int, len(e.in.Depots))
	for k, d := range e.in.Depots {
		if d.Kind != fleet.CollectionPoint || d.StorageL <= 0 {
			continue
		}
		s := make([]int, len(e.cats))
		for _, it := range d.Stock {
			s[slices.Index(e.cats, it.Category)] += it.Count
		}
		e.stock[k] = s
	}
}

func (e *engine) stockLoad(s []int) (kg, l float64, pieces int) {
	for c, n := range s {
		h := e.cat[e.cats[c]]
		kg += float64(n) * h.WeightKg
		l += float64(n) * h.VolumeL
		pieces += n
	}
	return
}

// clearingRuns adds a clearing run for every collection point whose stock
// passes its threshold at the start of day d, split into loads that fit
// the largest truck of its transfer station; it returns the new bookings.
func (e *engine) clearingRuns(d int) []int {
	var out []int
	if e.noClearing {
		return nil
	}
	for k, dep := range e.in.Depots {
		s := e.stock[k]
		if s == nil {
			continue
		}
		_, litres, _ := e.stockLoad(s)
		if litres < dep.ClearAt*dep.StorageL {
			continue
		}
		to := dep.Parent
		if to == "" || len(e.vehAt[e.depot[to]]) == 0 {
			to = e.nearestStation(k)
		}
		if to == "" {
			continue
		}
		var vk, vl float64
		vp := 0
		for _, v := range e.vehAt[e.depot[to]] {
			veh := &e.in.Vehicles[v]
			if veh.Kg*veh.Litres > vk*vl {
				vk, vl, vp = veh.Kg, veh.Litres, veh.Pieces
			}
		}
		left := append([]int(nil), s...)
		for run := 1; ; run++ {
			var items booking.Items
			kg, l, pc := 0.0, 0.0, 0
			for c := range left {
				h := e.cat[e.cats[c]]
				take := 0
				for left[c] > 0 && kg+h.WeightKg <= 0.95*vk && l+h.VolumeL <= 0.95*vl && (vp == 0 || pc < vp) {
					left[c]--
					take++
					kg += h.WeightKg
					l += h.VolumeL
					pc++
				}
				if take > 0 {
					items = append(items, booking.Item{Category: e.cats[c], Count: take})
				}
			}
			if len(items) == 0 {
				break
			}
			b := booking.Booking{ID: fmt.Sprintf("clear-%s-%s-%d", dep.ID, e.date(d).Time().Format("20060102"), run),
				Lon: dep.Lon, Lat: dep.Lat, County: dep.County, Township: dep.Name, Items: items,
				Earliest: e.date(d), Latest: e.date(d), Kind: booking.Bulk, Status: booking.Booked,
				Note: fmt.Sprintf("clearing run (代收代储): %s to %s", dep.ID, to)}
			idx := len(e.bk)
			e.bk = append(e.bk, b)
			e.need = append(e.need, e.cat.Need(&e.bk[idx]))
			e.extra = append(e.extra, []string{"depot:" + to})
			e.carried = append(e.carried, false)
			e.home = append(e.home, e.depot[to])
			out = append(out, idx)
			e.clearSrc[idx] = k
			e.res.Clearing = append(e.res.Clearing, Clearing{Booking: b.ID, Depot: dep.ID, To: to, Date: e.date(d), StockL: litres, StorageL: dep.StorageL})
		}
	}
	return out
}

// nearestStation returns the nearest transfer station with vehicles to
// depot k, or "".
func (e *engine) nearestStation(k int) string {
	best, bestD := "", math.Inf(1)
	for _, j := range e.fleetDep {
		if e.in.Depots[j].Kind != fleet.TransferStation || j == k {
			continue
		}
		if d := geo.GreatCircle(e.depotPoint(k), e.depotPoint(j)); d < bestD {
			best, bestD = e.in.Depots[j].ID, d
		}
	}
	return best
}

// updateStock applies a day plan to the collection points' stock:
// clearing runs served take their items, pickups by trucks based at a
// collection point are unloaded there, and the daily inflow arrives.
func (e *engine) updateStock(p *dayplan.Plan) {
	ix := map[string]int{}
	for b := range e.bk {
		ix[e.bk[b].ID] = b
	}
	add := func(k int, it booking.Items, sign int) {
		for _, x := range it {
			i := slices.Index(e.cats, x.Category)
			e.stock[k][i] = max(0, e.stock[k][i]+sign*x.Count)
		}
	}
	for _, r := range p.Routes {
		home := e.depot[r.Depot]
		for _, s := range r.Stops {
			if s.Type != dayplan.Visit {
				continue
			}
			b := ix[s.Booking]
			if src, ok := e.clearSrc[b]; ok {
				add(src, e.bk[b].Items, -1)
				continue
			}
			if e.stock[home] != nil && e.bk[b].Kind != booking.Service {
				add(home, e.bk[b].Items, 1)
			}
		}
	}
	for k, dep := range e.in.Depots {
		if e.stock[k] != nil {
			add(k, dep.Inflow, 1)
		}
	}
}

// groupJobs splits the bookings of a day by group.
func (e *engine) groupJobs(todays []int) [][]int {
	out := make([][]int, len(e.groups))
	for _, b := range todays {
		g := 0
		if h := e.home[b]; h >= 0 && e.group[h] >= 0 {
			g = e.group[h]
		}
		out[g] = append(out[g], b)
	}
	return out
}

// planDay routes day d: every group's problem, then the day plan. It
// returns the bookings to carry to the next day.
func (e *engine) planDay(ctx context.Context, d int, todays []int, deadline time.Time, rest int) (*dayplan.Plan, []int, error) {
	date := e.date(d)
	reason := map[int]string{}
	var jobs []int
	for _, b := range todays {
		if r, ok := e.why[b]; ok {
			reason[b] = r
			continue
		}
		jobs = append(jobs, b)
	}
	per := e.groupJobs(jobs)
	type solved struct {
		routes []dayplan.Route
		served map[int]bool
		why    map[int]string
		stats  ProblemStats
		parts  []ProblemStats // the depots solved alone first
	}
	out := make([]solved, len(e.groups))
	g := errgroup.Group{}
	g.SetLimit(max(e.opt.Threads, 1))
	total := len(jobs) + rest
	for gi := range e.groups {
		if len(per[gi]) == 0 {
			continue
		}
		var limit time.Duration
		if !deadline.IsZero() {
			left := time.Until(deadline)
			limit = max(time.Duration(float64(left)*float64(len(per[gi]))/float64(max(total, 1))), 100*time.Millisecond)
		}
		g.Go(func() error {
			name := fmt.Sprintf("%s-g%d", date, gi+1)
			init, iters := e.initial, 0
			var parts []ProblemStats
			if init == nil && len(e.groups[gi]) > 1 && len(per[gi]) >= e.decomposeAt && !e.opt.NoDecompose {
				var err error
				if init, iters, parts, err = e.perDepotStart(ctx, d, gi, per[gi], limit*2/5); err != nil {
					return err
				}
				for k := range parts {
					parts[k].Name = fmt.Sprintf("%s-g%d-d%d", date, gi+1, k+1)
				}
				limit -= limit * 2 / 5
			}
			rt, err := e.buildRouting(ctx, d, e.groups[gi], per[gi])
			if err != nil {
				return err
			}
			if e.opt.Problem != nil {
				e.opt.Problem(name, rt)
			}
			routes, served, why, st, err := e.solve(ctx, rt, limit, init, iters)
			if err != nil {
				return err
			}
			st.Name = name
			out[gi] = solved{routes, served, why, st, parts}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, nil, err
	}
	plan := &dayplan.Plan{Date: date, Seed: e.opt.Seed, Iterations: e.opt.Iterations, Routes: []dayplan.Route{}, Unassigned: []dayplan.Unassigned{}}
	served := map[int]bool{}
	for gi, s := range out {
		if len(per[gi]) == 0 {
			continue
		}
		plan.Routes = append(plan.Routes, s.routes...)
		for b := range s.served {
			served[b] = true
		}
		for b, r := range s.why {
			reason[b] = r
		}
		e.res.Problems = append(append(e.res.Problems, s.parts...), s.stats)
		grp := dayplan.Group{Vehicles: s.stats.Vehicles, Bookings: len(per[gi])}
		for _, k := range e.groups[gi] {
			grp.Depots = append(grp.Depots, e.in.Depots[k].ID)
		}
		plan.Groups = append(plan.Groups, grp)
	}
	vorder := map[string]int{}
	for i, v := range e.in.Vehicles {
		vorder[v.ID] = i
	}
	sort.Slice(plan.Routes, func(i, j int) bool { return vorder[plan.Routes[i].Vehicle] < vorder[plan.Routes[j].Vehicle] })
	var carry []int
	var dayB []int
	for _, b := range todays {
		if served[b] {
			dayB = append(dayB, b)
			continue
		}
		_, hi := e.window(b)
		_, never := e.why[b]
		if r, ok := reason[b]; hi > d && d+1 < e.opt.Days && !isClearing(&e.bk[b]) && !never && !(ok && permanent(r)) {
			e.carried[b] = true
			carry = append(carry, b)
			continue
		}
		dayB = append(dayB, b)
		r := reason[b]
		if r == "" {
			r = "no vehicle had room or time left for it"
		}
		if hi > d && d+1 >= e.opt.Days && !never {
			r += fmt.Sprintf(" (may still be served up to %s, after the planned days)", e.bk[b].Latest)
		}
		plan.Unassigned = append(plan.Unassigned, dayplan.Unassigned{Booking: e.bk[b].ID, Reason: r})
	}
	slices.Sort(dayB)
	for _, b := range dayB {
		bk := e.bk[b]
		if served[b] {
			bk.Status = booking.Scheduled
		}
		plan.Bookings = append(plan.Bookings, bk)
	}
	plan.Depots = append([]fleet.Depot{}, e.in.Depots...)
	plan.Vehicles = append([]fleet.Vehicle{}, e.in.Vehicles...)
	for _, b := range plan.Bookings {
		if a, ok := e.in.Areas[b.County]; ok {
			if plan.Areas == nil {
				plan.Areas = map[string]string{}
			}
			plan.Areas[b.County] = a
		}
	}
	e.totals(plan)
	return plan, carry, nil
}

// DecomposeJobs is the size from which a group of several depots is first
// solved depot by depot (each depot's trucks and the bookings nearest to
// it), the joint multi-depot search then starting from those routes.
const DecomposeJobs = 400

// DefaultJointIterations is the default budget of the joint search of n
// jobs after a per-depot start: 8,000,000/n iterations (4,000 at 2,000
// jobs), between 100 and 20,000. An iteration of the joint search costs
// time in proportion to the jobs, so the budget keeps its work about
// constant: ~5–12 s for the Chengdu day (2,000 bookings) on the
// development machine.
func DefaultJointIterations(n int) int { return min(max(8_000_000/max(n, 1), 100), 20_000) }

// perDepotStart solves each depot of group gi alone (its trucks, the
// bookings whose home it is) and returns the routes as a start for the
// joint problem, and the joint problem's budget: what is left of the
// group's default budget after the depots' (at least a quarter of it).
func (e *engine) perDepotStart(ctx context.Context, d, gi int, jobs []int, limit time.Duration) (map[string][]dayplan.Stop, int, []ProblemStats, error) {
	byDepot := map[int][]int{}
	for _, b := range jobs {
		byDepot[e.home[b]] = append(byDepot[e.home[b]], b)
	}
	deps := e.groups[gi]
	results := make([][]dayplan.Route, len(deps))
	stats := make([]ProblemStats, len(deps))
	g := errgroup.Group{}
	g.SetLimit(max(e.opt.Threads, 1))
	for k, dep := range deps {
		js := byDepot[dep]
		if len(js) == 0 {
			continue
		}
		share := time.Duration(0)
		if limit > 0 {
			share = max(time.Duration(float64(limit)*float64(len(js))/float64(len(jobs))), 50*time.Millisecond)
		}
		g.Go(func() error {
			rt, err := e.buildRouting(ctx, d, []int{dep}, js)
			if err != nil {
				return err
			}
			routes, _, _, st, err := e.solve(ctx, rt, share, nil, 0)
			if err != nil {
				return err
			}
			results[k], stats[k] = routes, st
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, 0, nil, err
	}
	init := map[string][]dayplan.Stop{}
	spent := 0
	var parts []ProblemStats
	for k := range deps {
		if stats[k].Jobs > 0 {
			parts = append(parts, stats[k])
		}
		spent += stats[k].Iterations
		for _, r := range results[k] {
			init[r.Vehicle] = r.Stops
		}
	}
	iters := e.opt.JointIterations
	if iters == 0 {
		iters = DefaultJointIterations(len(jobs))
	}
	_ = spent
	return init, iters, parts, nil
}

func isClearing(b *booking.Booking) bool { return strings.HasPrefix(b.ID, "clear-") }

// permanent reports whether an unassigned reason holds on every day (so
// carrying the booking over is pointless).
func permanent(r string) bool {
	for _, p := range []string{"no vehicle has skill", "exceeds every", "unknown", "cannot be reached", "cannot be served"} {
		if strings.Contains(r, p) {
			return true
		}
	}
	return false
}

// totals adds up a day plan.
func (e *engine) totals(p *dayplan.Plan) {
	t := dayplan.Totals{Bookings: len(p.Bookings), Unassigned: len(p.Unassigned), Vehicles: len(p.Routes)}
	ix := p.Index()
	for _, r := range p.Routes {
		t.DistanceKm += float64(r.DistanceM) / 1000
		t.Hours += float64(r.DurationS) / 3600
		t.Cost += r.Cost
		for _, s := range r.Stops {
			if s.Type != dayplan.Visit {
				continue
			}
			t.Served++
			b := ix.Booking[s.Booking]
			n := e.cat.Need(b)
			t.Pieces += n.PickupPieces
			t.Kg += n.PickupKg
			t.Delivered += n.DeliveryPieces
		}
	}
	t.DistanceKm = round(t.DistanceKm, 3)
	t.Hours = round(t.Hours, 3)
	t.Cost = round(t.Cost, 2)
	t.Kg = round(t.Kg, 1)
	p.Totals = t
}

func round(x float64, digits int) float64 {
	p := math.Pow(10, float64(digits))
	return math.Round(x*p) / p
}
