// Package simulate makes a simulated work ledger from generated bookings
// and day plans, so that a new user sees a full report at once (`huishou
// gen ledger`). Every event it makes is marked simulated.
//
// simulate may import api/ledger, scenarios and optimizer; nothing below
// cmd imports it but the API's demo paths.
package simulate

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"time"

	"github.com/huishou/huishou/api/ledger"
	"github.com/huishou/huishou/optimizer/network"
	"github.com/huishou/huishou/optimizer/schedule"
	"github.com/huishou/huishou/optimizer/supply"
	"github.com/huishou/huishou/scenarios/region"
	"github.com/huishou/huishou/scenarios/stage"
)

// Options configure Run. The zero value simulates the default county
// (stage.DefaultCounty) for 90 days from 2025-01-01 with seed 1.
type Options struct {
	// Counties are the adcodes simulated; default {stage.DefaultCounty}.
	Counties []string
	// From is the first day (China time); default 2025-01-01.
	From time.Time
	// Days is the number of days; default 90.
	Days int
	// Seed seeds the bookings, the routing and the measurements; default 1.
	Seed uint64
	// Iterations bounds the routing engine per county-day; default 2000.
	// NearestNeighbour routes by nearest neighbour instead (fastest).
	Iterations       int
	NearestNeighbour bool
	// TradeInShare is the share of pickups of large appliances that are
	// trade-ins (以旧换新); default 0.35, an UNSOURCED assumption.
	TradeInShare float64
	// Progress, when set, is told the days done.
	Progress func(done, total int)
}

// Result is a simulated ledger: its site registry and its events, in
// time order, stored in a memory ledger (validated and hash-chained as
// any other).
type Result struct {
	Sites  *ledger.Sites
	Store  *ledger.Memory
	Counts map[ledger.Type]int
	// Bookings counts bookings sampled, Served those collected, Late those
	// collected after their latest date or window.
	Bookings, Served, Late int
}

// Simulation assumptions, all UNSOURCED.
var (
	// producers: brand owners of old appliances and their shares.
	producers = []struct {
		name  string
		share float64
	}{{"Haier", 0.22}, {"Midea", 0.20}, {"Gree", 0.12}, {"Hisense", 0.08}, {"TCL", 0.07}, {"Skyworth", 0.06}, {"Changhong", 0.08}, {"", 0.17}}
	// subsidyClasses: the trade-in subsidy classes (energy grade of the new
	// appliance: 20 % subsidy for grade 1, 15 % for grade 2).
	subsidyClasses = []struct {
		name  string
		share float64
	}{{"energy_grade_1", 0.45}, {"energy_grade_2", 0.55}}
)

const (
	leadDays      = 3    // a booking is made 1…leadDays days before the day sampled
	windowDays    = 2    // latest = earliest + windowDays (≥ the day sampled)
	weighSigma    = 0.08 // measured kg / nominal kg − 1, normal
	extraItemRate = 0.03 // a household gives one more small item than booked
	adjustRate    = 0.01 // a pickup re-weighed at the station and corrected
	informalShare = 0.04 // hand-overs to an unlicensed yard (simulated leakage)
	transferEvery = 7    // days between a station's runs to its sorting centre
	handOverEvery = 3    // days between a sorting centre's hand-overs
)

// Run simulates the ledger of the counties of reg. It samples each day's
// bookings from the forecast of optimizer/supply (stage.SampleDay), routes
// them with optimizer/schedule, and records: per stop a collected event
// on the truck (measured weights, now and then an extra item), and for a
// trade-in the delivered event of the new appliance with its subsidy
// class; per route the received event at the county's transfer station;
// weekly transfers to the prefecture's sorting centre (both ends, weights
// re-measured within tolerance); hand-overs to dismantlers with receipt
// numbers; and a few adjustments. Bookings a day cannot serve wait for
// the next day. Same options, same events, byte for byte.
func Run(ctx context.Context, reg *region.Region, opt Options) (*Result, error) {
	if len(opt.Counties) == 0 {
		opt.Counties = []string{stage.DefaultCounty}
	}
	if opt.From.IsZero() {
		opt.From = time.Date(2025, 1, 1, 0, 0, 0, 0, ledger.China)
	}
	opt.From = time.Date(opt.From.Year(), opt.From.Month(), opt.From.Day(), 0, 0, 0, 0, ledger.China)
	if opt.Days == 0 {
		opt.Days = 90
	}
	if opt.Days < 0 || opt.Days > 3660 {
		return nil, &ledger.InputError{Field: "days", Msg: fmt.Sprintf("%d outside 1…3660", opt.Days)}
	}
	if opt.Seed == 0 {
		opt.Seed = 1
	}
	if opt.Iterations == 0 {
		opt.Iterations = 2000
	}
	if opt.TradeInShare == 0 {
		opt.TradeInShare = 0.35
	}
	var counties []*region.County
	for _, a := range opt.Counties {
		c, ok := reg.County(a)
		if !ok {
			return nil, &ledger.InputError{Field: "county", Msg: fmt.Sprintf("%q is not a county of %s", a, reg.Name)}
		}
		counties = append(counties, c)
	}
	forecasts := map[int]*supply.Result{}
	forecast := func(y int) (*supply.Result, error) {
		if fc := forecasts[y]; fc != nil {
			return fc, nil
		}
		fc, err := stage.Forecast(reg, supply.Options{Year: y})
		forecasts[y] = fc
		return fc, err
	}
	cats := map[string]supply.Category{}
	for _, c := range supply.DefaultCategories() {
		cats[c.ID] = c
	}
	s := &sim{opt: opt, reg: reg, cats: cats, sites: map[string]ledger.Site{}}
	for ci, c := range counties {
		s.county(c)
		r := rand.New(rand.NewPCG(opt.Seed, uint64(ci)+1))
		var waiting []pending
		for d := 0; d < opt.Days; d++ {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			date := opt.From.AddDate(0, 0, d)
			fc, err := forecast(date.Year())
			if err != nil {
				return nil, err
			}
			day := stage.SampleDay(reg, fc, &network.Input{}, &network.Plan{}, c,
				time.Date(date.Year(), date.Month(), date.Day(), 0, 0, 0, 0, time.UTC), opt.Seed*1_000_003+uint64(ci*100_000+d), 0)
			waiting, err = s.day(ctx, r, c, date, day, waiting)
			if err != nil {
				return nil, err
			}
			if opt.Progress != nil {
				opt.Progress(ci*opt.Days+d+1, len(counties)*opt.Days)
			}
		}
	}
	return s.finish(ctx)
}

// pending is a booking waiting to be served.
type pending struct {
	b        schedule.Booking
	bk       ledger.Booking
	tradeIn  bool
	subsidy  string
	producer []string // per item
}

type sim struct {
	opt    Options
	reg    *region.Region
	cats   map[string]supply.Category
	sites  map[string]ledger.Site
	events []ledger.Event
	n      int
	res    Result
	// stock per site of items, for transfers and hand-overs
	stock map[string][]ledger.Item
}

func (s *sim) site(id string, k ledger.Kind, county, name string, licensed bool) string {
	if _, ok := s.sites[id]; !ok {
		s.sites[id] = ledger.Site{ID: id, Kind: k, County: county, Name: name, Licensed: licensed}
	}
	return id
}

// Site ids of the simulation.
func stationID(county string) string    { return "ts-" + county }
func centreID(prefecture string) string { return "sc-" + prefecture }
func vehicleID(county string, truck string) string {
	return "v-" + county + "-" + truck[len(truck)-2:]
}

// county registers the sites serving county c: its transfer station, the
// prefecture's sorting centre (in the seat county), the dismantlers.
func (s *sim) county(c *region.County) {
	s.site(stationID(c.Adcode), ledger.TransferStation, c.Adcode, c.Name+" 中转站", false)
	seat := c.Adcode
	for _, a := range s.reg.PrefectureSeats() {
		if a[:4] == c.Adcode[:4] {
			seat = a
		}
	}
	s.site(centreID(c.PrefectureAdcode), ledger.SortingCentre, seat, c.Prefecture+" 集散转运中心", false)
	for _, d := range stage.DefaultDismantlers(s.reg) {
		s.site(d.ID, ledger.Dismantler, d.Group, d.Name, true)
	}
	s.site("dp-informal-"+c.PrefectureAdcode, ledger.Dismantler, seat, c.Prefecture+" 非正规拆解 (simulated leakage)", false)
}

func (s *sim) emit(e ledger.Event) {
	s.n++
	e.ClientID = fmt.Sprintf("sim-%07d", s.n)
	e.Simulated = true
	s.events = append(s.events, e)
}

func pick[T any](r *rand.Rand, xs []T, share func(T) float64) T {
	u := r.Float64()
	for _, x := range xs {
		if u -= share(x); u < 0 {
			return x
		}
	}
	return xs[len(xs)-1]
}

// day routes one county-day: today's bookings and those still waiting.
func (s *sim) day(ctx context.Context, r *rand.Rand, c *region.County, date time.Time, day *schedule.Day, waiting []pending) ([]pending, error) {
	todo := slices.Clone(waiting)
	for _, b := range day.Bookings {
		b.ID = c.Adcode + "-" + b.ID
		booked := date.AddDate(0, 0, -1-r.IntN(leadDays)).Add(time.Duration(8*3600+r.IntN(14*3600)) * time.Second)
		earliest := ledger.Day(booked.AddDate(0, 0, 1))
		p := pending{b: b, bk: ledger.Booking{ID: b.ID, Kind: ledger.KindPickup, BookedAt: booked, Earliest: earliest,
			Latest: ledger.Day(booked.AddDate(0, 0, 1+windowDays))}}
		if b.Window[1] > 0 {
			p.bk.TWEnd = schedule.Clock(b.Window[1])
		}
		cat := s.cats[b.Items[0].Category]
		if (cat.TwoPerson || cat.ID == "television") && r.Float64() < s.opt.TradeInShare {
			p.tradeIn, p.bk.Kind = true, ledger.KindTradeIn
			p.subsidy = pick(r, subsidyClasses, func(x struct {
				name  string
				share float64
			}) float64 {
				return x.share
			}).name
		}
		for range b.Items {
			p.producer = append(p.producer, pick(r, producers, func(x struct {
				name  string
				share float64
			}) float64 {
				return x.share
			}).name)
		}
		s.res.Bookings++
		todo = append(todo, p)
	}
	day.Bookings = day.Bookings[:0]
	for _, p := range todo {
		day.Bookings = append(day.Bookings, p.b)
	}
	if len(day.Bookings) == 0 {
		return nil, nil
	}
	if extra := len(waiting); extra > 0 && len(day.Fleet) > 0 {
		for k := 0; k < (extra+14)/15; k++ {
			v := day.Fleet[0]
			v.ID = fmt.Sprintf("truck-%02d", len(day.Fleet)+1)
			day.Fleet = append(day.Fleet, v)
		}
	}
	if len(day.Fleet) == 0 {
		return todo, nil
	}
	plan, err := schedule.PlanDay(ctx, day, schedule.Options{Seed: s.opt.Seed, Iterations: s.opt.Iterations, TimeLimit: time.Minute, NearestNeighbour: s.opt.NearestNeighbour})
	if err != nil {
		return nil, fmt.Errorf("simulate: %s %s: %w", c.Adcode, ledger.Day(date), err)
	}
	station := stationID(c.Adcode)
	at := func(sec int) time.Time { return date.Add(time.Duration(sec) * time.Second) }
	for _, rt := range plan.Routes {
		if len(rt.Stops) == 0 {
			continue
		}
		v := s.site(vehicleID(c.Adcode, day.Fleet[rt.Vehicle].ID), ledger.Vehicle, c.Adcode, c.Name+" "+day.Fleet[rt.Vehicle].ID, false)
		var load []ledger.Item
		for _, st := range rt.Stops {
			p := todo[st.Booking]
			t := at(st.Start)
			if p.tradeIn {
				cat := s.cats[p.b.Items[0].Category]
				s.emit(ledger.Event{Type: ledger.Delivered, Time: t, Site: v, Subsidy: p.subsidy, Booking: &p.bk,
					Items: []ledger.Item{{Category: cat.ID, Count: 1, Kg: round1(cat.WeightKg * 1.1), Producer: p.producer[0]}}})
			}
			var items []ledger.Item
			for k, it := range p.b.Items {
				kg := 0.0
				for range it.Count {
					kg += it.WeightKg * max(0.5, 1+weighSigma*r.NormFloat64())
				}
				items = append(items, ledger.Item{Category: it.Category, Count: it.Count, Kg: round1(kg), Producer: p.producer[k]})
			}
			if r.Float64() < extraItemRate {
				small := []string{"microwave", "television", "computer"}[r.IntN(3)]
				items = append(items, ledger.Item{Category: small, Count: 1, Kg: round1(s.cats[small].WeightKg * (1 + weighSigma*r.NormFloat64())), Producer: ""})
			}
			bk := p.bk
			// Recorded when the crew starts at the household (the
			// booking's window bounds the start of service).
			s.emit(ledger.Event{Type: ledger.Collected, Time: t, Site: v, Booking: &bk, Items: items})
			s.res.Served++
			if !onTime(t, &bk) {
				s.res.Late++
			}
			if r.Float64() < adjustRate {
				fixed := slices.Clone(items)
				fixed[0].Kg = round1(fixed[0].Kg * (1 + 0.05*r.NormFloat64()))
				s.emit(ledger.Event{Type: ledger.Adjusted, Time: at(rt.End).Add(10 * time.Minute), Site: v, Corrects: fmt.Sprintf("#%d", len(s.events)-1),
					Items: fixed, Note: "re-weighed at the transfer station"})
				items = fixed
			}
			load = append(load, items...)
		}
		s.emit(ledger.Event{Type: ledger.Received, Time: at(rt.End), Site: station, Peer: v, Items: merge(load, c.Adcode)})
	}
	var left []pending
	for _, u := range plan.Unassigned {
		left = append(left, todo[u.Booking])
	}
	return left, nil
}

// onTime mirrors the ledger's rule for the counts printed by gen.
func onTime(t time.Time, b *ledger.Booking) bool {
	if ledger.Day(t) > b.Latest {
		return false
	}
	return b.TWEnd == "" || t.In(ledger.China).Format("15:04") <= b.TWEnd
}

func round1(v float64) float64 { return math.Round(v*10) / 10 }

// merge adds items up per category, producer and origin.
func merge(items []ledger.Item, origin string) []ledger.Item {
	type key struct{ cat, prod, origin string }
	idx := map[key]int{}
	var out []ledger.Item
	for _, it := range items {
		if it.Origin == "" {
			it.Origin = origin
		}
		k := key{it.Category, it.Producer, it.Origin}
		if i, ok := idx[k]; ok {
			out[i].Count += it.Count
			out[i].Kg = math.Round((out[i].Kg+it.Kg)*1000) / 1000
			continue
		}
		idx[k] = len(out)
		out = append(out, it)
	}
	return out
}

// finish adds the flows above the stations (transfers, hand-overs) from
// the stations' and centres' stock, then appends every event in time
// order to a memory ledger.
func (s *sim) finish(ctx context.Context) (*Result, error) {
	sort.SliceStable(s.events, func(i, j int) bool { return s.events[i].Time.Before(s.events[j].Time) })
	// Replay the received events day by day, adding the upper flows.
	r := rand.New(rand.NewPCG(s.opt.Seed, 0xcafe))
	stock := map[string][]ledger.Item{}
	var upper []ledger.Event
	first, last := s.opt.From, s.opt.From.AddDate(0, 0, s.opt.Days)
	next := 0
	for d := first; d.Before(last); d = d.AddDate(0, 0, 1) {
		end := d.AddDate(0, 0, 1)
		for ; next < len(s.events) && s.events[next].Time.Before(end); next++ {
			if e := s.events[next]; e.Type == ledger.Received {
				stock[e.Site] = append(stock[e.Site], e.Items...)
			}
		}
		day := int(d.Sub(first).Hours()/24 + 0.5)
		stations := sortedKeys(stock)
		for _, st := range stations {
			site := s.sites[st]
			items := merge(stock[st], "")
			if len(items) == 0 {
				continue
			}
			switch site.Kind {
			case ledger.TransferStation:
				if (day+1)%transferEvery != 0 {
					continue
				}
				c, _ := s.reg.County(site.County)
				sc := centreID(c.PrefectureAdcode)
				id := fmt.Sprintf("T-%s-%s", site.County, ledger.Day(d))
				in := slices.Clone(items)
				for i := range in {
					in[i].Kg = math.Round(in[i].Kg*(1+0.004*r.NormFloat64())*1000) / 1000
				}
				// After the day's routes are back (shifts end at 18:00).
				out := d.Add(20 * time.Hour)
				upper = append(upper,
					ledger.Event{Type: ledger.Transferred, Direction: ledger.Out, Transfer: id, Time: out, Site: st, Peer: sc, Items: items},
					ledger.Event{Type: ledger.Transferred, Direction: ledger.In, Transfer: id, Time: out.Add(150 * time.Minute), Site: sc, Peer: st, Items: in})
				stock[st] = nil
				stock[sc] = append(stock[sc], in...)
			case ledger.SortingCentre:
				if (day+1)%handOverEvery != 0 {
					continue
				}
				dp := s.nearestDismantler(site.County)
				if r.Float64() < informalShare {
					dp = "dp-informal-" + st[len("sc-"):]
				}
				upper = append(upper, ledger.Event{Type: ledger.HandedOver, Time: d.Add(15 * time.Hour), Site: st, Peer: dp,
					Receipt: fmt.Sprintf("%s-%s-%03d", dp, ledger.Day(d), r.IntN(1000)), Items: items})
				stock[st] = nil
			}
		}
	}
	for _, e := range upper {
		s.emit(e)
	}
	sort.SliceStable(s.events, func(i, j int) bool { return s.events[i].Time.Before(s.events[j].Time) })

	list := make([]ledger.Site, 0, len(s.sites))
	for _, id := range sortedKeys(s.sites) {
		list = append(list, s.sites[id])
	}
	sites, err := ledger.NewSites(list)
	if err != nil {
		return nil, err
	}
	mem := ledger.NewMemory()
	now := func() time.Time { return last.Add(24 * time.Hour) }
	l := ledger.New(mem, sites, ledger.Options{Now: now})
	ids := map[string]string{} // stored id by client id
	res := &s.res
	res.Counts = map[ledger.Type]int{}
	// Adjustments name their event by its index before sorting; map it.
	orig := map[string]string{} // client id of the corrected event, by adjustment client id
	for _, e := range s.events {
		if e.Type == ledger.Adjusted {
			var k int
			fmt.Sscanf(e.Corrects, "#%d", &k)
			orig[e.ClientID] = fmt.Sprintf("sim-%07d", k+1)
		}
	}
	for i, e := range s.events {
		if e.Type == ledger.Adjusted {
			e.Corrects = ids[orig[e.ClientID]]
		}
		if e.Time.After(now()) {
			continue
		}
		got, _, err := l.Append(ctx, e)
		if err != nil {
			return nil, fmt.Errorf("simulate: event %d (%s %s at %s): %w", i, e.Type, e.Site, e.Time.Format(time.RFC3339), err)
		}
		ids[e.ClientID] = got.ID
		res.Counts[e.Type]++
	}
	res.Sites, res.Store = sites, mem
	return res, nil
}

// nearestDismantler returns the licensed dismantler in the same
// prefecture as county, else the first one.
func (s *sim) nearestDismantler(county string) string {
	var first string
	for _, id := range sortedKeys(s.sites) {
		x := s.sites[id]
		if x.Kind != ledger.Dismantler || !x.Licensed {
			continue
		}
		if first == "" {
			first = id
		}
		if x.County[:4] == county[:4] {
			return id
		}
	}
	return first
}

func sortedKeys[V any](m map[string]V) []string {
	k := make([]string, 0, len(m))
	for x := range m {
		k = append(k, x)
	}
	sort.Strings(k)
	return k
}
