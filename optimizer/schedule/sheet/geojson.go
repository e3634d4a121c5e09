package sheet

import (
	"io"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/huishou/huishou/geo"
	"github.com/huishou/huishou/optimizer/schedule/dayplan"
)

// WriteGeoJSON writes the routes of the plan as a GeoJSON
// FeatureCollection: per route a LineString from the depot through its
// stops and back (vehicle, depot, date, stops, distance_km, duration_h,
// start, end) and a Point per stop (vehicle, seq, type, booking, kind,
// place, arrival, start, departure, eta_from, eta_to, items, load_kg,
// load_litres, load_pieces, note).
func WriteGeoJSON(w io.Writer, p *dayplan.Plan, opt Options) error {
	opt.fill(p)
	ix := p.Index()
	fc := geojson.NewFeatureCollection()
	for _, r := range opt.Routes {
		if r < 0 || r >= len(p.Routes) {
			continue
		}
		rt := &p.Routes[r]
		rows, tot := p.Sheet(r, ix, opt.Catalog)
		var ls orb.LineString
		for _, row := range rows {
			if row.Type != dayplan.Break {
				ls = append(ls, orb.Point{row.Lon, row.Lat})
			}
		}
		f := geojson.NewFeature(ls)
		f.Properties = geojson.Properties{"kind": "route", "vehicle": rt.Vehicle, "depot": rt.Depot, "date": p.Date.String(),
			"stops": tot.Stops, "distance_km": tot.Km, "duration_h": tot.Hours, "start": rt.Start.String(), "end": rt.End.String(),
			"collected": tot.Pieces, "collected_kg": tot.Kg, "delivered": tot.Delivered}
		fc.Append(f)
		for _, row := range rows {
			if row.Type != dayplan.Visit && row.Type != dayplan.Load {
				continue
			}
			s := geojson.NewFeature(orb.Point{row.Lon, row.Lat})
			s.Properties = geojson.Properties{"kind": "stop", "vehicle": rt.Vehicle, "seq": row.Seq, "type": row.Type, "booking": row.Booking,
				"booking_kind": string(row.Kind), "place": row.Place, "arrival": row.Arrival.String(), "start": row.Start.String(),
				"departure": row.Depart.String(), "items": row.Items, "load_kg": row.LoadKg, "load_litres": row.LoadLitres,
				"load_pieces": row.LoadPieces, "note": row.Note}
			if row.ETATo > 0 {
				s.Properties["eta_from"], s.Properties["eta_to"] = row.ETAFrom.HM(), row.ETATo.HM()
			}
			fc.Append(s)
		}
	}
	return geo.WriteFeatureCollection(w, fc)
}
