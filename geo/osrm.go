package geo

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/huishou/huishou/internal/jsonfield"
	"io"
	"math"
	"strconv"
)

// OSRMOptions configures ReadOSRMTable. The zero value works: a response
// without distances is an error.
type OSRMOptions struct {
	// SpeedKmh, when > 0, lets a response without "distances" (OSRM
	// returns only durations unless asked with annotations=duration,distance)
	// be read: each distance is then estimated as duration × SpeedKmh.
	// When 0, missing distances are an *InputError.
	SpeedKmh float64
}

// osrmTable is the part of an OSRM table service response we read.
type osrmTable struct {
	Code      string       `json:"code"`
	Message   string       `json:"message"`
	Durations [][]*float64 `json:"durations"`
	Distances [][]*float64 `json:"distances"`
}

// ReadOSRMTable reads the JSON response of an OSRM table service request
// (GET /table/v1/driving/…?annotations=duration,distance) for n points as
// both sources and destinations: {"code":"Ok","durations":[[…]],
// "distances":[[…]]}, durations in seconds and distances in metres.
//
// The tables must be square and of equal size. A null cell means OSRM
// found no route: the error is an *InputError naming the cell (for
// example "durations[3][7]") that also wraps ErrUnreachable. A code other
// than "Ok" is an error quoting OSRM's message. A null on the diagonal
// reads as 0. Missing distances are an
// error unless opt.SpeedKmh is set. file names the input in errors.
func ReadOSRMTable(r io.Reader, file string, opt OSRMOptions) (*Matrix, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, &InputError{File: file, Msg: "read failed", Err: err}
	}
	var t osrmTable
	if err := json.Unmarshal(data, &t); err != nil {
		return nil, jsonError(file, data, err)
	}
	if t.Code != "Ok" {
		msg := fmt.Sprintf("OSRM answered code %q", t.Code)
		if t.Message != "" {
			msg += ": " + t.Message
		}
		return nil, &InputError{File: file, Field: "code", Msg: msg}
	}
	if t.Durations == nil {
		return nil, &InputError{File: file, Field: "durations", Msg: "missing"}
	}
	n := len(t.Durations)
	if err := squareTable(file, "durations", t.Durations, n); err != nil {
		return nil, err
	}
	if t.Distances == nil {
		if !(opt.SpeedKmh > 0) {
			return nil, &InputError{File: file, Field: "distances", Msg: "missing (request annotations=duration,distance, or set OSRMOptions.SpeedKmh to estimate them)"}
		}
	} else if err := squareTable(file, "distances", t.Distances, n); err != nil {
		return nil, err
	}
	m := NewMatrix(n)
	for i := range n {
		for j := range n {
			sec, err := osrmCell(file, "durations", t.Durations, i, j)
			if err != nil {
				return nil, err
			}
			var metres float64
			if t.Distances != nil {
				if metres, err = osrmCell(file, "distances", t.Distances, i, j); err != nil {
					return nil, err
				}
			} else {
				metres = sec * opt.SpeedKmh / 3.6
				if metres > math.MaxFloat32 {
					return nil, &InputError{File: file, Field: fmt.Sprintf("durations[%d][%d]", i, j), Msg: fmt.Sprintf("estimated distance %v m at %v km/h is too large", metres, opt.SpeedKmh)}
				}
			}
			m.Dist[i*n+j], m.Dur[i*n+j] = float32(metres), float32(sec)
		}
	}
	return m, nil
}

func squareTable(file, name string, tab [][]*float64, n int) error {
	if len(tab) != n {
		return &InputError{File: file, Field: name, Msg: fmt.Sprintf("has %d rows, want %d", len(tab), n)}
	}
	for i, row := range tab {
		if len(row) != n {
			return &InputError{File: file, Field: fmt.Sprintf("%s[%d]", name, i), Msg: fmt.Sprintf("has %d entries, want %d (square table: the same points as sources and destinations)", len(row), n)}
		}
	}
	return nil
}

func osrmCell(file, name string, tab [][]*float64, i, j int) (float64, error) {
	p := tab[i][j]
	field := name + "[" + strconv.Itoa(i) + "][" + strconv.Itoa(j) + "]"
	if p == nil {
		if i == j {
			return 0, nil
		}
		return 0, &InputError{File: file, Field: field, Msg: fmt.Sprintf("null: no route from point %d to point %d", i, j), Err: ErrUnreachable}
	}
	if v := *p; !(v >= 0) || v > math.MaxFloat32 {
		return 0, &InputError{File: file, Field: field, Msg: fmt.Sprintf("%v is not a finite non-negative number", v)}
	}
	return *p, nil
}

// jsonError turns an encoding/json error into an *InputError with the line
// number of the offending byte.
func jsonError(file string, data []byte, err error) error {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		return &InputError{File: file, Line: lineAt(data, se.Offset), Msg: "invalid JSON", Err: err}
	case errors.As(err, &te):
		return &InputError{File: file, Line: lineAt(data, te.Offset), Field: jsonfield.Path(te.Field), Msg: fmt.Sprintf("want %v, have JSON %s", te.Type, te.Value)}
	}
	return &InputError{File: file, Msg: "invalid JSON", Err: err}
}

// WriteOSRMTable writes m as an OSRM table service response:
// {"code":"Ok","durations":[[…]],"distances":[[…]]}, one row per line.
// Values are written with the fewest digits that read back as the same
// float32, so ReadOSRMTable(WriteOSRMTable(m)) == m.
func WriteOSRMTable(w io.Writer, m *Matrix) error {
	bw := bufio.NewWriter(w)
	var buf []byte
	buf = append(buf, `{"code":"Ok"`...)
	for h, vals := range [2][]float32{m.Dur, m.Dist} {
		if h == 0 {
			buf = append(buf, ",\n\"durations\":["...)
		} else {
			buf = append(buf, ",\n\"distances\":["...)
		}
		for i := range m.N {
			if i > 0 {
				buf = append(buf, ',')
			}
			buf = append(buf, "\n["...)
			for j := range m.N {
				if j > 0 {
					buf = append(buf, ',')
				}
				buf = strconv.AppendFloat(buf, float64(vals[i*m.N+j]), 'g', -1, 32)
			}
			buf = append(buf, ']')
			if _, err := bw.Write(buf); err != nil {
				return fmt.Errorf("geo: write OSRM table: %w", err)
			}
			buf = buf[:0]
		}
		buf = append(buf, ']')
	}
	buf = append(buf, "}\n"...)
	bw.Write(buf)
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("geo: write OSRM table: %w", err)
	}
	return nil
}
