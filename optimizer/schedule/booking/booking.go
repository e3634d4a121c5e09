package booking

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Kind says what a visit is for.
type Kind string

// The kinds of bookings.
const (
	// Pickup collects a household's old appliances (上门回收, 线上预约).
	Pickup Kind = "pickup"
	// TradeIn delivers a new appliance and takes the old one in the same
	// stop (以旧换新). The new one is loaded at the depot or front
	// warehouse (县城前置仓) named in From.
	TradeIn Kind = "trade_in"
	// Bulk collects many pieces from a store, a repair shop or a
	// collection point (代收代储).
	Bulk Kind = "bulk"
	// Service is an after-sales visit (预约上门 repair or installation):
	// time and skills, and a load only when it carries Items.
	Service Kind = "service"
)

// Kinds lists the kinds in a stable order.
var Kinds = []Kind{Pickup, TradeIn, Bulk, Service}

// Status is where a booking stands.
type Status string

// The statuses of a booking.
const (
	Booked     Status = "booked"     // taken, not planned yet
	Scheduled  Status = "scheduled"  // on a day plan
	Dispatched Status = "dispatched" // its truck has left: the route is fixed
	Done       Status = "done"       // served
	Failed     Status = "failed"     // visited, not served (nobody home, refused)
	Cancelled  Status = "cancelled"  // withdrawn by the customer
)

// Statuses lists the statuses in a stable order.
var Statuses = []Status{Booked, Scheduled, Dispatched, Done, Failed, Cancelled}

// Open reports whether a booking in status s still waits to be served
// (booked or scheduled).
func (s Status) Open() bool { return s == Booked || s == Scheduled || s == "" }

// Item is a number of pieces of one appliance category.
type Item struct {
	Category string `json:"category"`
	Count    int    `json:"count"`
}

// Items is a booking's list of items. Its text form (CSV, and accepted in
// JSON) is "category:count;…", e.g. "refrigerator:1;television:2"; its
// JSON form an array of {"category", "count"}.
type Items []Item

// Bounds of one booking's items: a larger collection is several bookings.
const (
	MaxItemLines = 64    // entries of Items
	MaxPieces    = 10000 // pieces over all entries
)

// ParseItems reads "category:count;…". A category without ":count" counts
// one piece. Empty parts are skipped; an empty string gives no items.
func ParseItems(s string) (Items, error) {
	var out Items
	for _, part := range strings.Split(s, ";") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		cat, cnt, has := strings.Cut(part, ":")
		cat = strings.TrimSpace(cat)
		n := 1
		if has {
			v, err := strconv.Atoi(strings.TrimSpace(cnt))
			if err != nil {
				return nil, fmt.Errorf("%q: count %q is not a whole number", part, strings.TrimSpace(cnt))
			}
			n = v
		}
		if cat == "" {
			return nil, fmt.Errorf("%q: no category", part)
		}
		out = append(out, Item{Category: cat, Count: n})
	}
	return out, nil
}

// String returns the text form "category:count;…".
func (it Items) String() string {
	parts := make([]string, len(it))
	for i, x := range it {
		parts[i] = x.Category + ":" + strconv.Itoa(x.Count)
	}
	return strings.Join(parts, ";")
}

// Pieces returns the number of pieces.
func (it Items) Pieces() int {
	n := 0
	for _, x := range it {
		n += x.Count
	}
	return n
}

// UnmarshalJSON accepts an array of {"category", "count"} or the text form.
func (it *Items) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		v, err := ParseItems(s)
		if err != nil {
			return err
		}
		*it = v
		return nil
	}
	var arr []struct {
		Category *string `json:"category"`
		Count    *int    `json:"count"`
	}
	if err := json.Unmarshal(b, &arr); err != nil {
		return fmt.Errorf(`want [{"category": …, "count": …}] or "category:count;…", got %s`, truncate(string(b)))
	}
	out := make(Items, 0, len(arr))
	for k, a := range arr {
		if a.Category == nil {
			return fmt.Errorf("[%d]: no category", k)
		}
		n := 1
		if a.Count != nil {
			n = *a.Count
		}
		out = append(out, Item{Category: *a.Category, Count: n})
	}
	*it = out
	return nil
}

// Booking is one visit a truck makes. Its JSON and CSV field names are the
// lower-case names given in the tags; see the package documentation of
// the file formats in ReadCSV and ReadJSON.
type Booking struct {
	ID       string  `json:"id"`
	Lon      float64 `json:"lon"`
	Lat      float64 `json:"lat"`
	County   string  `json:"county,omitempty"`   // adcode, e.g. "510104"
	Township string  `json:"township,omitempty"` // township code or name
	Items    Items   `json:"items"`
	// Earliest and Latest bound the days it may be served (inclusive);
	// unset means no bound.
	Earliest Date `json:"earliest,omitzero"`
	Latest   Date `json:"latest,omitzero"`
	// TWStart and TWEnd bound the service start on the day; TWEnd 0 means
	// no window (see Window).
	TWStart Clock    `json:"tw_start,omitzero"`
	TWEnd   Clock    `json:"tw_end,omitzero"`
	Kind    Kind     `json:"kind"`
	From    string   `json:"from,omitempty"`   // trade-in: the depot or warehouse the new appliance comes from
	Skills  []string `json:"skills,omitempty"` // needed beyond the items' own, e.g. "repair"
	Note    string   `json:"note,omitempty"`   // contact and access note for the route sheet
	Status  Status   `json:"status"`
}

// Window returns the booked service-start window of the day and whether
// there is one.
func (b *Booking) Window() (start, end Clock, ok bool) {
	if b.TWEnd <= 0 {
		return 0, EndOfDay, false
	}
	return b.TWStart, b.TWEnd, true
}

// China's bounding box (mainland and Hainan), for the plausibility check
// of coordinates.
const (
	minLon, maxLon = 73.4, 135.1
	minLat, maxLat = 18.1, 53.6
)

// InChina reports whether lon/lat lies in China's bounding box (73.4–135.1
// E, 18.1–53.6 N): a plausibility check that catches swapped or zero
// coordinates, not a border test.
func InChina(lon, lat float64) bool {
	return lon >= minLon && lon <= maxLon && lat >= minLat && lat <= maxLat
}

// FieldError is a bad field of one booking.
type FieldError struct {
	Field string // the CSV column / JSON key, e.g. "tw_end"
	Msg   string
}

func (e *FieldError) Error() string { return e.Field + ": " + e.Msg }

// FieldPath returns the path of the offending field (Field), so that one
// error mapper can name it for any package's input error.
func (e *FieldError) FieldPath() string { return e.Field }

// Check validates b against the catalog and the planning date (a latest
// date before planDate is an error; planDate 0 skips that check) and fills
// the defaults: kind pickup, status booked, a window without an end
// closes at 24:00. It returns the first bad field.
func (b *Booking) Check(cat Catalog, planDate Date) *FieldError {
	bad := func(f, format string, a ...any) *FieldError {
		return &FieldError{Field: f, Msg: fmt.Sprintf(format, a...)}
	}
	b.ID = strings.TrimSpace(b.ID)
	for _, f := range []struct{ name, v string }{{"id", b.ID}, {"county", b.County}, {"township", b.Township},
		{"from", b.From}, {"note", b.Note}, {"skills", strings.Join(b.Skills, ";")}} {
		if !utf8.ValidString(f.v) {
			return bad(f.name, "not valid UTF-8 text")
		}
	}
	if len(b.Skills) == 0 {
		b.Skills = nil
	}
	switch {
	case b.ID == "":
		return bad("id", "empty")
	case strings.ContainsAny(b.ID, "\n\r\t"):
		return bad("id", "contains a control character")
	case math.IsNaN(b.Lon) || math.IsNaN(b.Lat) || !InChina(b.Lon, b.Lat):
		return bad("lon", "%g,%g is outside China (lon %g–%g, lat %g–%g); are lon and lat swapped?", b.Lon, b.Lat, minLon, maxLon, minLat, maxLat)
	}
	if b.Kind == "" {
		b.Kind = Pickup
	}
	if !slices.Contains(Kinds, b.Kind) {
		return bad("kind", "unknown kind %q (want pickup, trade_in, bulk or service)", b.Kind)
	}
	if b.Status == "" {
		b.Status = Booked
	}
	if !slices.Contains(Statuses, b.Status) {
		return bad("status", "unknown status %q (want booked, scheduled, dispatched, done, failed or cancelled)", b.Status)
	}
	if len(b.Items) == 0 && b.Kind != Service {
		return bad("items", "no items: a %s needs at least one, e.g. refrigerator:1", b.Kind)
	}
	if len(b.Items) > MaxItemLines {
		return bad("items", "%d item lines: at most %d in one booking", len(b.Items), MaxItemLines)
	}
	pieces := 0
	for k, it := range b.Items {
		if _, ok := cat[it.Category]; !ok {
			return bad("items", "unknown category %q (known: %s)", it.Category, strings.Join(cat.Categories(), ", "))
		}
		if it.Count <= 0 || it.Count > MaxPieces {
			return bad("items", "item %d (%s): count %d outside 1…%d", k+1, it.Category, it.Count, MaxPieces)
		}
		if pieces += it.Count; pieces > MaxPieces {
			return bad("items", "more than %d pieces in one booking", MaxPieces)
		}
	}
	if b.TWEnd == 0 && b.TWStart > 0 {
		b.TWEnd = EndOfDay
	}
	switch {
	case b.TWStart < 0 || b.TWStart > EndOfDay || b.TWEnd < 0 || b.TWEnd > EndOfDay:
		return bad("tw_start", "time outside 00:00–24:00")
	case b.TWEnd > 0 && b.TWStart >= b.TWEnd:
		return bad("tw_end", "window %s–%s is reversed or empty", b.TWStart, b.TWEnd)
	case !b.Earliest.IsZero() && !b.Latest.IsZero() && b.Latest < b.Earliest:
		return bad("latest", "%s is before earliest %s", b.Latest, b.Earliest)
	case planDate != 0 && !b.Latest.IsZero() && b.Latest < planDate && b.Status.Open():
		return bad("latest", "%s is before the planning date %s", b.Latest, planDate)
	case b.Kind == TradeIn && strings.TrimSpace(b.From) == "":
		return bad("from", "a trade_in names the depot or warehouse its new appliance comes from")
	}
	b.From = strings.TrimSpace(b.From)
	for k, s := range b.Skills {
		b.Skills[k] = strings.TrimSpace(s)
		if b.Skills[k] == "" || strings.ContainsAny(b.Skills[k], ";, ") {
			return bad("skills", "skill %q: want a name without spaces, commas or semicolons", s)
		}
	}
	return nil
}
