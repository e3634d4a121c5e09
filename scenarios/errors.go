package scenarios

import (
	"errors"
	"fmt"
	"strings"
)

// ErrUnknown is returned (wrapped) by Builtin for a name that is not a
// built-in scenario.
var ErrUnknown = errors.New("scenarios: unknown built-in scenario")

// InputError is one problem in a scenario file: the file, the line (0 when
// unknown) and the path of the field, such as "levers.subsidy.refrigerator"
// or "levers.sites.add[2].tier" (empty for the document as a whole).
type InputError struct {
	File  string
	Line  int
	Field string
	Msg   string
}

// Error returns "scenarios: file:line: field: message".
func (e *InputError) Error() string {
	var b strings.Builder
	b.WriteString("scenarios: ")
	if e.File != "" {
		b.WriteString(e.File)
		if e.Line > 0 {
			fmt.Fprintf(&b, ":%d", e.Line)
		}
		b.WriteString(": ")
	}
	if e.Field != "" {
		b.WriteString(e.Field)
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// FieldPath returns the path of the offending field.
func (e *InputError) FieldPath() string { return e.Field }

// Errors is every problem found in a scenario file, in document order.
// Its FieldPath is the first one's.
type Errors []*InputError

// Error lists the problems, one per line.
func (es Errors) Error() string {
	if len(es) == 1 {
		return es[0].Error()
	}
	var b strings.Builder
	fmt.Fprintf(&b, "scenarios: %d problems:", len(es))
	for _, e := range es {
		b.WriteString("\n  ")
		b.WriteString(strings.TrimPrefix(e.Error(), "scenarios: "))
	}
	return b.String()
}

// FieldPath returns the field path of the first problem.
func (es Errors) FieldPath() string {
	if len(es) == 0 {
		return ""
	}
	return es[0].Field
}

// Unwrap returns the problems, so that errors.As finds an *InputError.
func (es Errors) Unwrap() []error {
	out := make([]error, len(es))
	for i, e := range es {
		out[i] = e
	}
	return out
}
