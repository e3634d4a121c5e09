package geo

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Sentinel errors. Loaders wrap them in an *InputError or a
// *UnreachableError so callers can test with errors.Is.
var (
	// ErrUnreachable reports a pair of points with no route between them.
	ErrUnreachable = errors.New("geo: unreachable")
	// ErrMissingPair reports a pair absent from a pairwise input such as CSV.
	ErrMissingPair = errors.New("geo: missing pair")
	// ErrBadInput is wrapped by every *InputError.
	ErrBadInput = errors.New("geo: bad input")
)

// InputError reports bad input to a loader. It names the file (as given
// by the caller), the 1-based line when known (0 otherwise) and the field
// path, e.g. "features[3].properties.maxspeed" or "durations[2][7]".
//
// errors.Is(err, ErrBadInput) holds for every *InputError.
type InputError struct {
	File  string // file name as passed to the loader; may be empty
	Line  int    // 1-based line number; 0 if unknown
	Field string // field path; may be empty
	Msg   string // what is wrong, lower case
	Err   error  // underlying error, if any
}

// Error formats the error as "geo: file:line: field: msg".
func (e *InputError) Error() string {
	var b strings.Builder
	b.WriteString("geo: ")
	if e.File != "" {
		b.WriteString(e.File)
		if e.Line > 0 {
			b.WriteByte(':')
			b.WriteString(strconv.Itoa(e.Line))
		}
		b.WriteString(": ")
	} else if e.Line > 0 {
		b.WriteString("line ")
		b.WriteString(strconv.Itoa(e.Line))
		b.WriteString(": ")
	}
	if e.Field != "" {
		b.WriteString(e.Field)
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

// FieldPath returns the path of the offending field (Field), so that one
// error mapper can name it for any package's InputError.
func (e *InputError) FieldPath() string { return e.Field }

// Unwrap returns the underlying error.
func (e *InputError) Unwrap() error { return e.Err }

// Is reports whether target is ErrBadInput.
func (e *InputError) Is(target error) bool { return target == ErrBadInput }

// UnreachableError reports that no route leads From one point To another
// (indices into the caller's point list). errors.Is(err, ErrUnreachable)
// holds.
type UnreachableError struct {
	From, To int    // point indices
	Reason   string // e.g. "no path in road network", "null in OSRM table"
}

// Error formats the error naming both indices.
func (e *UnreachableError) Error() string {
	s := fmt.Sprintf("geo: point %d unreachable from point %d", e.To, e.From)
	if e.Reason != "" {
		s += ": " + e.Reason
	}
	return s
}

// Is reports whether target is ErrUnreachable.
func (e *UnreachableError) Is(target error) bool { return target == ErrUnreachable }

// lineAt returns the 1-based line of byte offset off in data.
func lineAt(data []byte, off int64) int {
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	if off < 0 {
		off = 0
	}
	n := 1
	for _, c := range data[:off] {
		if c == '\n' {
			n++
		}
	}
	return n
}
