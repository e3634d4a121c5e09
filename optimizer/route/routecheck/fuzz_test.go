package routecheck

import (
	"reflect"
	"strings"
	"testing"

	"github.com/huishou/huishou/geo"
	"github.com/huishou/huishou/optimizer/route"
)

// bytesrc turns fuzz input into small numbers; past its end it gives 0.
type bytesrc struct {
	b []byte
	i int
}

func (s *bytesrc) intn(n int) int {
	if n <= 0 || s.i >= len(s.b) {
		return 0
	}
	s.i++
	return int(s.b[s.i-1]) % n
}

func (s *bytesrc) i64(n int) int64 { return int64(s.intn(n)) }

// fuzzProblem builds a small problem from src, and reports whether every
// index in it is in range (with probability ~1/16 per field it is not).
func fuzzProblem(src *bytesrc) (*route.Problem, bool) {
	valid := true
	bad := func() bool {
		if src.intn(16) == 0 {
			valid = false
			return true
		}
		return false
	}
	loc := func(n int) int {
		if bad() {
			return []int{-1, n}[src.intn(2)]
		}
		return src.intn(n)
	}
	vec := func() []int64 {
		v := make([]int64, src.intn(3))
		for d := range v {
			v[d] = src.i64(8)
		}
		if len(v) == 0 {
			return nil
		}
		return v
	}
	windows := func() []route.TimeWindow {
		var tws []route.TimeWindow
		t := int64(0)
		for range src.intn(3) {
			a := t + src.i64(60)
			b := a + src.i64(60)
			tws = append(tws, route.TimeWindow{Start: a, End: b})
			t = b + 1
		}
		return tws
	}
	skills := func() []int {
		var s []int
		for range src.intn(2) {
			s = append(s, src.intn(3))
		}
		return s
	}
	n := 1 + src.intn(5)
	p := &route.Problem{}
	if src.intn(4) == 0 {
		m := geo.NewMatrix(n)
		for k := range m.Dist {
			m.Dist[k], m.Dur[k] = float32(src.intn(30))/3, float32(src.intn(30))/7
		}
		if src.intn(2) == 0 {
			m.Dur = nil
		}
		p.Matrix, p.CostScale = m, float64(src.intn(3))
		if bad() {
			m.Dist = m.Dist[:len(m.Dist)-1]
		}
	} else {
		p.N, p.Dist = n, make([]int64, n*n)
		for k := range p.Dist {
			p.Dist[k] = src.i64(30)
		}
		if src.intn(2) == 0 {
			p.Dur = make([]int64, n*n)
			for k := range p.Dur {
				p.Dur[k] = src.i64(30)
			}
		}
		if bad() {
			p.N++
		}
	}
	for range src.intn(3) {
		p.Depots = append(p.Depots, loc(n))
	}
	for range src.intn(5) {
		p.Clients = append(p.Clients, route.Client{
			Location: loc(n), Demand: vec(), Delivery: vec(),
			Service: src.i64(5), Setup: src.i64(3), TimeWindows: windows(), Skills: skills(),
			Priority: src.intn(101), Penalty: src.i64(100),
		})
	}
	for range src.intn(3) {
		p.Shipments = append(p.Shipments, route.Shipment{
			Pickup:   route.Stop{Location: loc(n), Service: src.i64(5), Setup: src.i64(3), TimeWindows: windows()},
			Delivery: route.Stop{Location: loc(n), Service: src.i64(5), Setup: src.i64(3), TimeWindows: windows()},
			Amount:   vec(), Return: vec(), Skills: skills(), Penalty: src.i64(100),
		})
	}
	nd := max(1, len(p.Depots))
	for range src.intn(3) {
		v := route.Vehicle{
			FixedCost: src.i64(50), Count: src.intn(3),
			StartDepot: src.intn(nd+1) - 1, EndDepot: src.intn(nd+1) - 1,
			Skills: skills(), MaxTravelTime: src.i64(200), MaxDuration: src.i64(300),
			MaxDistance: src.i64(100), MaxStops: src.intn(6),
			DistanceCost: float64(src.intn(3)) / 2, TimeCost: float64(src.intn(3)) / 2,
		}
		for range src.intn(3) {
			v.Capacity = append(v.Capacity, src.i64(20))
		}
		if src.intn(2) == 0 {
			v.Shift = route.TimeWindow{Start: src.i64(20), End: src.i64(400)}
		}
		for range src.intn(2) {
			v.Breaks = append(v.Breaks, route.Break{TimeWindows: windows(), Duration: src.i64(10)})
		}
		if bad() {
			v.EndDepot = nd
		}
		p.Vehicles = append(p.Vehicles, v)
	}
	return p, valid
}

// fuzzRoute returns a route of p from src: built from valid steps when
// valid, else (or sometimes) raw steps of any kind, index and time.
func fuzzRoute(src *bytesrc, p *route.Problem, valid bool) (route.Route, bool) {
	nv := max(1, len(p.Vehicles))
	v := src.intn(nv)
	if src.intn(16) == 0 {
		v, valid = []int{-1, nv}[src.intn(2)], false
	}
	if valid && src.intn(4) != 0 {
		var nb int
		if len(p.Vehicles) > 0 {
			nb = len(p.Vehicles[v].Breaks)
		}
		var seq []at
		for range src.intn(6) {
			switch src.intn(4) {
			case 0:
				if len(p.Clients) > 0 {
					seq = append(seq, cl(src.intn(len(p.Clients))))
				}
			case 1:
				if len(p.Shipments) > 0 {
					seq = append(seq, pu(src.intn(len(p.Shipments))))
				}
			case 2:
				if len(p.Shipments) > 0 {
					seq = append(seq, de(src.intn(len(p.Shipments))))
				}
			case 3:
				if nb > 0 {
					seq = append(seq, brk(src.intn(nb)))
				}
			}
		}
		return build(p, v, src.i64(50), seq...), true
	}
	r := route.Route{Vehicle: v, Start: src.i64(50), End: src.i64(300), Cost: src.i64(100)}
	for range src.intn(7) {
		r.Steps = append(r.Steps, route.Step{
			Kind: route.StepKind(src.intn(7)), Index: src.intn(6) - 1, Location: src.intn(7) - 1,
			Arrival: src.i64(300) - 20, Wait: src.i64(40) - 5, Setup: src.i64(3), Service: src.i64(5),
			Distance: src.i64(100), Load: []int64{src.i64(10)},
		})
		if src.intn(3) == 0 {
			r.Clients = append(r.Clients, src.intn(5))
		}
	}
	return r, false
}

// mutate changes one recorded figure of a built route.
func mutate(src *bytesrc, r *route.Route) {
	if len(r.Steps) == 0 {
		return
	}
	st := &r.Steps[src.intn(len(r.Steps))]
	d := src.i64(5) + 1
	switch src.intn(8) {
	case 0:
		st.Arrival += d
	case 1:
		st.Wait -= d
	case 2:
		st.Service += d
	case 3:
		st.Distance += d
	case 4:
		st.Location += int(d)
	case 5:
		st.Load = append(st.Load, d)
	case 6:
		r.Cost += d
	case 7:
		r.Duration += d
	}
}

// consistency reports whether a violation says that a recorded figure
// disagrees with the recomputation (rather than that a constraint is
// broken).
func consistency(v string) bool {
	for _, s := range []string{"recorded", "want", "earliest feasible", "negative wait"} {
		if strings.Contains(v, s) {
			return true
		}
	}
	return false
}

func FuzzCheck(f *testing.F) {
	for _, seed := range []string{
		"",
		"\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f",
		"\x03\x05\x07\x01\x01\x01\x02\x03\x04\x05\x06\x07\x08\x09\x01\x02\x03\x04\x05\x06\x07\x08\x09\x01\x02\x03\x04\x05\x06\x07\x08\x09\x01\x02\x03\x04",
		strings.Repeat("\x02\x09\x04\x11", 40),
		strings.Repeat("\xff\x00\x7f\x31\x05", 60),
		strings.Repeat("\x04\x01\x03\x02\x05\x00\x06", 80),
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		src := &bytesrc{b: data}
		p, valid := fuzzProblem(src)
		s := &route.Solution{}
		clean := valid // every route built from valid steps, nothing changed
		for range src.intn(4) {
			r, built := fuzzRoute(src, p, valid)
			if built && src.intn(3) == 0 {
				mutate(src, &r)
				built = false
			}
			clean = clean && built
			s.Routes = append(s.Routes, r)
		}
		if clean {
			s = solution(p, s.Routes...)
		} else {
			s.Cost = src.i64(1000)
		}
		for range src.intn(3) {
			s.Unassigned = append(s.Unassigned, route.Unassigned{Kind: route.JobKind(src.intn(3)), Index: src.intn(6) - 1})
			clean = false
		}
		if src.intn(32) == 0 {
			s, clean = nil, false
		}

		rep, err := Check(p, s)
		if err != nil {
			if !reflect.DeepEqual(rep, Report{}) {
				t.Fatalf("error %v with a non-zero report %+v", err, rep)
			}
			if clean {
				t.Fatalf("error %v on a valid problem and a built solution", err)
			}
			return
		}
		if rep.Feasible != (len(rep.Violations) == 0) {
			t.Fatalf("Feasible %v with %d violations", rep.Feasible, len(rep.Violations))
		}
		if clean {
			// The builder records what the checker recomputes: only
			// constraints may be broken, never a recorded figure.
			for _, v := range rep.Violations {
				if consistency(v) {
					t.Fatalf("built solution reported inconsistent: %s\nall violations:\n%s", v, strings.Join(rep.Violations, "\n"))
				}
			}
			if rep.Cost != s.Cost || rep.Distance != s.Distance || rep.Duration != s.Duration {
				t.Fatalf("recomputed cost, distance, duration %d, %d, %d; built %d, %d, %d", rep.Cost, rep.Distance, rep.Duration, s.Cost, s.Distance, s.Duration)
			}
		}
	})
}
