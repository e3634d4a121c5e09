package routeio

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// decoder walks a JSON document decoded into any (numbers as json.Number)
// and keeps the first error, naming its path. Accessors called after an
// error return zero values, so readers check err once per section.
type decoder struct {
	format string
	strict bool // reject unknown object fields
	err    error
}

// val is a JSON value at a path; ok is false when the value is absent.
type val struct {
	d    *decoder
	path string
	v    any
	ok   bool
}

func (d *decoder) fail(path, format string, args ...any) {
	if d.err == nil {
		d.err = &InputError{Format: d.format, Field: path, Msg: fmt.Sprintf(format, args...)}
	}
}

func (d *decoder) root(name string, v any, ok bool) val {
	return val{d: d, path: name, v: v, ok: ok}
}

// null reports whether the value is present and JSON null.
func (x val) null() bool { return x.ok && x.v == nil }

// present reports whether the value is present and not null.
func (x val) present() bool { return x.ok && x.v != nil }

func (x val) kind() string {
	switch x.v.(type) {
	case nil:
		return "null"
	case bool:
		return "a boolean"
	case json.Number:
		return "a number"
	case string:
		return "a string"
	case []any:
		return "an array"
	case map[string]any:
		return "an object"
	}
	return "a value"
}

func (x val) join(key string) string {
	if x.path == "" {
		return key
	}
	return x.path + "." + key
}

// obj returns the object, checking its fields against known when the
// decoder is strict and known is not empty (free-form objects give none). An absent or null value gives nil.
func (x val) obj(known ...string) map[string]any {
	if !x.present() || x.d.err != nil {
		return nil
	}
	m, isObj := x.v.(map[string]any)
	if !isObj {
		x.d.fail(x.path, "want an object, have %s", x.kind())
		return nil
	}
	if x.d.strict && len(known) > 0 {
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			if !slices.Contains(known, k) {
				x.d.fail(x.join(k), "unknown field (known: %s)", strings.Join(known, ", "))
				return nil
			}
		}
	}
	return m
}

// key returns the field k of an object value (absent when x is absent).
func (x val) key(k string) val {
	c := val{d: x.d, path: x.join(k)}
	if !x.present() || x.d.err != nil {
		return c
	}
	m, isObj := x.v.(map[string]any)
	if !isObj {
		x.d.fail(x.path, "want an object, have %s", x.kind())
		return c
	}
	c.v, c.ok = m[k]
	return c
}

// list returns the elements of an array value; absent or null gives nil.
func (x val) list() []val {
	if !x.present() || x.d.err != nil {
		return nil
	}
	a, isArr := x.v.([]any)
	if !isArr {
		x.d.fail(x.path, "want an array, have %s", x.kind())
		return nil
	}
	out := make([]val, len(a))
	for i, e := range a {
		out[i] = val{d: x.d, path: fmt.Sprintf("%s[%d]", x.path, i), v: e, ok: true}
	}
	return out
}

// num returns a number value as float64 (0 when absent).
func (x val) num() float64 {
	if !x.present() || x.d.err != nil {
		return 0
	}
	n, isNum := x.v.(json.Number)
	if !isNum {
		x.d.fail(x.path, "want a number, have %s", x.kind())
		return 0
	}
	f, err := strconv.ParseFloat(string(n), 64)
	if err != nil || math.IsInf(f, 0) {
		x.d.fail(x.path, "%s is out of range", n)
		return 0
	}
	return f
}

// intIn returns an integer value in [lo, hi] (def when absent).
func (x val) intIn(lo, hi, def int64) int64 {
	if !x.present() || x.d.err != nil {
		return def
	}
	n, isNum := x.v.(json.Number)
	if !isNum {
		x.d.fail(x.path, "want an integer, have %s", x.kind())
		return def
	}
	i, err := strconv.ParseInt(string(n), 10, 64)
	if err != nil {
		f, ferr := strconv.ParseFloat(string(n), 64)
		if ferr != nil || f != math.Trunc(f) || f < -1<<62 || f > 1<<62 {
			x.d.fail(x.path, "%s is not an integer in [%d, %d]", n, lo, hi)
			return def
		}
		i = int64(f)
	}
	if i < lo || i > hi {
		x.d.fail(x.path, "%d outside [%d, %d]", i, lo, hi)
		return def
	}
	return i
}

// nonNeg returns a non-negative integer (0 when absent) at most 2^40.
func (x val) nonNeg() int64 { return x.intIn(0, maxValue, 0) }

// str returns a string value ("" when absent).
func (x val) str() string {
	if !x.present() || x.d.err != nil {
		return ""
	}
	s, isStr := x.v.(string)
	if !isStr {
		x.d.fail(x.path, "want a string, have %s", x.kind())
	}
	return s
}

// boolean returns a boolean value (false when absent).
func (x val) boolean() bool {
	if !x.present() || x.d.err != nil {
		return false
	}
	b, isBool := x.v.(bool)
	if !isBool {
		x.d.fail(x.path, "want true or false, have %s", x.kind())
	}
	return b
}

// id returns an id: a number or a string, kept as its JSON text.
func (x val) id() ID {
	if x.d.err != nil {
		return ""
	}
	switch v := x.v.(type) {
	case json.Number:
		if _, err := strconv.ParseInt(string(v), 10, 64); err != nil {
			if _, err := strconv.ParseUint(string(v), 10, 64); err != nil {
				x.d.fail(x.path, "%s is not an integer id", v)
				return ""
			}
		}
		return ID(v)
	case string:
		if v == "" {
			x.d.fail(x.path, "empty id")
			return ""
		}
		b, _ := json.Marshal(v)
		return ID(b)
	}
	if !x.ok {
		x.d.fail(x.path, "missing")
	} else {
		x.d.fail(x.path, "want a number or a string, have %s", x.kind())
	}
	return ""
}

// maxValue bounds amounts, durations and times read from input so that
// sums over a route cannot overflow.
const maxValue = 1 << 40
