package stage

import (
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/huishou/huishou/optimizer/schedule/booking"
	"github.com/huishou/huishou/optimizer/schedule/fleet"
	"github.com/huishou/huishou/optimizer/schedule/gen"
	"github.com/huishou/huishou/optimizer/supply"
	"github.com/huishou/huishou/scenarios/region"
	"github.com/huishou/huishou/scenarios/wire"
)

// Defaults of a routed day.
const (
	DefaultCounty = "510182" // 彭州市: plain and mountain townships, 13 of them
)

// DefaultDate is the default routed day: 18 June, the 618 trade-in
// festival.
var DefaultDate = time.Date(2025, time.June, 18, 0, 0, 0, 0, time.UTC)

// BookingSource returns what the booking generator (optimizer/schedule/gen)
// needs for the given counties of a region: their townships (equal shares
// of the county: the region has no township populations) and the
// forecast's expected units per day and category, by county and month.
// It is an error for a county to be missing from the region or the
// forecast.
func BookingSource(reg *region.Region, fc *supply.Result, counties []string) ([]gen.Township, func(string, booking.Date) map[string]float64, error) {
	var towns []gen.Township
	for _, a := range counties {
		c, ok := reg.County(a)
		if !ok {
			return nil, nil, fmt.Errorf("stage: county %q is not in region %s", a, reg.Name)
		}
		if fc.ByArea(a) == nil {
			return nil, nil, fmt.Errorf("stage: county %q has no forecast", a)
		}
		for _, t := range reg.TownshipsOf(a) {
			towns = append(towns, gen.Township{Code: t.Code, Name: t.Name, County: a, Lon: t.Point[0], Lat: t.Point[1],
				Urban: c.Terrain == region.TerrainUrban})
		}
	}
	rate := func(county string, d booking.Date) map[string]float64 {
		m := map[string]float64{}
		month := d.Time().Month() - 1
		for _, r := range fc.ByArea(county) {
			m[r.Category] = r.PerDayByMonth[month]
		}
		return m
	}
	return towns, rate, nil
}

// Walk-in share and stock of the collection points made by Depots.
// UNSOURCED assumptions: a third of a collection point's yearly
// throughput is brought by households and stores (the rest is collected
// by truck), and it holds three days of that when the plan starts.
const (
	WalkInShare = 1.0 / 3
	StockDays   = 3
)

// Depots returns the operations depots of the given counties: each
// county's transfer station (the plan's, else its seat, id ts-ADCODE),
// the plan's collection points with their storage (代收代储: storage from
// the site's size, a daily inflow of WalkInShare of its throughput in
// pieces by the county's category mix, StockDays of it in stock, parent
// the transfer station), and a front warehouse of new appliances (id
// wh-ADCODE, an assumed place: the county's first township other than the
// seat's point). plan may be nil.
func Depots(reg *region.Region, fc *supply.Result, plan *wire.Plan, counties []string) ([]fleet.Depot, error) {
	var out []fleet.Depot
	for _, a := range counties {
		c, ok := reg.County(a)
		if !ok {
			return nil, fmt.Errorf("stage: county %q is not in region %s", a, reg.Name)
		}
		area := c.Area().Name
		ts := fleet.Depot{ID: "ts-" + a, Name: c.Name + " 中转站", Kind: fleet.TransferStation, Lon: c.Seat[0], Lat: c.Seat[1], County: a, Area: area}
		var cps []fleet.Depot
		if plan != nil {
			for _, s := range plan.Sites {
				if s.County != a {
					continue
				}
				switch s.Tier {
				case "transfer_station":
					ts.ID, ts.Name, ts.Lon, ts.Lat = s.ID, s.Name, s.Lon, s.Lat
				case "collection_point":
					cp := fleet.Depot{ID: s.ID, Name: s.Name, Kind: fleet.CollectionPoint, Lon: s.Lon, Lat: s.Lat, County: a, Area: area,
						StorageL: s.StorageM3 * 1000}
					cp.Inflow = dailyPieces(fc, a, s.ThroughputT*WalkInShare/365)
					for _, it := range cp.Inflow {
						cp.Stock = append(cp.Stock, booking.Item{Category: it.Category, Count: it.Count * StockDays})
					}
					cps = append(cps, cp)
				}
			}
		}
		for i := range cps {
			cps[i].Parent = ts.ID
		}
		wh := fleet.Depot{ID: "wh-" + a, Name: c.Name + " 前置仓 (assumed)", Kind: fleet.Warehouse, Lon: c.Seat[0] + 0.01, Lat: c.Seat[1], County: a, Area: area}
		for _, t := range reg.TownshipsOf(a) {
			if t.Point != c.Seat {
				wh.Lon, wh.Lat = t.Point[0], t.Point[1]
				break
			}
		}
		out = append(out, ts)
		out = append(out, cps...)
		out = append(out, wh)
	}
	return out, nil
}

// dailyPieces converts tonnes per day of a county into whole pieces per
// day by the county's category mix (rounded, mobile phones left out).
func dailyPieces(fc *supply.Result, county string, tonnes float64) booking.Items {
	rows := fc.ByArea(county)
	totT := 0.0
	for _, r := range rows {
		if r.Category != "mobile_phone" {
			totT += r.Tonnes
		}
	}
	if totT == 0 || !(tonnes > 0) {
		return nil
	}
	var out booking.Items
	for _, r := range rows {
		if r.Category == "mobile_phone" || r.Units == 0 {
			continue
		}
		units := tonnes * (r.Tonnes / totT) / (r.Tonnes / r.Units)
		if n := int(math.Round(units)); n > 0 {
			out = append(out, booking.Item{Category: r.Category, Count: n})
		}
	}
	slices.SortFunc(out, func(a, b booking.Item) int {
		switch {
		case a.Category < b.Category:
			return -1
		case a.Category > b.Category:
			return 1
		}
		return 0
	})
	return out
}

// Sources returns the trade-in sources of each county among depots: its
// transfer station and its warehouse, for gen.Options.Sources.
func Sources(depots []fleet.Depot) map[string][]string {
	out := map[string][]string{}
	for _, d := range depots {
		if d.County != "" && (d.Kind == fleet.TransferStation || d.Kind == fleet.Warehouse) {
			out[d.County] = append(out[d.County], d.ID)
		}
	}
	return out
}
