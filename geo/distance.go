package geo

import (
	"math"

	"github.com/paulmach/orb"
)

// EarthRadius is the mean Earth radius in metres (IUGG R1).
const EarthRadius = 6371008.8

// GreatCircle returns the great-circle (haversine) distance in metres
// between two WGS84 points.
func GreatCircle(a, b orb.Point) float64 {
	const rad = math.Pi / 180
	lat1, lat2 := a[1]*rad, b[1]*rad
	dlat := lat2 - lat1
	dlon := (b[0] - a[0]) * rad
	s1 := math.Sin(dlat / 2)
	s2 := math.Sin(dlon / 2)
	h := s1*s1 + math.Cos(lat1)*math.Cos(lat2)*s2*s2
	if h > 1 {
		h = 1
	}
	return 2 * EarthRadius * math.Asin(math.Sqrt(h))
}

// Area describes how roads behave in a kind of terrain: road distance is
// great-circle distance times Circuity, travelled at SpeedKmh on average.
type Area struct {
	Name     string  // "plain", "urban", "mountain", …
	Circuity float64 // road metres per great-circle metre; >= 1
	SpeedKmh float64 // average door-to-door speed, km/h; > 0
}

// Default areas. Circuity factors for Chinese road networks are typically
// 1.2–1.4 on plains and in cities and well above 1.5 in mountains (see
// Ballou et al. 2002 for the general method; the mountain figures are
// assumptions for western Sichuan and are marked as such in README.md).
var (
	Urban    = Area{Name: "urban", Circuity: 1.30, SpeedKmh: 25}
	Plain    = Area{Name: "plain", Circuity: 1.25, SpeedKmh: 45}
	Mountain = Area{Name: "mountain", Circuity: 1.60, SpeedKmh: 35}
)

// Road returns the estimated road distance (m) and duration (s) between two
// points in area ar.
func (ar Area) Road(a, b orb.Point) (metres, seconds float64) {
	m := GreatCircle(a, b) * ar.Circuity
	return m, m / (ar.SpeedKmh / 3.6)
}
