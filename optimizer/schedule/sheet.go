package schedule

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Clock formats seconds after midnight as HH:MM.
func Clock(sec int) string {
	return fmt.Sprintf("%02d:%02d", sec/3600, (sec%3600)/60)
}

// ItemsText describes a booking's items, e.g. "refrigerator×1; television×2".
func ItemsText(b *Booking) string {
	parts := make([]string, len(b.Items))
	for i, it := range b.Items {
		parts[i] = fmt.Sprintf("%s×%d", it.Category, it.Count)
	}
	return strings.Join(parts, "; ")
}

// SheetHeader is the header of a route sheet CSV.
var SheetHeader = []string{"vehicle", "stop", "booking", "name", "place", "lon", "lat",
	"eta", "service_start", "departure", "window", "items", "weight_kg", "volume_l",
	"load_kg", "load_l", "leg_km", "two_person", "late"}

// WriteSheetCSV writes the route sheet of route r of plan p: a depot row,
// one row per stop in order with ETA, items and loads, and a return row.
func WriteSheetCSV(w io.Writer, d *Day, p *Plan, r int) error {
	if r < 0 || r >= len(p.Routes) {
		return fmt.Errorf("schedule: route %d of %d", r, len(p.Routes))
	}
	rt := p.Routes[r]
	v := d.Fleet[rt.Vehicle]
	cw := csv.NewWriter(w)
	f := func(x float64, prec int) string { return strconv.FormatFloat(x, 'f', prec, 64) }
	rows := [][]string{SheetHeader,
		{v.ID, "0", "", "depart " + v.DepotName, v.DepotName, f(v.Depot[0], 5), f(v.Depot[1], 5), Clock(rt.Start), "", Clock(rt.Start), "", "", "", "", "0", "0", "0", "", ""}}
	for i, s := range rt.Stops {
		b := &d.Bookings[s.Booking]
		kg, l, _ := b.Load()
		win := ""
		if b.Window[1] > 0 {
			win = Clock(b.Window[0]) + "-" + Clock(b.Window[1])
		}
		rows = append(rows, []string{v.ID, strconv.Itoa(i + 1), b.ID, b.Name, b.Place, f(b.Point[0], 5), f(b.Point[1], 5),
			Clock(s.Arrival), Clock(s.Start), Clock(s.Departure), win, ItemsText(b), f(kg, 1), f(l, 0),
			f(s.LoadKg, 1), f(s.LoadL, 0), f(s.LegKm, 2), strconv.FormatBool(needsTwo(b)), strconv.FormatBool(s.Late)})
	}
	last := rt.DistanceKm
	for _, s := range rt.Stops {
		last -= s.LegKm
	}
	end := []string{v.ID, strconv.Itoa(len(rt.Stops) + 1), "", "return " + v.DepotName, v.DepotName, f(v.Depot[0], 5), f(v.Depot[1], 5), Clock(rt.End), "", "", "", "", "", "", "", "", f(last, 2), "", ""}
	if n := len(rt.Stops); n > 0 {
		end[14], end[15] = f(rt.Stops[n-1].LoadKg, 1), f(rt.Stops[n-1].LoadL, 0)
	}
	rows = append(rows, end)
	if err := cw.WriteAll(rows); err != nil {
		return fmt.Errorf("schedule: route sheet: %w", err)
	}
	return nil
}
