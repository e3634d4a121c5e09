package dayplan

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"

	"github.com/huishou/huishou/optimizer/schedule/booking"
)

// ETASlack is the half-width of the arrival window a route sheet promises
// a household: the planned service start ± 30 minutes, within the booked
// window.
const ETASlack = 30 * 60

// SheetRow is one line of a vehicle's route sheet: leaving the depot, a
// stop, or returning.
type SheetRow struct {
	Seq     int          `json:"seq"`               // 0 leaving the depot, 1… the stops, n+1 back
	Type    string       `json:"type"`              // depart, visit, load, break, return
	Booking string       `json:"booking,omitempty"` // visit and load
	Kind    booking.Kind `json:"kind,omitempty"`    // visit
	Place   string       `json:"place"`             // township (or depot name)
	Lon     float64      `json:"lon"`
	Lat     float64      `json:"lat"`
	Arrival Time         `json:"arrival"`
	Start   Time         `json:"start"`
	Depart  Time         `json:"departure"`
	// ETAFrom and ETATo are the arrival window to tell the customer.
	ETAFrom    Time    `json:"eta_from"`
	ETATo      Time    `json:"eta_to"`
	Window     string  `json:"window,omitempty"` // booked window "09:00–12:00", "" for none
	Items      string  `json:"items,omitempty"`  // what is picked up (and delivered, for a trade-in)
	LoadKg     float64 `json:"load_kg"`
	LoadLitres float64 `json:"load_litres"`
	LoadPieces int     `json:"load_pieces"`
	Km         float64 `json:"km"` // driven since the depot, on arrival
	Note       string  `json:"note,omitempty"`
}

// SheetTotals sum up a route sheet.
type SheetTotals struct {
	Stops     int     `json:"stops"`     // visits
	Km        float64 `json:"km"`        // depot to depot
	Hours     float64 `json:"hours"`     // depot to depot
	Pieces    int     `json:"pieces"`    // appliances collected
	Delivered int     `json:"delivered"` // new appliances delivered
	Kg        float64 `json:"kg"`        // collected
}

// Sheet returns the route sheet of p.Routes[r]: rows in order and totals.
func (p *Plan) Sheet(r int, ix Index, cat booking.Catalog) ([]SheetRow, SheetTotals) {
	rt := &p.Routes[r]
	dep := ix.Depot[rt.Depot]
	name, lon, lat := rt.Depot, 0.0, 0.0
	if dep != nil {
		lon, lat = dep.Lon, dep.Lat
		if dep.Name != "" {
			name = dep.Name
		}
	}
	rows := []SheetRow{{Seq: 0, Type: "depart", Place: name, Lon: lon, Lat: lat, Arrival: rt.Start, Start: rt.Start, Depart: rt.Start}}
	var tot SheetTotals
	for i, s := range rt.Stops {
		row := SheetRow{Seq: i + 1, Type: s.Type, Booking: s.Booking, Kind: s.Kind, Lon: s.Lon, Lat: s.Lat,
			Arrival: s.Arrival, Start: s.Start, Depart: s.Departure, LoadKg: s.LoadKg, LoadLitres: s.LoadLitres,
			LoadPieces: s.LoadPieces, Km: float64(s.DistanceM) / 1000}
		if b := ix.Booking[s.Booking]; b != nil {
			row.Place = b.Township
			row.Note = b.Note
			switch s.Type {
			case Load:
				row.Items = "new: " + ItemsText(b.Items, cat)
				if d := ix.Depot[b.From]; d != nil {
					row.Place = d.Name
					if row.Place == "" {
						row.Place = d.ID
					}
				}
				row.Note = "load for " + b.ID
			case Visit:
				tot.Stops++
				row.Items = ItemsText(b.Items, cat)
				if b.Kind == booking.TradeIn {
					row.Items = "deliver new and collect " + row.Items
					tot.Delivered += b.Items.Pieces()
				}
				if b.Kind != booking.Service || len(b.Items) > 0 {
					n := cat.Need(b)
					tot.Pieces += n.PickupPieces
					tot.Kg += n.PickupKg
				}
				ws, we, ok := b.Window()
				row.ETAFrom, row.ETATo = s.Start-ETASlack, s.Start+ETASlack
				if ok {
					row.Window = ws.String() + "–" + we.String()
					row.ETAFrom = max(row.ETAFrom, Time(ws))
					row.ETATo = min(row.ETATo, Time(we))
				}
				row.ETAFrom = min(max(row.ETAFrom, rt.Start), s.Start)
				row.ETATo = max(row.ETATo, s.Start)
			}
		}
		if s.Type == Break {
			row.Place = "break"
		}
		rows = append(rows, row)
	}
	last := SheetRow{Seq: len(rt.Stops) + 1, Type: "return", Place: name, Lon: lon, Lat: lat, Arrival: rt.End, Start: rt.End, Depart: rt.End,
		Km: float64(rt.DistanceM) / 1000}
	if n := len(rt.Stops); n > 0 {
		s := rt.Stops[n-1]
		last.LoadKg, last.LoadLitres, last.LoadPieces = s.LoadKg, s.LoadLitres, s.LoadPieces
	}
	rows = append(rows, last)
	tot.Km = float64(rt.DistanceM) / 1000
	tot.Hours = float64(rt.DurationS) / 3600
	return rows, tot
}

// SheetColumns are the columns of a route sheet CSV.
var SheetColumns = []string{"vehicle", "seq", "type", "booking", "kind", "place", "lon", "lat", "arrival", "start", "departure",
	"eta_from", "eta_to", "window", "items", "load_kg", "load_litres", "load_pieces", "km", "note"}

// WriteSheetCSV writes the route sheet of p.Routes[r] as CSV: a header
// (SheetColumns), the rows, and a totals row.
func (p *Plan) WriteSheetCSV(w io.Writer, r int, ix Index, cat booking.Catalog) error {
	if r < 0 || r >= len(p.Routes) {
		return fmt.Errorf("dayplan: route %d of %d", r, len(p.Routes))
	}
	rows, tot := p.Sheet(r, ix, cat)
	v := p.Routes[r].Vehicle
	f := func(x float64, d int) string { return strconv.FormatFloat(x, 'f', d, 64) }
	t := func(x Time) string {
		if x == 0 {
			return ""
		}
		return x.HM()
	}
	out := [][]string{SheetColumns}
	for _, s := range rows {
		out = append(out, []string{v, strconv.Itoa(s.Seq), s.Type, s.Booking, string(s.Kind), s.Place, f(s.Lon, 5), f(s.Lat, 5),
			s.Arrival.String(), s.Start.String(), s.Depart.String(), t(s.ETAFrom), t(s.ETATo), s.Window, s.Items,
			f(s.LoadKg, 1), f(s.LoadLitres, 0), strconv.Itoa(s.LoadPieces), f(s.Km, 2), s.Note})
	}
	out = append(out, []string{v, "", "total", "", "", fmt.Sprintf("%d stops", tot.Stops), "", "", "", "", "", "", "", "",
		fmt.Sprintf("%d collected, %d delivered", tot.Pieces, tot.Delivered), f(tot.Kg, 1), "", "", f(tot.Km, 2), fmt.Sprintf("%.2f h", tot.Hours)})
	cw := csv.NewWriter(w)
	if err := cw.WriteAll(out); err != nil {
		return fmt.Errorf("dayplan: route sheet: %w", err)
	}
	return nil
}
