package booking

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/huishou/huishou/optimizer/schedule/internal/table"
)

// RowError is one record of a file that could not be used: the file, the
// line it starts on, the booking id when known, the field and the reason.
type RowError struct {
	File  string `json:"file"`
	Line  int    `json:"line"`
	ID    string `json:"id,omitempty"`
	Field string `json:"field,omitempty"`
	Msg   string `json:"message"`
	// What names the kind of record in messages: "booking" when empty,
	// "depot", "vehicle".
	What string `json:"-"`
}

func (e *RowError) Error() string {
	var b strings.Builder
	if e.File != "" {
		b.WriteString(e.File + ":")
	}
	fmt.Fprintf(&b, "%d: ", e.Line)
	if e.ID != "" {
		what := e.What
		if what == "" {
			what = "booking"
		}
		fmt.Fprintf(&b, "%s %s: ", what, e.ID)
	}
	if e.Field != "" {
		b.WriteString(e.Field + ": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// FileError is a problem with a whole file (no header, not CSV, not
// JSON): nothing could be read from it.
type FileError struct {
	File string
	Line int
	Msg  string
}

// fileError converts the table reader's error.
func fileError(err error) error {
	var te *table.Error
	if errors.As(err, &te) {
		return &FileError{File: te.File, Line: te.Line, Msg: te.Msg}
	}
	return err
}

func (e *FileError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Msg)
}

// ReadOptions configure the readers. The zero value works.
type ReadOptions struct {
	// File names the input in errors; default "bookings".
	File string
	// Catalog is the set of known categories; nil means DefaultCatalog().
	Catalog Catalog
	// PlanDate, when set, rejects open bookings whose latest date lies
	// before it.
	PlanDate Date
}

func (o *ReadOptions) fill() {
	if o.File == "" {
		o.File = "bookings"
	}
	if o.Catalog == nil {
		o.Catalog = DefaultCatalog()
	}
}

// Loaded is what a reader returns: the good bookings in file order, the
// records it skipped with the reason each, and the columns or keys it did
// not know (ignored).
type Loaded struct {
	Bookings []Booking
	Skipped  []*RowError
	Ignored  []string
}

// Columns are the CSV columns of a booking, in the order written.
var Columns = []string{"id", "lon", "lat", "county", "township", "items", "earliest", "latest",
	"tw_start", "tw_end", "kind", "from", "skills", "note", "status"}

// required CSV columns.
var required = []string{"id", "lon", "lat", "items"}

// ReadCSV reads bookings from CSV with a header row naming the columns
// (Columns, any order, case-insensitive; id, lon, lat and items are
// required; a UTF-8 byte-order mark is allowed). Fields: items as
// "category:count;…", dates YYYY-MM-DD, times HH:MM, skills separated by
// ";". Bad rows — reversed window, unknown category, kind or status,
// coordinates outside China, a latest date before ReadOptions.PlanDate, a
// duplicate id, a malformed value — are skipped and reported in
// Loaded.Skipped with file, line and field; the other rows load. The error
// is a *FileError when nothing can be read (no header, a required column
// missing).
func ReadCSV(r io.Reader, opt ReadOptions) (*Loaded, error) {
	opt.fill()
	out := &Loaded{}
	seen := map[string]int{}
	err := table.Read(r, opt.File, required, Columns, func(line int, get func(string) string) {
		b, ferr := parseRow(get)
		if ferr == nil {
			ferr = b.Check(opt.Catalog, opt.PlanDate)
		}
		if ferr != nil {
			out.Skipped = append(out.Skipped, &RowError{File: opt.File, Line: line, ID: strings.TrimSpace(get("id")), Field: ferr.Field, Msg: ferr.Msg})
			return
		}
		if first, dup := seen[b.ID]; dup {
			out.Skipped = append(out.Skipped, &RowError{File: opt.File, Line: line, ID: b.ID, Field: "id", Msg: fmt.Sprintf("duplicate id (first on line %d)", first)})
			return
		}
		seen[b.ID] = line
		out.Bookings = append(out.Bookings, b)
	}, func(line int, msg string) {
		out.Skipped = append(out.Skipped, &RowError{File: opt.File, Line: line, Msg: msg})
	}, &out.Ignored)
	if err != nil {
		return nil, fileError(err)
	}
	return out, nil
}

// parseRow converts the text fields of one CSV record.
func parseRow(get func(string) string) (Booking, *FieldError) {
	b := Booking{ID: get("id"), County: get("county"), Township: get("township"), Kind: Kind(strings.ToLower(get("kind"))),
		From: get("from"), Note: get("note"), Status: Status(strings.ToLower(get("status")))}
	var err error
	num := func(f string) float64 {
		if err != nil {
			return 0
		}
		v, e := strconv.ParseFloat(get(f), 64)
		if e != nil {
			err = &FieldError{Field: f, Msg: fmt.Sprintf("%q is not a number", get(f))}
		}
		return v
	}
	b.Lon, b.Lat = num("lon"), num("lat")
	if err != nil {
		return b, err.(*FieldError)
	}
	if b.Items, err = ParseItems(get("items")); err != nil {
		return b, &FieldError{Field: "items", Msg: err.Error()}
	}
	for _, f := range []struct {
		name string
		dst  *Date
	}{{"earliest", &b.Earliest}, {"latest", &b.Latest}} {
		if s := get(f.name); s != "" {
			if *f.dst, err = ParseDate(s); err != nil {
				return b, &FieldError{Field: f.name, Msg: err.Error()}
			}
		}
	}
	for _, f := range []struct {
		name string
		dst  *Clock
	}{{"tw_start", &b.TWStart}, {"tw_end", &b.TWEnd}} {
		if s := get(f.name); s != "" {
			if *f.dst, err = ParseClock(s); err != nil {
				return b, &FieldError{Field: f.name, Msg: err.Error()}
			}
		}
	}
	if s := get("tw_start"); s != "" && get("tw_end") == "" {
		b.TWEnd = EndOfDay
	}
	b.Skills = splitList(get("skills"))
	return b, nil
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ";") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// Record returns b's CSV fields in the order of Columns.
func (b *Booking) Record() []string {
	f := func(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }
	var tws, twe string
	if s, e, ok := b.Window(); ok {
		tws, twe = s.String(), e.String()
	}
	return []string{b.ID, f(b.Lon), f(b.Lat), b.County, b.Township, b.Items.String(), b.Earliest.String(), b.Latest.String(),
		tws, twe, string(b.Kind), b.From, strings.Join(b.Skills, ";"), b.Note, string(b.Status)}
}

// WriteCSV writes bookings as CSV with the header Columns.
func WriteCSV(w io.Writer, bs []Booking) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(Columns); err != nil {
		return fmt.Errorf("booking: %w", err)
	}
	for i := range bs {
		if err := cw.Write(bs[i].Record()); err != nil {
			return fmt.Errorf("booking: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("booking: %w", err)
	}
	return nil
}

// WriteJSON writes bookings as a JSON array, one booking per line.
func WriteJSON(w io.Writer, bs []Booking) error {
	var buf bytes.Buffer
	buf.WriteString("[")
	for i := range bs {
		if i > 0 {
			buf.WriteString(",")
		}
		buf.WriteString("\n")
		b, err := json.Marshal(&bs[i])
		if err != nil {
			return fmt.Errorf("booking: %w", err)
		}
		buf.Write(b)
	}
	buf.WriteString("\n]\n")
	_, err := w.Write(buf.Bytes())
	return err
}

// ReadJSON reads bookings from JSON: an array of booking objects, or an
// object {"bookings": [...]}. Keys are the CSV column names; items is an
// array of {"category", "count"} or the CSV text form; skills an array of
// strings or the text form. A bad element is skipped and reported in
// Loaded.Skipped with the line it starts on and the key; unknown keys are
// listed in Loaded.Ignored. The error is a *FileError when the document is
// not JSON of that shape.
func ReadJSON(r io.Reader, opt ReadOptions) (*Loaded, error) {
	opt.fill()
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, &FileError{File: opt.File, Msg: err.Error()}
	}
	out := &Loaded{}
	seen := map[string]int{}
	ignored := map[string]bool{}
	err = eachElement(data, opt.File, "bookings", func(line int, raw json.RawMessage) {
		b, ferr := decodeBooking(raw, ignored)
		if ferr == nil {
			ferr = b.Check(opt.Catalog, opt.PlanDate)
		}
		if ferr != nil {
			out.Skipped = append(out.Skipped, &RowError{File: opt.File, Line: line, ID: b.ID, Field: ferr.Field, Msg: ferr.Msg})
			return
		}
		if first, dup := seen[b.ID]; dup {
			out.Skipped = append(out.Skipped, &RowError{File: opt.File, Line: line, ID: b.ID, Field: "id", Msg: fmt.Sprintf("duplicate id (first on line %d)", first)})
			return
		}
		seen[b.ID] = line
		out.Bookings = append(out.Bookings, b)
	})
	if err != nil {
		return nil, err
	}
	for k := range ignored {
		out.Ignored = append(out.Ignored, k)
	}
	slices.Sort(out.Ignored)
	return out, nil
}

// eachElement calls fn for every element of the top-level array of data
// (or of the array under key wrap of a top-level object), with the line
// the element starts on.
func eachElement(data []byte, file, wrap string, fn func(line int, raw json.RawMessage)) error {
	lineAt := func(off int64) int { return 1 + bytes.Count(data[:min(int(off), len(data))], []byte("\n")) }
	dec := json.NewDecoder(bytes.NewReader(data))
	tok, err := dec.Token()
	if err != nil {
		return &FileError{File: file, Line: lineAt(dec.InputOffset()), Msg: "not JSON: " + err.Error()}
	}
	if d, ok := tok.(json.Delim); ok && d == '{' {
		found := false
		for dec.More() {
			kt, err := dec.Token()
			if err != nil {
				return &FileError{File: file, Line: lineAt(dec.InputOffset()), Msg: "not JSON: " + err.Error()}
			}
			if k, _ := kt.(string); k == wrap {
				found = true
				if tok, err = dec.Token(); err != nil {
					return &FileError{File: file, Line: lineAt(dec.InputOffset()), Msg: "not JSON: " + err.Error()}
				}
				break
			}
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return &FileError{File: file, Line: lineAt(dec.InputOffset()), Msg: "not JSON: " + err.Error()}
			}
		}
		if !found {
			return &FileError{File: file, Line: 1, Msg: fmt.Sprintf("want an array or an object with %q", wrap)}
		}
	}
	if d, ok := tok.(json.Delim); !ok || d != '[' {
		return &FileError{File: file, Line: lineAt(dec.InputOffset()), Msg: fmt.Sprintf("want an array of %s", wrap)}
	}
	for dec.More() {
		start := dec.InputOffset()
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return &FileError{File: file, Line: lineAt(dec.InputOffset()), Msg: "not JSON: " + err.Error()}
		}
		// The element starts after the separator and white space.
		off := start
		for off < int64(len(data)) && (data[off] == ',' || data[off] == ' ' || data[off] == '\n' || data[off] == '\r' || data[off] == '\t') {
			off++
		}
		fn(lineAt(off), raw)
	}
	if _, err := dec.Token(); err != nil {
		return &FileError{File: file, Line: lineAt(dec.InputOffset()), Msg: "not JSON: " + err.Error()}
	}
	return nil
}

// decodeBooking decodes one JSON booking key by key, so that a bad value
// is named by its key.
func decodeBooking(raw json.RawMessage, ignored map[string]bool) (Booking, *FieldError) {
	var b Booking
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		return b, &FieldError{Field: "", Msg: "want an object with the booking's fields, got " + truncate(string(raw))}
	}
	if v, ok := m["id"]; ok {
		var id any
		_ = json.Unmarshal(v, &id)
		switch x := id.(type) {
		case string:
			b.ID = x
		case float64:
			b.ID = strconv.FormatFloat(x, 'f', -1, 64)
		}
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		v := m[k]
		if string(v) == "null" {
			continue
		}
		var err error
		switch k {
		case "id":
			if b.ID == "" {
				err = errors.New("want a string")
			}
		case "lon":
			err = json.Unmarshal(v, &b.Lon)
		case "lat":
			err = json.Unmarshal(v, &b.Lat)
		case "county":
			var a any
			if err = json.Unmarshal(v, &a); err == nil {
				switch x := a.(type) {
				case string:
					b.County = x
				case float64:
					b.County = strconv.FormatFloat(x, 'f', -1, 64)
				default:
					err = errors.New("want an adcode string")
				}
			}
		case "township":
			err = json.Unmarshal(v, &b.Township)
		case "items":
			err = json.Unmarshal(v, &b.Items)
		case "earliest":
			err = json.Unmarshal(v, &b.Earliest)
		case "latest":
			err = json.Unmarshal(v, &b.Latest)
		case "tw_start":
			err = json.Unmarshal(v, &b.TWStart)
		case "tw_end":
			err = json.Unmarshal(v, &b.TWEnd)
		case "kind":
			err = json.Unmarshal(v, &b.Kind)
		case "from":
			err = json.Unmarshal(v, &b.From)
		case "skills":
			var s string
			if json.Unmarshal(v, &s) == nil {
				b.Skills = splitList(s)
			} else {
				err = json.Unmarshal(v, &b.Skills)
			}
		case "note":
			err = json.Unmarshal(v, &b.Note)
		case "status":
			err = json.Unmarshal(v, &b.Status)
		default:
			ignored[k] = true
		}
		if err != nil {
			msg := err.Error()
			var te *json.UnmarshalTypeError
			if errors.As(err, &te) {
				msg = fmt.Sprintf("want a %s, got %s", te.Type, te.Value)
			}
			return b, &FieldError{Field: k, Msg: msg}
		}
	}
	if _, ok := m["tw_start"]; ok {
		if _, ok := m["tw_end"]; !ok && b.TWEnd == 0 {
			b.TWEnd = EndOfDay
		}
	}
	return b, nil
}

// ReadFile reads bookings from a file: JSON when its name ends in .json,
// CSV otherwise (see ReadCSV, ReadJSON). opt.File defaults to the path.
func ReadFile(path string, opt ReadOptions) (*Loaded, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if opt.File == "" {
		opt.File = path
	}
	if strings.HasSuffix(strings.ToLower(path), ".json") {
		return ReadJSON(f, opt)
	}
	return ReadCSV(f, opt)
}
