package geo

import (
	"context"
	"fmt"
	"math"
	"runtime"

	"github.com/paulmach/orb"
	"golang.org/x/sync/errgroup"
)

// EstimateOptions configures Estimate. The zero value works: every point
// is in the Plain area and all CPUs are used.
type EstimateOptions struct {
	// Areas lists the kinds of terrain points may lie in. Empty means
	// []Area{Plain}.
	Areas []Area
	// AreaOf gives, for each point, an index into Areas. Nil means every
	// point lies in Areas[0]; otherwise it must have one entry per point.
	AreaOf []int
	// Workers is the number of goroutines building rows; 0 means
	// runtime.GOMAXPROCS(0). The result does not depend on it.
	Workers int
}

// MixArea returns the Area used for a trip from an area a to an area b:
// circuity is the arithmetic mean of the two circuities and speed the
// harmonic mean of the two speeds. The harmonic mean is what a trip that
// spends half its road length in each area averages, so a mountain leg is
// never hidden by a fast plain leg. MixArea(a, a) == a (except the name).
func MixArea(a, b Area) Area {
	if a == b {
		return a
	}
	return Area{
		Name:     a.Name + "/" + b.Name,
		Circuity: (a.Circuity + b.Circuity) / 2,
		SpeedKmh: 2 * (a.SpeedKmh * b.SpeedKmh) / (a.SpeedKmh + b.SpeedKmh),
	}
}

// Validate reports whether the area has a circuity >= 1 and a positive,
// finite speed.
func (ar Area) Validate() error {
	if !(ar.Circuity >= 1) || math.IsInf(ar.Circuity, 0) {
		return fmt.Errorf("circuity %v is not a finite number >= 1", ar.Circuity)
	}
	if !(ar.SpeedKmh > 0) || math.IsInf(ar.SpeedKmh, 0) {
		return fmt.Errorf("speed %v km/h is not a finite positive number", ar.SpeedKmh)
	}
	return nil
}

// ValidPoint reports whether p is a finite WGS84 lon/lat pair within
// [-180, 180] × [-90, 90].
func ValidPoint(p orb.Point) bool {
	return p[0] >= -180 && p[0] <= 180 && p[1] >= -90 && p[1] <= 90
}

// unitVectors returns the points as unit vectors on the sphere, flat
// x0,y0,z0,x1,…; the chord between two of them gives the great-circle
// distance without per-pair trigonometry.
func unitVectors(pts []orb.Point) []float64 {
	const rad = math.Pi / 180
	v := make([]float64, 3*len(pts))
	for i, p := range pts {
		sl, cl := math.Sincos(p[1] * rad)
		so, co := math.Sincos(p[0] * rad)
		v[3*i], v[3*i+1], v[3*i+2] = cl*co, cl*so, sl
	}
	return v
}

// chordToMetres turns the chord length c between two unit vectors into a
// great-circle distance in metres: 2R·asin(c/2). Below c/2 = 0.1 (about
// 1,270 km) it uses the Taylor series of asin to the x⁹ term, whose
// relative error there is below 3e-12; above it calls math.Asin.
func chordToMetres(c float64) float64 {
	x := c / 2
	if x < 0.1 {
		x2 := x * x
		return 2 * EarthRadius * x * (1 + x2*(1.0/6+x2*(3.0/40+x2*(15.0/336+x2*(105.0/3456)))))
	}
	if x > 1 {
		x = 1
	}
	return 2 * EarthRadius * math.Asin(x)
}

// Estimate builds the road-estimate matrix for pts: the great-circle
// distance times the circuity of the pair's area, and the duration at the
// area's average speed. A pair whose ends lie in different areas uses
// MixArea of the two (mean circuity, harmonic-mean speed). The diagonal is
// zero and the result is symmetric.
//
// Rows are built in parallel in blocks by opt.Workers goroutines; each
// entry depends only on its two points, so the result is the same for any
// worker count. Time is O(n²) with no trigonometry in the inner loop
// (points are turned into unit vectors once); memory is the 8·n² bytes of
// the Matrix. The context is checked once per block of rows.
//
// Bad input (a point outside WGS84 range, an invalid area, an AreaOf of
// the wrong length or index) returns an *InputError naming the field.
func Estimate(ctx context.Context, pts []orb.Point, opt EstimateOptions) (*Matrix, error) {
	areas := opt.Areas
	if len(areas) == 0 {
		areas = []Area{Plain}
	}
	for k, ar := range areas {
		if err := ar.Validate(); err != nil {
			return nil, &InputError{Field: fmt.Sprintf("areas[%d]", k), Msg: err.Error()}
		}
	}
	n := len(pts)
	if opt.AreaOf != nil && len(opt.AreaOf) != n {
		return nil, &InputError{Field: "area_of", Msg: fmt.Sprintf("has %d entries for %d points", len(opt.AreaOf), n)}
	}
	for i, p := range pts {
		if !ValidPoint(p) {
			return nil, &InputError{Field: fmt.Sprintf("points[%d]", i), Msg: fmt.Sprintf("%v is not a valid lon/lat", p)}
		}
		if opt.AreaOf != nil && (opt.AreaOf[i] < 0 || opt.AreaOf[i] >= len(areas)) {
			return nil, &InputError{Field: fmt.Sprintf("area_of[%d]", i), Msg: fmt.Sprintf("area index %d not in [0, %d)", opt.AreaOf[i], len(areas))}
		}
	}

	// Per pair of areas: metres per great-circle metre and seconds per
	// great-circle metre.
	k := len(areas)
	distF := make([]float64, k*k)
	durF := make([]float64, k*k)
	for a := range k {
		for b := range k {
			mix := MixArea(areas[a], areas[b])
			distF[a*k+b] = mix.Circuity
			durF[a*k+b] = mix.Circuity / (mix.SpeedKmh / 3.6)
		}
	}
	area := make([]int32, n)
	for i := range area {
		if opt.AreaOf != nil {
			area[i] = int32(opt.AreaOf[i])
		}
	}

	v := unitVectors(pts)
	m := NewMatrix(n)
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	const block = 32 // rows per task
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(workers)
	for lo := 0; lo < n; lo += block {
		hi := min(lo+block, n)
		g.Go(func() error {
			if err := ctx.Err(); err != nil {
				return err
			}
			for i := lo; i < hi; i++ {
				estimateRow(m, i, v, area, k, distF, durF)
			}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, fmt.Errorf("geo: estimate: %w", err)
	}
	return m, nil
}

// estimateRow fills row i of m. It allocates nothing.
func estimateRow(m *Matrix, i int, v []float64, area []int32, k int, distF, durF []float64) {
	n := m.N
	xi, yi, zi := v[3*i], v[3*i+1], v[3*i+2]
	dist := m.Dist[i*n : i*n+n]
	dur := m.Dur[i*n : i*n+n]
	fd := distF[int(area[i])*k : int(area[i])*k+k]
	ft := durF[int(area[i])*k : int(area[i])*k+k]
	v = v[:3*n]
	area = area[:n]
	for j := range dist {
		dx, dy, dz := v[3*j]-xi, v[3*j+1]-yi, v[3*j+2]-zi
		gc := chordToMetres(math.Sqrt(dx*dx + dy*dy + dz*dz))
		a := area[j]
		dist[j] = float32(gc * fd[a])
		dur[j] = float32(gc * ft[a])
	}
	dist[i], dur[i] = 0, 0
}
