// Package table reads CSV tables with a header row for the operations
// packages: columns by name in any order, a byte-order mark allowed, bad
// records reported one by one while the rest is read.
package table

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
)

// Error is a problem with the whole table: nothing could be read.
type Error struct {
	File string
	Line int
	Msg  string
}

func (e *Error) Error() string { return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg) }

// Read reads a CSV table with a header, calling row for each record
// (get returns a trimmed field by column name, "" when absent) and bad for
// records the CSV reader rejects.
func Read(r io.Reader, file string, required, known []string, row func(line int, get func(string) string), bad func(line int, msg string), ignored *[]string) error {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = false
	header, err := cr.Read()
	if err == io.EOF {
		return &Error{File: file, Line: 1, Msg: "empty file, want a header row with " + strings.Join(required, ",")}
	}
	if err != nil {
		return &Error{File: file, Line: 1, Msg: "header: " + csvMsg(err)}
	}
	col := map[string]int{}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		if !slices.Contains(known, h) {
			if h != "" {
				*ignored = append(*ignored, h)
			}
			continue
		}
		if _, dup := col[h]; dup {
			return &Error{File: file, Line: 1, Msg: fmt.Sprintf("column %q appears twice in the header", h)}
		}
		col[h] = i
	}
	for _, n := range required {
		if _, ok := col[n]; !ok {
			return &Error{File: file, Line: 1, Msg: fmt.Sprintf("missing column %q in the header (have %s)", n, strings.Join(header, ","))}
		}
	}
	lastErrLine := -1
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			var pe *csv.ParseError
			if !errors.As(err, &pe) {
				return &Error{File: file, Msg: err.Error()}
			}
			if pe.StartLine == lastErrLine { // the reader is stuck on one record
				return &Error{File: file, Line: pe.StartLine, Msg: csvMsg(err)}
			}
			lastErrLine = pe.StartLine
			bad(pe.StartLine, csvMsg(err))
			continue
		}
		line, _ := cr.FieldPos(0)
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		get := func(n string) string {
			if i, ok := col[n]; ok && i < len(rec) {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		row(line, get)
	}
}

func csvMsg(err error) string {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return "not valid CSV: " + pe.Err.Error()
	}
	return err.Error()
}
