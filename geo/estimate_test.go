package geo

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/paulmach/orb"
)

var (
	chengdu  = orb.Point{104.0665, 30.5728}
	beijing  = orb.Point{116.4074, 39.9042}
	kangding = orb.Point{101.9625, 30.0497} // Ganzi prefecture seat, in the mountains
)

func TestGreatCircle(t *testing.T) {
	tests := []struct {
		name string
		a, b orb.Point
		want float64 // metres
		tol  float64 // metres
	}{
		{"same point", chengdu, chengdu, 0, 1e-9},
		{"equator degree", orb.Point{0, 0}, orb.Point{1, 0}, 111195.08, 0.01},
		{"meridian degree", orb.Point{104, 30}, orb.Point{104, 31}, 111195.08, 0.01},
		{"Chengdu-Beijing", chengdu, beijing, 1520e3, 15e3},
		{"antipodes", orb.Point{0, 0}, orb.Point{180, 0}, math.Pi * EarthRadius, 1e-3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := GreatCircle(tt.a, tt.b); math.Abs(got-tt.want) > tt.tol {
				t.Errorf("GreatCircle(%v, %v) = %.3f m, want %.3f ± %.3f", tt.a, tt.b, got, tt.want, tt.tol)
			}
		})
	}
}

func TestChordMatchesHaversine(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	pts := make([]orb.Point, 200)
	for i := range pts {
		if i < 100 { // Sichuan-sized spread
			pts[i] = orb.Point{97 + 11*rng.Float64(), 26 + 8*rng.Float64()}
		} else { // whole globe, to exercise math.Asin
			pts[i] = orb.Point{-180 + 360*rng.Float64(), -90 + 180*rng.Float64()}
		}
	}
	s := newSphere(pts)
	for i := range pts {
		for j := range pts {
			dx, dy, dz := s.x[j]-s.x[i], s.y[j]-s.y[i], s.z[j]-s.z[i]
			got := halfChordMetres(0.5 * math.Sqrt(dx*dx+dy*dy+dz*dz))
			want := GreatCircle(pts[i], pts[j])
			if math.Abs(got-want) > 1e-3+1e-9*want {
				t.Fatalf("chord distance %v→%v = %.6f, haversine %.6f", pts[i], pts[j], got, want)
			}
		}
	}
}

func TestMixArea(t *testing.T) {
	got := MixArea(Plain, Mountain)
	if want := (Plain.Circuity + Mountain.Circuity) / 2; got.Circuity != want {
		t.Errorf("circuity = %v, want %v", got.Circuity, want)
	}
	if want := 2 / (1/Plain.SpeedKmh + 1/Mountain.SpeedKmh); math.Abs(got.SpeedKmh-want) > 1e-12 {
		t.Errorf("speed = %v, want %v", got.SpeedKmh, want)
	}
	if r := MixArea(Mountain, Plain); r.Circuity != got.Circuity || r.SpeedKmh != got.SpeedKmh {
		t.Errorf("MixArea not symmetric: %+v vs %+v", got, r)
	}
	if got := MixArea(Urban, Urban); got != Urban {
		t.Errorf("MixArea(Urban, Urban) = %+v, want Urban", got)
	}
}

func TestEstimate(t *testing.T) {
	pts := []orb.Point{chengdu, kangding, {104.1, 30.6}, chengdu}
	areas := []Area{Urban, Mountain, Plain}
	areaOf := []int{0, 1, 2, 0}
	for _, workers := range []int{1, 2, 3} {
		m, err := Estimate(context.Background(), pts, EstimateOptions{Areas: areas, AreaOf: areaOf, Workers: workers})
		if err != nil {
			t.Fatal(err)
		}
		if err := m.Validate(); err != nil {
			t.Fatal(err)
		}
		for i := range pts {
			for j := range pts {
				ar := MixArea(areas[areaOf[i]], areas[areaOf[j]])
				wantD, wantT := ar.Road(pts[i], pts[j])
				if i == j {
					wantD, wantT = 0, 0
				}
				if d := m.Distance(i, j); math.Abs(d-wantD) > 1e-5*wantD+1e-3 {
					t.Errorf("workers=%d: Distance(%d,%d) = %v, want %v", workers, i, j, d, wantD)
				}
				if d := m.Duration(i, j); math.Abs(d-wantT) > 1e-5*wantT+1e-3 {
					t.Errorf("workers=%d: Duration(%d,%d) = %v, want %v", workers, i, j, d, wantT)
				}
				if m.Dist[i*m.N+j] != m.Dist[j*m.N+i] || m.Dur[i*m.N+j] != m.Dur[j*m.N+i] {
					t.Errorf("workers=%d: not symmetric at (%d,%d)", workers, i, j)
				}
			}
		}
		if m.Distance(0, 3) != 0 {
			t.Errorf("same location: distance %v, want 0", m.Distance(0, 3))
		}
	}
}

func TestEstimateDeterministic(t *testing.T) {
	pts := randomSichuan(300, 7)
	areaOf := make([]int, len(pts))
	for i := range areaOf {
		areaOf[i] = i % 3
	}
	opt := EstimateOptions{Areas: []Area{Urban, Plain, Mountain}, AreaOf: areaOf, Workers: 1}
	a, err := Estimate(context.Background(), pts, opt)
	if err != nil {
		t.Fatal(err)
	}
	opt.Workers = 4
	b, err := Estimate(context.Background(), pts, opt)
	if err != nil {
		t.Fatal(err)
	}
	for k := range a.Dist {
		if a.Dist[k] != b.Dist[k] || a.Dur[k] != b.Dur[k] {
			t.Fatalf("entry %d differs between 1 and 4 workers", k)
		}
	}
}

func TestEstimateErrors(t *testing.T) {
	pts := []orb.Point{chengdu, kangding}
	tests := []struct {
		name  string
		pts   []orb.Point
		opt   EstimateOptions
		field string
	}{
		{"bad point", []orb.Point{chengdu, {200, 0}}, EstimateOptions{}, "points[1]"},
		{"nan point", []orb.Point{{math.NaN(), 0}}, EstimateOptions{}, "points[0]"},
		{"bad circuity", pts, EstimateOptions{Areas: []Area{{Circuity: 0.5, SpeedKmh: 30}}}, "areas[0]"},
		{"bad speed", pts, EstimateOptions{Areas: []Area{Plain, {Circuity: 1.2}}}, "areas[1]"},
		{"short area_of", pts, EstimateOptions{AreaOf: []int{0}}, "area_of"},
		{"area index", pts, EstimateOptions{AreaOf: []int{0, 1}}, "area_of[1]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Estimate(context.Background(), tt.pts, tt.opt)
			var ie *InputError
			if !errors.As(err, &ie) {
				t.Fatalf("err = %v, want *InputError", err)
			}
			if ie.Field != tt.field {
				t.Errorf("field = %q, want %q", ie.Field, tt.field)
			}
			if !errors.Is(err, ErrBadInput) {
				t.Errorf("errors.Is(err, ErrBadInput) = false")
			}
		})
	}
}

func TestEstimateCanceled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Estimate(ctx, randomSichuan(100, 1), EstimateOptions{}); !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}

func TestEstimatePairsAllocs(t *testing.T) {
	pts := randomSichuan(100, 3)
	v := newSphere(pts)
	m := NewMatrix(len(pts))
	area := make([]int32, len(pts))
	f := []float64{1.3}
	if a := testing.AllocsPerRun(10, func() { estimatePairs(m, 5, 6, 100, v, area, 1, f, f) }); a != 0 {
		t.Errorf("estimatePairs allocates %v times, want 0", a)
	}
}

// randomSichuan returns n seeded random points in a Sichuan-sized box.
func randomSichuan(n int, seed uint64) []orb.Point {
	rng := rand.New(rand.NewPCG(seed, 0))
	pts := make([]orb.Point, n)
	for i := range pts {
		pts[i] = orb.Point{97.3 + 11*rng.Float64(), 26 + 8.1*rng.Float64()}
	}
	return pts
}

// naiveEstimate is the baseline: one goroutine, haversine with its
// trigonometry per pair through Area.Road.
func naiveEstimate(pts []orb.Point, ar Area) *Matrix {
	n := len(pts)
	m := NewMatrix(n)
	for i := range n {
		for j := range n {
			d, t := ar.Road(pts[i], pts[j])
			m.Dist[i*n+j], m.Dur[i*n+j] = float32(d), float32(t)
		}
	}
	return m
}

func BenchmarkEstimate(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		pts := randomSichuan(n, 42)
		areaOf := make([]int, n)
		for i := range areaOf {
			areaOf[i] = i % 3
		}
		opt := EstimateOptions{Areas: []Area{Urban, Plain, Mountain}, AreaOf: areaOf}
		b.Run(sizeName(n)+"/parallel", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Estimate(context.Background(), pts, opt); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(sizeName(n)+"/naive", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				naiveEstimate(pts, Plain)
			}
		})
	}
}

func sizeName(n int) string {
	if n >= 1000 && n%1000 == 0 {
		return fmt.Sprintf("n=%dk", n/1000)
	}
	return fmt.Sprintf("n=%d", n)
}
