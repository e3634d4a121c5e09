package supply

import "fmt"

// InputError reports invalid input to Forecast. Field is the path of the
// offending value, e.g. "areas[3].households" or
// "options.categories[0].weibullK", so that callers (the API) can name it.
type InputError struct {
	Field string // path of the bad value
	Msg   string // what is wrong with it, lower case
}

// Error returns "supply: FIELD: MSG".
func (e *InputError) Error() string {
	return fmt.Sprintf("supply: %s: %s", e.Field, e.Msg)
}

// FieldPath returns the path of the offending field (Field), so that one
// error mapper can name it for any package's InputError.
func (e *InputError) FieldPath() string { return e.Field }

func inputErr(field, format string, a ...any) *InputError {
	return &InputError{Field: field, Msg: fmt.Sprintf(format, a...)}
}
