package wire

import (
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/huishou/huishou/optimizer/network"
	"github.com/huishou/huishou/optimizer/schedule"
	"github.com/huishou/huishou/scenarios/region"
)

// PlanGeoJSON returns the network plan and the routed day as GeoJSON:
// open sites (tier, size, capacity, throughput, utilisation, note), demand
// points (supply, collection point, distance, provenance of the point),
// assignment lines, flow lines between tiers, and the day's routes (one
// LineString per truck).
//
// reg gives the provenance of township points (may be nil); day and dp, the
// routed day, may be nil.
func PlanGeoJSON(reg *region.Region, in *network.Input, p *network.Plan, day *schedule.Day, dp *schedule.Plan) *geojson.FeatureCollection {
	fc := geojson.NewFeatureCollection()
	prov := map[string]string{}
	if reg != nil {
		for _, t := range reg.Townships {
			prov[t.Code] = t.Provenance
		}
	}
	for _, o := range p.Open {
		s := in.Sites[o.Site]
		z := s.Sizes[o.Size]
		f := geojson.NewFeature(s.Point)
		f.Properties = geojson.Properties{"kind": "site", "id": s.ID, "name": s.Name, "tier": string(s.Tier), "size": z.Name,
			"capacity_t": z.CapacityT, "throughput_t": Round(o.ThroughputT, 3), "utilisation": Round(o.Utilisation, 4), "storage_utilisation": Round(o.StorageUtilisation, 4),
			"county": s.Group, "note": s.Note}
		fc.Append(f)
	}
	for i, a := range p.Assign {
		d := in.Demand[i]
		if a.Site < 0 {
			continue
		}
		s := in.Sites[a.Site]
		f := geojson.NewFeature(d.Point)
		f.Properties = geojson.Properties{"kind": "demand", "id": d.ID, "name": d.Name, "supply_t": Round(d.Tonnes, 3),
			"assigned_to": s.ID, "distance_km": Round(a.DistanceKm, 3), "covered": a.Covered, "county": d.Group,
			"provenance": prov[d.ID]}
		fc.Append(f)
		if a.DistanceKm > 0 {
			l := geojson.NewFeature(orb.LineString{d.Point, s.Point})
			l.Properties = geojson.Properties{"kind": "assignment", "from": d.ID, "to": s.ID, "tonnes": Round(d.Tonnes, 3), "distance_km": Round(a.DistanceKm, 3)}
			fc.Append(l)
		}
	}
	for _, fl := range p.Flows {
		a, b := in.Sites[fl.From], in.Sites[fl.To]
		f := geojson.NewFeature(orb.LineString{a.Point, b.Point})
		f.Properties = geojson.Properties{"kind": "flow", "from": a.ID, "to": b.ID, "from_tier": string(a.Tier), "to_tier": string(b.Tier),
			"tonnes": Round(fl.Tonnes, 3), "distance_km": Round(fl.DistanceKm, 3)}
		fc.Append(f)
	}
	if dp != nil {
		for _, rt := range dp.Routes {
			v := day.Fleet[rt.Vehicle]
			ls := orb.LineString{v.Depot}
			for _, s := range rt.Stops {
				ls = append(ls, day.Bookings[s.Booking].Point)
			}
			ls = append(ls, v.Depot)
			f := geojson.NewFeature(ls)
			f.Properties = geojson.Properties{"kind": "route", "vehicle": v.ID, "date": day.Date, "stops": len(rt.Stops),
				"distance_km": Round(rt.DistanceKm, 3), "start": schedule.Clock(rt.Start), "end": schedule.Clock(rt.End)}
			fc.Append(f)
		}
	}
	return fc
}
