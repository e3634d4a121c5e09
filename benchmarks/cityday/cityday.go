// Package cityday generates a seeded "city day" for the rich routing
// engine: a Chengdu-sized day of appliance pickups and trade-ins served
// from several depots by a mixed fleet, as one route.Problem.
//
// The day (Options' defaults): 2,000 jobs around a city centre
// (104.066° E, 30.657° N), three quarters of them in a dozen
// neighbourhood clusters, the rest spread over 16 km; 10 depots (one
// central, nine on a ring 5–12 km out) with 6 vehicles each — 5 trucks
// with two-person crews, two of them able to uninstall air conditioners,
// and a one-person van; 5 retail warehouses that hold the new appliances
// of some trade-ins. Jobs mix:
//
//   - pickups of old appliances (55 %): a client with Demand;
//   - trade-ins from the depot (25 %): a client with Delivery (the new
//     appliance, loaded at the depot, so only that depot's vehicles can
//     take it: skill "depot:k") and Demand (the old one);
//   - trade-ins from a warehouse (20 %): a shipment from the warehouse to
//     the household with Return (the old appliance carried back).
//
// Appliances set the load (kg, litres, pieces) and the skills: fridges and
// washing machines need a two-person crew, air conditioners the uninstall
// skill and two people. 70 % of the jobs have a window of 2–4 hours
// between 08:00 and 18:00; shifts are 08:00–19:00 with a 30-minute break
// between 11:30 and 13:30. Service takes 2–10 minutes per appliance, 3
// more for a trade-in, 5 at a warehouse. Distances and durations are estimated by
// geo.Estimate in the urban area (great-circle × 1.3 at 25 km/h); costs
// are in fen: fixed per route, per metre.
//
// The same Options give the same Problem on any machine.
package cityday

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/paulmach/orb"

	"github.com/huishou/huishou/geo"
	"github.com/huishou/huishou/optimizer/route"
)

// Options describe a day. The zero value is the default day with seed 0.
type Options struct {
	Seed uint64
	// Jobs is the number of bookings; 0 means 2000.
	Jobs int
	// Depots is the number of depots; 0 means 10.
	Depots int
	// PerDepot is the number of vehicles per depot; 0 means 6 (5 trucks,
	// one van).
	PerDepot int
	// Warehouses is the number of retail warehouses; 0 means 5.
	Warehouses int
}

func (o Options) withDefaults() Options {
	if o.Jobs <= 0 {
		o.Jobs = 2000
	}
	if o.Depots <= 0 {
		o.Depots = 10
	}
	if o.PerDepot <= 0 {
		o.PerDepot = 6
	}
	if o.Warehouses <= 0 {
		o.Warehouses = 5
	}
	return o
}

// Skills of the generated problems (Problem.SkillNames); depot k's stock
// is skill SkillDepot0+k.
const (
	SkillCrew2 = iota
	SkillAC
	SkillDepot0
)

// appliance is a kind of appliance with its load and handling.
type appliance struct {
	name        string
	kg, litres  int64
	crew2, ac   bool
	share       float64 // of the bookings
	serviceMins int64   // pickup service
}

var appliances = []appliance{
	{"refrigerator", 70, 500, true, false, 0.22, 6},
	{"washing_machine", 65, 300, true, false, 0.22, 5},
	{"television", 20, 150, false, false, 0.26, 3},
	{"air_conditioner", 45, 250, true, true, 0.12, 10},
	{"microwave", 15, 60, false, false, 0.18, 2},
}

// Day is a generated day: the problem and the points behind its
// locations (depots, then warehouses, then one location per household).
type Day struct {
	Problem    *route.Problem
	Points     []orb.Point
	Depots     int
	Warehouses int
}

var centre = orb.Point{104.066, 30.657}

// at returns the point r km from c at angle a (radians).
func at(c orb.Point, r, a float64) orb.Point {
	const kmPerDeg = 111.32
	return orb.Point{c[0] + r*math.Cos(a)/(kmPerDeg*math.Cos(c[1]*math.Pi/180)), c[1] + r*math.Sin(a)/kmPerDeg}
}

// Generate builds the day of opt. It fails only when ctx is cancelled
// while the matrix is estimated.
func Generate(ctx context.Context, opt Options) (*Day, error) {
	opt = opt.withDefaults()
	rng := rand.New(rand.NewPCG(opt.Seed, 0x0c17d47))
	var pts []orb.Point
	depots := make([]int, opt.Depots)
	for k := range opt.Depots {
		depots[k] = len(pts)
		if k == 0 {
			pts = append(pts, at(centre, 1+rng.Float64(), rng.Float64()*2*math.Pi))
			continue
		}
		a := 2*math.Pi*float64(k)/float64(opt.Depots-1) + rng.Float64()*0.4
		pts = append(pts, at(centre, 5+7*rng.Float64(), a))
	}
	whs := make([]int, opt.Warehouses)
	for k := range opt.Warehouses {
		whs[k] = len(pts)
		pts = append(pts, at(centre, 2+5*rng.Float64(), rng.Float64()*2*math.Pi))
	}
	clusters := make([]orb.Point, 12)
	sigma := make([]float64, len(clusters))
	for k := range clusters {
		clusters[k] = at(centre, 12*math.Sqrt(rng.Float64()), rng.Float64()*2*math.Pi)
		sigma[k] = 0.7 + 1.3*rng.Float64()
	}
	homes := make([]int, opt.Jobs)
	for j := range opt.Jobs {
		homes[j] = len(pts)
		if rng.Float64() < 0.75 {
			k := rng.IntN(len(clusters))
			pts = append(pts, at(clusters[k], math.Abs(rng.NormFloat64())*sigma[k], rng.Float64()*2*math.Pi))
		} else {
			pts = append(pts, at(centre, 16*math.Sqrt(rng.Float64()), rng.Float64()*2*math.Pi))
		}
	}
	m, err := geo.Estimate(ctx, pts, geo.EstimateOptions{Areas: []geo.Area{geo.Urban}})
	if err != nil {
		return nil, fmt.Errorf("cityday: %w", err)
	}

	p := &route.Problem{Matrix: m, CostScale: 1, TimeScale: 1, Depots: depots,
		DimNames: []string{"kg", "litres", "pieces"}}
	p.SkillNames = []string{"crew2", "ac_uninstall"}
	for k := range opt.Depots {
		p.SkillNames = append(p.SkillNames, fmt.Sprintf("depot:%d", k))
	}
	const day = 8 * 3600
	shift := route.TimeWindow{Start: day, End: 19 * 3600}
	lunch := []route.Break{{TimeWindows: []route.TimeWindow{{Start: 11*3600 + 1800, End: 13*3600 + 1800}}, Duration: 1800}}
	for k := range opt.Depots {
		trucks := opt.PerDepot - 1
		if opt.PerDepot == 1 {
			trucks = 1
		}
		ac := min(2, trucks)
		if ac > 0 {
			p.Vehicles = append(p.Vehicles, route.Vehicle{Capacity: []int64{2000, 16000, 40}, Count: ac, StartDepot: k, EndDepot: k,
				Skills: []int{SkillCrew2, SkillAC, SkillDepot0 + k}, Shift: shift, Breaks: lunch, FixedCost: 45000, DistanceCost: 0.22})
		}
		if trucks > ac {
			p.Vehicles = append(p.Vehicles, route.Vehicle{Capacity: []int64{2000, 16000, 40}, Count: trucks - ac, StartDepot: k, EndDepot: k,
				Skills: []int{SkillCrew2, SkillDepot0 + k}, Shift: shift, Breaks: lunch, FixedCost: 45000, DistanceCost: 0.22})
		}
		if opt.PerDepot > trucks {
			p.Vehicles = append(p.Vehicles, route.Vehicle{Capacity: []int64{800, 6000, 16}, Count: opt.PerDepot - trucks, StartDepot: k, EndDepot: k,
				Skills: []int{SkillDepot0 + k}, Shift: shift, Breaks: lunch, FixedCost: 20000, DistanceCost: 0.15})
		}
	}
	nearestDepot := func(q orb.Point) int {
		best, bd := 0, math.Inf(1)
		for k, d := range depots {
			dx, dy := pts[d][0]-q[0], pts[d][1]-q[1]
			if dd := dx*dx + dy*dy; dd < bd {
				best, bd = k, dd
			}
		}
		return best
	}
	pick := func() appliance {
		u := rng.Float64()
		for _, a := range appliances {
			if u < a.share {
				return a
			}
			u -= a.share
		}
		return appliances[len(appliances)-1]
	}
	window := func() []route.TimeWindow {
		if rng.Float64() < 0.3 {
			return nil
		}
		w := int64(2+rng.IntN(3)) * 3600
		s := day + int64(rng.IntN(int(10*3600-w)/1800+1))*1800
		return []route.TimeWindow{{Start: s, End: s + w}}
	}
	for _, h := range homes {
		a := pick()
		n := int64(1)
		if !a.crew2 && rng.Float64() < 0.2 {
			n = 2 // two small appliances
		}
		load := []int64{a.kg * n, a.litres * n, n}
		var skills []int
		if a.crew2 {
			skills = append(skills, SkillCrew2)
		}
		if a.ac {
			skills = append(skills, SkillAC)
		}
		tw := window()
		svc := (a.serviceMins*n + int64(rng.IntN(3))) * 60
		switch u := rng.Float64(); {
		case u < 0.55:
			p.Clients = append(p.Clients, route.Client{Location: h, Demand: load, Service: svc, TimeWindows: tw, Skills: skills})
		case u < 0.80:
			k := nearestDepot(pts[h])
			sk := append(skills, SkillDepot0+k)
			p.Clients = append(p.Clients, route.Client{Location: h, Demand: load, Delivery: load, Service: svc + 3*60,
				TimeWindows: tw, Skills: sk})
		default:
			w := whs[rng.IntN(len(whs))]
			p.Shipments = append(p.Shipments, route.Shipment{
				Pickup:   route.Stop{Location: w, Service: 5 * 60},
				Delivery: route.Stop{Location: h, Service: svc + 3*60, TimeWindows: tw},
				Amount:   load, Return: load, Skills: skills})
		}
	}
	return &Day{Problem: p, Points: pts, Depots: opt.Depots, Warehouses: opt.Warehouses}, nil
}
