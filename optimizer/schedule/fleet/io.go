package fleet

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/huishou/huishou/optimizer/schedule/booking"
	"github.com/huishou/huishou/optimizer/schedule/internal/table"
)

// DepotColumns are the CSV columns of a depot, in the order written.
var DepotColumns = []string{"id", "name", "kind", "lon", "lat", "county", "area", "parent",
	"storage_litres", "stock", "inflow", "clear_at"}

// VehicleColumns are the CSV columns of a vehicle, in the order written.
// One break per vehicle in CSV (break_start, break_end, break_min); JSON
// takes a list.
var VehicleColumns = []string{"id", "depot", "kg", "litres", "pieces", "crew", "skills", "shift_start", "shift_end",
	"break_start", "break_end", "break_min", "fixed_cost", "per_km", "per_hour"}

// Loaded is what a reader returns: the good records, the records skipped
// with their reasons, and the unknown columns ignored.
type Loaded[T any] struct {
	Items   []T
	Skipped []*booking.RowError
	Ignored []string
}

// ReadDepotsCSV reads depots: columns DepotColumns (id, lon and lat
// required), bad rows skipped and reported with file, line and field.
func ReadDepotsCSV(r io.Reader, file string) (*Loaded[Depot], error) {
	out := &Loaded[Depot]{}
	seen := map[string]int{}
	err := table.Read(r, file, []string{"id", "lon", "lat"}, DepotColumns, func(line int, get func(string) string) {
		d := Depot{ID: get("id"), Name: get("name"), Kind: DepotKind(strings.ToLower(get("kind"))), County: get("county"),
			Area: strings.ToLower(get("area")), Parent: get("parent")}
		p := parser{get: get}
		d.Lon, d.Lat = p.num("lon", false), p.num("lat", false)
		d.StorageL, d.ClearAt = p.num("storage_litres", true), p.num("clear_at", true)
		d.Stock, d.Inflow = p.items("stock"), p.items("inflow")
		ferr := p.err
		if ferr == nil {
			ferr = d.Check()
		}
		if ferr == nil {
			if first, dup := seen[d.ID]; dup {
				ferr = &booking.FieldError{Field: "id", Msg: fmt.Sprintf("duplicate id (first on line %d)", first)}
			}
		}
		if ferr != nil {
			out.Skipped = append(out.Skipped, &booking.RowError{File: file, Line: line, ID: get("id"), Field: ferr.Field, Msg: ferr.Msg, What: "depot"})
			return
		}
		seen[d.ID] = line
		out.Items = append(out.Items, d)
	}, func(line int, msg string) {
		out.Skipped = append(out.Skipped, &booking.RowError{File: file, Line: line, Msg: msg})
	}, &out.Ignored)
	return out, fileError(err)
}

// ReadVehiclesCSV reads vehicles: columns VehicleColumns (id, depot, kg
// and litres required; times HH:MM; skills separated by ";"), bad rows
// skipped and reported with file, line and field.
func ReadVehiclesCSV(r io.Reader, file string) (*Loaded[Vehicle], error) {
	out := &Loaded[Vehicle]{}
	seen := map[string]int{}
	err := table.Read(r, file, []string{"id", "depot", "kg", "litres"}, VehicleColumns, func(line int, get func(string) string) {
		v := Vehicle{ID: get("id"), Depot: get("depot")}
		p := parser{get: get}
		v.Kg, v.Litres = p.num("kg", false), p.num("litres", false)
		v.Pieces, v.Crew = int(p.num("pieces", true)), int(p.num("crew", true))
		v.ShiftStart, v.ShiftEnd = p.clock("shift_start"), p.clock("shift_end")
		if bm := p.num("break_min", true); bm > 0 {
			b := Break{Start: p.clock("break_start"), End: p.clock("break_end"), Minutes: int(bm)}
			if b.End == 0 {
				b.End = booking.EndOfDay
			}
			v.Breaks = []Break{b}
		}
		v.FixedCost, v.PerKm, v.PerHour = p.num("fixed_cost", true), p.num("per_km", true), p.num("per_hour", true)
		for _, s := range strings.Split(get("skills"), ";") {
			if s = strings.TrimSpace(s); s != "" {
				v.Skills = append(v.Skills, s)
			}
		}
		ferr := p.err
		if ferr == nil {
			ferr = v.Check()
		}
		if ferr == nil {
			if first, dup := seen[v.ID]; dup {
				ferr = &booking.FieldError{Field: "id", Msg: fmt.Sprintf("duplicate id (first on line %d)", first)}
			}
		}
		if ferr != nil {
			out.Skipped = append(out.Skipped, &booking.RowError{File: file, Line: line, ID: get("id"), Field: ferr.Field, Msg: ferr.Msg, What: "vehicle"})
			return
		}
		seen[v.ID] = line
		out.Items = append(out.Items, v)
	}, func(line int, msg string) {
		out.Skipped = append(out.Skipped, &booking.RowError{File: file, Line: line, Msg: msg})
	}, &out.Ignored)
	return out, fileError(err)
}

type parser struct {
	get func(string) string
	err *booking.FieldError
}

func (p *parser) num(f string, optional bool) float64 {
	s := p.get(f)
	if p.err != nil || (optional && s == "") {
		return 0
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || !finite(v) {
		p.err = &booking.FieldError{Field: f, Msg: fmt.Sprintf("%q is not a number", s)}
	}
	return v
}

func (p *parser) items(f string) booking.Items {
	if p.err != nil {
		return nil
	}
	it, err := booking.ParseItems(p.get(f))
	if err != nil {
		p.err = &booking.FieldError{Field: f, Msg: err.Error()}
	}
	return it
}

func (p *parser) clock(f string) booking.Clock {
	s := p.get(f)
	if p.err != nil || s == "" {
		return 0
	}
	c, err := booking.ParseClock(s)
	if err != nil {
		p.err = &booking.FieldError{Field: f, Msg: err.Error()}
	}
	return c
}

func fileError(err error) error {
	var te *table.Error
	if errors.As(err, &te) {
		return &booking.FileError{File: te.File, Line: te.Line, Msg: te.Msg}
	}
	return err
}

// WriteDepotsCSV writes depots with the header DepotColumns.
func WriteDepotsCSV(w io.Writer, ds []Depot) error {
	f := func(x float64) string {
		if x == 0 {
			return ""
		}
		return strconv.FormatFloat(x, 'f', -1, 64)
	}
	rows := [][]string{DepotColumns}
	for _, d := range ds {
		rows = append(rows, []string{d.ID, d.Name, string(d.Kind), strconv.FormatFloat(d.Lon, 'f', -1, 64), strconv.FormatFloat(d.Lat, 'f', -1, 64),
			d.County, d.Area, d.Parent, f(d.StorageL), d.Stock.String(), d.Inflow.String(), f(d.ClearAt)})
	}
	return writeAll(w, rows)
}

// WriteVehiclesCSV writes vehicles with the header VehicleColumns (the
// first break of each).
func WriteVehiclesCSV(w io.Writer, vs []Vehicle) error {
	f := func(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }
	rows := [][]string{VehicleColumns}
	for _, v := range vs {
		var bs, be, bm string
		if len(v.Breaks) > 0 {
			bs, be, bm = v.Breaks[0].Start.String(), v.Breaks[0].End.String(), strconv.Itoa(v.Breaks[0].Minutes)
		}
		rows = append(rows, []string{v.ID, v.Depot, f(v.Kg), f(v.Litres), strconv.Itoa(v.Pieces), strconv.Itoa(v.Crew), strings.Join(v.Skills, ";"),
			v.ShiftStart.String(), v.ShiftEnd.String(), bs, be, bm, f(v.FixedCost), f(v.PerKm), f(v.PerHour)})
	}
	return writeAll(w, rows)
}

func writeAll(w io.Writer, rows [][]string) error {
	cw := csv.NewWriter(w)
	if err := cw.WriteAll(rows); err != nil {
		return fmt.Errorf("fleet: %w", err)
	}
	return nil
}

// ReadJSON reads a fleet document {"depots": [...], "vehicles": [...]},
// checking every record; the first bad one is an error naming its path,
// e.g. vehicles[3].crew.
func ReadJSON(r io.Reader) ([]Depot, []Vehicle, error) {
	var doc struct {
		Depots   []Depot   `json:"depots"`
		Vehicles []Vehicle `json:"vehicles"`
	}
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&doc); err != nil {
		return nil, nil, fmt.Errorf("fleet: %w", err)
	}
	for i := range doc.Depots {
		if e := doc.Depots[i].Check(); e != nil {
			return nil, nil, fmt.Errorf("fleet: depots[%d].%s: %s", i, e.Field, e.Msg)
		}
	}
	for i := range doc.Vehicles {
		if e := doc.Vehicles[i].Check(); e != nil {
			return nil, nil, fmt.Errorf("fleet: vehicles[%d].%s: %s", i, e.Field, e.Msg)
		}
	}
	return doc.Depots, doc.Vehicles, nil
}
