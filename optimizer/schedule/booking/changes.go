package booking

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/huishou/huishou/optimizer/schedule/internal/table"
)

// Action is what a change does.
type Action string

// The actions of a change.
const (
	Add    Action = "add"    // a new booking (all its fields)
	Update Action = "update" // replaces a booking of the same id (all its fields)
	Cancel Action = "cancel" // the customer withdrew: id only
	// SetStatus reports progress from the road: id and status
	// (dispatched, done or failed). A done or failed stop, and every
	// route with a dispatched stop, stays as it is when re-planning.
	SetStatus Action = "status"
)

// Actions lists the actions in a stable order.
var Actions = []Action{Add, Update, Cancel, SetStatus}

// Change is one line of a changes file.
type Change struct {
	Action Action `json:"action"`
	// Booking is the new booking for add and update; for cancel and
	// status only its ID (and Status) are read.
	Booking Booking `json:"booking"`
	Line    int     `json:"-"` // where it was read, for messages
}

// ChangeColumns are the columns of a changes CSV: action, then those of a
// booking.
var ChangeColumns = append([]string{"action"}, Columns...)

// ReadChangesCSV reads re-planning changes: a CSV with the booking columns
// plus "action" (add, update, cancel or status). Rows of add and update
// are full bookings, checked like ReadCSV's; cancel needs only id; status
// needs id and status (dispatched, done or failed). Bad rows are skipped
// and reported with file, line and field.
func ReadChangesCSV(r io.Reader, opt ReadOptions) ([]Change, []*RowError, error) {
	opt.fill()
	var out []Change
	var skipped []*RowError
	var ignored []string
	err := table.Read(r, opt.File, []string{"action", "id"}, ChangeColumns, func(line int, get func(string) string) {
		a := Action(strings.ToLower(get("action")))
		ch := Change{Action: a, Line: line}
		var ferr *FieldError
		switch a {
		case Add, Update:
			ch.Booking, ferr = parseRow(get)
			if ferr == nil {
				ferr = ch.Booking.Check(opt.Catalog, opt.PlanDate)
			}
		default:
			ch.Booking = Booking{ID: get("id"), Status: Status(strings.ToLower(get("status")))}
			ferr = checkShort(&ch)
		}
		if ferr != nil {
			skipped = append(skipped, &RowError{File: opt.File, Line: line, ID: get("id"), Field: ferr.Field, Msg: ferr.Msg})
			return
		}
		out = append(out, ch)
	}, func(line int, msg string) { skipped = append(skipped, &RowError{File: opt.File, Line: line, Msg: msg}) }, &ignored)
	if err != nil {
		return nil, nil, fileError(err)
	}
	return out, skipped, nil
}

// checkShort checks a cancel or status change (or an unknown action).
func checkShort(ch *Change) *FieldError {
	switch {
	case !slices.Contains(Actions, ch.Action):
		return &FieldError{Field: "action", Msg: fmt.Sprintf("unknown action %q (want add, update, cancel or status)", ch.Action)}
	case strings.TrimSpace(ch.Booking.ID) == "":
		return &FieldError{Field: "id", Msg: "empty"}
	case ch.Action == SetStatus && ch.Booking.Status != Dispatched && ch.Booking.Status != Done && ch.Booking.Status != Failed:
		return &FieldError{Field: "status", Msg: fmt.Sprintf("status %q: a status change sets dispatched, done or failed", ch.Booking.Status)}
	}
	ch.Booking.ID = strings.TrimSpace(ch.Booking.ID)
	return nil
}

// ReadChangesJSON reads changes from JSON: an array (or {"changes": [...]})
// of {"action": …, "booking": {…}} for add and update, {"action":
// "cancel", "id": …} and {"action": "status", "id": …, "status": …}.
// Bad elements are skipped and reported with the line and key.
func ReadChangesJSON(r io.Reader, opt ReadOptions) ([]Change, []*RowError, error) {
	opt.fill()
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, nil, &FileError{File: opt.File, Msg: err.Error()}
	}
	var out []Change
	var skipped []*RowError
	err = eachElement(data, opt.File, "changes", func(line int, raw json.RawMessage) {
		var m struct {
			Action  Action          `json:"action"`
			ID      string          `json:"id"`
			Status  Status          `json:"status"`
			Booking json.RawMessage `json:"booking"`
		}
		ch := Change{Line: line}
		var ferr *FieldError
		if err := json.Unmarshal(raw, &m); err != nil {
			msg := err.Error()
			var te *json.UnmarshalTypeError
			if errors.As(err, &te) {
				msg = fmt.Sprintf("want a %s, got %s", te.Type, te.Value)
			}
			ferr = &FieldError{Msg: msg}
		} else {
			ch.Action = Action(strings.ToLower(string(m.Action)))
			switch ch.Action {
			case Add, Update:
				if m.Booking == nil {
					ferr = &FieldError{Field: "booking", Msg: "an add or update carries the whole booking"}
					break
				}
				ch.Booking, ferr = decodeBooking(m.Booking, map[string]bool{})
				if ferr == nil {
					ferr = ch.Booking.Check(opt.Catalog, opt.PlanDate)
				}
				if ferr != nil && ferr.Field != "" {
					ferr.Field = "booking." + ferr.Field
				}
			default:
				ch.Booking = Booking{ID: m.ID, Status: Status(strings.ToLower(string(m.Status)))}
				ferr = checkShort(&ch)
			}
		}
		if ferr != nil {
			skipped = append(skipped, &RowError{File: opt.File, Line: line, ID: ch.Booking.ID, Field: ferr.Field, Msg: ferr.Msg})
			return
		}
		out = append(out, ch)
	})
	if err != nil {
		return nil, nil, err
	}
	return out, skipped, nil
}

// ReadChangesFile reads a changes file: JSON when its name ends in .json,
// CSV otherwise.
func ReadChangesFile(path string, opt ReadOptions) ([]Change, []*RowError, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	if opt.File == "" {
		opt.File = path
	}
	if strings.HasSuffix(strings.ToLower(path), ".json") {
		return ReadChangesJSON(f, opt)
	}
	return ReadChangesCSV(f, opt)
}
