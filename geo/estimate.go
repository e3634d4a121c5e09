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

// sphere holds points as unit vectors in three parallel slices; the chord
// between two of them gives the great-circle distance without per-pair
// trigonometry.
type sphere struct{ x, y, z []float64 }

func newSphere(pts []orb.Point) sphere {
	const rad = math.Pi / 180
	s := sphere{make([]float64, len(pts)), make([]float64, len(pts)), make([]float64, len(pts))}
	for i, p := range pts {
		sl, cl := math.Sincos(p[1] * rad)
		so, co := math.Sincos(p[0] * rad)
		s.x[i], s.y[i], s.z[i] = cl*co, cl*so, sl
	}
	return s
}

// Coefficients of asin(x) = x·(1 + x²/6 + 3x⁴/40 + 15x⁶/336 + 105x⁸/3456 + …).
const (
	asin3  = 1.0 / 6
	asin5  = 3.0 / 40
	asin7  = 15.0 / 336
	asin9  = 105.0 / 3456
	asin11 = 945.0 / 42240
)

// halfChordMetres turns half the chord x between two unit vectors into a
// great-circle distance in metres: 2R·asin(x). Below x = 0.1 (about
// 2,550 km) it uses the Taylor series of asin to the x¹¹ term, whose
// relative error there is below 1e-10; above it calls math.Asin. The hot
// loop in estimatePairs inlines the series by hand and calls this only for
// long distances.
func halfChordMetres(x float64) float64 {
	if x < 0.2 {
		x2 := x * x
		return 2 * EarthRadius * x * (1 + x2*(asin3+x2*(asin5+x2*(asin7+x2*(asin9+x2*asin11)))))
	}
	return 2 * EarthRadius * math.Asin(min(x, 1))
}

// Estimate builds the road-estimate matrix for pts: the great-circle
// distance times the circuity of the pair's area, and the duration at the
// area's average speed. A pair whose ends lie in different areas uses
// MixArea of the two (mean circuity, harmonic-mean speed). The diagonal is
// zero and the result is symmetric.
//
// Blocks of rows are built in parallel by opt.Workers goroutines; only
// the upper triangle is computed and mirrored. Each entry depends only on
// its two points, so the result is the same for any worker count. Time is O(n²) with no trigonometry in the inner loop
// (points are turned into unit vectors once); memory is the 8·n² bytes of
// the Matrix. The context is checked once per 64×64 tile.
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

	sph := newSphere(pts)
	m := NewMatrix(n)
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	// Tiles of block×block entries above the diagonal, each written
	// together with its mirror image below it: half the arithmetic, and
	// the mirrored writes of a tile stay within block cache lines. One
	// task per block row; rows are claimed in order, longest first.
	const block = 64
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(workers)
	for lo := 0; lo < n; lo += block {
		hi := min(lo+block, n)
		g.Go(func() error {
			for jlo := lo; jlo < n; jlo += block {
				if err := ctx.Err(); err != nil {
					return err
				}
				jhi := min(jlo+block, n)
				for i := lo; i < hi; i++ {
					estimatePairs(m, i, max(jlo, i+1), jhi, sph, area, k, distF, durF)
				}
			}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, fmt.Errorf("geo: estimate: %w", err)
	}
	return m, nil
}

// estimatePairs computes the entries (i, j) for j in [lo, hi) and writes
// them and their mirror images (j, i). Callers keep j > i. It allocates
// nothing.
func estimatePairs(m *Matrix, i, lo, hi int, s sphere, area []int32, k int, distF, durF []float64) {
	n := m.N
	xs, ys, zs, area := s.x[:n], s.y[:n], s.z[:n], area[:n]
	xi, yi, zi := xs[i], ys[i], zs[i]
	dist, dur := m.Dist, m.Dur
	drow := dist[i*n : i*n+n]
	trow := dur[i*n : i*n+n]
	fd := distF[int(area[i])*k : int(area[i])*k+k]
	ft := durF[int(area[i])*k : int(area[i])*k+k]
	for j := lo; j < hi; j++ {
		dx, dy, dz := xs[j]-xi, ys[j]-yi, zs[j]-zi
		x := 0.5 * math.Sqrt(dx*dx+dy*dy+dz*dz)
		var gc float64
		if x < 0.2 {
			x2 := x * x
			gc = 2 * EarthRadius * x * (1 + x2*(asin3+x2*(asin5+x2*(asin7+x2*(asin9+x2*asin11)))))
		} else {
			gc = halfChordMetres(x)
		}
		a := area[j]
		d, t := float32(gc*fd[a]), float32(gc*ft[a])
		drow[j], trow[j] = d, t
		dist[j*n+i], dur[j*n+i] = d, t
	}
}
