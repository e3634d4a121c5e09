package geo

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

// CSVOptions configures ReadCSV. The zero value works: from and to are
// 0-based indices and the matrix size is the largest index plus one.
type CSVOptions struct {
	// IDs, when non-nil, names the points in matrix order: the from and
	// to columns then hold these ids (compared exactly, after trimming
	// spaces) and the matrix is len(IDs)×len(IDs).
	IDs []string
	// N is the matrix size when IDs is nil; 0 means the largest index in
	// the file plus one.
	N int
}

// ReadCSV reads a matrix from CSV rows "from,to,metres,seconds", one
// ordered pair per row. from and to are 0-based point indices, or ids when
// opt.IDs is set. A header row is optional: the first row is taken as a
// header when its metres and seconds fields are not numbers. Blank lines
// and lines starting with '#' are skipped. Fields may be surrounded by
// spaces.
//
// Every ordered pair (i, j) with i ≠ j must appear exactly once; missing
// pairs give an *InputError wrapping ErrMissingPair that names the first
// few. Diagonal entries default to 0 and may be given. Values must be
// finite and non-negative.
//
// file names the input in errors, which are *InputError carrying the line
// and the column ("from", "to", "metres", "seconds").
func ReadCSV(r io.Reader, file string, opt CSVOptions) (*Matrix, error) {
	cr := csv.NewReader(bufio.NewReader(r))
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	cr.Comment = '#'
	cr.ReuseRecord = true

	var index map[string]int
	if opt.IDs != nil {
		index = make(map[string]int, len(opt.IDs))
		for k, id := range opt.IDs {
			id = strings.TrimSpace(id)
			if _, dup := index[id]; dup {
				return nil, &InputError{File: file, Field: fmt.Sprintf("ids[%d]", k), Msg: fmt.Sprintf("duplicate id %q", id)}
			}
			index[id] = k
		}
	}
	limit := opt.N // exclusive bound on indices; 0 = none
	if opt.IDs != nil {
		limit = len(opt.IDs)
	}

	type row struct {
		from, to int
		d, t     float32
		line     int
	}
	var rows []row
	maxIdx := -1
	first := true
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, &InputError{File: file, Line: pe.Line, Msg: "malformed CSV", Err: pe.Err}
			}
			return nil, &InputError{File: file, Msg: "read failed", Err: err}
		}
		line, _ := cr.FieldPos(0)
		if len(rec) != 4 {
			return nil, &InputError{File: file, Line: line, Msg: fmt.Sprintf("want 4 fields (from,to,metres,seconds), have %d", len(rec))}
		}
		if first {
			first = false
			if _, err := parseCSVValue(rec[2]); err != nil {
				if _, err := parseCSVValue(rec[3]); err != nil {
					continue // header
				}
			}
		}
		var rw row
		rw.line = line
		for c, name := range [2]string{"from", "to"} {
			s := strings.TrimSpace(rec[c])
			var k int
			if index != nil {
				var ok bool
				if k, ok = index[s]; !ok {
					return nil, &InputError{File: file, Line: line, Field: name, Msg: fmt.Sprintf("unknown id %q", s)}
				}
			} else {
				v, err := strconv.Atoi(s)
				if err != nil || v < 0 {
					return nil, &InputError{File: file, Line: line, Field: name, Msg: fmt.Sprintf("%q is not a 0-based point index", s)}
				}
				if limit > 0 && v >= limit {
					return nil, &InputError{File: file, Line: line, Field: name, Msg: fmt.Sprintf("index %d out of range [0, %d)", v, limit)}
				}
				k = v
			}
			if c == 0 {
				rw.from = k
			} else {
				rw.to = k
			}
			maxIdx = max(maxIdx, k)
		}
		for c, name := range [2]string{"metres", "seconds"} {
			v, err := parseCSVValue(rec[2+c])
			if err != nil {
				return nil, &InputError{File: file, Line: line, Field: name, Msg: err.Error()}
			}
			if c == 0 {
				rw.d = v
			} else {
				rw.t = v
			}
		}
		rows = append(rows, rw)
	}

	n := limit
	if n == 0 {
		n = maxIdx + 1
	}
	// Every off-diagonal pair must appear, so a file with fewer rows than
	// n(n-1) misses some: name them without allocating n² (n comes from
	// the input and may be huge).
	if n > 1<<31 || uint64(len(rows)) < uint64(n)*uint64(max(n-1, 0)) {
		present := make(map[[2]int]bool, len(rows))
		for _, rw := range rows {
			present[[2]int{rw.from, rw.to}] = true
		}
		var miss [][2]int
		total := uint64(n)*uint64(max(n-1, 0)) - uint64(countOffDiag(present))
		for i := 0; i < n && len(miss) < 3; i++ {
			for j := 0; j < n && len(miss) < 3; j++ {
				if i != j && !present[[2]int{i, j}] {
					miss = append(miss, [2]int{i, j})
				}
			}
		}
		return nil, missingPairs(file, opt.IDs, miss, total)
	}

	m := NewMatrix(n)
	seen := make([]uint64, (n*n+63)/64)
	for _, rw := range rows {
		k := rw.from*n + rw.to
		if seen[k/64]&(1<<(k%64)) != 0 {
			return nil, &InputError{File: file, Line: rw.line, Msg: fmt.Sprintf("duplicate pair %s→%s", pointName(opt.IDs, rw.from), pointName(opt.IDs, rw.to))}
		}
		seen[k/64] |= 1 << (k % 64)
		m.Dist[k], m.Dur[k] = rw.d, rw.t
	}
	var miss [][2]int
	var total uint64
	for i := range n {
		for j := range n {
			k := i*n + j
			if i != j && seen[k/64]&(1<<(k%64)) == 0 {
				total++
				if len(miss) < 3 {
					miss = append(miss, [2]int{i, j})
				}
			}
		}
	}
	if total > 0 {
		return nil, missingPairs(file, opt.IDs, miss, total)
	}
	return m, nil
}

func countOffDiag(present map[[2]int]bool) int {
	c := 0
	for p := range present {
		if p[0] != p[1] {
			c++
		}
	}
	return c
}

func missingPairs(file string, ids []string, miss [][2]int, total uint64) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%d ordered pairs missing, e.g.", total)
	for k, p := range miss {
		if k > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, " %s→%s", pointName(ids, p[0]), pointName(ids, p[1]))
	}
	return &InputError{File: file, Msg: b.String(), Err: ErrMissingPair}
}

func pointName(ids []string, k int) string {
	if ids != nil && k < len(ids) {
		return strconv.Quote(ids[k])
	}
	return strconv.Itoa(k)
}

func parseCSVValue(s string) (float32, error) {
	s = strings.TrimSpace(s)
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || !(v >= 0) || v > math.MaxFloat32 {
		return 0, fmt.Errorf("%q is not a finite non-negative number", s)
	}
	return float32(v), nil
}

// WriteCSV writes m as CSV with a header "from,to,metres,seconds" and one
// row per ordered pair i ≠ j, in row-major order. from and to are ids[i]
// when ids is non-nil (it must then have m.N entries) and 0-based indices
// otherwise. Values are written with the fewest digits that read back as
// the same float32, so ReadCSV(WriteCSV(m)) == m.
func WriteCSV(w io.Writer, m *Matrix, ids []string) error {
	if ids != nil && len(ids) != m.N {
		return fmt.Errorf("geo: write CSV: %d ids for %d points", len(ids), m.N)
	}
	bw := bufio.NewWriter(w)
	bw.WriteString("from,to,metres,seconds\n")
	var buf []byte
	name := func(buf []byte, k int) []byte {
		if ids == nil {
			return strconv.AppendInt(buf, int64(k), 10)
		}
		id := ids[k]
		if strings.ContainsAny(id, ",\"\r\n") || strings.TrimSpace(id) != id || strings.HasPrefix(id, "#") {
			return append(buf, "\""+strings.ReplaceAll(id, `"`, `""`)+"\""...)
		}
		return append(buf, id...)
	}
	for i := range m.N {
		for j := range m.N {
			if i == j {
				continue
			}
			buf = name(buf[:0], i)
			buf = append(buf, ',')
			buf = name(buf, j)
			buf = append(buf, ',')
			buf = strconv.AppendFloat(buf, float64(m.Dist[i*m.N+j]), 'g', -1, 32)
			buf = append(buf, ',')
			buf = strconv.AppendFloat(buf, float64(m.Dur[i*m.N+j]), 'g', -1, 32)
			buf = append(buf, '\n')
			if _, err := bw.Write(buf); err != nil {
				return fmt.Errorf("geo: write CSV: %w", err)
			}
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("geo: write CSV: %w", err)
	}
	return nil
}
