package flow

import (
	"errors"
	"fmt"
)

var (
	// ErrInfeasible reports that no flow meets every demand within the
	// capacities. Errors returned by Solve and Transport wrap it, and name a
	// node (sink) that cannot be served when one can be identified.
	ErrInfeasible = errors.New("flow: infeasible")
	// ErrUnbounded reports a cycle of negative total cost whose arcs all
	// have infinite capacity: the cost can be made arbitrarily low.
	ErrUnbounded = errors.New("flow: unbounded")
)

// InputError reports invalid input. Field is the path of the offending
// value, for example "supply[3]" or "arcs[12].to".
type InputError struct {
	Field string
	Msg   string
}

// Error implements error.
func (e *InputError) Error() string {
	return fmt.Sprintf("flow: %s: %s", e.Field, e.Msg)
}

// FieldPath returns the path of the offending field (Field), so that one
// error mapper can name it for any package's InputError.
func (e *InputError) FieldPath() string { return e.Field }
