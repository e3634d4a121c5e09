package vrptw

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// BKS is one row of a bks.csv table: the best-known (or optimal) value of an
// instance in its set's own convention.
type BKS struct {
	// Instance is the instance's name, as Instance.Name spells it ("C101",
	// "lc101", "p01").
	Instance string
	// Cost is the best-known total distance (bks_cost), rounded by the source
	// to 2 decimals (Solomon, Cordeau) or 4 (Li & Lim): compare with a
	// tolerance of half a unit in the last place.
	Cost float64
	// Vehicles is the number of routes of that solution (bks_vehicles); 0
	// where the table gives none (Cordeau). For Solomon and Li & Lim it is
	// the first objective: fewer vehicles beat any distance.
	Vehicles int
	// Optimal is true only where the value is a proven optimum (column
	// optimal; false when the table has no such column).
	Optimal bool
}

// ReadBKS reads the bks.csv table at path (also bks_distance_only.csv, which
// has no optimal column) into a map keyed by instance name. See ParseBKS.
func ReadBKS(path string) (map[string]BKS, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("vrptw: %w", err)
	}
	defer f.Close()
	return ParseBKS(f, filepath.Base(path))
}

// ParseBKS reads a best-known-values table with the header
// `instance,bks_cost[,bks_vehicles],optimal`: columns are found by name, so
// their order does not matter and other columns are ignored; instance and
// bks_cost are required, bks_vehicles and optimal optional, and an empty
// bks_vehicles reads as 0. name is used in errors. Problems with the content
// (a missing column, a bad number, an instance listed twice) are returned as
// a *FormatError.
func ParseBKS(r io.Reader, name string) (map[string]BKS, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	ferr := func(line int, field, format string, args ...any) error {
		return &FormatError{File: name, Line: line, Field: field, Msg: fmt.Sprintf(format, args...)}
	}
	readErr := func(err error) error {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return ferr(pe.Line, "", "%s", pe.Err)
		}
		return fmt.Errorf("vrptw: reading %s: %w", name, err)
	}

	head, err := cr.Read()
	if err == io.EOF {
		return nil, ferr(0, "", "empty file, want a header")
	}
	if err != nil {
		return nil, readErr(err)
	}
	col := map[string]int{"instance": -1, "bks_cost": -1, "bks_vehicles": -1, "optimal": -1}
	for i, h := range head {
		h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
		if j, ok := col[h]; ok {
			if j >= 0 {
				return nil, ferr(1, h, "column %q appears twice", h)
			}
			col[h] = i
		}
	}
	for _, c := range []string{"instance", "bks_cost"} {
		if col[c] < 0 {
			return nil, ferr(1, c, "no column %q in the header", c)
		}
	}

	out := make(map[string]BKS)
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, readErr(err)
		}
		line, _ := cr.FieldPos(0)
		get := func(c string) (string, bool) {
			i := col[c]
			if i < 0 || i >= len(rec) {
				return "", false
			}
			return strings.TrimSpace(rec[i]), true
		}
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		var b BKS
		var ok bool
		if b.Instance, ok = get("instance"); !ok || b.Instance == "" {
			return nil, ferr(line, "instance", "empty instance name")
		}
		if _, dup := out[b.Instance]; dup {
			return nil, ferr(line, "instance", "%q listed twice", b.Instance)
		}
		s, ok := get("bks_cost")
		if !ok {
			return nil, ferr(line, "bks_cost", "missing")
		}
		if b.Cost, err = strconv.ParseFloat(s, 64); err != nil || !(b.Cost >= 0) || math.IsInf(b.Cost, 0) {
			return nil, ferr(line, "bks_cost", "%q is not a finite number >= 0", s)
		}
		if s, ok = get("bks_vehicles"); ok && s != "" {
			v, err := strconv.ParseInt(s, 10, 32)
			if err != nil || v < 0 {
				return nil, ferr(line, "bks_vehicles", "%q is not a count", s)
			}
			b.Vehicles = int(v)
		}
		if s, ok = get("optimal"); ok && s != "" {
			if b.Optimal, err = strconv.ParseBool(s); err != nil {
				return nil, ferr(line, "optimal", "%q is not true or false", s)
			}
		}
		out[b.Instance] = b
	}
	return out, nil
}
