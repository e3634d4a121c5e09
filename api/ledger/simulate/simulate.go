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
	"github.com/huishou/huishou/optimizer/schedule"
	"github.com/huishou/huishou/optimizer/schedule/booking"
	"github.com/huishou/huishou/optimizer/schedule/dayplan"
	"github.com/huishou/huishou/optimizer/schedule/fleet"
	"github.com/huishou/huishou/optimizer/schedule/gen"
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
	// Iterations bounds the routing engine per routing problem; 0 means
	// DefaultIterations: a simulation needs plausible routes, not the
	// best ones.
	Iterations int
	// TradeInShare is the share of household bookings that are trade-ins
	// (以旧换新); 0 means gen.DefaultTradeInShare.
	TradeInShare float64
	// Progress, when set, is told how far the scheduling is.
	Progress func(done, total int)
}

// DefaultIterations is the default routing budget per routing problem of
// a simulation.
const DefaultIterations = 500

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
	chunkDays     = 31   // days per scheduling run (the scheduler plans at most 62)
	weighSigma    = 0.08 // measured kg / nominal kg − 1, normal
	extraItemRate = 0.03 // a household gives one more small item than booked
	adjustRate    = 0.01 // a pickup re-weighed at the station and corrected
	informalShare = 0.04 // hand-overs to an unlicensed yard (simulated leakage)
	transferEvery = 7    // days between a station's runs to its sorting centre
	handOverEvery = 3    // days between a sorting centre's hand-overs
)

// Run simulates the ledger of the counties of reg. It draws the bookings
// of the horizon from the forecast of optimizer/supply (the booking
// generator optimizer/schedule/gen on stage.BookingSource), sizes the
// fleet and schedules every day with optimizer/schedule, and records: per
// visit a collected event on the truck (measured weights, now and then an
// extra item), and for a trade-in the delivered event of the new
// appliance with its subsidy class; per route the received event at its
// depot (the county's transfer station); weekly transfers to the
// prefecture's sorting centre (both ends, weights re-measured within
// tolerance); hand-overs to dismantlers with receipt numbers; and a few
// adjustments. After-sales visits move no appliance and make no event.
// Same options, same events, byte for byte.
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
	if opt.Days < 0 || opt.Days > 366 { // the booking generator draws at most a year
		return nil, &ledger.InputError{Field: "days", Msg: fmt.Sprintf("%d outside 1…366", opt.Days)}
	}
	if opt.Seed == 0 {
		opt.Seed = 1
	}
	if opt.Iterations == 0 {
		opt.Iterations = DefaultIterations
	}
	for _, a := range opt.Counties {
		if _, ok := reg.County(a); !ok {
			return nil, &ledger.InputError{Field: "county", Msg: fmt.Sprintf("%q is not a county of %s", a, reg.Name)}
		}
	}
	fc, err := stage.Forecast(reg, supply.Options{Year: opt.From.Year()})
	if err != nil {
		return nil, err
	}
	towns, rate, err := stage.BookingSource(reg, fc, opt.Counties)
	if err != nil {
		return nil, err
	}
	depots, err := stage.Depots(reg, fc, nil, opt.Counties)
	if err != nil {
		return nil, err
	}
	date := booking.MustDate(opt.From.Format("2006-01-02"))
	bks, err := gen.Bookings(gen.Options{Date: date, Days: opt.Days, Seed: opt.Seed, Townships: towns, Rate: rate,
		Sources: stage.Sources(depots), TradeInShare: opt.TradeInShare})
	if err != nil {
		return nil, err
	}
	// The scheduler plans at most chunkDays at once: plan the horizon in
	// chunks, each with the bookings whose earliest day falls in it and
	// those left open by the chunk before (while their latest day allows).
	var days []*dayplan.Plan
	served := map[string]bool{}
	var carry []booking.Booking
	for c0 := 0; c0 < opt.Days; c0 += chunkDays {
		n := min(chunkDays, opt.Days-c0)
		d0 := date.AddDays(c0)
		in := carry
		carry = nil
		for _, b := range bks {
			first := b.Earliest
			if first.IsZero() {
				first = b.Latest
			}
			if first >= d0 && first < d0.AddDays(n) || (c0 == 0 && first < d0) {
				in = append(in, b)
			}
		}
		vehicles := schedule.SizeFleet(in, depots, schedule.FleetOptions{Date: d0, Days: n})
		sopt := schedule.Options{Date: d0, Days: n, Seed: opt.Seed, Iterations: opt.Iterations}
		if opt.Progress != nil {
			sopt.Progress = func(_ string, done, total int) { opt.Progress(c0*total/opt.Days+done*n/opt.Days, total) }
		}
		sched, err := schedule.Schedule(ctx, &schedule.Input{Bookings: in, Depots: depots, Vehicles: vehicles}, sopt)
		if err != nil {
			return nil, fmt.Errorf("simulate: %s…: %w", d0, err)
		}
		for _, p := range sched.Days {
			for _, rt := range p.Routes {
				for _, st := range rt.Stops {
					served[st.Booking] = true
				}
			}
		}
		days = append(days, sched.Days...)
		next := d0.AddDays(n)
		for _, b := range in {
			if !served[b.ID] && (b.Latest.IsZero() || b.Latest >= next) && c0+n < opt.Days {
				carry = append(carry, b)
			}
		}
	}
	cats := map[string]supply.Category{}
	for _, c := range supply.DefaultCategories() {
		cats[c.ID] = c
	}
	s := &sim{opt: opt, reg: reg, cats: cats, sites: map[string]ledger.Site{}}
	for _, a := range opt.Counties {
		c, _ := reg.County(a)
		s.county(c)
	}
	depotCounty := map[string]string{}
	for _, d := range depots {
		depotCounty[d.ID] = d.County
		if d.Kind == fleet.TransferStation {
			s.site(d.ID, ledger.TransferStation, d.County, d.Name, false)
		}
	}
	r := rand.New(rand.NewPCG(opt.Seed, 0x1ed6e7))
	byID := map[string]*booking.Booking{}
	for i := range bks {
		byID[bks[i].ID] = &bks[i]
		if bks[i].Kind != booking.Service {
			s.res.Bookings++
		}
	}
	for _, p := range days {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		t := p.Date.Time()
		day := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, ledger.China)
		for _, rt := range p.Routes {
			s.route(r, day, rt, byID, depotCounty[rt.Depot])
		}
	}
	return s.finish(ctx)
}

// route records one vehicle's day: a collected event per pickup, trade-in
// or bulk visit (and a delivered event per trade-in), and what it brought
// back as a received event at its depot.
func (s *sim) route(r *rand.Rand, day time.Time, rt dayplan.Route, byID map[string]*booking.Booking, county string) {
	at := func(t dayplan.Time) time.Time { return day.Add(time.Duration(t) * time.Second) }
	v := rt.Vehicle
	var load []ledger.Item
	for _, st := range rt.Stops {
		b := byID[st.Booking]
		if st.Type != dayplan.Visit || b == nil || b.Kind == booking.Service || len(b.Items) == 0 {
			continue
		}
		s.site(v, ledger.Vehicle, county, v, false)
		bk := ledger.Booking{ID: b.ID, Kind: string(b.Kind), BookedAt: s.bookedAt(r, b, day)}
		if !b.Earliest.IsZero() {
			bk.Earliest = b.Earliest.String()
		}
		if !b.Latest.IsZero() {
			bk.Latest = b.Latest.String()
		}
		if b.TWEnd != 0 {
			bk.TWEnd = b.TWEnd.String()
		}
		t := at(st.Start)
		var items []ledger.Item
		for _, it := range b.Items {
			cat := s.cats[it.Category]
			kg := 0.0
			for range it.Count {
				kg += cat.WeightKg * max(0.5, 1+weighSigma*r.NormFloat64())
			}
			items = append(items, ledger.Item{Category: it.Category, Count: it.Count, Kg: round1(kg), Producer: s.producer(r)})
		}
		if b.Kind == booking.TradeIn {
			var news []ledger.Item
			for _, it := range b.Items {
				news = append(news, ledger.Item{Category: it.Category, Count: it.Count,
					Kg: round1(s.cats[it.Category].WeightKg * 1.1 * float64(it.Count)), Producer: s.producer(r)})
			}
			s.emit(ledger.Event{Type: ledger.Delivered, Time: t, Site: v, Subsidy: s.subsidy(r), Booking: &bk, Items: news})
		}
		if b.Kind != booking.Bulk && r.Float64() < extraItemRate {
			small := []string{"microwave", "television", "computer"}[r.IntN(3)]
			items = append(items, ledger.Item{Category: small, Count: 1, Kg: round1(s.cats[small].WeightKg * (1 + weighSigma*r.NormFloat64()))})
		}
		// Recorded when the crew starts at the household (the booking's
		// window bounds the start of service).
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
	if len(load) > 0 {
		s.emit(ledger.Event{Type: ledger.Received, Time: at(rt.End), Site: rt.Depot, Peer: v, Items: merge(load, county)})
	}
}

// bookedAt draws when a booking was made: one or two days before its
// earliest date (else before the day it is served), in the daytime.
func (s *sim) bookedAt(r *rand.Rand, b *booking.Booking, served time.Time) time.Time {
	base := served
	if !b.Earliest.IsZero() {
		t := b.Earliest.Time()
		base = time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, ledger.China)
	}
	return base.AddDate(0, 0, -1-r.IntN(2)).Add(time.Duration(8*3600+r.IntN(14*3600)) * time.Second)
}

func (s *sim) producer(r *rand.Rand) string {
	u := r.Float64()
	for _, p := range producers {
		if u -= p.share; u < 0 {
			return p.name
		}
	}
	return ""
}

func (s *sim) subsidy(r *rand.Rand) string {
	if r.Float64() < subsidyClasses[0].share {
		return subsidyClasses[0].name
	}
	return subsidyClasses[1].name
}

type sim struct {
	opt    Options
	reg    *region.Region
	cats   map[string]supply.Category
	sites  map[string]ledger.Site
	events []ledger.Event
	n      int
	res    Result
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
