package sichuan

import (
	_ "embed"
	"fmt"
	"strconv"
	"strings"
	"sync"

	"github.com/paulmach/orb"
)

// The embedded files; their formats are described in README.md.
var (
	//go:embed counties.tsv
	countiesTSV string
	//go:embed townships.tsv
	townshipsTSV string
	//go:embed boundaries.txt
	boundariesTXT string
)

// Terrain classes of a county (see README.md for the rule).
const (
	TerrainUrban    = "urban"
	TerrainPlain    = "plain"
	TerrainMountain = "mountain"
)

// Provenance of a township point.
const (
	// ProvenanceSeat: the 2016 town centre of the same-named township (S6).
	ProvenanceSeat = "seat"
	// ProvenanceApproximateSeat: the 2016 town centre of the predecessor
	// township that held most of its villages (S6 via the S7 crosswalk).
	ProvenanceApproximateSeat = "approximate seat"
	// ProvenanceVillageCentroid: the mean of its villages' 2016 points (S6).
	ProvenanceVillageCentroid = "village centroid"
	// ProvenancePlaced: no source point; placed inside the county polygon by
	// the generator (best-candidate sampling, fixed seed).
	ProvenancePlaced = "placed"
)

// County is one county-level division (区, 县级市 or 县) as embedded.
type County struct {
	Adcode           string // 6-digit NBS code (2022)
	Name             string // Chinese, e.g. 锦江区
	Pinyin           string // short name without suffix, e.g. Jinjiang
	Type             string // 区, 县级市 or 县
	PrefectureAdcode string // e.g. 510100
	Prefecture       string // e.g. 成都市
	Seat             orb.Point
	Population       int     // 2020 census, incl. development zones
	UrbanShare       float64 // 0..1
	Households       int     // family households, 2020 estimate
	AreaKm2          float64 // of the unsimplified boundary
	Terrain          string  // TerrainUrban, TerrainPlain or TerrainMountain
	Boundary         orb.MultiPolygon
}

// Township is one township-level unit (街道, 镇 or 乡) with its point.
type Township struct {
	Code         string // 9-digit NBS code (2022)
	Name         string
	Pinyin       string // empty for 21 townships without one in S4
	Type         string // 街道, 镇 or 乡
	CountyAdcode string
	Point        orb.Point
	Provenance   string // one of the Provenance constants
	Source       string // where the point came from, free text
}

// Data is the parsed embedded data: counties in adcode order, townships in
// code order.
type Data struct {
	Counties  []County
	Townships []Township
}

var (
	loadOnce sync.Once
	loaded   *Data
	loadErr  error
)

// Load parses the embedded data on its first call and returns the same
// *Data on every call. The result is shared: callers must not modify it
// (copy what they change). An error means the embedded files are corrupt.
func Load() (*Data, error) {
	loadOnce.Do(func() { loaded, loadErr = parse(countiesTSV, townshipsTSV, boundariesTXT) })
	return loaded, loadErr
}

const (
	countiesHeader  = "adcode\tname\tpinyin\ttype\tprefecture_adcode\tprefecture\tseat_lon\tseat_lat\tpopulation\turban_share\thouseholds\tarea_km2\tterrain"
	townshipsHeader = "code\tcounty\ttype\tname\tpinyin\tlon\tlat\tprovenance\tsource"
)

func parse(counties, townships, boundaries string) (*Data, error) {
	d := &Data{}
	index := map[string]int{}
	err := eachRow("counties.tsv", counties, countiesHeader, func(r *row) {
		c := County{
			Adcode: r.str(0), Name: r.str(1), Pinyin: r.str(2), Type: r.str(3),
			PrefectureAdcode: r.str(4), Prefecture: r.str(5),
			Seat:       orb.Point{r.float(6), r.float(7)},
			Population: r.int(8), UrbanShare: r.float(9), Households: r.int(10),
			AreaKm2: r.float(11), Terrain: r.str(12),
		}
		switch c.Terrain {
		case TerrainUrban, TerrainPlain, TerrainMountain:
		default:
			r.fail(12, "unknown terrain %q", c.Terrain)
		}
		if _, dup := index[c.Adcode]; dup {
			r.fail(0, "duplicate adcode %s", c.Adcode)
		}
		index[c.Adcode] = len(d.Counties)
		d.Counties = append(d.Counties, c)
	})
	if err != nil {
		return nil, err
	}
	for i, line := range strings.Split(strings.TrimSuffix(boundaries, "\n"), "\n") {
		ad, geom, ok := strings.Cut(line, "\t")
		ci, known := index[ad]
		if !ok || !known {
			return nil, fmt.Errorf("sichuan: boundaries.txt:%d: want a known adcode, a tab and polygons", i+1)
		}
		mp, err := decodeMultiPolygon(geom)
		if err != nil {
			return nil, fmt.Errorf("sichuan: boundaries.txt:%d: %s: %w", i+1, ad, err)
		}
		d.Counties[ci].Boundary = mp
	}
	for _, c := range d.Counties {
		if c.Boundary == nil {
			return nil, fmt.Errorf("sichuan: boundaries.txt: no boundary for %s", c.Adcode)
		}
	}
	err = eachRow("townships.tsv", townships, townshipsHeader, func(r *row) {
		t := Township{
			Code: r.str(0), CountyAdcode: r.str(1), Type: r.str(2), Name: r.str(3), Pinyin: r.str(4),
			Point:      orb.Point{r.float(5), r.float(6)},
			Provenance: r.str(7), Source: r.str(8),
		}
		if _, ok := index[t.CountyAdcode]; !ok {
			r.fail(1, "unknown county %s", t.CountyAdcode)
		}
		switch t.Provenance {
		case ProvenanceSeat, ProvenanceApproximateSeat, ProvenanceVillageCentroid, ProvenancePlaced:
		default:
			r.fail(7, "unknown provenance %q", t.Provenance)
		}
		d.Townships = append(d.Townships, t)
	})
	if err != nil {
		return nil, err
	}
	return d, nil
}

// row is one tab-separated line being parsed; the first error sticks.
type row struct {
	file   string
	line   int
	fields []string
	err    error
}

func (r *row) fail(col int, format string, args ...any) {
	if r.err == nil {
		r.err = fmt.Errorf("sichuan: %s:%d: field %d: %s", r.file, r.line, col+1, fmt.Sprintf(format, args...))
	}
}

func (r *row) str(col int) string { return r.fields[col] }

func (r *row) float(col int) float64 {
	v, err := strconv.ParseFloat(r.fields[col], 64)
	if err != nil {
		r.fail(col, "bad number %q", r.fields[col])
	}
	return v
}

func (r *row) int(col int) int {
	v, err := strconv.Atoi(r.fields[col])
	if err != nil {
		r.fail(col, "bad integer %q", r.fields[col])
	}
	return v
}

// eachRow checks the header line and calls fn for every following line.
func eachRow(file, text, header string, fn func(*row)) error {
	lines := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
	if lines[0] != header {
		return fmt.Errorf("sichuan: %s:1: header %q, want %q", file, lines[0], header)
	}
	n := strings.Count(header, "\t") + 1
	for i, line := range lines[1:] {
		r := &row{file: file, line: i + 2, fields: strings.Split(line, "\t")}
		if len(r.fields) != n {
			return fmt.Errorf("sichuan: %s:%d: %d fields, want %d", file, r.line, len(r.fields), n)
		}
		fn(r)
		if r.err != nil {
			return r.err
		}
	}
	return nil
}

// decodeMultiPolygon decodes one line of boundaries.txt after the adcode:
// polygons separated by '|', rings by ';', vertices by ' ', each "x,y" in
// integer 1e-4 degrees, the first vertex of a ring absolute and the others
// relative to the previous one. Rings are closed on decoding.
func decodeMultiPolygon(s string) (orb.MultiPolygon, error) {
	var mp orb.MultiPolygon
	for _, ps := range strings.Split(s, "|") {
		var poly orb.Polygon
		for _, rs := range strings.Split(ps, ";") {
			vs := strings.Split(rs, " ")
			if len(vs) < 3 {
				return nil, fmt.Errorf("ring with %d vertices", len(vs))
			}
			ring := make(orb.Ring, 0, len(vs)+1)
			var x, y int64
			for _, v := range vs {
				a, b, ok := strings.Cut(v, ",")
				dx, err1 := strconv.ParseInt(a, 10, 64)
				dy, err2 := strconv.ParseInt(b, 10, 64)
				if !ok || err1 != nil || err2 != nil {
					return nil, fmt.Errorf("bad vertex %q", v)
				}
				x, y = x+dx, y+dy
				ring = append(ring, orb.Point{float64(x) / 1e4, float64(y) / 1e4})
			}
			ring = append(ring, ring[0])
			poly = append(poly, ring)
		}
		mp = append(mp, poly)
	}
	return mp, nil
}
