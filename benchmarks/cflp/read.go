package cflp

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Instance is one facility-location benchmark instance.
type Instance struct {
	Name     string
	M, N     int       // facilities, customers
	Capacity []float64 // per facility
	Fixed    []float64 // per facility
	Demand   []float64 // per customer
	// Cost is facility-major: Cost[i*N+j] is the cost of serving all of
	// customer j's demand from facility i.
	Cost []float64
}

// ParseError names the token that could not be read: its position in the
// token stream (1-based), its line and the field it should have filled.
type ParseError struct {
	File  string
	Token int
	Line  int
	Field string
	Text  string // the token, empty at end of input
	Msg   string
}

func (e *ParseError) Error() string {
	if e.Text == "" && e.Msg == "" {
		return fmt.Sprintf("%s: token %d (line %d): %s: unexpected end of input", e.File, e.Token, e.Line, e.Field)
	}
	if e.Msg != "" {
		return fmt.Sprintf("%s: token %d (line %d): %s: %q %s", e.File, e.Token, e.Line, e.Field, e.Text, e.Msg)
	}
	return fmt.Sprintf("%s: token %d (line %d): %s: %q is not a number", e.File, e.Token, e.Line, e.Field, e.Text)
}

// tokens splits data into whitespace-separated tokens, stopping at the first
// NUL byte (the padding of the Holmberg files).
type tokens struct {
	file string
	data []byte
	pos  int
	line int
	n    int
}

func newTokens(file string, data []byte) *tokens {
	if k := bytes.IndexByte(data, 0); k >= 0 {
		data = data[:k]
	}
	return &tokens{file: file, data: data, line: 1}
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'
}

// next returns the next token, or "" at the end.
func (t *tokens) next() string {
	for t.pos < len(t.data) && isSpace(t.data[t.pos]) {
		if t.data[t.pos] == '\n' {
			t.line++
		}
		t.pos++
	}
	if t.pos == len(t.data) {
		t.n++
		return ""
	}
	s := t.pos
	for t.pos < len(t.data) && !isSpace(t.data[t.pos]) {
		t.pos++
	}
	t.n++
	return string(t.data[s:t.pos])
}

func (t *tokens) fail(field, text, msg string) error {
	return &ParseError{File: t.file, Token: t.n, Line: t.line, Field: field, Text: text, Msg: msg}
}

// number reads a finite number (a trailing dot as in "7500." is accepted).
func (t *tokens) number(field string) (float64, error) {
	s := t.next()
	if s == "" {
		return 0, t.fail(field, "", "")
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || v != v || v > 1e300 || v < -1e300 {
		return 0, t.fail(field, s, "")
	}
	return v, nil
}

// count reads a positive integer count no larger than limit.
func (t *tokens) count(field string, limit int) (int, error) {
	s := t.next()
	if s == "" {
		return 0, t.fail(field, "", "")
	}
	v, err := strconv.Atoi(strings.TrimSuffix(s, "."))
	if err != nil {
		return 0, t.fail(field, s, "is not a whole number")
	}
	if v <= 0 || v > limit {
		return 0, t.fail(field, s, fmt.Sprintf("is out of range [1,%d]", limit))
	}
	return v, nil
}

// maxCells bounds m·n so that a corrupt header cannot exhaust memory.
const maxCells = 1 << 26

func header(t *tokens) (m, n int, err error) {
	if m, err = t.count("number of facilities m", 1<<20); err != nil {
		return
	}
	if n, err = t.count("number of customers n", 1<<24); err != nil {
		return
	}
	if m*n > maxCells {
		err = t.fail("number of customers n", strconv.Itoa(n), fmt.Sprintf("gives %d×%d costs, more than %d", m, n, maxCells))
	} else if need := 2*m + n + m*n; need > len(t.data)/2+1 {
		// every number takes at least two bytes with its separator
		err = t.fail("number of customers n", strconv.Itoa(n), fmt.Sprintf("gives %d×%d costs, more than the %d bytes of the file can hold", m, n, len(t.data)))
	}
	return
}

// ReadORLib reads an OR-Library capacitated warehouse location file (cap41
// … cap134, capa/capb/capc). The word "capacity" in place of a facility's
// capacity is replaced by capacity, which must then be > 0. Costs are read
// customer by customer: demand d_j, then c_1j … c_mj.
func ReadORLib(name string, r io.Reader, capacity float64) (*Instance, error) {
	t, in, err := start(name, r)
	if err != nil {
		return nil, err
	}
	m, n := in.M, in.N
	for i := range m {
		f := fmt.Sprintf("capacity s[%d]", i)
		s := t.next()
		switch {
		case s == "":
			return nil, t.fail(f, "", "")
		case strings.EqualFold(s, "capacity"):
			if capacity <= 0 {
				return nil, t.fail(f, s, "needs a capacity value (--capacity)")
			}
			in.Capacity[i] = capacity
		default:
			v, err := strconv.ParseFloat(s, 64)
			if err != nil || v != v || v < 0 || v > 1e300 {
				return nil, t.fail(f, s, "")
			}
			in.Capacity[i] = v
		}
		if in.Fixed[i], err = t.number(fmt.Sprintf("fixed cost f[%d]", i)); err != nil {
			return nil, err
		}
	}
	for j := range n {
		if in.Demand[j], err = t.number(fmt.Sprintf("demand d[%d]", j)); err != nil {
			return nil, err
		}
		for i := range m {
			if in.Cost[i*n+j], err = t.number(fmt.Sprintf("cost c[%d][%d]", i, j)); err != nil {
				return nil, err
			}
		}
	}
	return in, in.check(t)
}

// ReadHolmberg reads a Holmberg single-source file (p1…p71): header,
// capacity and fixed cost per facility, n demands, then the costs facility
// by facility (c_i1 … c_in). Everything from the first NUL byte is ignored.
func ReadHolmberg(name string, r io.Reader) (*Instance, error) {
	t, in, err := start(name, r)
	if err != nil {
		return nil, err
	}
	m, n := in.M, in.N
	for i := range m {
		if in.Capacity[i], err = t.number(fmt.Sprintf("capacity s[%d]", i)); err != nil {
			return nil, err
		}
		if in.Fixed[i], err = t.number(fmt.Sprintf("fixed cost f[%d]", i)); err != nil {
			return nil, err
		}
	}
	for j := range n {
		if in.Demand[j], err = t.number(fmt.Sprintf("demand d[%d]", j)); err != nil {
			return nil, err
		}
	}
	for i := range m {
		for j := range n {
			if in.Cost[i*n+j], err = t.number(fmt.Sprintf("cost c[%d][%d]", i, j)); err != nil {
				return nil, err
			}
		}
	}
	return in, in.check(t)
}

// check rejects negative data; t positions the error after the last token.
func (in *Instance) check(t *tokens) error {
	for i := range in.M {
		if in.Capacity[i] < 0 || in.Fixed[i] < 0 {
			return fmt.Errorf("%s: facility %d: negative capacity or fixed cost", in.Name, i)
		}
	}
	for j, d := range in.Demand {
		if d < 0 {
			return fmt.Errorf("%s: demand d[%d] = %v is negative", in.Name, j, d)
		}
	}
	return nil
}

// start reads the whole file, its "m n" header, and returns the token
// stream and an Instance with its slices allocated.
func start(name string, r io.Reader) (*tokens, *Instance, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", name, err)
	}
	t := newTokens(name, data)
	m, n, err := header(t)
	if err != nil {
		return nil, nil, err
	}
	return t, &Instance{Name: name, M: m, N: n, Capacity: make([]float64, m), Fixed: make([]float64, m),
		Demand: make([]float64, n), Cost: make([]float64, m*n)}, nil
}
