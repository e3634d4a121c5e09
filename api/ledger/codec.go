package ledger

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/huishou/huishou/internal/jsonfield"
	"io"
	"strings"
)

// MaxLineBytes bounds one line of a ledger file.
const MaxLineBytes = 1 << 20

// DecodeEvent decodes one event from JSON (one line of a ledger file, or
// an API body). Unknown fields, trailing data and wrong types are
// *InputError naming the field.
func DecodeEvent(b []byte) (Event, error) {
	var e Event
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&e); err != nil {
		return Event{}, jsonInputError(err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return Event{}, inputErr("", "trailing data after the event")
	}
	return e, nil
}

// jsonInputError turns an encoding/json error into an *InputError naming
// the field where it can.
func jsonInputError(err error) error {
	var te *json.UnmarshalTypeError
	var se *json.SyntaxError
	switch {
	case errors.As(err, &te):
		f := jsonfield.Path(te.Field)
		if f == "" {
			f = "(event)"
		}
		return inputErr(f, "want %s, got JSON %s", te.Type, te.Value)
	case errors.As(err, &se):
		return inputErr("", "invalid JSON at byte %d: %v", se.Offset, se)
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		name := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return inputErr(name, "unknown field")
	case errors.Is(err, io.EOF):
		return inputErr("", "empty")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return inputErr("", "truncated JSON")
	}
	return inputErr("", "%v", err)
}

// AppendLine appends e as one JSON line (with its newline) to b: the form
// of a ledger file and of the API, fields named as in Event.
func AppendLine(b []byte, e *Event) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(e); err != nil {
		// Event holds nothing json cannot encode but a NaN kg, which
		// validation rejects; reaching here is a programmer error.
		panic(fmt.Sprintf("ledger: encoding event %s: %v", e.ID, err))
	}
	return append(b, buf.Bytes()...)
}

// LineError is a bad line of a ledger file.
type LineError struct {
	File string
	Line int
	Err  error
}

func (e *LineError) Error() string { return fmt.Sprintf("%s:%d: %v", e.File, e.Line, e.Err) }
func (e *LineError) Unwrap() error { return e.Err }

// FieldPath returns "line N: FIELD" for the service's error mapper.
func (e *LineError) FieldPath() string {
	var ie *InputError
	if errors.As(e.Err, &ie) {
		return fmt.Sprintf("line %d: %s", e.Line, ie.Field)
	}
	return fmt.Sprintf("line %d", e.Line)
}

// ReadEvents calls fn with every event of a JSON-lines stream and its line
// number; blank lines are skipped. A line that does not decode is a
// *LineError; fn's error stops the reading and is returned as is.
func ReadEvents(ctx context.Context, r io.Reader, file string, fn func(line int, e Event) error) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), MaxLineBytes)
	line := 0
	for sc.Scan() {
		line++
		if line%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		b := bytes.TrimSpace(sc.Bytes())
		if len(b) == 0 {
			continue
		}
		e, err := DecodeEvent(b)
		if err != nil {
			return &LineError{File: file, Line: line, Err: err}
		}
		if err := fn(line, e); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		return &LineError{File: file, Line: line + 1, Err: err}
	}
	return nil
}

// WriteEvents writes events as JSON lines.
func WriteEvents(w io.Writer, events []Event) error {
	bw := bufio.NewWriter(w)
	var b []byte
	for i := range events {
		b = AppendLine(b[:0], &events[i])
		if _, err := bw.Write(b); err != nil {
			return err
		}
	}
	return bw.Flush()
}
