package region

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/paulmach/orb"

	"github.com/huishou/huishou/geo"
	"github.com/huishou/huishou/scenarios/sichuan"
)

// Terrain classes of a county, used by [County.Area].
const (
	TerrainUrban    = sichuan.TerrainUrban
	TerrainPlain    = sichuan.TerrainPlain
	TerrainMountain = sichuan.TerrainMountain
)

// Provenance of a township point (see scenarios/sichuan/README.md).
const (
	ProvenanceSeat            = sichuan.ProvenanceSeat            // the township's own 2016 town centre
	ProvenanceApproximateSeat = sichuan.ProvenanceApproximateSeat // a predecessor township's 2016 centre
	ProvenanceVillageCentroid = sichuan.ProvenanceVillageCentroid // mean of its villages' 2016 points
	ProvenancePlaced          = sichuan.ProvenancePlaced          // estimated: placed inside the county polygon
	ProvenanceUser            = "user"                            // set by ReplaceTownshipPoints
)

// Region is the base data a scenario is planned on: its counties (demand
// areas with census figures and boundaries) and its townships (candidate
// collection points). A Region returned by [Builtin] is the caller's own
// copy and may be modified.
type Region struct {
	Name        string
	Description string
	Counties    []County
	Townships   []Township
}

// County is one county-level division.
type County struct {
	Adcode           string
	Name             string // Chinese, e.g. 锦江区
	Pinyin           string
	Type             string // 区, 县级市, 县
	PrefectureAdcode string
	Prefecture       string    // e.g. 成都市
	Seat             orb.Point // WGS84 lon/lat
	Population       int       // 2020 census (incl. development zones)
	UrbanShare       float64   // 0..1
	Households       int
	AreaKm2          float64
	Terrain          string // "urban", "plain", "mountain"
	Boundary         orb.MultiPolygon
}

// Township is one township-level unit (街道, 镇, 乡): a candidate collection
// point.
type Township struct {
	Code, Name, Pinyin, Type, CountyAdcode string
	Point                                  orb.Point
	Provenance                             string // "seat", "approximate seat", "village centroid", "placed", or "user" after a CSV override
	Source                                 string // where the point came from (free text)
}

// Area returns the road model of the county's terrain: [geo.Urban],
// [geo.Mountain] or, for "plain" and anything else, [geo.Plain].
func (c *County) Area() geo.Area {
	switch c.Terrain {
	case TerrainUrban:
		return geo.Urban
	case TerrainMountain:
		return geo.Mountain
	default:
		return geo.Plain
	}
}

// ErrUnknown is returned (wrapped) by [Builtin] for a name that is not a
// built-in region.
var ErrUnknown = errors.New("region: unknown built-in region")

// builtins maps the name of each built-in region to its constructor.
var builtins = map[string]func() (*Region, error){
	"sichuan": sichuanRegion,
}

// BuiltinNames returns the names of the built-in regions, sorted.
func BuiltinNames() []string {
	names := make([]string, 0, len(builtins))
	for n := range builtins {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Builtin returns a fresh copy of the built-in region name (see
// [BuiltinNames]); the caller may modify it. The embedded data is parsed
// once, on first use. An unknown name gives an error listing the known ones.
func Builtin(name string) (*Region, error) {
	f, ok := builtins[name]
	if !ok {
		return nil, fmt.Errorf("%w %q (known: %s)", ErrUnknown, name, strings.Join(BuiltinNames(), ", "))
	}
	return f()
}

func sichuanRegion() (*Region, error) {
	d, err := sichuan.Load()
	if err != nil {
		return nil, fmt.Errorf("region: built-in sichuan: %w", err)
	}
	s := &Region{
		Name: "sichuan",
		Description: "Sichuan province: 183 county-level divisions (2020 census population, households, " +
			"urban share, simplified boundaries) and 3,101 township units as candidate collection points.",
		Counties:  make([]County, len(d.Counties)),
		Townships: make([]Township, len(d.Townships)),
	}
	for i, c := range d.Counties {
		s.Counties[i] = County{
			Adcode: c.Adcode, Name: c.Name, Pinyin: c.Pinyin, Type: c.Type,
			PrefectureAdcode: c.PrefectureAdcode, Prefecture: c.Prefecture,
			Seat: c.Seat, Population: c.Population, UrbanShare: c.UrbanShare,
			Households: c.Households, AreaKm2: c.AreaKm2, Terrain: c.Terrain,
			Boundary: c.Boundary.Clone(),
		}
	}
	for i, t := range d.Townships {
		s.Townships[i] = Township{
			Code: t.Code, Name: t.Name, Pinyin: t.Pinyin, Type: t.Type, CountyAdcode: t.CountyAdcode,
			Point: t.Point, Provenance: t.Provenance, Source: t.Source,
		}
	}
	return s, nil
}

// County returns the county with the given adcode. It scans Counties:
// O(len(Counties)).
func (s *Region) County(adcode string) (*County, bool) {
	for i := range s.Counties {
		if s.Counties[i].Adcode == adcode {
			return &s.Counties[i], true
		}
	}
	return nil, false
}

// TownshipsOf returns copies of the townships of the county adcode, in the
// order of s.Townships; nil if there are none.
func (s *Region) TownshipsOf(adcode string) []Township {
	var out []Township
	for _, t := range s.Townships {
		if t.CountyAdcode == adcode {
			out = append(out, t)
		}
	}
	return out
}

// Prefectures returns the adcodes of the prefectures (地级市/自治州) that
// the counties belong to, sorted and without duplicates. The name of each
// is in County.Prefecture.
func (s *Region) Prefectures() []string {
	var out []string
	for _, c := range s.Counties {
		out = append(out, c.PrefectureAdcode)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// PrefectureSeats returns, per prefecture in adcode order, the adcode of
// the county that stands for its seat: the district (区) with the smallest
// adcode, else the county-level city (县级市) with the smallest adcode, else
// the first county. An approximation of where the prefecture government
// sits.
func (s *Region) PrefectureSeats() []string {
	best := map[string]*County{}
	rank := func(c *County) int {
		switch c.Type {
		case "区":
			return 0
		case "县级市":
			return 1
		}
		return 2
	}
	var order []string
	for i := range s.Counties {
		c := &s.Counties[i]
		b, ok := best[c.PrefectureAdcode]
		if !ok {
			order = append(order, c.PrefectureAdcode)
		}
		if !ok || rank(c) < rank(b) || (rank(c) == rank(b) && c.Adcode < b.Adcode) {
			best[c.PrefectureAdcode] = c
		}
	}
	slices.Sort(order)
	out := make([]string, len(order))
	for i, p := range order {
		out[i] = best[p].Adcode
	}
	return out
}
