package region

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"

	"github.com/huishou/huishou/geo"
	"github.com/huishou/huishou/optimizer/network"
)

var (
	adcodeRE   = regexp.MustCompile(`^[0-9]{6}$`)
	townCodeRE = regexp.MustCompile(`^[0-9A-Za-z_-]{1,32}$`)
)

// countyColumns are the columns of a county CSV file (and the properties
// of a county GeoJSON feature); the first four and households are
// required.
var countyColumns = []string{"adcode", "name", "seat_lon", "seat_lat", "households",
	"prefecture_adcode", "prefecture", "type", "pinyin", "population", "urban_share", "area_km2", "terrain"}

// Load makes a region from user files: counties as CSV (one row per
// county: adcode, name, seat_lon, seat_lat, households and optionally
// prefecture_adcode, prefecture, type, pinyin, population, urban_share,
// area_km2, terrain) or GeoJSON (one Polygon or MultiPolygon feature per
// county, the boundary, with the same names as properties; told apart by
// a first non-space byte '{'), and townships as CSV (code, name, county,
// lon, lat and optionally type, pinyin). Missing optional figures: the
// prefecture is the county itself, urban share 0.5, terrain plain.
// Without boundaries a point belongs to the county with the nearest seat.
// Errors are *InputError (or *geo.InputError for GeoJSON syntax) naming
// file, line and field.
func Load(name string, counties io.Reader, countiesFile string, townships io.Reader, townshipsFile string) (*Region, error) {
	data, err := io.ReadAll(io.LimitReader(counties, 64<<20))
	if err != nil {
		return nil, fmt.Errorf("region: %s: %w", countiesFile, err)
	}
	reg := &Region{Name: name, Description: "user data: " + countiesFile + ", " + townshipsFile}
	if t := bytes.TrimSpace(data); len(t) > 0 && t[0] == '{' {
		reg.Counties, err = countiesGeoJSON(data, countiesFile)
	} else {
		reg.Counties, err = countiesCSV(data, countiesFile)
	}
	if err != nil {
		return nil, err
	}
	if reg.Townships, err = townshipsCSV(townships, townshipsFile, reg); err != nil {
		return nil, err
	}
	return reg, nil
}

// fillCounty checks one county's figures and fills the defaults.
func fillCounty(c *County, get func(string) (string, bool), fail func(field, format string, args ...any) error) error {
	str := func(k string) string { v, _ := get(k); return strings.TrimSpace(v) }
	num := func(k string, lo, hi, def float64) (float64, error) {
		s, ok := get(k)
		s = strings.TrimSpace(s)
		if !ok || s == "" {
			if math.IsNaN(def) {
				return 0, fail(k, "missing")
			}
			return def, nil
		}
		v, err := strconv.ParseFloat(s, 64)
		if err != nil || math.IsNaN(v) || v < lo || v > hi {
			return 0, fail(k, "%q is not a number in %g…%g", s, lo, hi)
		}
		return v, nil
	}
	c.Adcode = str("adcode")
	if !adcodeRE.MatchString(c.Adcode) {
		return fail("adcode", "%q is not a 6-digit adcode", c.Adcode)
	}
	if c.Name = str("name"); c.Name == "" {
		return fail("name", "empty")
	}
	c.Pinyin, c.Type = str("pinyin"), str("type")
	c.PrefectureAdcode, c.Prefecture = str("prefecture_adcode"), str("prefecture")
	if c.PrefectureAdcode == "" {
		c.PrefectureAdcode = c.Adcode
	} else if !adcodeRE.MatchString(c.PrefectureAdcode) {
		return fail("prefecture_adcode", "%q is not a 6-digit adcode", c.PrefectureAdcode)
	}
	if c.Prefecture == "" {
		c.Prefecture = c.Name
	}
	var err error
	var lon, lat, hh, pop float64
	if lon, err = num("seat_lon", -180, 180, math.NaN()); err != nil {
		return err
	}
	if lat, err = num("seat_lat", -90, 90, math.NaN()); err != nil {
		return err
	}
	c.Seat = orb.Point{lon, lat}
	if hh, err = num("households", 0, 1e9, math.NaN()); err != nil {
		return err
	}
	c.Households = int(math.Round(hh))
	if pop, err = num("population", 0, 1e10, 0); err != nil {
		return err
	}
	c.Population = int(math.Round(pop))
	if c.UrbanShare, err = num("urban_share", 0, 1, 0.5); err != nil {
		return err
	}
	if c.AreaKm2, err = num("area_km2", 0, 1e7, 0); err != nil {
		return err
	}
	switch c.Terrain = str("terrain"); c.Terrain {
	case "":
		c.Terrain = TerrainPlain
	case TerrainUrban, TerrainPlain, TerrainMountain:
	default:
		return fail("terrain", "%q: want urban, plain or mountain", c.Terrain)
	}
	return nil
}

func countiesCSV(data []byte, file string) ([]County, error) {
	var out []County
	seen := map[string]int{}
	err := readTable(bytes.NewReader(data), file, []string{"adcode", "name", "seat_lon", "seat_lat", "households"}, countyColumns,
		func(line int, get func(string) (string, bool)) error {
			var c County
			fail := func(field, format string, args ...any) error {
				return &InputError{File: file, Line: line, Field: field, Msg: fmt.Sprintf(format, args...)}
			}
			if err := fillCounty(&c, get, fail); err != nil {
				return err
			}
			if first, dup := seen[c.Adcode]; dup {
				return fail("adcode", "%s repeated (first on line %d)", c.Adcode, first)
			}
			seen[c.Adcode] = line
			out = append(out, c)
			return nil
		})
	if err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, &InputError{File: file, Line: 1, Msg: "no counties"}
	}
	return out, nil
}

func countiesGeoJSON(data []byte, file string) ([]County, error) {
	ff, err := geo.ReadFeatureCollection(bytes.NewReader(data), file)
	if err != nil {
		return nil, err
	}
	var out []County
	seen := map[string]int{}
	for i := range ff.Len() {
		f := ff.Feature(i)
		var c County
		switch g := f.Geometry.(type) {
		case orb.Polygon:
			c.Boundary = orb.MultiPolygon{g}
		case orb.MultiPolygon:
			c.Boundary = g
		default:
			return nil, ff.Errorf(i, "geometry", "want a Polygon or MultiPolygon boundary")
		}
		get := func(k string) (string, bool) {
			s, err := ff.String(i, k, "")
			_, present := f.Properties[k]
			return s, err == nil && present
		}
		fail := func(field, format string, args ...any) error {
			return ff.Errorf(i, "properties."+field, format, args...)
		}
		if _, ok := f.Properties["seat_lon"]; !ok { // the seat defaults to the boundary's centroid
			ct, _ := planar.CentroidArea(c.Boundary)
			f.Properties["seat_lon"], f.Properties["seat_lat"] = ct[0], ct[1]
		}
		if err := fillCounty(&c, get, fail); err != nil {
			return nil, err
		}
		if j, dup := seen[c.Adcode]; dup {
			return nil, fail("adcode", "%s repeats features[%d]", c.Adcode, j)
		}
		seen[c.Adcode] = i
		out = append(out, c)
	}
	if len(out) == 0 {
		return nil, &InputError{File: file, Line: 1, Msg: "no counties"}
	}
	return out, nil
}

func townshipsCSV(r io.Reader, file string, reg *Region) ([]Township, error) {
	var out []Township
	seen := map[string]int{}
	err := readTable(r, file, []string{"code", "name", "county", "lon", "lat"}, []string{"type", "pinyin"},
		func(line int, get func(string) (string, bool)) error {
			str := func(k string) string { v, _ := get(k); return strings.TrimSpace(v) }
			fail := func(field, format string, args ...any) error {
				return &InputError{File: file, Line: line, Field: field, Msg: fmt.Sprintf(format, args...)}
			}
			t := Township{Code: str("code"), Name: str("name"), CountyAdcode: str("county"), Type: str("type"), Pinyin: str("pinyin"),
				Provenance: ProvenanceUser, Source: fmt.Sprintf("%s:%d", file, line)}
			if !townCodeRE.MatchString(t.Code) {
				return fail("code", "%q: want 1–32 letters, digits, '_' or '-'", t.Code)
			}
			if first, dup := seen[t.Code]; dup {
				return fail("code", "%s repeated (first on line %d)", t.Code, first)
			}
			seen[t.Code] = line
			if t.Name == "" {
				return fail("name", "empty")
			}
			c, ok := reg.County(t.CountyAdcode)
			if !ok {
				return fail("county", "%q is not a county of the counties file", t.CountyAdcode)
			}
			lon, err := coord(str("lon"), 180)
			if err != nil {
				return fail("lon", "%v", err)
			}
			lat, err := coord(str("lat"), 90)
			if err != nil {
				return fail("lat", "%v", err)
			}
			t.Point = orb.Point{lon, lat}
			if len(c.Boundary) > 0 && !planar.MultiPolygonContains(c.Boundary, t.Point) {
				return fail("lon,lat", "point %g,%g is outside county %s %s", lon, lat, c.Adcode, c.Name)
			}
			out = append(out, t)
			return nil
		})
	if err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, &InputError{File: file, Line: 1, Msg: "no townships"}
	}
	has := map[string]bool{}
	for _, t := range out {
		has[t.CountyAdcode] = true
	}
	for _, c := range reg.Counties {
		if !has[c.Adcode] {
			return nil, &InputError{File: file, Field: "county", Msg: fmt.Sprintf("county %s %s has no township", c.Adcode, c.Name)}
		}
	}
	return out, nil
}

// LoadSalesCSV reads new-appliance sales per township: a CSV file with a
// header naming the columns township and units (per year), other columns
// ignored. Errors are *InputError naming file, line and field.
func LoadSalesCSV(r io.Reader, file string) (map[string]float64, error) {
	out := map[string]float64{}
	lines := map[string]int{}
	err := readTable(r, file, []string{"township", "units"}, nil, func(line int, get func(string) (string, bool)) error {
		code, _ := get("township")
		code = strings.TrimSpace(code)
		if code == "" {
			return &InputError{File: file, Line: line, Field: "township", Msg: "empty"}
		}
		if first, dup := lines[code]; dup {
			return &InputError{File: file, Line: line, Field: "township", Msg: fmt.Sprintf("%s repeated (first on line %d)", code, first)}
		}
		lines[code] = line
		s, _ := get("units")
		v, err := amount(s)
		if err != nil {
			return &InputError{File: file, Line: line, Field: "units", Msg: err.Error()}
		}
		out[code] = v
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// readTable reads a headed CSV file: it checks the required columns and
// calls row per data line with a getter by column name (ok false for a
// column the file lacks).
func readTable(r io.Reader, file string, required, optional []string, row func(line int, get func(string) (string, bool)) error) error {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	header, err := cr.Read()
	if err == io.EOF {
		return &InputError{File: file, Line: 1, Msg: "empty file, want a header with " + strings.Join(required, ",")}
	}
	if err != nil {
		return csvError(file, err)
	}
	col := map[string]int{}
	for _, n := range append(append([]string(nil), required...), optional...) {
		col[n] = -1
	}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		if j, ok := col[h]; ok && j < 0 {
			col[h] = i
		}
	}
	for _, n := range required {
		if col[n] < 0 {
			return &InputError{File: file, Line: 1, Field: n, Msg: "missing column in header"}
		}
	}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return csvError(file, err)
		}
		line, _ := cr.FieldPos(0)
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		get := func(n string) (string, bool) {
			if i, ok := col[n]; ok && i >= 0 && i < len(rec) {
				return rec[i], true
			}
			return "", false
		}
		if err := row(line, get); err != nil {
			return err
		}
	}
}

// CountyAt returns the county whose boundary contains lon, lat — or, in a
// region without boundaries, the county with the nearest seat — or nil.
func (s *Region) CountyAt(lon, lat float64) *County {
	pt := orb.Point{lon, lat}
	bounded := false
	for k := range s.Counties {
		c := &s.Counties[k]
		if len(c.Boundary) == 0 {
			continue
		}
		bounded = true
		if c.Boundary.Bound().Contains(pt) && planar.MultiPolygonContains(c.Boundary, pt) {
			return c
		}
	}
	if bounded {
		return nil
	}
	var best *County
	bestD := math.Inf(1)
	for k := range s.Counties {
		if d := geo.GreatCircle(pt, s.Counties[k].Seat); d < bestD {
			best, bestD = &s.Counties[k], d
		}
	}
	return best
}

// LoadRoadsCSV reads known road distances for the network design: a CSV
// file with a header naming the columns from, to and metres (and
// optionally seconds, ignored by the design), one pair of demand-point or
// site IDs per line (either direction serves both). Errors are
// *InputError naming file, line and field; the design checks the IDs.
func LoadRoadsCSV(r io.Reader, file string) ([]network.Road, error) {
	var out []network.Road
	seen := map[[2]string]int{}
	err := readTable(r, file, []string{"from", "to", "metres"}, []string{"seconds"}, func(line int, get func(string) (string, bool)) error {
		str := func(k string) string { v, _ := get(k); return strings.TrimSpace(v) }
		from, to := str("from"), str("to")
		if from == "" {
			return &InputError{File: file, Line: line, Field: "from", Msg: "empty"}
		}
		if to == "" {
			return &InputError{File: file, Line: line, Field: "to", Msg: "empty"}
		}
		k := [2]string{from, to}
		if first, dup := seen[k]; dup {
			return &InputError{File: file, Line: line, Field: "to", Msg: fmt.Sprintf("%s → %s repeated (first on line %d)", from, to, first)}
		}
		seen[k] = line
		m, err := amount(str("metres"))
		if err != nil {
			return &InputError{File: file, Line: line, Field: "metres", Msg: err.Error()}
		}
		out = append(out, network.Road{From: from, To: to, Km: m / 1000})
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, &InputError{File: file, Line: 1, Msg: "no roads"}
	}
	return out, nil
}
