package dayplan

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/huishou/huishou/internal/jsonfield"
	"io"
	"strings"

	"github.com/huishou/huishou/optimizer/schedule/booking"
)

// Write writes p as indented JSON (dayplan-D.json).
func Write(w io.Writer, p *Plan) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", " ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(p); err != nil {
		return fmt.Errorf("dayplan: %w", err)
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// Error is a bad day-plan document, naming the field by its path, e.g.
// "routes[2].stops[4].booking".
type Error struct {
	Field string
	Msg   string
}

func (e *Error) Error() string {
	if e.Field == "" {
		return "dayplan: " + e.Msg
	}
	return "dayplan: " + e.Field + ": " + e.Msg
}

// FieldPath returns the path of the offending field (Field), so that one
// error mapper can name it for any package's input error.
func (e *Error) FieldPath() string { return e.Field }

// Read reads and checks a day plan: known fields only, every booking,
// depot and vehicle valid, every stop and route pointing at them, no
// booking both routed and unassigned or routed twice.
func Read(r io.Reader) (*Plan, error) {
	var p Plan
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return nil, &Error{Field: jsonfield.Path(te.Field), Msg: fmt.Sprintf("want a %s, got %s", te.Type, te.Value)}
		}
		return nil, &Error{Msg: err.Error()}
	}
	if dec.More() {
		return nil, &Error{Msg: "trailing data after the plan"}
	}
	if err := p.Check(); err != nil {
		return nil, err
	}
	return &p, nil
}

// Check validates the plan's consistency (see Read).
func (p *Plan) Check() error {
	if p.Date.IsZero() {
		return &Error{Field: "date", Msg: "missing"}
	}
	cat := booking.DefaultCatalog()
	seen := map[string]bool{}
	for i := range p.Bookings {
		b := &p.Bookings[i]
		if e := b.Check(cat, 0); e != nil {
			return &Error{Field: fmt.Sprintf("bookings[%d].%s", i, e.Field), Msg: e.Msg}
		}
		if seen[b.ID] {
			return &Error{Field: fmt.Sprintf("bookings[%d].id", i), Msg: fmt.Sprintf("duplicate id %q", b.ID)}
		}
		seen[b.ID] = true
	}
	depots := map[string]bool{}
	for i := range p.Depots {
		if e := p.Depots[i].Check(); e != nil {
			return &Error{Field: fmt.Sprintf("depots[%d].%s", i, e.Field), Msg: e.Msg}
		}
		if depots[p.Depots[i].ID] {
			return &Error{Field: fmt.Sprintf("depots[%d].id", i), Msg: fmt.Sprintf("duplicate id %q", p.Depots[i].ID)}
		}
		depots[p.Depots[i].ID] = true
	}
	vehicles := map[string]bool{}
	for i := range p.Vehicles {
		v := &p.Vehicles[i]
		if e := v.Check(); e != nil {
			return &Error{Field: fmt.Sprintf("vehicles[%d].%s", i, e.Field), Msg: e.Msg}
		}
		if vehicles[v.ID] {
			return &Error{Field: fmt.Sprintf("vehicles[%d].id", i), Msg: fmt.Sprintf("duplicate id %q", v.ID)}
		}
		if !depots[v.Depot] {
			return &Error{Field: fmt.Sprintf("vehicles[%d].depot", i), Msg: fmt.Sprintf("unknown depot %q", v.Depot)}
		}
		vehicles[v.ID] = true
	}
	for c, a := range p.Areas {
		if a != "urban" && a != "plain" && a != "mountain" {
			return &Error{Field: "areas." + c, Msg: fmt.Sprintf("unknown area %q (want urban, plain or mountain)", a)}
		}
	}
	used := map[string]string{}
	usedV := map[string]bool{}
	for i, r := range p.Routes {
		f := fmt.Sprintf("routes[%d]", i)
		switch {
		case !vehicles[r.Vehicle]:
			return &Error{Field: f + ".vehicle", Msg: fmt.Sprintf("unknown vehicle %q", r.Vehicle)}
		case usedV[r.Vehicle]:
			return &Error{Field: f + ".vehicle", Msg: fmt.Sprintf("vehicle %q has two routes", r.Vehicle)}
		case !depots[r.Depot]:
			return &Error{Field: f + ".depot", Msg: fmt.Sprintf("unknown depot %q", r.Depot)}
		case r.Status != Planned && r.Status != Dispatched:
			return &Error{Field: f + ".status", Msg: fmt.Sprintf("%q: want planned or dispatched", r.Status)}
		case r.End < r.Start:
			return &Error{Field: f + ".end", Msg: "before the start"}
		}
		usedV[r.Vehicle] = true
		for k, s := range r.Stops {
			g := fmt.Sprintf("%s.stops[%d]", f, k)
			switch s.Type {
			case Visit, Load:
				if !seen[s.Booking] {
					return &Error{Field: g + ".booking", Msg: fmt.Sprintf("unknown booking %q", s.Booking)}
				}
				key := s.Type + " " + s.Booking
				if prev, dup := used[key]; dup {
					return &Error{Field: g + ".booking", Msg: fmt.Sprintf("booking %q already on %s", s.Booking, prev)}
				}
				used[key] = g
			case Break:
			default:
				return &Error{Field: g + ".type", Msg: fmt.Sprintf("%q: want visit, load or break", s.Type)}
			}
			if s.Departure < s.Start || s.Start < s.Arrival {
				return &Error{Field: g, Msg: "times out of order (arrival ≤ start ≤ departure)"}
			}
		}
	}
	for i, u := range p.Unassigned {
		f := fmt.Sprintf("unassigned[%d].booking", i)
		if !seen[u.Booking] {
			return &Error{Field: f, Msg: fmt.Sprintf("unknown booking %q", u.Booking)}
		}
		if prev, dup := used["visit "+u.Booking]; dup {
			return &Error{Field: f, Msg: fmt.Sprintf("booking %q is also routed (%s)", u.Booking, prev)}
		}
		if strings.TrimSpace(u.Reason) == "" {
			return &Error{Field: strings.TrimSuffix(f, ".booking") + ".reason", Msg: "empty"}
		}
		used["visit "+u.Booking] = fmt.Sprintf("unassigned[%d]", i)
	}
	return nil
}
