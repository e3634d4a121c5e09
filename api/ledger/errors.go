package ledger

import (
	"errors"
	"fmt"
)

// InputError reports a bad event or a bad argument, naming the field, e.g.
// "items[1].count" or "peer". Nothing is stored when Append returns one.
type InputError struct {
	Field string // path of the bad value
	Msg   string // what is wrong with it, lower case
}

// Error returns "ledger: FIELD: MSG".
func (e *InputError) Error() string { return "ledger: " + e.Field + ": " + e.Msg }

// FieldPath returns the path of the bad value, for the service's error
// mapper (RFC 9457 problem with the field named).
func (e *InputError) FieldPath() string { return e.Field }

func inputErr(field, format string, a ...any) *InputError {
	return &InputError{Field: field, Msg: fmt.Sprintf(format, a...)}
}

var (
	// ErrNotFound: no event with that id.
	ErrNotFound = errors.New("ledger: no such event")
	// ErrConflict: a client_id already names a different event. The retry
	// of an event must be the same event.
	ErrConflict = errors.New("ledger: client_id already used by a different event")
	// ErrLocked: another process has the ledger file open for writing.
	ErrLocked = errors.New("ledger: file is open for writing by another process")
)
