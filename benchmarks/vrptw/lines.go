package vrptw

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"math"
	"path"
	"strconv"
	"strings"
)

// maxLine bounds the length of one line of an instance file.
const maxLine = 1 << 20

// lines reads a file line by line, splitting each on any white space (tabs,
// spaces, a trailing CR) and numbering lines from 1.
type lines struct {
	sc   *bufio.Scanner
	file string
	n    int   // number of the line last read
	err  error // set once reading stops on an error
}

func newLines(r io.Reader, file string) *lines {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 4096), maxLine)
	return &lines{sc: sc, file: file}
}

// next returns the fields of the next non-blank line, and false at the end
// of the input or on an error (then l.err is set).
func (l *lines) next() ([]string, bool) {
	for {
		text, ok := l.raw()
		if !ok {
			return nil, false
		}
		if f := strings.Fields(text); len(f) > 0 {
			return f, true
		}
	}
}

// raw returns the next line as it is, without its line ending.
func (l *lines) raw() (string, bool) {
	if l.err != nil {
		return "", false
	}
	if !l.sc.Scan() {
		if err := l.sc.Err(); err != nil {
			if errors.Is(err, bufio.ErrTooLong) {
				l.err = l.errorf(l.n+1, "", "line longer than %d bytes", maxLine)
			} else {
				l.err = fmt.Errorf("vrptw: reading %s: %w", l.file, err)
			}
		}
		return "", false
	}
	l.n++
	return strings.TrimRight(l.sc.Text(), "\r"), true
}

func (l *lines) errorf(line int, field, format string, args ...any) *FormatError {
	return &FormatError{File: l.file, Line: line, Field: field, Msg: fmt.Sprintf(format, args...)}
}

// eof returns the error for input that ended where more was expected: the
// read error if there was one, else a FormatError naming what is missing.
func (l *lines) eof(field, format string, args ...any) error {
	if l.err != nil {
		return l.err
	}
	return l.errorf(0, field, "unexpected end of file: "+format, args...)
}

// num parses a finite floating-point field.
func (l *lines) num(s, field string) (float64, error) {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		var ne *strconv.NumError
		if errors.As(err, &ne) && errors.Is(ne.Err, strconv.ErrRange) {
			return 0, l.errorf(l.n, field, "%q is out of range", s)
		}
		return 0, l.errorf(l.n, field, "%q is not a number", s)
	}
	if math.IsInf(v, 0) || math.IsNaN(v) {
		return 0, l.errorf(l.n, field, "%q is not a finite number", s)
	}
	return v, nil
}

// integer parses an integer field that fits in 32 bits, so that sums of
// thousands of them cannot overflow.
func (l *lines) integer(s, field string) (int, error) {
	v, err := strconv.ParseInt(s, 10, 32)
	if err != nil {
		if errors.Is(err, strconv.ErrRange) {
			return 0, l.errorf(l.n, field, "%q is out of range", s)
		}
		return 0, l.errorf(l.n, field, "%q is not an integer", s)
	}
	return int(v), nil
}

// nonNegative parses a finite number ≥ 0.
func (l *lines) nonNegative(s, field string) (float64, error) {
	v, err := l.num(s, field)
	if err == nil && v < 0 {
		err = l.errorf(l.n, field, "%q is negative", s)
	}
	return v, err
}

// count parses an integer ≥ 0.
func (l *lines) count(s, field string) (int, error) {
	v, err := l.integer(s, field)
	if err == nil && v < 0 {
		err = l.errorf(l.n, field, "%q is negative", s)
	}
	return v, err
}

// isNumber reports whether s parses as a number (used to tell header lines
// from data lines).
func isNumber(s string) bool {
	_, err := strconv.ParseFloat(s, 64)
	return err == nil
}

// baseName returns the file name without directory and extension.
func baseName(file string) string {
	b := path.Base(strings.ReplaceAll(file, `\`, "/"))
	if b == "." || b == "/" {
		return ""
	}
	return strings.TrimSuffix(b, path.Ext(b))
}

// fleet parses a fleet size and a vehicle capacity; the capacity must be
// positive.
func (l *lines) fleet(vehicles, capacity string) (int, int, error) {
	k, err := l.count(vehicles, "vehicles")
	if err != nil {
		return 0, 0, err
	}
	q, err := l.count(capacity, "capacity")
	if err != nil {
		return 0, 0, err
	}
	if q == 0 {
		return 0, 0, l.errorf(l.n, "capacity", "capacity is 0")
	}
	return k, q, nil
}
