package region

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/paulmach/orb"

	"github.com/huishou/huishou/optimizer/network"
)

// LoadDemandCSV reads demand points for Plan (PlanOptions.DemandPoints)
// from a CSV file with a header naming the columns id, lon, lat and tonnes
// (t/yr), and optionally name and m3 (m³/yr), in any order. Each point is
// placed in the region's county whose boundary contains it (its group and
// road area come from there). Errors are *InputError naming file, line and
// field: a missing column, an empty or repeated id, a bad or negative
// number, a point outside every county of the region.
func (s *Region) LoadDemandCSV(r io.Reader, file string) ([]network.Demand, error) {
	var out []network.Demand
	seen := map[string]int{}
	err := s.readCSV(r, file, []string{"id", "lon", "lat", "tonnes"}, []string{"name", "m3"}, func(line int, get func(string) string, c *County, pt orb.Point) error {
		id := get("id")
		if first, dup := seen[id]; dup {
			return &InputError{File: file, Line: line, Field: "id", Msg: fmt.Sprintf("%q repeated (first on line %d)", id, first)}
		}
		seen[id] = line
		t, err := amount(get("tonnes"))
		if err != nil {
			return &InputError{File: file, Line: line, Field: "tonnes", Msg: err.Error()}
		}
		m3 := 0.0
		if v := get("m3"); v != "" {
			if m3, err = amount(v); err != nil {
				return &InputError{File: file, Line: line, Field: "m3", Msg: err.Error()}
			}
		}
		name := get("name")
		if name == "" {
			name = id
		}
		out = append(out, network.Demand{ID: id, Name: name, Point: pt, Area: c.Area(), Group: c.Adcode, Region: c.PrefectureAdcode, Tonnes: t, M3: m3})
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, &InputError{File: file, Line: 1, Msg: "no demand points"}
	}
	return out, nil
}

// LoadDismantlersCSV reads dismantling plants (PlanOptions.Dismantlers)
// from a CSV file with a header naming the columns id, lon, lat and
// capacity_t (t/yr), and optionally name, handling_per_t (yuan/t) and
// fixed_cost (yuan/yr). Errors are *InputError as for LoadDemandCSV; a
// capacity must be positive.
func (s *Region) LoadDismantlersCSV(r io.Reader, file string) ([]network.Site, error) {
	var out []network.Site
	seen := map[string]int{}
	err := s.readCSV(r, file, []string{"id", "lon", "lat", "capacity_t"}, []string{"name", "handling_per_t", "fixed_cost"}, func(line int, get func(string) string, c *County, pt orb.Point) error {
		id := get("id")
		if first, dup := seen[id]; dup {
			return &InputError{File: file, Line: line, Field: "id", Msg: fmt.Sprintf("%q repeated (first on line %d)", id, first)}
		}
		seen[id] = line
		z := network.Size{Name: "licensed"}
		var err error
		if z.CapacityT, err = amount(get("capacity_t")); err != nil || z.CapacityT == 0 {
			if err == nil {
				err = fmt.Errorf("capacity must be positive")
			}
			return &InputError{File: file, Line: line, Field: "capacity_t", Msg: err.Error()}
		}
		for _, f := range []struct {
			col string
			v   *float64
		}{{"handling_per_t", &z.HandlingPerT}, {"fixed_cost", &z.FixedCost}} {
			if v := get(f.col); v != "" {
				if *f.v, err = amount(v); err != nil {
					return &InputError{File: file, Line: line, Field: f.col, Msg: err.Error()}
				}
			}
		}
		name := get("name")
		if name == "" {
			name = id
		}
		out = append(out, network.Site{ID: id, Name: name, Tier: network.Dismantler, Point: pt, Area: c.Area(), Group: c.Adcode,
			Region: c.PrefectureAdcode, Sizes: []network.Size{z}, Note: fmt.Sprintf("%s:%d", file, line)})
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, &InputError{File: file, Line: 1, Msg: "no dismantlers"}
	}
	return out, nil
}

// readCSV reads a headed CSV file, checks the required columns, parses lon
// and lat, finds the county containing the point, and calls row per line.
func (s *Region) readCSV(r io.Reader, file string, required, optional []string, row func(line int, get func(string) string, c *County, pt orb.Point) error) error {
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
	need := 0
	for _, n := range required {
		if col[n] < 0 {
			return &InputError{File: file, Line: 1, Field: n, Msg: "missing column in header"}
		}
		need = max(need, col[n]+1)
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
		if len(rec) < need {
			return &InputError{File: file, Line: line, Msg: fmt.Sprintf("%d fields, want at least %d", len(rec), need)}
		}
		get := func(n string) string {
			if i := col[n]; i >= 0 && i < len(rec) {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		if get("id") == "" {
			return &InputError{File: file, Line: line, Field: "id", Msg: "empty"}
		}
		lon, err := coord(get("lon"), 180)
		if err != nil {
			return &InputError{File: file, Line: line, Field: "lon", Msg: err.Error()}
		}
		lat, err := coord(get("lat"), 90)
		if err != nil {
			return &InputError{File: file, Line: line, Field: "lat", Msg: err.Error()}
		}
		pt := orb.Point{lon, lat}
		c := s.CountyAt(lon, lat)
		if c == nil {
			return &InputError{File: file, Line: line, Field: "lon,lat", Msg: fmt.Sprintf("point %g,%g (%s) is outside every county of region %s", lon, lat, get("id"), s.Name)}
		}
		if err := row(line, get, c, pt); err != nil {
			return err
		}
	}
}

// amount parses a finite non-negative number.
func amount(s string) (float64, error) {
	v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, fmt.Errorf("bad number %q", s)
	}
	if v < 0 {
		return 0, fmt.Errorf("%g is negative", v)
	}
	return v, nil
}

// LoadCandidatesCSV reads extra candidate sites — such as industrial plots
// for transfer stations — from a CSV file with a header naming the columns
// id, tier (collection_point, transfer_station or sorting_centre), lon and
// lat, and optionally name. Each opens at the default sizes of its tier
// and belongs to the county whose polygon contains it. Errors are
// *InputError naming file, line and field.
func (s *Region) LoadCandidatesCSV(r io.Reader, file string) ([]network.Site, error) {
	var out []network.Site
	seen := map[string]int{}
	err := s.readCSV(r, file, []string{"id", "tier", "lon", "lat"}, []string{"name"}, func(line int, get func(string) string, c *County, pt orb.Point) error {
		id := get("id")
		if first, dup := seen[id]; dup {
			return &InputError{File: file, Line: line, Field: "id", Msg: fmt.Sprintf("%q repeated (first on line %d)", id, first)}
		}
		seen[id] = line
		tier := network.Tier(get("tier"))
		switch tier {
		case network.CollectionPoint, network.TransferStation, network.SortingCentre:
		default:
			return &InputError{File: file, Line: line, Field: "tier", Msg: fmt.Sprintf("%q is not collection_point, transfer_station or sorting_centre", tier)}
		}
		name := get("name")
		if name == "" {
			name = id
		}
		out = append(out, network.Site{ID: id, Name: name, Tier: tier, Point: pt, Area: c.Area(), Group: c.Adcode,
			Region: c.PrefectureAdcode, Sizes: network.DefaultSizes(tier), Note: fmt.Sprintf("candidate from %s:%d", file, line)})
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, &InputError{File: file, Line: 1, Msg: "no candidate sites"}
	}
	return out, nil
}
