package report

import (
	"bytes"
	"fmt"
	"html/template"
	"regexp"
	"slices"
	"strings"

	"github.com/paulmach/orb"

	"github.com/huishou/huishou/geo"
	"github.com/huishou/huishou/optimizer/network"
	"github.com/huishou/huishou/optimizer/schedule/booking"
	"github.com/huishou/huishou/optimizer/schedule/dayplan"
	"github.com/huishou/huishou/scenarios"
	"github.com/huishou/huishou/scenarios/region"
)

// tierStyle gives each tier its own symbol on the maps.
var tierStyle = map[network.Tier]geo.PointStyle{
	network.CollectionPoint: {Shape: geo.Circle, Fill: geo.TierPalette[0], MinRadius: 1.5, MaxRadius: 5},
	network.TransferStation: {Shape: geo.Square, Fill: geo.TierPalette[1], MinRadius: 3, MaxRadius: 7},
	network.SortingCentre:   {Shape: geo.Triangle, Fill: geo.TierPalette[2], MinRadius: 5, MaxRadius: 10},
	network.Dismantler:      {Shape: geo.Diamond, Fill: geo.TierPalette[3], MinRadius: 7, MaxRadius: 11},
	network.FrontWarehouse:  {Shape: geo.Square, Fill: geo.TierPalette[4], MinRadius: 3, MaxRadius: 8},
}

// regionMap starts a map of the counties planned (of the prefecture, when
// one is planned), framed on their boundaries or, without boundaries, on
// the plan's points.
func regionMap(r *scenarios.Result, widthPx int) *geo.Map {
	var b orb.Bound
	var polys []geo.MapPolygon
	first := true
	extend := func(x orb.Bound) {
		if first {
			b, first = x, false
		} else {
			b = b.Union(x)
		}
	}
	for _, c := range r.Region.Counties {
		if r.Prefecture != "" && c.PrefectureAdcode != r.Prefecture {
			continue
		}
		if len(c.Boundary) > 0 {
			extend(c.Boundary.Bound())
			polys = append(polys, geo.MapPolygon{Geom: c.Boundary})
		}
	}
	if len(polys) == 0 {
		for _, d := range r.Network.Demand {
			extend(orb.Bound{Min: d.Point, Max: d.Point})
		}
		for _, o := range r.Plan.Open {
			p := r.Network.Sites[o.Site].Point
			extend(orb.Bound{Min: p, Max: p})
		}
		b = b.Pad(0.02)
	}
	m := geo.NewMap(b, widthPx)
	if len(polys) > 0 {
		m.Polygons("counties", polys, geo.PolygonStyle{})
	}
	return m
}

// NetworkMap draws the province: county boundaries, the flows between
// tiers, and the open sites of every tier sized by throughput.
func NetworkMap(r *scenarios.Result, widthPx int) *geo.Map {
	m := regionMap(r, widthPx)
	m.Title = "Recycling network, " + r.Scenario.Name
	if r.Prefecture != "" {
		m.Title += ", prefecture " + r.Prefecture
	}
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
	for _, t := range append(network.Tiers, network.FrontWarehouse) {
		var pts []geo.MapPoint
		for _, o := range r.Plan.Open {
			if s := in.Sites[o.Site]; s.Tier == t {
				pts = append(pts, geo.MapPoint{Pt: s.Point, Value: o.ThroughputT})
			}
		}
		if len(pts) > 0 || t != network.FrontWarehouse {
			m.Points(string(t)+" (by t/yr)", pts, tierStyle[t])
		}
	}
	return m
}

// ChangeMap draws one scenario of a comparison: the counties of reg (of
// the scenario's prefecture; none when reg is nil), its open sites small
// and grey, the sites opened against the baseline large and green, the
// sites it closed large and red (at their place in the baseline).
func ChangeMap(c, base *scenarios.Compared, reg *region.Region, widthPx int) *geo.Map {
	s := c.Summary()
	var b orb.Bound
	first := true
	extend := func(x orb.Bound) {
		if first {
			b, first = x, false
		} else {
			b = b.Union(x)
		}
	}
	var polys []geo.MapPolygon
	if reg != nil {
		for _, ct := range reg.Counties {
			if (s.Prefecture == "" || ct.PrefectureAdcode == s.Prefecture) && len(ct.Boundary) > 0 {
				extend(ct.Boundary.Bound())
				polys = append(polys, geo.MapPolygon{Geom: ct.Boundary})
			}
		}
	}
	at := map[string]orb.Point{}
	for _, x := range append(slices.Clone(base.Summary().Sites), s.Sites...) {
		at[x.ID] = orb.Point{x.Lon, x.Lat}
		if len(polys) == 0 {
			extend(orb.Bound{Min: at[x.ID], Max: at[x.ID]})
		}
	}
	if len(polys) == 0 {
		b = b.Pad(0.02)
	}
	m := geo.NewMap(b, widthPx)
	m.Title = c.Name
	if len(polys) > 0 {
		m.Polygons("counties", polys, geo.PolygonStyle{})
	}
	var open []geo.MapPoint
	for _, x := range s.Sites {
		open = append(open, geo.MapPoint{Pt: orb.Point{x.Lon, x.Lat}, Value: 1})
	}
	m.Points(fmt.Sprintf("open (%d)", len(open)), open, geo.PointStyle{Fill: "#bbbbbb", MinRadius: 1.5, MaxRadius: 1.5})
	pts := func(ids []string) []geo.MapPoint {
		var out []geo.MapPoint
		for _, id := range ids {
			out = append(out, geo.MapPoint{Pt: at[id], Value: 1})
		}
		return out
	}
	m.Points(fmt.Sprintf("opened (%d)", len(c.Opened)), pts(c.Opened), geo.PointStyle{Shape: geo.Triangle, Fill: "#1a9850", MinRadius: 4, MaxRadius: 4})
	m.Points(fmt.Sprintf("closed (%d)", len(c.Closed)), pts(c.Closed), geo.PointStyle{Shape: geo.Diamond, Fill: "#d73027", MinRadius: 4, MaxRadius: 4})
	return m
}

// DayMap draws a day of operations: the counties operated, the plan's
// collection points and transfer stations there, the day's bookings and
// one coloured route per vehicle.
func DayMap(r *scenarios.Result, dp *dayplan.Plan, widthPx int) *geo.Map {
	var b orb.Bound
	first := true
	extend := func(x orb.Bound) {
		if first {
			b, first = x, false
		} else {
			b = b.Union(x)
		}
	}
	in := map[string]bool{}
	var polys []geo.MapPolygon
	for _, c := range r.OpsCounties {
		in[c.Adcode] = true
		if len(c.Boundary) > 0 {
			extend(c.Boundary.Bound())
			polys = append(polys, geo.MapPolygon{Geom: c.Boundary, Label: c.Name})
		} else {
			extend(orb.Bound{Min: c.Seat, Max: c.Seat})
		}
	}
	for _, bk := range dp.Bookings {
		extend(orb.Bound{Min: orb.Point{bk.Lon, bk.Lat}, Max: orb.Point{bk.Lon, bk.Lat}})
	}
	m := geo.NewMap(b, widthPx)
	m.Title = "Pickups, " + dp.Date.String()
	if len(polys) > 0 {
		m.Polygons("counties", polys, geo.PolygonStyle{})
	}
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
	for _, t := range []network.Tier{network.CollectionPoint, network.TransferStation} {
		var sites []geo.MapPoint
		for _, o := range r.Plan.Open {
			if s := r.Network.Sites[o.Site]; s.Tier == t && in[s.Group] {
				sites = append(sites, geo.MapPoint{Pt: s.Point, Value: o.ThroughputT})
			}
		}
		m.Points(string(t), sites, tierStyle[t])
	}
	return m
}

// svgWithIDs renders m as SVG whose ids (and the references to them) carry
// prefix, so that several maps can share a page.
func svgWithIDs(m *geo.Map, prefix string) (string, error) {
	var b bytes.Buffer
	if err := m.WriteSVG(&b); err != nil {
		return "", err
	}
	s := b.String()
	for _, id := range idRE.FindAllStringSubmatch(s, -1) {
		s = strings.ReplaceAll(s, `id="`+id[1]+`"`, `id="`+prefix+id[1]+`"`)
		s = strings.ReplaceAll(s, `url(#`+id[1]+`)`, `url(#`+prefix+id[1]+`)`)
	}
	return s, nil
}

var idRE = regexp.MustCompile(`id="([^"]+)"`)

// maps draws the network map and the day map as inline SVG.
func maps(r *scenarios.Result) (province, county template.HTML, err error) {
	a, err := svgWithIDs(NetworkMap(r, 760), "network-")
	if err != nil {
		return "", "", err
	}
	if len(r.Days) == 0 {
		return template.HTML(a), "", nil
	}
	b, err := svgWithIDs(DayMap(r, r.Days[0], 760), "day-")
	if err != nil {
		return "", "", err
	}
	return template.HTML(a), template.HTML(b), nil
}
