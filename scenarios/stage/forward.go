package stage

import (
	"fmt"
	"slices"

	"github.com/huishou/huishou/optimizer/network"
	"github.com/huishou/huishou/optimizer/supply"
	"github.com/huishou/huishou/scenarios/region"
)

// ForwardOptions shape the delivery side added by AddForward. The zero
// value works: warehouse candidates at the county seats, shared with the
// transfer station.
type ForwardOptions struct {
	// Candidates is "seats" (default: one candidate per county seat) or
	// "seats_and_towns" (also every 镇 of the county).
	Candidates string
	// Separate, when true, makes a warehouse at the seat pay its own fixed
	// cost beside the transfer station (no shared site).
	Separate bool
	// Sales, by township code, replaces the township's new-appliance sales
	// (units per year of the categories delivered by van).
	Sales map[string]float64
}

// ParcelCategories are delivered and returned by parcel, not by the
// delivery vans: they count in neither deliveries nor trade-ins.
var ParcelCategories = []string{"mobile_phone"}

// AddForward adds new-appliance deliveries and county front warehouses to
// the design problem in of region reg (built from forecast fc with
// township demand): each township's deliveries are its county's sales
// (fc's Sales, the categories delivered by van) split equally among the
// county's townships, as the returns are; its trade-ins, the county's
// trade-ins split likewise, ride back on the delivery vans. Warehouse
// candidates stand at the county seats (sharing the site with the transfer
// station) and, with "seats_and_towns", at every 镇; a distribution centre
// of the makers stands at each prefecture seat (an ASSUMPTION).
func AddForward(reg *region.Region, fc *supply.Result, in *network.Input, opt ForwardOptions) error {
	switch opt.Candidates {
	case "", "seats", "seats_and_towns":
	default:
		return fmt.Errorf("stage: front-warehouse candidates %q: want seats or seats_and_towns", opt.Candidates)
	}
	fw := network.DefaultForward
	in.Forward = &fw
	weight := map[string]float64{}
	for _, c := range fc.Categories {
		weight[c.ID] = c.WeightKg
	}
	type county struct {
		sales, salesT, tradeIns, tradeInT float64
		n                                 int
	}
	counties := map[string]*county{}
	for _, a := range fc.Areas {
		c := &county{}
		for _, r := range fc.ByArea(a.ID) {
			if slices.Contains(ParcelCategories, r.Category) {
				continue
			}
			c.sales += r.Sales
			c.salesT += r.SalesTonnes
			c.tradeIns += r.TradeIns
			c.tradeInT += r.TradeIns * weight[r.Category] / 1000
		}
		counties[a.ID] = c
	}
	for _, d := range in.Demand {
		if c, ok := counties[d.Group]; ok {
			c.n++
		}
	}
	for i := range in.Demand {
		d := &in.Demand[i]
		c, ok := counties[d.Group]
		if !ok || c.n == 0 {
			return fmt.Errorf("stage: demand point %s: county %q has no forecast", d.ID, d.Group)
		}
		share := 1 / float64(c.n)
		d.DeliveryUnits, d.DeliveryT = c.sales*share, c.salesT*share
		if u, ok := opt.Sales[d.ID]; ok {
			kgPerUnit := 0.0
			if c.sales > 0 {
				kgPerUnit = c.salesT / c.sales
			}
			d.DeliveryUnits, d.DeliveryT = u, u*kgPerUnit
		}
		d.TradeInUnits = min(c.tradeIns*share, d.DeliveryUnits)
		d.TradeInT = min(c.tradeInT*share, d.Tonnes)
		if d.DeliveryT <= 0 {
			d.TradeInUnits, d.TradeInT = 0, 0
		}
	}
	for code := range opt.Sales {
		if !slices.ContainsFunc(in.Demand, func(d network.Demand) bool { return d.ID == code }) {
			return fmt.Errorf("stage: sales given for %q, not a township of the plan", code)
		}
	}
	groups := map[string]bool{}
	for _, d := range in.Demand {
		groups[d.Group] = true
	}
	for ci := range reg.Counties {
		c := &reg.Counties[ci]
		if !groups[c.Adcode] {
			continue
		}
		shares := "ts-" + c.Adcode
		if opt.Separate {
			shares = ""
		}
		in.Sites = append(in.Sites, network.Site{ID: "fw-" + c.Adcode, Name: c.Name + " 前置仓", Tier: network.FrontWarehouse,
			Point: c.Seat, Area: c.Area(), Group: c.Adcode, Region: c.PrefectureAdcode, Sizes: network.DefaultWarehouseSizes(),
			Shares: shares, Note: "county seat"})
		if opt.Candidates == "seats_and_towns" {
			for _, t := range reg.TownshipsOf(c.Adcode) {
				if t.Type != "镇" {
					continue
				}
				in.Sites = append(in.Sites, network.Site{ID: "fw-" + t.Code, Name: t.Name + " 前置仓", Tier: network.FrontWarehouse,
					Point: t.Point, Area: c.Area(), Group: c.Adcode, Region: c.PrefectureAdcode, Sizes: network.DefaultWarehouseSizes(),
					Note: "town (镇) point: " + t.Provenance})
			}
		}
	}
	for _, p := range reg.PrefectureSeats() {
		c, _ := reg.County(p)
		in.Sites = append(in.Sites, network.Site{ID: "dc-" + c.PrefectureAdcode, Name: c.Prefecture + " 家电配送中心", Tier: network.DistributionCentre,
			Point: c.Seat, Area: c.Area(), Group: c.Adcode, Region: c.PrefectureAdcode, Sizes: []network.Size{{Name: "regional", CapacityT: 1e9}},
			Note: "assumption: the makers' regional distribution centre at the prefecture seat"})
	}
	return nil
}
