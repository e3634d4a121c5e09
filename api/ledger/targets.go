package ledger

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

// Target is a user-set collection target: units and/or tonnes for one
// county, prefecture, the province or a producer, over a period, for one
// category or all ("*").
type Target struct {
	Scope    Level  `json:"scope"`    // county, prefecture, province or producer
	ID       string `json:"id"`       // adcode, or the producer's name
	Period   Period `json:"-"`        // parsed from the period column
	Category string `json:"category"` // a category id, or "*" for all
	Units    float64
	Tonnes   float64
	HasUnits bool
	HasTons  bool
}

// TargetsHeader is the header of a targets CSV file.
var TargetsHeader = []string{"scope", "id", "period", "category", "units", "tonnes"}

// ReadTargetsCSV reads targets. The format, one target per row after a
// header row naming these columns (any order):
//
//	scope     county | prefecture | province | producer
//	id        the area's adcode (510104, 510100, 510000) or the producer's name
//	period    2025 | 2025-Q2 | 2025-06 (China time)
//	category  a category id (refrigerator, …) or * (or empty) for all
//	units     pieces to collect in the period (may be empty)
//	tonnes    tonnes to collect in the period (may be empty; not both)
//
// A report prorates a target by the days its period shares with the
// report's: a yearly target of 3650 units counts 300 in a 30-day month,
// and monthly targets add up in a quarter. Targets match report rows of
// their own level only (a county's target does not roll up). Errors name
// the file, line and column.
func ReadTargetsCSV(r io.Reader, file string) ([]Target, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	head, err := cr.Read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return nil, inputErr(file, "empty file, want a header row %s", strings.Join(TargetsHeader, ","))
		}
		return nil, inputErr(file, "%v", err)
	}
	col := map[string]int{}
	for i, h := range head {
		col[strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))] = i
	}
	for _, need := range []string{"scope", "id", "period"} {
		if _, ok := col[need]; !ok {
			return nil, inputErr(file+":1", "no column %q (want %s)", need, strings.Join(TargetsHeader, ","))
		}
	}
	var out []Target
	for line := 2; ; line++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		at := func(c string) string { return fmt.Sprintf("%s:%d: %s", file, line, c) }
		if err != nil {
			return nil, inputErr(fmt.Sprintf("%s:%d", file, line), "%v", err)
		}
		get := func(k string) string {
			if i, ok := col[k]; ok && i < len(rec) {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		t := Target{Scope: Level(get("scope")), ID: get("id"), Category: get("category")}
		switch t.Scope {
		case County, Prefecture, Province:
			if !adcodeRe.MatchString(t.ID) {
				return nil, inputErr(at("id"), "%q is not a six-digit adcode", t.ID)
			}
		case Producer:
			if t.ID == "" || !validText(t.ID) {
				return nil, inputErr(at("id"), "a producer's name is required")
			}
		default:
			return nil, inputErr(at("scope"), "%q is not one of county, prefecture, province, producer", t.Scope)
		}
		if t.Period, err = ParsePeriod(get("period")); err != nil {
			return nil, inputErr(at("period"), "%s", err.(*InputError).Msg)
		}
		if t.Period.Days() == 1 {
			return nil, inputErr(at("period"), "a day is not a target period: use a year, quarter or month")
		}
		if t.Category == "" {
			t.Category = AllCategories
		}
		num := func(c string, v *float64, has *bool) error {
			s := get(c)
			if s == "" {
				return nil
			}
			x, err := strconv.ParseFloat(s, 64)
			if err != nil || math.IsNaN(x) || math.IsInf(x, 0) || x < 0 {
				return inputErr(at(c), "%q is not a non-negative number", s)
			}
			*v, *has = x, true
			return nil
		}
		if err := num("units", &t.Units, &t.HasUnits); err != nil {
			return nil, err
		}
		if err := num("tonnes", &t.Tonnes, &t.HasTons); err != nil {
			return nil, err
		}
		if !t.HasUnits && !t.HasTons {
			return nil, inputErr(at("units"), "neither units nor tonnes given")
		}
		out = append(out, t)
	}
}
