package routeio

import (
	"encoding/json"
	"errors"
	"fmt"
	"github.com/huishou/huishou/internal/jsonfield"
	"regexp"
	"strings"

	"github.com/huishou/huishou/optimizer/route"
)

// InputError reports bad input, naming the offending field by its JSON path,
// e.g. "jobs[3].time_windows[0]". Syntax errors have an empty Field and
// name the line and column in Msg.
type InputError struct {
	// Format is the input format: "vroom" or "json".
	Format string
	// Field is the JSON path of the offending value.
	Field string
	// Msg says what is wrong with it.
	Msg string
	// Err is the underlying error, if any (route.ErrInfeasible when the
	// problem provably has no solution).
	Err error
}

// Error formats the error as "routeio: FORMAT: FIELD: MSG".
func (e *InputError) Error() string {
	if e.Field == "" {
		return "routeio: " + e.Format + ": " + e.Msg
	}
	return "routeio: " + e.Format + ": " + e.Field + ": " + e.Msg
}

// FieldPath returns the path of the offending field (Field), so that one
// error mapper can name it for any package's InputError.
func (e *InputError) FieldPath() string { return e.Field }

// Unwrap returns the underlying error.
func (e *InputError) Unwrap() error { return e.Err }

// syntaxError turns a JSON decoding error of data into an *InputError with
// the line and column of the offending byte.
func syntaxError(format string, data []byte, err error) error {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		line, col := lineCol(data, se.Offset-1) // Offset is just past the bad byte
		return &InputError{Format: format, Msg: fmt.Sprintf("line %d, column %d: %v", line, col, se)}
	case errors.As(err, &te):
		line, col := lineCol(data, te.Offset)
		return &InputError{Format: format, Field: jsonfield.Path(te.Field), Msg: fmt.Sprintf("line %d, column %d: %s where %s is expected", line, col, te.Value, te.Type)}
	}
	return &InputError{Format: format, Msg: err.Error(), Err: err}
}

func lineCol(data []byte, off int64) (line, col int) {
	off = min(max(off, 0), int64(len(data)))
	line = 1 + strings.Count(string(data[:off]), "\n")
	col = int(off) - strings.LastIndexByte(string(data[:off]), '\n')
	return line, col
}

// validate runs p.Validate and maps an engine error's field ("clients[3].
// demand[0]") back to the input's JSON path ("jobs[3].pickup[0]").
func validate(p *route.Problem, m *Meta) error {
	err := p.Validate()
	if err == nil {
		return nil
	}
	return m.MapError(err)
}

// MapError maps an error of route.Validate or route.Solve about p back to
// the fields of the input m was read from: a *route.InputError becomes an
// *InputError naming the JSON path where it can; other errors are returned
// with client and shipment indices renamed to jobs and shipments. Errors
// wrapping route.ErrInfeasible keep wrapping it.
func (m *Meta) MapError(err error) error {
	if err == nil || m == nil || m.Format == "" {
		return err
	}
	var ie *route.InputError
	if errors.As(err, &ie) {
		return &InputError{Format: m.Format, Field: m.field(ie.Field), Msg: ie.Msg, Err: err}
	}
	msg := clientRef.ReplaceAllStringFunc(err.Error(), m.field)
	msg = strings.TrimPrefix(msg, "route: ")
	return &InputError{Format: m.Format, Msg: msg, Err: err}
}

var clientRef = regexp.MustCompile(`clients\[\d+\](\.[a-z_]+)?`)

// engineFields renames the route package's field names to the input's.
var engineFields = map[string][2]string{ // engine name → {vroom, json}
	"demand":          {"pickup", "pickup"},
	"fixed_cost":      {"costs.fixed", "costs.fixed"},
	"start_depot":     {"start", "start"},
	"end_depot":       {"end", "end"},
	"shift":           {"time_window", "shift"},
	"max_stops":       {"max_tasks", "max_stops"},
	"count":           {"id", "count"},
	"duration":        {"service", "duration"},
	"location":        {"location", "location"},
	"distance_cost":   {"costs.per_km", "costs.per_km"},
	"time_cost":       {"costs.per_hour", "costs.per_hour"},
	"max_travel_time": {"max_travel_time", "max_travel_time"},
}

// field maps an engine field path to the input's JSON path.
func (m *Meta) field(f string) string {
	col := 0
	if m.Format == FormatJSON {
		col = 1
	}
	if rest, ok := strings.CutPrefix(f, "clients"); ok {
		f = "jobs" + rest
	}
	parts := strings.Split(f, ".")
	for i := 1; i < len(parts); i++ {
		name, idx, _ := strings.Cut(parts[i], "[")
		if r, ok := engineFields[name]; ok {
			parts[i] = r[col]
			if idx != "" {
				parts[i] += "[" + idx
			}
		}
	}
	f = strings.Join(parts, ".")
	if m.Format == FormatVROOM && m.MatrixGiven {
		f = strings.Replace(f, ".location", ".location_index", 1)
	}
	return f
}
