package routeio

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"time"

	"github.com/paulmach/orb"

	"github.com/huishou/huishou/geo"
	"github.com/huishou/huishou/optimizer/route"
)

// ReadVROOM reads a problem in VROOM's JSON format
// (https://github.com/VROOM-Project/vroom/blob/master/docs/API.md) and
// validates it. See the package documentation for how its fields map to a
// route.Problem and what is not supported. Unknown fields are ignored, as
// VROOM does; every bad value gives an *InputError naming its JSON path.
func ReadVROOM(r io.Reader) (*route.Problem, *Meta, error) {
	p, m, err := decodeVROOM(r)
	if err != nil {
		return nil, nil, err
	}
	if err := validate(p, m); err != nil {
		return nil, nil, err
	}
	return p, m, nil
}

// topLevel decodes the outer object of a JSON document, keeping each
// field raw.
func topLevel(format string, r io.Reader) (map[string]json.RawMessage, []byte, error) {
	data, err := readAll(r)
	if err != nil {
		return nil, nil, fmt.Errorf("routeio: %s: %w", format, err)
	}
	if json.Valid(data) {
		if top, ok := splitObject(data); ok {
			return top, data, nil
		}
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(data, &top); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) && te.Field == "" {
			return nil, nil, &InputError{Format: format, Msg: "want a JSON object, have " + te.Value}
		}
		return nil, nil, syntaxError(format, data, err)
	}
	if top == nil {
		return nil, nil, &InputError{Format: format, Msg: "want a JSON object"}
	}
	return top, data, nil
}

// readAll is io.ReadAll, but it takes a *bytes.Buffer's contents without
// a copy and sizes its buffer at once when r knows its length (a
// bytes.Reader): a large problem is then held once, not in a series of
// doubling buffers.
func readAll(r io.Reader) ([]byte, error) {
	if b, ok := r.(*bytes.Buffer); ok {
		return b.Next(b.Len()), nil
	}
	if l, ok := r.(interface{ Len() int }); ok {
		data := make([]byte, l.Len())
		if _, err := io.ReadFull(r, data); err != nil {
			return nil, err
		}
		return data, nil
	}
	return io.ReadAll(r)
}

// field decodes top-level field key of top into a val (numbers kept as
// json.Number).
func (d *decoder) field(top map[string]json.RawMessage, key string) val {
	raw, ok := top[key]
	if !ok {
		return d.root(key, nil, false)
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		d.fail(key, "%v", err)
	}
	return d.root(key, v, true)
}

// vroomAmount is an amount vector read from the input, kept with its path
// until the number of dimensions is known.
type vroomAmount struct {
	path string
	v    []int64
}

type vroomReader struct {
	d           *decoder
	matrixGiven bool
	n           int // matrix size when given
	locs        locIndex
	meta        *Meta
	amounts     []vroomAmount
}

// coord reads a [lon, lat] array.
func (vr *vroomReader) coord(x val) (orb.Point, bool) {
	if !x.present() {
		return orb.Point{}, false
	}
	a := x.list()
	if vr.d.err != nil {
		return orb.Point{}, false
	}
	if len(a) != 2 {
		vr.d.fail(x.path, "want [lon, lat], have %d numbers", len(a))
		return orb.Point{}, false
	}
	p := orb.Point{a[0].num(), a[1].num()}
	if vr.d.err == nil && !geo.ValidPoint(p) {
		vr.d.fail(x.path, "%v is not a valid [lon, lat]", []float64{p[0], p[1]})
		return orb.Point{}, false
	}
	return p, vr.d.err == nil
}

// location reads a task's or vehicle's location from its coordinates key
// and index key; required says whether it must be there. It returns -1
// when absent.
func (vr *vroomReader) location(obj val, coordKey, indexKey string, required bool) int {
	c, idx := obj.key(coordKey), obj.key(indexKey)
	pt, hasPt := vr.coord(c)
	if vr.d.err != nil {
		return -1
	}
	if vr.matrixGiven {
		if !idx.present() {
			if required {
				vr.d.fail(idx.path, "missing (required with custom matrices)")
			} else if hasPt {
				vr.d.fail(idx.path, "missing beside %s (required with custom matrices)", coordKey)
			}
			return -1
		}
		k := int(idx.intIn(0, int64(vr.n-1), 0))
		if vr.d.err != nil {
			return -1
		}
		if hasPt && !vr.meta.Locations[k].HasCoord {
			vr.meta.Locations[k] = Location{Lon: pt[0], Lat: pt[1], HasCoord: true}
		}
		return k
	}
	if !hasPt {
		if required {
			vr.d.fail(c.path, "missing (required without custom matrices)")
		}
		return -1
	}
	return vr.locs.add(pt)
}

// amount reads an amount array (nil when absent).
func (vr *vroomReader) amount(x val) []int64 {
	if !x.present() {
		return nil
	}
	var out []int64
	for _, e := range x.list() {
		out = append(out, e.nonNeg())
	}
	if out == nil {
		out = []int64{}
	}
	vr.amounts = append(vr.amounts, vroomAmount{x.path, out})
	return out
}

// windows reads an array of [start, end] time windows.
func windows(x val) []route.TimeWindow {
	var tw []route.TimeWindow
	for _, w := range x.list() {
		tw = append(tw, window(w))
	}
	return normWindows(tw)
}

// window reads one [start, end] pair of integers.
func window(w val) route.TimeWindow {
	a := w.list()
	if w.d.err != nil {
		return route.TimeWindow{}
	}
	if len(a) != 2 {
		w.d.fail(w.path, "want [start, end], have %d numbers", len(a))
		return route.TimeWindow{}
	}
	s, e := a[0].nonNeg(), a[1].nonNeg()
	if w.d.err == nil && s > e {
		w.d.fail(w.path, "start after end")
	}
	return route.TimeWindow{Start: s, End: e}
}

func skills(x val) []int {
	var out []int
	for _, s := range x.list() {
		out = append(out, int(s.intIn(0, math.MaxUint32, 0)))
	}
	return out
}

// unsupported fails when key is present in x with a value other than the
// neutral one (accept reports whether a value is neutral).
func unsupported(x val, key string, accept func(val) bool) {
	v := x.key(key)
	if v.present() && !accept(v) {
		x.d.fail(v.path, "not supported")
	}
}

func emptyObject(v val) bool { o := v.obj(); return len(o) == 0 }

// decodeVROOM reads a VROOM problem without validating it.
func decodeVROOM(r io.Reader) (*route.Problem, *Meta, error) {
	t0 := time.Now()
	top, _, err := topLevel(FormatVROOM, r)
	if err != nil {
		return nil, nil, err
	}
	d := &decoder{format: FormatVROOM}
	jobs := d.field(top, "jobs").list()
	ships := d.field(top, "shipments").list()
	vehs := d.field(top, "vehicles").list()
	if d.err != nil {
		return nil, nil, d.err
	}
	if len(vehs) == 0 {
		return nil, nil, &InputError{Format: FormatVROOM, Field: "vehicles", Msg: "no vehicles"}
	}
	if len(jobs)+len(ships) == 0 {
		return nil, nil, &InputError{Format: FormatVROOM, Field: "jobs", Msg: "no jobs or shipments"}
	}
	m := &Meta{Format: FormatVROOM, CostScale: 1, TimeScale: 1, HasDistance: true, Descriptions: map[string]string{}}
	vr := &vroomReader{d: d, meta: m}

	// Matrices: one profile for every vehicle.
	profile := ""
	for i, v := range vehs {
		pv := v.key("profile")
		name := pv.str()
		if !pv.present() {
			name = "car"
		}
		if i == 0 {
			profile = name
		} else if name != profile && d.err == nil {
			d.fail(pv.path, "profile %q differs from vehicles[0]'s %q; one profile for all vehicles is supported", name, profile)
		}
	}
	if d.err != nil {
		return nil, nil, d.err
	}
	var dist, dur []int64
	if raw, ok := top["matrices"]; ok {
		profs, isObj := splitObject(raw)
		if !isObj {
			return nil, nil, &InputError{Format: FormatVROOM, Field: "matrices", Msg: "want an object of profiles"}
		}
		praw, ok := profs[profile]
		if !ok {
			return nil, nil, &InputError{Format: FormatVROOM, Field: "matrices", Msg: fmt.Sprintf("no matrix for profile %q of the vehicles", profile)}
		}
		mats, isObj := splitObject(praw)
		if !isObj {
			return nil, nil, &InputError{Format: FormatVROOM, Field: "matrices." + profile, Msg: "want an object with durations (and distances)"}
		}
		path := "matrices." + profile
		if _, ok := mats["costs"]; ok {
			return nil, nil, &InputError{Format: FormatVROOM, Field: path + ".costs", Msg: "custom cost matrices are not supported; give costs per vehicle"}
		}
		draw, ok := mats["durations"]
		if !ok {
			return nil, nil, &InputError{Format: FormatVROOM, Field: path + ".durations", Msg: "missing"}
		}
		if dur, vr.n, err = readMatrix(FormatVROOM, path+".durations", draw, -1); err != nil {
			return nil, nil, err
		}
		if draw, ok := mats["distances"]; ok {
			if dist, _, err = readMatrix(FormatVROOM, path+".distances", draw, vr.n); err != nil {
				return nil, nil, err
			}
		}
		vr.matrixGiven = true
	} else if raw, ok := top["matrix"]; ok {
		if dur, vr.n, err = readMatrix(FormatVROOM, "matrix", raw, -1); err != nil {
			return nil, nil, err
		}
		vr.matrixGiven = true
	}
	if vr.matrixGiven {
		m.MatrixGiven = true
		m.Locations = make([]Location, vr.n)
		if dist == nil {
			dist = append([]int64(nil), dur...)
			m.HasDistance = false
		}
	}

	if !vr.matrixGiven {
		// Vehicle locations first, so that depots get the low indices.
		for _, v := range vehs {
			for _, key := range []string{"start", "end"} {
				if pt, ok := vr.coord(v.key(key)); ok {
					vr.locs.add(pt)
				}
			}
		}
		if d.err != nil {
			return nil, nil, d.err
		}
	}

	p := &route.Problem{}
	seen := map[string]string{} // "job:ID" → path of its first use
	unique := func(x val, kind string) ID {
		id := x.id()
		if d.err == nil {
			k := kind + ":" + string(id)
			if first, dup := seen[k]; dup {
				d.fail(x.path, "%s id %s repeats %s", kind, string(id), first)
			}
			seen[k] = x.path
		}
		return id
	}
	describe := func(x val, key string) {
		if s := x.key("description").str(); s != "" {
			m.Descriptions[key] = s
		}
	}
	for _, j := range jobs {
		id := unique(j.key("id"), "job")
		c := route.Client{
			Location:    vr.location(j, "location", "location_index", true),
			Setup:       j.key("setup").nonNeg(),
			Service:     j.key("service").nonNeg(),
			Delivery:    vr.amount(j.key("delivery")),
			Demand:      vr.amount(j.key("pickup")),
			Skills:      skills(j.key("skills")),
			Priority:    int(j.key("priority").intIn(0, 100, 0)),
			TimeWindows: windows(j.key("time_windows")),
		}
		if a := j.key("amount"); a.present() && c.Demand == nil && c.Delivery == nil {
			c.Demand = vr.amount(a) // deprecated: amount meant pickup
		}
		unsupported(j, "setup_per_type", emptyObject)
		unsupported(j, "service_per_type", emptyObject)
		describe(j, "job:"+string(id))
		p.Clients = append(p.Clients, c)
		m.JobIDs = append(m.JobIDs, id)
	}
	for _, s := range ships {
		var ids [2]ID
		var stops [2]route.Stop
		for k, kind := range []string{"pickup", "delivery"} {
			st := s.key(kind)
			if !st.present() && d.err == nil {
				d.fail(st.path, "missing")
			}
			st.obj()
			ids[k] = unique(st.key("id"), kind)
			stops[k] = route.Stop{
				Location:    vr.location(st, "location", "location_index", true),
				Setup:       st.key("setup").nonNeg(),
				Service:     st.key("service").nonNeg(),
				TimeWindows: windows(st.key("time_windows")),
			}
			unsupported(st, "setup_per_type", emptyObject)
			unsupported(st, "service_per_type", emptyObject)
			describe(st, kind+":"+string(ids[k]))
		}
		p.Shipments = append(p.Shipments, route.Shipment{
			Pickup: stops[0], Delivery: stops[1],
			Amount:   vr.amount(s.key("amount")),
			Skills:   skills(s.key("skills")),
			Priority: int(s.key("priority").intIn(0, 100, 0)),
		})
		m.ShipmentIDs = append(m.ShipmentIDs, ids)
	}
	if d.err != nil {
		return nil, nil, d.err
	}

	var deps depots
	type maxLoad struct {
		path    string
		vehicle int
		v       []int64
	}
	var maxLoads []maxLoad
	caps := make([]vroomAmount, len(vehs))
	for i, v := range vehs {
		id := unique(v.key("id"), "vehicle")
		veh := route.Vehicle{Count: 1, StartDepot: route.NoDepot, EndDepot: route.NoDepot}
		start := vr.location(v, "start", "start_index", false)
		end := vr.location(v, "end", "end_index", false)
		if d.err == nil && start < 0 && end < 0 {
			d.fail(v.path, "neither start nor end given")
		}
		if start >= 0 {
			veh.StartDepot = deps.add(start)
		}
		if end >= 0 {
			veh.EndDepot = deps.add(end)
		}
		if c := v.key("capacity"); c.present() {
			veh.Capacity = vr.amount(c)
			caps[i] = vroomAmount{c.path, veh.Capacity}
		} else {
			caps[i] = vroomAmount{c.path, nil}
		}
		costs := v.key("costs")
		costs.obj()
		perHour := costs.key("per_hour").intIn(0, math.MaxInt32, 3600)
		perKm := costs.key("per_km").intIn(0, 1e9, 0) // the engine takes up to 1e6 per metre
		veh.FixedCost = costs.key("fixed").intIn(0, maxArc, 0)
		unsupported(costs, "per_task_hour", func(x val) bool { return x.num() == 0 })
		veh.TimeCost = float64(perHour) / 3600
		veh.DistanceCost = float64(perKm) / 1000
		if perKm > 0 && !m.HasDistance && d.err == nil {
			d.fail(costs.key("per_km").path, "needs distances in matrices.%s.distances", profile)
		}
		if perHour == 0 && perKm == 0 {
			// Both 0 would make the engine default to 1 per unit of
			// distance; VROOM's route cost is then the fixed cost alone.
			veh.TimeCost = 1e-12
		}
		veh.Skills = skills(v.key("skills"))
		if tw := v.key("time_window"); tw.present() {
			veh.Shift = window(tw)
		}
		bseen := map[ID]string{}
		var bids []ID
		for _, b := range v.key("breaks").list() {
			bid := b.key("id").id()
			if first, dup := bseen[bid]; dup && d.err == nil {
				d.fail(b.key("id").path, "break id %s repeats %s", string(bid), first)
			}
			bseen[bid] = b.key("id").path
			veh.Breaks = append(veh.Breaks, route.Break{
				TimeWindows: windows(b.key("time_windows")),
				Duration:    b.key("service").nonNeg(),
			})
			if ml := b.key("max_load"); ml.present() {
				var lim []int64
				for _, e := range ml.list() {
					lim = append(lim, e.nonNeg())
				}
				maxLoads = append(maxLoads, maxLoad{ml.path, i, lim})
			}
			describe(b, fmt.Sprintf("break:%d:%s", i, bid))
			bids = append(bids, bid)
		}
		unsupported(v, "speed_factor", func(x val) bool { return x.num() == 1 })
		if mt := v.key("max_tasks"); mt.present() {
			veh.MaxStops = int(mt.intIn(1, math.MaxInt32, 0))
		}
		if mt := v.key("max_travel_time"); mt.present() {
			veh.MaxTravelTime = mt.intIn(1, maxValue, 0)
		}
		if md := v.key("max_distance"); md.present() {
			veh.MaxDistance = md.intIn(1, maxValue, 0)
			if !m.HasDistance && d.err == nil {
				d.fail(md.path, "needs distances in matrices.%s.distances", profile)
			}
		}
		describe(v, "vehicle:"+string(id))
		p.Vehicles = append(p.Vehicles, veh)
		m.VehicleIDs = append(m.VehicleIDs, id)
		m.BreakIDs = append(m.BreakIDs, bids)
	}
	if d.err != nil {
		return nil, nil, d.err
	}

	// Dimensions: those of the first job amount, else of the first vehicle
	// capacity; every amount and capacity must have as many.
	dims, from := -1, ""
	for _, a := range vr.amounts {
		if !isCapacity(a.path) {
			dims, from = len(a.v), "jobs use"
			break
		}
	}
	if dims < 0 {
		for _, c := range caps {
			if c.v != nil {
				dims, from = len(c.v), "vehicles use"
				break
			}
		}
	}
	dims = max(dims, 0)
	for _, a := range vr.amounts {
		if len(a.v) != dims {
			return nil, nil, &InputError{Format: FormatVROOM, Field: a.path, Msg: fmt.Sprintf("%d dimensions, %s %d", len(a.v), from, dims)}
		}
	}
	for i, c := range caps {
		if c.v == nil && dims > 0 {
			return nil, nil, &InputError{Format: FormatVROOM, Field: c.path, Msg: fmt.Sprintf("missing, %s %d dimensions", from, dims)}
		}
		if dims == 0 {
			p.Vehicles[i].Capacity = []int64{unlimited}
		}
	}
	m.Dims = dims
	for _, ml := range maxLoads {
		if len(ml.v) != dims {
			return nil, nil, &InputError{Format: FormatVROOM, Field: ml.path, Msg: fmt.Sprintf("%d dimensions, %s %d", len(ml.v), from, dims)}
		}
		for k, q := range ml.v {
			if q < p.Vehicles[ml.vehicle].Capacity[k] {
				return nil, nil, &InputError{Format: FormatVROOM, Field: ml.path, Msg: "a load limit below the capacity is not supported"}
			}
		}
	}

	if vr.matrixGiven {
		p.N, p.Dist, p.Dur = vr.n, dist, dur
	} else {
		p.N = len(vr.locs.pts)
		if p.Dist, p.Dur, err = estimate(vr.locs.pts, geo.Plain); err != nil {
			return nil, nil, &InputError{Format: FormatVROOM, Field: "jobs", Msg: err.Error(), Err: err}
		}
		m.Locations = make([]Location, p.N)
		for k, pt := range vr.locs.pts {
			m.Locations[k] = Location{Lon: pt[0], Lat: pt[1], HasCoord: true}
		}
	}
	p.Depots = deps.locs
	p.Coords = coords(m.Locations)
	m.Loading = time.Since(t0)
	return p, m, nil
}

func isCapacity(path string) bool {
	return len(path) > 9 && path[:9] == "vehicles["
}

// coords returns the locations' [lon, lat] when every one has them.
func coords(locs []Location) [][2]float64 {
	out := make([][2]float64, len(locs))
	for k, l := range locs {
		if !l.HasCoord {
			return nil
		}
		out[k] = [2]float64{l.Lon, l.Lat}
	}
	return out
}
