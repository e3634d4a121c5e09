package routeio

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"slices"

	"github.com/paulmach/orb"

	"github.com/huishou/huishou/geo"
	"github.com/huishou/huishou/optimizer/route"
)

// unlimited is the capacity of a dimension without a limit.
const unlimited int64 = 1 << 50

// maxArc is the largest integer arc the engine accepts.
const maxArc = 1 << 30

// normWindows sorts time windows by start and merges overlapping ones (the
// engine wants them sorted and disjoint; the union allows the same starts).
func normWindows(tw []route.TimeWindow) []route.TimeWindow {
	if len(tw) < 2 {
		return tw
	}
	slices.SortFunc(tw, func(a, b route.TimeWindow) int {
		if a.Start != b.Start {
			return cmpInt(a.Start, b.Start)
		}
		return cmpInt(a.End, b.End)
	})
	out := tw[:1]
	for _, w := range tw[1:] {
		last := &out[len(out)-1]
		if w.Start <= last.End {
			last.End = max(last.End, w.End)
			continue
		}
		out = append(out, w)
	}
	return out
}

func cmpInt(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// estimate builds integer distances (m) and durations (s) between lon/lat
// points with geo.Estimate (great circle × circuity, area speed).
func estimate(pts []orb.Point, area geo.Area) (dist, dur []int64, err error) {
	m, err := geo.Estimate(context.Background(), pts, geo.EstimateOptions{Areas: []geo.Area{area}})
	if err != nil {
		return nil, nil, err
	}
	dist = make([]int64, len(m.Dist))
	dur = make([]int64, len(m.Dur))
	for k := range m.Dist {
		dist[k] = min(int64(math.Round(float64(m.Dist[k]))), maxArc)
		dur[k] = min(int64(math.Round(float64(m.Dur[k]))), maxArc)
	}
	return dist, dur, nil
}

// readMatrix decodes raw as a square matrix of integers in [0, 2^30] with
// n rows (n < 0: any), flattened row-major. A well-formed matrix of plain
// integers is scanned in place (a 2,000-location matrix would otherwise
// take hundreds of megabytes as decoded JSON numbers); anything else takes
// the general decoder, which names what is wrong.
func readMatrix(format, path string, raw json.RawMessage, n int) ([]int64, int, error) {
	if flat, m, ok := scanIntMatrix(raw, n); ok {
		return flat, m, nil
	}
	return readMatrixSlow(format, path, raw, n)
}

// scanIntMatrix parses raw as [[i, …], …] of non-negative decimal integers
// up to 2^30, square, with n rows when n ≥ 0. ok is false at the first
// thing it does not expect (readMatrixSlow then judges the input).
func scanIntMatrix(raw []byte, n int) (flat []int64, rows int, ok bool) {
	i := 0
	ws := func() {
		for i < len(raw) && (raw[i] == ' ' || raw[i] == '\n' || raw[i] == '\r' || raw[i] == '\t') {
			i++
		}
	}
	expect := func(c byte) bool {
		ws()
		if i < len(raw) && raw[i] == c {
			i++
			return true
		}
		return false
	}
	if !expect('[') {
		return nil, 0, false
	}
	if n > 0 {
		flat = make([]int64, 0, n*n)
	}
	width := -1
	for {
		if !expect('[') {
			return nil, 0, false
		}
		cnt := 0
		for {
			ws()
			var x int64
			digits := 0
			for i < len(raw) && raw[i] >= '0' && raw[i] <= '9' {
				x = x*10 + int64(raw[i]-'0')
				digits++
				i++
				if x > maxArc {
					return nil, 0, false
				}
			}
			if digits == 0 || digits > 1 && raw[i-digits] == '0' {
				return nil, 0, false
			}
			flat = append(flat, x)
			cnt++
			if expect(',') {
				continue
			}
			if expect(']') {
				break
			}
			return nil, 0, false
		}
		if width < 0 {
			width = cnt
			if n < 0 && flat != nil && cap(flat) < width*width {
				flat = slices.Grow(flat, width*width-len(flat))
			}
		} else if cnt != width {
			return nil, 0, false
		}
		rows++
		if expect(',') {
			continue
		}
		if expect(']') {
			break
		}
		return nil, 0, false
	}
	ws()
	if i != len(raw) || rows != width || n >= 0 && rows != n {
		return nil, 0, false
	}
	return flat, rows, true
}

// readMatrixSlow is readMatrix through the general JSON decoder.
func readMatrixSlow(format, path string, raw json.RawMessage, n int) ([]int64, int, error) {
	var rows [][]json.Number
	if err := json.Unmarshal(raw, &rows); err != nil {
		return nil, 0, &InputError{Format: format, Field: path, Msg: "want an array of arrays of integers"}
	}
	if n < 0 {
		n = len(rows)
	}
	if n == 0 || len(rows) != n {
		return nil, 0, &InputError{Format: format, Field: path, Msg: fmt.Sprintf("has %d rows, want %d", len(rows), max(n, 1))}
	}
	flat := make([]int64, 0, n*n)
	for i, row := range rows {
		if len(row) != n {
			return nil, 0, &InputError{Format: format, Field: fmt.Sprintf("%s[%d]", path, i), Msg: fmt.Sprintf("has %d entries, want %d", len(row), n)}
		}
		for j, v := range row {
			x, err := v.Int64()
			if err != nil {
				f, ferr := v.Float64()
				if ferr != nil || f != math.Trunc(f) || f < 0 || f > maxArc {
					return nil, 0, &InputError{Format: format, Field: fmt.Sprintf("%s[%d][%d]", path, i, j), Msg: fmt.Sprintf("%s is not an integer in [0, 2^30]", v)}
				}
				x = int64(f)
			}
			if x < 0 || x > maxArc {
				return nil, 0, &InputError{Format: format, Field: fmt.Sprintf("%s[%d][%d]", path, i, j), Msg: fmt.Sprintf("%d outside [0, 2^30]", x)}
			}
			flat = append(flat, x)
		}
	}
	return flat, n, nil
}

// locIndex deduplicates coordinates into location indices.
type locIndex struct {
	pts   []orb.Point
	index map[orb.Point]int
}

func (l *locIndex) add(p orb.Point) int {
	if l.index == nil {
		l.index = map[orb.Point]int{}
	}
	if k, ok := l.index[p]; ok {
		return k
	}
	l.index[p] = len(l.pts)
	l.pts = append(l.pts, p)
	return len(l.pts) - 1
}

// depots deduplicates depot locations into Problem.Depots.
type depots struct {
	locs  []int
	index map[int]int
}

func (d *depots) add(loc int) int {
	if d.index == nil {
		d.index = map[int]int{}
	}
	if k, ok := d.index[loc]; ok {
		return k
	}
	d.index[loc] = len(d.locs)
	d.locs = append(d.locs, loc)
	return len(d.locs) - 1
}

// withSteps returns rt with Steps, times and totals filled in when it is a
// plain CVRP route (client indices only, no steps): leave the depot at 0,
// serve each client in turn, return to the depot.
func withSteps(p *route.Problem, rt route.Route) route.Route {
	if rt.Steps != nil || len(rt.Clients) == 0 {
		return rt
	}
	for _, c := range rt.Clients {
		if c < 0 || c >= len(p.Clients) {
			return rt // left to checkRoute's error
		}
	}
	dims := 1
	if len(p.Vehicles) > 0 {
		dims = max(len(p.Vehicles[rt.Vehicle%len(p.Vehicles)].Capacity), 1)
	}
	dep := 0
	if len(p.Depots) > 0 {
		dep = p.Depots[0]
	}
	load := make([]int64, dims)
	for _, c := range rt.Clients {
		for d, q := range p.Clients[c].Delivery {
			load[d] += q
		}
	}
	rt.Steps = []route.Step{{Kind: route.StepStart, Index: -1, Location: dep, Load: slices.Clone(load)}}
	var t, dist int64
	prev := dep
	for _, c := range rt.Clients {
		cl := &p.Clients[c]
		t += p.Travel(prev, cl.Location)
		dist += p.Arc(prev, cl.Location)
		rt.TravelTime += p.Travel(prev, cl.Location)
		for d := range load {
			if d < len(cl.Delivery) {
				load[d] -= cl.Delivery[d]
			}
			if d < len(cl.Demand) {
				load[d] += cl.Demand[d]
			}
		}
		rt.Steps = append(rt.Steps, route.Step{Kind: route.StepClient, Index: c, Location: cl.Location, Arrival: t, Service: cl.Service, Distance: dist, Load: slices.Clone(load)})
		t += cl.Service
		rt.Service += cl.Service
		prev = cl.Location
	}
	t += p.Travel(prev, dep)
	dist += p.Arc(prev, dep)
	rt.TravelTime += p.Travel(prev, dep)
	rt.Steps = append(rt.Steps, route.Step{Kind: route.StepEnd, Index: -1, Location: dep, Arrival: t, Distance: dist, Load: slices.Clone(load)})
	rt.End, rt.Duration, rt.Distance = t, t, dist
	rt.Cost = p.RouteCost(rt.Vehicle, dist, rt.TravelTime)
	return rt
}

// splitObject returns the members of the JSON object data as slices of
// data (no copies), the last of a repeated key winning as json.Unmarshal
// does; ok is false when data is not an object. data must be valid JSON.
func splitObject(data []byte) (map[string]json.RawMessage, bool) {
	i := 0
	ws := func() {
		for i < len(data) && (data[i] == ' ' || data[i] == '\n' || data[i] == '\r' || data[i] == '\t') {
			i++
		}
	}
	// skipString moves i past the string starting at data[i] == '"'.
	skipString := func() {
		i++
		for i < len(data) && data[i] != '"' {
			if data[i] == '\\' {
				i++
			}
			i++
		}
		i++
	}
	ws()
	if i >= len(data) || data[i] != '{' {
		return nil, false
	}
	i++
	out := map[string]json.RawMessage{}
	for {
		ws()
		if data[i] == '}' {
			return out, true
		}
		ks := i
		skipString()
		var key string
		if err := json.Unmarshal(data[ks:i], &key); err != nil {
			return nil, false
		}
		ws()
		i++ // ':'
		ws()
		vs := i
		depth := 0
		for i < len(data) {
			c := data[i]
			if c == '"' {
				skipString()
				continue
			}
			if c == '{' || c == '[' {
				depth++
			} else if c == '}' || c == ']' {
				if depth == 0 {
					break // the end of this object
				}
				depth--
			} else if c == ',' && depth == 0 {
				break
			}
			i++
		}
		ve := i
		for ve > vs && (data[ve-1] == ' ' || data[ve-1] == '\n' || data[ve-1] == '\r' || data[ve-1] == '\t') {
			ve--
		}
		out[key] = json.RawMessage(data[vs:ve])
		if data[i] == ',' {
			i++
		}
	}
}
