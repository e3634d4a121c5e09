package vrptw

import (
	"errors"
	"fmt"
	"strconv"
)

// ErrUnknownKind is returned by ReadFile for a Kind it has no reader for.
var ErrUnknownKind = errors.New("vrptw: unknown instance kind")

// FormatError reports malformed input in an instance or bks.csv file. Every
// reader in this package returns it, as a *FormatError, for anything wrong
// with the file's content; errors from the underlying reader are wrapped
// instead.
type FormatError struct {
	// File is the name the caller passed to the reader (usually the file's
	// base name, such as "C101.txt").
	File string
	// Line is the 1-based line number of the offending line; 0 when the
	// error concerns the file as a whole.
	Line int
	// Field names the offending field ("due", "capacity", …); empty when the
	// whole line is at fault.
	Field string
	// Msg says what is wrong, in lower case, quoting the offending text.
	Msg string
}

// Error formats e as `c101.txt: line 12: field "due": "x" is not a number`,
// leaving out the parts that are empty.
func (e *FormatError) Error() string {
	s := e.File
	if s == "" {
		s = "vrptw"
	}
	if e.Line > 0 {
		s += ": line " + strconv.Itoa(e.Line)
	}
	if e.Field != "" {
		s += fmt.Sprintf(": field %q", e.Field)
	}
	return s + ": " + e.Msg
}
