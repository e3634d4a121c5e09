// Package jsonfield writes the field of an encoding/json type error in the
// project's field-path form, e.g. "routes[3].stops[0].arrival".
//
// Go 1.27's encoding/json names array elements in
// json.UnmarshalTypeError.Field ("routes.3.stops.0.arrival"); Go 1.26 leaves
// them out ("routes.stops.arrival"). Path turns the former into the
// bracketed form and leaves the latter as it is, so a path is exact when
// the toolchain knows the indices and still names the field when it does
// not. jsonfield imports nothing of the project and may be used anywhere.
package jsonfield

import (
	"strings"
)

// Path returns field (a json.UnmarshalTypeError.Field) with every
// all-digit segment written as an index of the segment before it:
// "items.0.count" → "items[0].count", "durations.0.1" → "durations[0][1]".
func Path(field string) string {
	if field == "" {
		return ""
	}
	parts := strings.Split(field, ".")
	var b strings.Builder
	for i, p := range parts {
		switch {
		case isIndex(p) && i > 0:
			b.WriteString("[" + p + "]")
		case i > 0:
			b.WriteString("." + p)
		default:
			b.WriteString(p)
		}
	}
	return b.String()
}

// StripIndices removes the "[N]" indices of a path: the form Path gives
// when the toolchain's encoding/json reports no indices (Go 1.26).
func StripIndices(path string) string {
	var b strings.Builder
	for i := 0; i < len(path); i++ {
		if path[i] == '[' {
			if j := strings.IndexByte(path[i:], ']'); j > 0 && isIndex(path[i+1:i+j]) {
				i += j
				continue
			}
		}
		b.WriteByte(path[i])
	}
	return b.String()
}

func isIndex(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// Same reports whether got names the field want names: the same path, or
// want without its indices when got has none, as Go 1.26's encoding/json
// reports the field of a type error. For tests of decoders whose errors
// come from encoding/json.
func Same(got, want string) bool {
	return got == want || !strings.Contains(got, "[") && got == StripIndices(want)
}
