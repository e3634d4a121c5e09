package api

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/huishou/huishou/api/jobs"
	"github.com/huishou/huishou/api/store"
	"github.com/huishou/huishou/optimizer/schedule/booking"
)

// Bookings are optimizer/schedule/booking's Booking in its JSON form (the
// same as the CLI's files). The store keeps the document and the columns
// it filters on; the status column is authoritative.

// decodeBookingBody reads one booking from a JSON body, strictly: unknown
// keys are errors; bad values are 400s naming the key.
func decodeBookingBody(data []byte) (booking.Booking, error) {
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) == 0 || trimmed[0] != '{' {
		return booking.Booking{}, problem(http.StatusBadRequest, "want one booking as a JSON object")
	}
	// unknown keys are errors in the API (the file reader only lists them)
	var keys map[string]json.RawMessage
	if err := json.Unmarshal(trimmed, &keys); err != nil {
		return booking.Booking{}, jsonProblem(err)
	}
	for k := range keys {
		if !slices.Contains(booking.Columns, k) {
			return booking.Booking{}, badField(k, "unknown field %q", k)
		}
	}
	if _, ok := keys["id"]; !ok {
		// the server names bookings posted without an id
		keys["id"], _ = json.Marshal(newID("bk_"))
		trimmed, _ = json.Marshal(keys)
	}
	ld, err := booking.ReadJSON(bytes.NewReader(append(append([]byte("["), trimmed...), ']')), booking.ReadOptions{File: "body"})
	if err != nil {
		return booking.Booking{}, problem(http.StatusBadRequest, err.Error())
	}
	if len(ld.Skipped) > 0 {
		e := ld.Skipped[0]
		return booking.Booking{}, badField(e.Field, "%s", e.Msg)
	}
	return ld.Bookings[0], nil
}

// createBooking takes one booking. With an Idempotency-Key header, a
// repeated request (same key, same body) answers the first answer again
// and stores nothing; the same key with another body is 422.
func (s *Server) createBooking(c echo.Context) error {
	if ct := c.Request().Header.Get(echo.HeaderContentType); ct != "" && !isJSON(ct) {
		return problem(http.StatusUnsupportedMediaType, fmt.Sprintf("content type %q: want application/json", ct))
	}
	data, err := io.ReadAll(c.Request().Body)
	if err != nil {
		return err
	}
	var idem *store.Idempotency
	if key := c.Request().Header.Get("Idempotency-Key"); key != "" {
		if len(key) > 200 {
			return badField("Idempotency-Key", "longer than 200 characters")
		}
		h := sha256.Sum256(data)
		idem = &store.Idempotency{Key: caller(c).ID + ":POST /v1/bookings:" + key, RequestHash: h[:], Status: http.StatusCreated}
	}
	b, err := decodeBookingBody(data)
	if err != nil {
		return err
	}
	if b.Status != booking.Booked {
		return badField("status", "a new booking is booked, not %s", b.Status)
	}
	rec, err := jobs.BookingRecord(&b)
	if err != nil {
		return err
	}
	body, err := json.Marshal(b)
	if err != nil {
		return err
	}
	if idem != nil {
		idem.Body = body
	}
	_, old, err := s.store.CreateBooking(c.Request().Context(), rec, idem)
	if errors.Is(err, store.ErrConflict) {
		return problem(http.StatusConflict, fmt.Sprintf("booking %q exists", b.ID))
	}
	if err != nil {
		return err
	}
	if old != nil {
		if !bytes.Equal(old.RequestHash, idem.RequestHash) {
			return problem(http.StatusUnprocessableEntity, "Idempotency-Key was used with another request body")
		}
		c.Response().Header().Set("Idempotent-Replayed", "true")
		body = old.Body
		var ob booking.Booking
		_ = json.Unmarshal(body, &ob)
		b.ID = ob.ID
	}
	c.Response().Header().Set(echo.HeaderLocation, "/v1/bookings/"+b.ID)
	return c.JSONBlob(http.StatusCreated, body)
}

func (s *Server) getBooking(c echo.Context) error {
	rec, err := s.store.GetBooking(c.Request().Context(), c.Param("id"))
	if errors.Is(err, store.ErrNotFound) {
		return problem(http.StatusNotFound, fmt.Sprintf("no booking %q", c.Param("id")))
	}
	if err != nil {
		return err
	}
	b, err := jobs.BookingOf(rec)
	if err != nil {
		return err
	}
	c.Response().Header().Set("ETag", strconv.Quote(strconv.FormatInt(rec.Version, 10)))
	return c.JSON(http.StatusOK, b)
}

// bookingPage is one page of GET /v1/bookings.
type bookingPage struct {
	Bookings []booking.Booking `json:"bookings"`
	// NextCursor, when set, fetches the next page (?cursor=).
	NextCursor string `json:"next_cursor,omitempty"`
}

// listBookings filters by date (servable that day), county, status and
// kind, in order of arrival, a page at a time.
func (s *Server) listBookings(c echo.Context) error {
	q := c.QueryParams()
	f := store.BookingFilter{County: q.Get("county"), Limit: 100}
	if v := q.Get("date"); v != "" {
		d, err := booking.ParseDate(v)
		if err != nil {
			return badField("date", "%q: want YYYY-MM-DD", v)
		}
		f.Date = d.String()
	}
	if v := q.Get("status"); v != "" {
		if !slices.Contains(booking.Statuses, booking.Status(v)) {
			return badField("status", "%q: want one of %v", v, booking.Statuses)
		}
		f.Status = v
	}
	if v := q.Get("kind"); v != "" {
		if !slices.Contains(booking.Kinds, booking.Kind(v)) {
			return badField("kind", "%q: want one of %v", v, booking.Kinds)
		}
		f.Kind = v
	}
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 1000 {
			return badField("limit", "%q: want 1…1000", v)
		}
		f.Limit = n
	}
	if v := q.Get("cursor"); v != "" {
		raw, err := base64.RawURLEncoding.DecodeString(v)
		seq, err2 := strconv.ParseInt(strings.TrimPrefix(string(raw), "seq:"), 10, 64)
		if err != nil || err2 != nil || !strings.HasPrefix(string(raw), "seq:") || seq < 0 {
			return badField("cursor", "not a cursor of this listing")
		}
		f.After = seq
	}
	want := f.Limit
	f.Limit++ // one more tells whether there is a next page
	recs, err := s.store.ListBookings(c.Request().Context(), f)
	if err != nil {
		return err
	}
	page := bookingPage{Bookings: []booking.Booking{}}
	if len(recs) > want {
		recs = recs[:want]
		page.NextCursor = base64.RawURLEncoding.EncodeToString([]byte("seq:" + strconv.FormatInt(recs[want-1].Seq, 10)))
	}
	for _, r := range recs {
		b, err := jobs.BookingOf(r)
		if err != nil {
			return err
		}
		page.Bookings = append(page.Bookings, b)
	}
	return c.JSON(http.StatusOK, page)
}

// bookingPatch is the body of PATCH /v1/bookings/{id}: reschedule (new
// dates or window), a new note, or a new status (cancelled, done, failed).
type bookingPatch struct {
	Earliest *string         `json:"earliest"`
	Latest   *string         `json:"latest"`
	TWStart  *string         `json:"tw_start"`
	TWEnd    *string         `json:"tw_end"`
	Note     *string         `json:"note"`
	Status   *booking.Status `json:"status"`
}

// transitions lists the statuses a booking may move to by PATCH.
var transitions = map[booking.Status][]booking.Status{
	booking.Booked:     {booking.Cancelled},
	booking.Scheduled:  {booking.Cancelled, booking.Done, booking.Failed},
	booking.Dispatched: {booking.Done, booking.Failed, booking.Cancelled},
}

func (s *Server) patchBooking(c echo.Context) error {
	version, err := ifMatch(c)
	if err != nil {
		return err
	}
	var p bookingPatch
	if err := decodeJSON(c, &p); err != nil {
		return err
	}
	ctx := c.Request().Context()
	rec, err := s.store.GetBooking(ctx, c.Param("id"))
	if errors.Is(err, store.ErrNotFound) {
		return problem(http.StatusNotFound, fmt.Sprintf("no booking %q", c.Param("id")))
	}
	if err != nil {
		return err
	}
	if version == 0 {
		version = rec.Version // no lost update between our read and write
	}
	b, err := jobs.BookingOf(rec)
	if err != nil {
		return err
	}
	resched := p.Earliest != nil || p.Latest != nil || p.TWStart != nil || p.TWEnd != nil
	if resched {
		if !b.Status.Open() {
			return problem(http.StatusConflict, fmt.Sprintf("booking %s is %s: only booked or scheduled bookings can be rescheduled", b.ID, b.Status))
		}
		for _, d := range []struct {
			v     *string
			to    *booking.Date
			field string
		}{{p.Earliest, &b.Earliest, "earliest"}, {p.Latest, &b.Latest, "latest"}} {
			if d.v == nil {
				continue
			}
			if *d.v == "" {
				*d.to = 0
				continue
			}
			v, err := booking.ParseDate(*d.v)
			if err != nil {
				return badField(d.field, "%q: want YYYY-MM-DD", *d.v)
			}
			*d.to = v
		}
		for _, t := range []struct {
			v     *string
			to    *booking.Clock
			field string
		}{{p.TWStart, &b.TWStart, "tw_start"}, {p.TWEnd, &b.TWEnd, "tw_end"}} {
			if t.v == nil {
				continue
			}
			if *t.v == "" {
				*t.to = 0
				continue
			}
			v, err := booking.ParseClock(*t.v)
			if err != nil {
				return badField(t.field, "%q: want HH:MM", *t.v)
			}
			*t.to = v
		}
		b.Status = booking.Booked // to be planned again
	}
	if p.Note != nil {
		b.Note = *p.Note
	}
	if p.Status != nil && *p.Status != b.Status {
		if resched {
			return badField("status", "reschedule and a status change are two requests")
		}
		if !slices.Contains(transitions[b.Status], *p.Status) {
			return problem(http.StatusConflict, fmt.Sprintf("booking %s is %s: it cannot become %s", b.ID, b.Status, *p.Status))
		}
		b.Status = *p.Status
	}
	if ferr := b.Check(booking.DefaultCatalog(), 0); ferr != nil {
		return badField(ferr.Field, "%s", ferr.Msg)
	}
	nrec, err := jobs.BookingRecord(&b)
	if err != nil {
		return err
	}
	var out store.Booking
	if b.Status == booking.Done && booking.Status(rec.Status) != booking.Done {
		var note string
		out, note, err = s.updateDone(ctx, &b, rec, nrec, version, caller(c).ID)
		if note != "" && err == nil {
			c.Response().Header().Set("Ledger-Note", note)
		}
	} else {
		out, err = s.store.UpdateBooking(ctx, nrec, version)
	}
	if errors.Is(err, store.ErrConflict) {
		return problem(http.StatusPreconditionFailed, fmt.Sprintf("booking %s changed meanwhile (not at version %d)", b.ID, version))
	}
	if err != nil {
		return err
	}
	c.Response().Header().Set("ETag", strconv.Quote(strconv.FormatInt(out.Version, 10)))
	return c.JSON(http.StatusOK, b)
}

// importResult is the answer of POST /v1/bookings/import.
type importResult struct {
	Imported int                 `json:"imported"`
	Skipped  []*booking.RowError `json:"skipped"`
	Ignored  []string            `json:"ignored_columns,omitempty"`
	IDs      []string            `json:"ids"`
}

// importBookings loads a CSV (text/csv) or JSON file of bookings: bad rows
// and ids already stored are reported per row, the valid rows are kept.
func (s *Server) importBookings(c echo.Context) error {
	ct := c.Request().Header.Get(echo.HeaderContentType)
	opt := booking.ReadOptions{File: "import"}
	var ld *booking.Loaded
	var err error
	switch {
	case strings.HasPrefix(ct, "text/csv"):
		ld, err = booking.ReadCSV(c.Request().Body, opt)
	case strings.HasPrefix(ct, echo.MIMEApplicationJSON):
		ld, err = booking.ReadJSON(c.Request().Body, opt)
	default:
		return problem(http.StatusUnsupportedMediaType, fmt.Sprintf("content type %q: want text/csv or application/json", ct))
	}
	var fe *booking.FileError
	if errors.As(err, &fe) {
		return problem(http.StatusBadRequest, fe.Error())
	}
	if err != nil {
		return err
	}
	if n := len(ld.Bookings) + len(ld.Skipped); n > s.cfg.Limits.ImportRows {
		return tooLarge("rows", "%d rows: at most %d in one import (split the file)", n, s.cfg.Limits.ImportRows)
	}
	res := importResult{Skipped: ld.Skipped, Ignored: ld.Ignored, IDs: []string{}}
	if res.Skipped == nil {
		res.Skipped = []*booking.RowError{}
	}
	recs := make([]store.Booking, 0, len(ld.Bookings))
	for i := range ld.Bookings {
		b := &ld.Bookings[i]
		if b.Status != booking.Booked {
			res.Skipped = append(res.Skipped, &booking.RowError{File: "import", ID: b.ID, Field: "status", Msg: fmt.Sprintf("an imported booking is booked, not %s", b.Status)})
			continue
		}
		rec, err := jobs.BookingRecord(b)
		if err != nil {
			return err
		}
		recs = append(recs, rec)
	}
	out, errs, err := s.store.CreateBookings(c.Request().Context(), recs)
	if err != nil {
		return err
	}
	for i, e := range errs {
		if e != nil {
			res.Skipped = append(res.Skipped, &booking.RowError{File: "import", ID: recs[i].ID, Field: "id", Msg: "a booking with this id exists"})
			continue
		}
		res.Imported++
		res.IDs = append(res.IDs, out[i].ID)
	}
	return c.JSON(http.StatusOK, res)
}
