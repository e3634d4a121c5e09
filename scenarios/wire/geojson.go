package wire

import (
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/huishou/huishou/optimizer/network"
	"github.com/huishou/huishou/optimizer/schedule/dayplan"
	"github.com/huishou/huishou/scenarios/region"
)

// PlanGeoJSON returns the network plan and the routed day as GeoJSON:
// open sites (tier, size, capacity, throughput, utilisation, note), demand
// points (supply, collection point, distance, provenance of the point),
// assignment lines, flow lines between tiers, and the day's routes (one
// LineString per truck).
//
// reg gives the provenance of township points (may be nil); dp, the routed
// day, may be nil.
func PlanGeoJSON(reg *region.Region, in *network.Input, p *network.Plan, dp *dayplan.Plan) *geojson.FeatureCollection {
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
		ix := dp.Index()
		for _, rt := range dp.Routes {
			var ls orb.LineString
			if d := ix.Depot[rt.Depot]; d != nil {
				ls = append(ls, orb.Point{d.Lon, d.Lat})
			}
			for _, s := range rt.Stops {
				if s.Type != dayplan.Break {
					ls = append(ls, orb.Point{s.Lon, s.Lat})
				}
			}
			if len(ls) > 0 {
				ls = append(ls, ls[0])
			}
			f := geojson.NewFeature(ls)
			f.Properties = geojson.Properties{"kind": "route", "vehicle": rt.Vehicle, "depot": rt.Depot, "date": dp.Date.String(), "stops": len(rt.Stops),
				"distance_km": Round(float64(rt.DistanceM)/1000, 3), "start": rt.Start.HM(), "end": rt.End.HM()}
			fc.Append(f)
		}
	}
	return fc
}
