package region

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// InputError is an error in a user-supplied file: it names the file, the
// 1-based line and the field (a column name such as "lon"; empty when the
// line as a whole is wrong).
type InputError struct {
	File  string
	Line  int
	Field string
	Msg   string
}

// Error returns "region: file:line: field: message".
func (e *InputError) Error() string {
	if e.Field == "" {
		return fmt.Sprintf("region: %s:%d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("region: %s:%d: %s: %s", e.File, e.Line, e.Field, e.Msg)
}

// FieldPath returns the path of the offending field (Field), so that one
// error mapper can name it for any package's InputError.
func (e *InputError) FieldPath() string { return e.Field }

// ReplaceTownshipPoints reads a CSV file with a header naming the columns
// code, lon and lat (in any order; other columns are ignored) and one
// township per line, and sets the Point of each township named to lon/lat
// (WGS84 degrees), its Provenance to "user" and its Source to "file:line".
// file names r in errors and in Source.
//
// Every line is checked before anything changes, so on error s is left as
// it was. Errors are *InputError naming file, line and field: a missing
// header column, an unknown or repeated code, a number that does not parse
// or is not finite, lon outside [-180, 180], lat outside [-90, 90], a point
// outside the boundary of the township's county. It returns the number of
// townships changed.
func (s *Region) ReplaceTownshipPoints(r io.Reader, file string) (int, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	header, err := cr.Read()
	if err == io.EOF {
		return 0, &InputError{File: file, Line: 1, Msg: "empty file, want a header with code,lon,lat"}
	}
	if err != nil {
		return 0, csvError(file, err)
	}
	col := map[string]int{"code": -1, "lon": -1, "lat": -1}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		if j, ok := col[h]; ok && j < 0 {
			col[h] = i
		}
	}
	for _, name := range []string{"code", "lon", "lat"} {
		if col[name] < 0 {
			return 0, &InputError{File: file, Line: 1, Field: name, Msg: "missing column in header"}
		}
	}
	need := max(col["code"], col["lon"], col["lat"]) + 1

	index := make(map[string]int, len(s.Townships))
	for i, t := range s.Townships {
		index[t.Code] = i
	}
	type change struct {
		i    int
		pt   orb.Point
		line int
	}
	var changes []change
	seen := map[string]int{}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return 0, csvError(file, err)
		}
		line, _ := cr.FieldPos(0)
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		if len(rec) < need {
			return 0, &InputError{File: file, Line: line, Msg: fmt.Sprintf("%d fields, want at least %d", len(rec), need)}
		}
		code := strings.TrimSpace(rec[col["code"]])
		i, ok := index[code]
		if !ok {
			return 0, &InputError{File: file, Line: line, Field: "code", Msg: fmt.Sprintf("unknown township code %q", code)}
		}
		if first, dup := seen[code]; dup {
			return 0, &InputError{File: file, Line: line, Field: "code", Msg: fmt.Sprintf("township %s repeated (first on line %d)", code, first)}
		}
		seen[code] = line
		lon, err := coord(rec[col["lon"]], 180)
		if err != nil {
			return 0, &InputError{File: file, Line: line, Field: "lon", Msg: err.Error()}
		}
		lat, err := coord(rec[col["lat"]], 90)
		if err != nil {
			return 0, &InputError{File: file, Line: line, Field: "lat", Msg: err.Error()}
		}
		pt := orb.Point{lon, lat}
		t := &s.Townships[i]
		c, ok := s.County(t.CountyAdcode)
		if !ok {
			return 0, &InputError{File: file, Line: line, Field: "code", Msg: fmt.Sprintf("township %s: county %s not in the region", code, t.CountyAdcode)}
		}
		if !planar.MultiPolygonContains(c.Boundary, pt) {
			return 0, &InputError{File: file, Line: line, Field: "lon,lat", Msg: fmt.Sprintf("point %g,%g is outside %s %s, the county of township %s %s", lon, lat, c.Adcode, c.Name, code, t.Name)}
		}
		changes = append(changes, change{i, pt, line})
	}
	for _, ch := range changes {
		t := &s.Townships[ch.i]
		t.Point = ch.pt
		t.Provenance = ProvenanceUser
		t.Source = fmt.Sprintf("%s:%d", file, ch.line)
	}
	return len(changes), nil
}

// coord parses a coordinate and checks |v| <= limit.
func coord(s string, limit float64) (float64, error) {
	s = strings.TrimSpace(s)
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, fmt.Errorf("bad number %q", s)
	}
	if v < -limit || v > limit {
		return 0, fmt.Errorf("%g out of range [%g, %g]", v, -limit, limit)
	}
	return v, nil
}

// csvError turns an encoding/csv error into an *InputError.
func csvError(file string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &InputError{File: file, Line: pe.Line, Msg: pe.Err.Error()}
	}
	return fmt.Errorf("region: %s: %w", file, err)
}
