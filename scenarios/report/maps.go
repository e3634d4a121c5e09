package report

import (
	"bytes"
	"html/template"

	"github.com/paulmach/orb"

	"github.com/huishou/huishou/geo"
	"github.com/huishou/huishou/optimizer/network"
	"github.com/huishou/huishou/optimizer/schedule/booking"
	"github.com/huishou/huishou/optimizer/schedule/dayplan"
	"github.com/huishou/huishou/scenarios"
)

// tierStyle gives each tier its own symbol on the maps.
var tierStyle = map[network.Tier]geo.PointStyle{
	network.CollectionPoint: {Shape: geo.Circle, Fill: geo.TierPalette[0], MinRadius: 1.5, MaxRadius: 5},
	network.TransferStation: {Shape: geo.Square, Fill: geo.TierPalette[1], MinRadius: 3, MaxRadius: 7},
	network.SortingCentre:   {Shape: geo.Triangle, Fill: geo.TierPalette[2], MinRadius: 5, MaxRadius: 10},
	network.Dismantler:      {Shape: geo.Diamond, Fill: geo.TierPalette[3], MinRadius: 7, MaxRadius: 11},
}

// NetworkMap draws the province: county boundaries, the flows between
// tiers, and the open sites of every tier sized by throughput.
func NetworkMap(r *scenarios.Result, widthPx int) *geo.Map {
	var b orb.Bound
	var polys []geo.MapPolygon
	for _, c := range r.Region.Counties {
		if r.Prefecture != "" && c.PrefectureAdcode != r.Prefecture {
			continue
		}
		if len(polys) == 0 {
			b = c.Boundary.Bound()
		} else {
			b = b.Union(c.Boundary.Bound())
		}
		polys = append(polys, geo.MapPolygon{Geom: c.Boundary})
	}
	m := geo.NewMap(b, widthPx)
	m.Title = "Recycling network, " + r.Region.Name
	if r.Prefecture != "" {
		m.Title += ", prefecture " + r.Prefecture
	}
	m.Polygons("counties", polys, geo.PolygonStyle{})
	in := r.Network
	var assign []geo.MapLine
	for i, a := range r.Plan.Assign {
		if a.Site >= 0 && a.DistanceKm > 0 {
			assign = append(assign, geo.MapLine{Path: orb.LineString{in.Demand[i].Point, in.Sites[a.Site].Point}, Label: "assignments"})
		}
	}
	m.Lines("township → collection point", assign, geo.LineStyle{Width: 0.4, Colors: []string{"#c9a227"}})
	var flows []geo.MapLine
	for _, f := range r.Plan.Flows {
		flows = append(flows, geo.MapLine{Path: orb.LineString{in.Sites[f.From].Point, in.Sites[f.To].Point}, Label: "flows"})
	}
	m.Lines("flows between tiers", flows, geo.LineStyle{Width: 0.6, Colors: []string{"#9a9a9a"}})
	for _, t := range network.Tiers {
		var pts []geo.MapPoint
		for _, o := range r.Plan.Open {
			if s := in.Sites[o.Site]; s.Tier == t {
				pts = append(pts, geo.MapPoint{Pt: s.Point, Value: o.ThroughputT})
			}
		}
		m.Points(string(t)+" (by t/yr)", pts, tierStyle[t])
	}
	return m
}

// DayMap draws the routed county: its boundary, the collection points and
// transfer station of the plan, the day's bookings and one coloured route
// per truck.
func DayMap(r *scenarios.Result, widthPx int) *geo.Map {
	c := r.County
	dp := r.DayPlan
	b := c.Boundary.Bound()
	for _, bk := range dp.Bookings {
		b = b.Extend(orb.Point{bk.Lon, bk.Lat})
	}
	m := geo.NewMap(b, widthPx)
	m.Title = "Pickups in " + c.Name + ", " + dp.Date.String()
	m.Polygons("county", []geo.MapPolygon{{Geom: c.Boundary, Label: c.Name}}, geo.PolygonStyle{})
	ix := dp.Index()
	var lines []geo.MapLine
	for k, rt := range dp.Routes {
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
		lines = append(lines, geo.MapLine{Path: ls, Group: k, Label: rt.Vehicle})
	}
	m.Lines("routes", lines, geo.LineStyle{Width: 1.6})
	cat := booking.DefaultCatalog()
	var pts []geo.MapPoint
	for i := range dp.Bookings {
		bk := &dp.Bookings[i]
		pts = append(pts, geo.MapPoint{Pt: orb.Point{bk.Lon, bk.Lat}, Value: cat.Need(bk).PickupKg})
	}
	m.Points("bookings (by kg)", pts, geo.PointStyle{Fill: "#ffffff", MinRadius: 1.8, MaxRadius: 4})
	in := r.Network
	for _, t := range []network.Tier{network.CollectionPoint, network.TransferStation} {
		var sites []geo.MapPoint
		for _, o := range r.Plan.Open {
			if s := in.Sites[o.Site]; s.Tier == t && s.Group == c.Adcode {
				sites = append(sites, geo.MapPoint{Pt: s.Point, Value: o.ThroughputT})
			}
		}
		m.Points(string(t), sites, tierStyle[t])
	}
	return m
}

// maps draws the network map and the day map as inline SVG.
func maps(r *scenarios.Result) (province, county template.HTML, err error) {
	var a, b bytes.Buffer
	if err := NetworkMap(r, 760).WriteSVG(&a); err != nil {
		return "", "", err
	}
	if r.DayPlan == nil {
		return template.HTML(a.String()), "", nil
	}
	if err := DayMap(r, 760).WriteSVG(&b); err != nil {
		return "", "", err
	}
	return template.HTML(a.String()), template.HTML(b.String()), nil
}
