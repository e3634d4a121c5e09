package routeio

import (
	"fmt"
	"io"
	"math"
	"slices"
	"time"

	"github.com/paulmach/orb"

	"github.com/huishou/huishou/geo"
	"github.com/huishou/huishou/optimizer/route"
)

// nativeCostScale makes native costs integers in cents.
const nativeCostScale = 100

// zeroCost is the time cost that stands for "no distance or time cost at
// all": the engine reads both costs 0 as one unit per unit of distance.
const zeroCost = 1e-12

// areas are the terrain kinds options.area may name.
var areas = map[string]geo.Area{"plain": geo.Plain, "urban": geo.Urban, "mountain": geo.Mountain}

// ReadJSON reads a problem in Huishou's native JSON format (see the package
// documentation and example.json) and validates it. Unknown fields are
// errors; every bad value gives an *InputError naming its JSON path.
func ReadJSON(r io.Reader) (*route.Problem, *Meta, error) {
	p, m, err := decodeJSON(r)
	if err != nil {
		return nil, nil, err
	}
	if err := validate(p, m); err != nil {
		return nil, nil, err
	}
	return p, m, nil
}

type nativeReader struct {
	d      *decoder
	meta   *Meta
	locs   map[string]int
	dims   map[string]int
	skills map[string]int
}

// loc reads a location name.
func (nr *nativeReader) loc(x val) int {
	name := x.str()
	if nr.d.err != nil {
		return -1
	}
	if !x.present() {
		nr.d.fail(x.path, "missing")
		return -1
	}
	k, ok := nr.locs[name]
	if !ok {
		nr.d.fail(x.path, "unknown location %q", name)
		return -1
	}
	return k
}

// time reads a time of day: "HH:MM", "HH:MM:SS" or seconds.
func (nr *nativeReader) time(x val) int64 {
	if s, isStr := x.v.(string); isStr && x.ok {
		t, ok := parseClock(s)
		if !ok || t > maxValue {
			nr.d.fail(x.path, "%q is not a time HH:MM or HH:MM:SS", s)
		}
		nr.meta.Clock = true
		return t
	}
	return x.nonNeg()
}

// duration reads a duration: seconds, or a Go duration string ("15m").
func (nr *nativeReader) duration(x val) int64 {
	if s, isStr := x.v.(string); isStr && x.ok {
		dd, err := time.ParseDuration(s)
		if err != nil || dd < 0 || dd%time.Second != 0 {
			nr.d.fail(x.path, "%q is not a duration in whole seconds (\"15m\", \"1h30m\")", s)
			return 0
		}
		return int64(dd / time.Second)
	}
	return x.nonNeg()
}

func (nr *nativeReader) window(x val) route.TimeWindow {
	a := x.list()
	if nr.d.err != nil {
		return route.TimeWindow{}
	}
	if len(a) != 2 {
		nr.d.fail(x.path, "want [start, end], have %d values", len(a))
		return route.TimeWindow{}
	}
	w := route.TimeWindow{Start: nr.time(a[0]), End: nr.time(a[1])}
	if nr.d.err == nil && w.Start > w.End {
		nr.d.fail(x.path, "start after end")
	}
	return w
}

func (nr *nativeReader) windows(x val) []route.TimeWindow {
	var tw []route.TimeWindow
	for _, w := range x.list() {
		tw = append(tw, nr.window(w))
	}
	return normWindows(tw)
}

// amount reads {"kg": 60, …} as a vector over the dimensions (nil when
// absent or all zero).
func (nr *nativeReader) amount(x val) []int64 {
	o := x.obj()
	if !x.present() || nr.d.err != nil {
		return nil
	}
	v := make([]int64, len(nr.dims))
	for _, name := range sortedKeys(o) {
		k, ok := nr.dims[name]
		if !ok {
			nr.d.fail(x.join(name), "no vehicle has a capacity in %q", name)
			return nil
		}
		v[k] = x.key(name).nonNeg()
	}
	if !slices.ContainsFunc(v, func(q int64) bool { return q != 0 }) {
		return nil // nothing: the same as no amount
	}
	return v
}

func (nr *nativeReader) skillList(x val) []int {
	var out []int
	for _, s := range x.list() {
		name := s.str()
		if nr.d.err != nil {
			return nil
		}
		k, ok := nr.skills[name]
		if !ok {
			k = len(nr.meta.Skills)
			nr.skills[name] = k
			nr.meta.Skills = append(nr.meta.Skills, name)
		}
		if !slices.Contains(out, k) {
			out = append(out, k)
		}
	}
	return out
}

func (nr *nativeReader) penalty(x val) int64 {
	if !x.present() {
		return 0
	}
	f := x.num()
	if nr.d.err == nil && (!(f > 0) || f*nativeCostScale > 1<<50) {
		nr.d.fail(x.path, "want a positive cost up to 2^50 cents")
	}
	return max(int64(math.Round(f*nativeCostScale)), 1)
}

// stop reads a job's or shipment end's location, times and service.
func (nr *nativeReader) stop(x val) route.Stop {
	return route.Stop{
		Location:    nr.loc(x.key("location")),
		Service:     nr.duration(x.key("service")),
		Setup:       nr.duration(x.key("setup")),
		TimeWindows: nr.windows(x.key("time_windows")),
	}
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// decodeJSON reads a native problem without validating it.
func decodeJSON(r io.Reader) (*route.Problem, *Meta, error) {
	t0 := time.Now()
	top, _, err := topLevel(FormatJSON, r)
	if err != nil {
		return nil, nil, err
	}
	d := &decoder{format: FormatJSON, strict: true}
	known := []string{"locations", "matrix", "depot", "vehicles", "jobs", "shipments", "options"}
	for _, k := range sortedKeys(anyKeys(top)) {
		if !slices.Contains(known, k) {
			return nil, nil, &InputError{Format: FormatJSON, Field: k, Msg: fmt.Sprintf("unknown field (known: %v)", known)}
		}
	}
	m := &Meta{Format: FormatJSON, CostScale: nativeCostScale, TimeScale: 1, HasDistance: true}
	nr := &nativeReader{d: d, meta: m, locs: map[string]int{}, dims: map[string]int{}, skills: map[string]int{}}
	p := &route.Problem{}

	opts := d.field(top, "options")
	opts.obj("vehicles_first", "area")
	p.VehiclesFirst = opts.key("vehicles_first").boolean()
	areaName := opts.key("area").str()
	if areaName == "" {
		areaName = "plain"
	}
	area, ok := areas[areaName]
	if !ok && d.err == nil {
		d.fail("options.area", "unknown area %q (plain, urban, mountain)", areaName)
	}
	m.Area = areaName

	locs := d.field(top, "locations").list()
	for _, l := range locs {
		l.obj("name", "lon", "lat")
		name := l.key("name").str()
		if d.err == nil && name == "" {
			d.fail(l.key("name").path, "missing")
		}
		if _, dup := nr.locs[name]; dup && d.err == nil {
			d.fail(l.key("name").path, "location %q named twice", name)
		}
		nr.locs[name] = len(m.Locations)
		loc := Location{Name: name}
		lon, lat := l.key("lon"), l.key("lat")
		if lon.present() || lat.present() {
			loc.Lon, loc.Lat, loc.HasCoord = lon.num(), lat.num(), true
			if d.err == nil && (!lon.present() || !lat.present() || !geo.ValidPoint(orb.Point{loc.Lon, loc.Lat})) {
				d.fail(l.path, "lon %v, lat %v is not a valid WGS84 point", loc.Lon, loc.Lat)
			}
		}
		m.Locations = append(m.Locations, loc)
	}
	if d.err != nil {
		return nil, nil, d.err
	}
	if len(locs) == 0 {
		return nil, nil, &InputError{Format: FormatJSON, Field: "locations", Msg: "no locations"}
	}
	n := len(locs)
	p.N = n
	if raw, ok := top["matrix"]; ok {
		mats, isObj := splitObject(raw)
		if !isObj {
			return nil, nil, &InputError{Format: FormatJSON, Field: "matrix", Msg: "want an object with durations and distances"}
		}
		for _, k := range sortedKeys(anyKeys(mats)) {
			if k != "durations" && k != "distances" {
				return nil, nil, &InputError{Format: FormatJSON, Field: "matrix." + k, Msg: "unknown field (known: durations, distances)"}
			}
		}
		draw, ok := mats["durations"]
		if !ok {
			return nil, nil, &InputError{Format: FormatJSON, Field: "matrix.durations", Msg: "missing"}
		}
		if p.Dur, _, err = readMatrix(FormatJSON, "matrix.durations", draw, n); err != nil {
			return nil, nil, err
		}
		if draw, ok := mats["distances"]; ok {
			if p.Dist, _, err = readMatrix(FormatJSON, "matrix.distances", draw, n); err != nil {
				return nil, nil, err
			}
		} else {
			p.Dist = append([]int64(nil), p.Dur...)
			m.HasDistance = false
		}
		m.MatrixGiven = true
	} else {
		pts := make([]orb.Point, n)
		for k, l := range m.Locations {
			if !l.HasCoord {
				return nil, nil, &InputError{Format: FormatJSON, Field: fmt.Sprintf("locations[%d]", k), Msg: "no lon/lat, and no matrix is given"}
			}
			pts[k] = orb.Point{l.Lon, l.Lat}
		}
		if p.Dist, p.Dur, err = estimate(pts, area); err != nil {
			return nil, nil, &InputError{Format: FormatJSON, Field: "locations", Msg: err.Error(), Err: err}
		}
	}
	p.Coords = coords(m.Locations)

	depot := -1
	if dv := d.field(top, "depot"); dv.present() {
		depot = nr.loc(dv)
	}

	// Vehicles first: they define the capacity dimensions.
	vehs := d.field(top, "vehicles").list()
	for _, v := range vehs {
		for _, name := range sortedKeys(v.key("capacity").obj()) {
			if _, ok := nr.dims[name]; !ok {
				nr.dims[name] = 0
				m.Dimensions = append(m.Dimensions, name)
			}
		}
	}
	slices.Sort(m.Dimensions)
	for k, name := range m.Dimensions {
		nr.dims[name] = k
	}
	m.Dims = len(m.Dimensions)
	if d.err != nil {
		return nil, nil, d.err
	}
	if len(vehs) == 0 {
		return nil, nil, &InputError{Format: FormatJSON, Field: "vehicles", Msg: "no vehicles"}
	}
	var deps depots
	ids := map[string]string{}
	unique := func(x val, kind string) ID {
		id := x.id()
		if d.err == nil {
			k := kind + ":" + string(id)
			if first, dup := ids[k]; dup {
				d.fail(x.path, "%s id %s repeats %s", kind, string(id), first)
			}
			ids[k] = x.path
		}
		return id
	}
	for _, v := range vehs {
		v.obj("id", "count", "start", "end", "capacity", "skills", "shift", "breaks",
			"max_stops", "max_travel_time", "max_duration", "max_distance", "costs")
		id := unique(v.key("id"), "vehicle")
		veh := route.Vehicle{Count: int(v.key("count").intIn(0, math.MaxInt32, 1)), StartDepot: route.NoDepot, EndDepot: route.NoDepot}
		for k, key := range []string{"start", "end"} {
			x := v.key(key)
			loc := depot
			switch {
			case x.null():
				loc = -1
			case x.present():
				loc = nr.loc(x)
			}
			if loc >= 0 {
				if k == 0 {
					veh.StartDepot = deps.add(loc)
				} else {
					veh.EndDepot = deps.add(loc)
				}
			}
		}
		if d.err == nil && veh.StartDepot == route.NoDepot && veh.EndDepot == route.NoDepot {
			d.fail(v.path, "neither start nor end (give them, or a top-level depot)")
		}
		veh.Capacity = make([]int64, m.Dims)
		for k := range veh.Capacity {
			veh.Capacity[k] = unlimited
		}
		c := v.key("capacity")
		for _, name := range sortedKeys(c.obj()) {
			veh.Capacity[nr.dims[name]] = c.key(name).nonNeg()
		}
		if m.Dims == 0 {
			veh.Capacity = []int64{unlimited}
		}
		veh.Skills = nr.skillList(v.key("skills"))
		if s := v.key("shift"); s.present() {
			veh.Shift = nr.window(s)
		}
		bseen := map[ID]string{}
		var bids []ID
		for _, b := range v.key("breaks").list() {
			b.obj("id", "time_windows", "duration")
			bid := b.key("id").id()
			if first, dup := bseen[bid]; dup && d.err == nil {
				d.fail(b.key("id").path, "break id %s repeats %s", string(bid), first)
			}
			bseen[bid] = b.key("id").path
			veh.Breaks = append(veh.Breaks, route.Break{TimeWindows: nr.windows(b.key("time_windows")), Duration: nr.duration(b.key("duration"))})
			bids = append(bids, bid)
		}
		if x := v.key("max_stops"); x.present() {
			veh.MaxStops = int(x.intIn(1, math.MaxInt32, 0))
		}
		for _, lim := range []struct {
			key string
			to  *int64
		}{{"max_travel_time", &veh.MaxTravelTime}, {"max_duration", &veh.MaxDuration}} {
			if x := v.key(lim.key); x.present() {
				if *lim.to = nr.duration(x); *lim.to == 0 && d.err == nil {
					d.fail(x.path, "must be positive")
				}
			}
		}
		if x := v.key("max_distance"); x.present() {
			veh.MaxDistance = x.intIn(1, maxValue, 0)
			if !m.HasDistance && d.err == nil {
				d.fail(x.path, "needs matrix.distances")
			}
		}
		costs := v.key("costs")
		costs.obj("fixed", "per_km", "per_hour")
		fixed, perKm, perHour := costs.key("fixed").num(), costs.key("per_km"), costs.key("per_hour")
		km, hour := perKm.num(), perHour.num()
		if !perKm.present() && !perHour.present() {
			km = 1
		}
		// Bounds: the engine takes at most 1e6 cents per metre or second.
		for _, x := range []struct {
			v   val
			f   float64
			max float64
		}{{costs.key("fixed"), fixed, 1e9}, {perKm, km, 1e7}, {perHour, hour, 3.6e7}} {
			if d.err == nil && !(x.f >= 0 && x.f <= x.max) {
				d.fail(x.v.path, "want a cost in [0, %g]", x.max)
			}
		}
		if km > 0 && !m.HasDistance && d.err == nil {
			d.fail(perKm.path, "needs matrix.distances")
		}
		veh.FixedCost = int64(math.Round(fixed * nativeCostScale))
		veh.DistanceCost = km * nativeCostScale / 1000
		veh.TimeCost = hour * nativeCostScale / 3600
		if km == 0 && hour == 0 {
			veh.TimeCost = zeroCost
		}
		p.Vehicles = append(p.Vehicles, veh)
		m.VehicleIDs = append(m.VehicleIDs, id)
		m.BreakIDs = append(m.BreakIDs, bids)
	}
	if d.err != nil {
		return nil, nil, d.err
	}
	p.Depots = deps.locs

	for _, j := range d.field(top, "jobs").list() {
		j.obj("id", "location", "service", "setup", "time_windows", "pickup", "delivery", "skills", "priority", "penalty")
		id := unique(j.key("id"), "job")
		st := nr.stop(j)
		p.Clients = append(p.Clients, route.Client{
			Location: st.Location, Service: st.Service, Setup: st.Setup, TimeWindows: st.TimeWindows,
			Demand:   nr.amount(j.key("pickup")),
			Delivery: nr.amount(j.key("delivery")),
			Skills:   nr.skillList(j.key("skills")),
			Priority: int(j.key("priority").intIn(0, 100, 0)),
			Penalty:  nr.penalty(j.key("penalty")),
		})
		m.JobIDs = append(m.JobIDs, id)
	}
	for _, s := range d.field(top, "shipments").list() {
		s.obj("id", "pickup", "delivery", "amount", "return", "skills", "priority", "penalty")
		id := unique(s.key("id"), "shipment")
		var stops [2]route.Stop
		for k, key := range []string{"pickup", "delivery"} {
			x := s.key(key)
			if !x.present() && d.err == nil {
				d.fail(x.path, "missing")
			}
			x.obj("location", "service", "setup", "time_windows")
			stops[k] = nr.stop(x)
		}
		p.Shipments = append(p.Shipments, route.Shipment{
			Pickup: stops[0], Delivery: stops[1],
			Amount:   nr.amount(s.key("amount")),
			Return:   nr.amount(s.key("return")),
			Skills:   nr.skillList(s.key("skills")),
			Priority: int(s.key("priority").intIn(0, 100, 0)),
			Penalty:  nr.penalty(s.key("penalty")),
		})
		m.ShipmentIDs = append(m.ShipmentIDs, [2]ID{id, id})
	}
	if d.err != nil {
		return nil, nil, d.err
	}
	if len(p.Clients)+len(p.Shipments) == 0 {
		return nil, nil, &InputError{Format: FormatJSON, Field: "jobs", Msg: "no jobs or shipments"}
	}
	p.SkillNames = m.Skills
	p.DimNames = m.Dimensions
	if m.Clock {
		p.FormatTime = clock
	}
	m.Loading = time.Since(t0)
	return p, m, nil
}

func anyKeys[V any](m map[string]V) map[string]any {
	out := make(map[string]any, len(m))
	for k := range m {
		out[k] = nil
	}
	return out
}
