package routeio

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/huishou/huishou/optimizer/route"
)

// The input formats a Meta can come from.
const (
	FormatVROOM = "vroom" // VROOM's JSON problem format
	FormatJSON  = "json"  // Huishou's native JSON format
)

// ID is an identifier from the input, kept as its JSON text: 17 for a
// number, "\"wang\"" for a string. Writers print it back as it came.
type ID string

// IntID returns the ID of the integer n.
func IntID(n int) ID { return ID(strconv.Itoa(n)) }

// String returns the id without JSON quotes.
func (id ID) String() string {
	if s, err := strconv.Unquote(string(id)); err == nil && strings.HasPrefix(string(id), `"`) {
		return s
	}
	return string(id)
}

// MarshalJSON writes the id as it was read (null when empty).
func (id ID) MarshalJSON() ([]byte, error) {
	if id == "" {
		return []byte("null"), nil
	}
	if !json.Valid([]byte(id)) {
		return json.Marshal(string(id))
	}
	return []byte(id), nil
}

// Location is what the input said about one matrix location.
type Location struct {
	// Name is the location's name in the native format ("" in VROOM).
	Name string
	// Lon and Lat are its WGS84 coordinates when HasCoord.
	Lon, Lat float64
	HasCoord bool
}

// Meta keeps what the writers need beside the route.Problem: the input's
// ids, coordinates, units and scales.
type Meta struct {
	// Format is the format read: FormatVROOM or FormatJSON ("" for a Meta
	// made by DefaultMeta).
	Format string
	// JobIDs are the ids of Problem.Clients, in order.
	JobIDs []ID
	// ShipmentIDs are the ids of the pickup and the delivery of each
	// Problem.Shipments entry (VROOM gives each its own; the native format
	// one id for both).
	ShipmentIDs [][2]ID
	// VehicleIDs are the ids of Problem.Vehicles.
	VehicleIDs []ID
	// BreakIDs are the ids of each vehicle's breaks.
	BreakIDs [][]ID
	// Locations describe the matrix locations, one entry each.
	Locations []Location
	// MatrixGiven is true when the input gave the matrix (VROOM
	// location_index, native "matrix"); false when it was estimated from
	// coordinates.
	MatrixGiven bool
	// HasDistance is false when the input gave durations only; distances
	// then equal durations internally and are not written.
	HasDistance bool
	// CostScale is the number of integer cost units per unit of the
	// input's currency: 1 for VROOM, 100 for the native format (costs in
	// cents). TimeScale is the number of integer time units per second
	// (1 for both formats).
	CostScale, TimeScale float64
	// DistanceScale is the number of integer distance units per metre
	// (or per unit of a benchmark's plane); 0 means 1. WriteJSON divides
	// distances by it, and times and durations by TimeScale.
	DistanceScale float64
	// Dimensions names the capacity dimensions (native format); nil for
	// VROOM, whose amounts are plain arrays.
	Dimensions []string
	// Dims is the number of capacity dimensions in the input: 0 when it
	// gave none (the Problem then has one unlimited dimension).
	Dims int
	// Skills names skill k (native format); nil for VROOM's integer skills.
	Skills []string
	// Clock is true when the input wrote times as "HH:MM" (native format);
	// the native writer then does too.
	Clock bool
	// Area is the terrain whose circuity and speed estimated the matrix
	// from coordinates (native options.area: plain, urban or mountain).
	Area string
	// Loading is the time the reader took (VROOM computing_times.loading).
	Loading time.Duration
	// Descriptions holds VROOM description strings by task or vehicle key
	// ("job:3", "pickup:5", "vehicle:1"), for the output.
	Descriptions map[string]string
}

// DefaultMeta returns a Meta for a Problem that came from elsewhere (a
// benchmark file): ids are 1-based indices, no coordinates, scales 1.
func DefaultMeta(p *route.Problem) *Meta {
	m := &Meta{CostScale: 1, TimeScale: 1, HasDistance: true, MatrixGiven: true}
	for i := range p.Clients {
		m.JobIDs = append(m.JobIDs, IntID(i+1))
	}
	for i := range p.Shipments {
		m.ShipmentIDs = append(m.ShipmentIDs, [2]ID{IntID(i + 1), IntID(i + 1)})
	}
	for i, v := range p.Vehicles {
		m.VehicleIDs = append(m.VehicleIDs, IntID(i+1))
		var b []ID
		for k := range v.Breaks {
			b = append(b, IntID(k+1))
		}
		m.BreakIDs = append(m.BreakIDs, b)
	}
	if len(p.Vehicles) == 0 { // one implicit vehicle type
		m.VehicleIDs, m.BreakIDs = []ID{"1"}, [][]ID{nil}
	}
	n := p.N
	if p.Dist == nil && p.Matrix != nil {
		n = p.Matrix.N
	}
	m.Locations = make([]Location, n)
	if len(p.Vehicles) > 0 {
		m.Dims = len(p.Vehicles[0].Capacity)
	}
	for _, c := range p.Clients {
		m.Dims = max(m.Dims, len(c.Demand), len(c.Delivery))
	}
	return m
}

// clock formats a time of day in seconds as HH:MM, or HH:MM:SS when the
// seconds are not zero.
func clock(t int64) string {
	sign := ""
	if t < 0 {
		sign, t = "-", -t
	}
	if t%60 != 0 {
		return fmt.Sprintf("%s%02d:%02d:%02d", sign, t/3600, t/60%60, t%60)
	}
	return fmt.Sprintf("%s%02d:%02d", sign, t/3600, t/60%60)
}

// parseClock reads "HH:MM" or "HH:MM:SS" (hours may exceed 23 for a
// schedule past midnight) as seconds.
func parseClock(s string) (int64, bool) {
	parts := strings.Split(s, ":")
	if len(parts) < 2 || len(parts) > 3 {
		return 0, false
	}
	var v [3]int64
	for i, p := range parts {
		if len(p) == 0 || len(p) > 3 || (i > 0 && len(p) != 2) {
			return 0, false
		}
		n, err := strconv.ParseInt(p, 10, 64)
		if err != nil || n < 0 || (i > 0 && n > 59) {
			return 0, false
		}
		v[i] = n
	}
	return v[0]*3600 + v[1]*60 + v[2], true
}
