package network

import (
	"fmt"
	"math"
	"sort"

	"github.com/huishou/huishou/optimizer/locate"
)

// Tiers of the delivery side of the network. They are not in Tiers (the
// recycling chain).
const (
	// FrontWarehouse is a county front warehouse (县城前置仓): new
	// appliances are stocked there and delivered to the townships; the same
	// vans bring the trade-ins back.
	FrontWarehouse Tier = "front_warehouse"
	// DistributionCentre is a regional distribution centre of the makers:
	// the fixed origin of new appliances (not designed, no fixed cost).
	DistributionCentre Tier = "distribution_centre"
)

// Forward is the delivery side of a joint design: new appliances go from
// the distribution centres (sites of tier DistributionCentre) by truck to
// the county front warehouses (sites of tier FrontWarehouse) and by van to
// the townships (Demand.DeliveryT); a township without a warehouse is
// served by van straight from its region's distribution centre. A
// trade-in (Demand.TradeInT, part of Demand.Tonnes) rides back on the
// delivery van: to the warehouse and on to the county's transfer station
// by truck, or, from a van of the distribution centre, straight to the
// transfer station on its way back. The rest of a township's returns go to
// a collection point as before.
//
// The shared site. A front warehouse whose Site.Shares names a transfer
// station at the same place pays one fixed cost when both open: the larger
// of the two sizes' fixed costs (one yard, one gate, one manager), so the
// warehouse adds max(0, F_warehouse − F_station). Handling is paid per
// flow. With the county rule and one station candidate per county, the
// station always opens and its size is known, so Design prices the shared
// warehouse at exactly that increment.
type Forward struct {
	Delivery Leg // van: warehouse or distribution centre → township
	Trunk    Leg // truck: distribution centre → warehouse
	// Backhaul is the marginal cost of a trade-in carried back on a
	// delivery van, per tonne-km (the van drives back anyway).
	Backhaul Leg
	// DispatchH is the time from order to the departure of the delivery
	// round, hours; 0 means DefaultDispatchH.
	DispatchH float64
}

// DefaultDispatchH is the default Forward.DispatchH: orders placed during
// the day leave with the next morning's round. An ASSUMPTION.
const DefaultDispatchH = 18.0

// DefaultForward are the default delivery legs and front-warehouse sizes.
// UNSOURCED assumptions of the same order as the recycling legs: a van
// delivering new appliances costs as a collection van; the trunk is a
// truck; a trade-in carried back pays a third of the van's cost per
// tonne-km (loading time and a fuller van).
var DefaultForward = Forward{
	Delivery:  Leg{Vehicle: "van", CostPerTKm: 3.0, CO2PerTKm: 0.35},
	Trunk:     Leg{Vehicle: "truck", CostPerTKm: 0.45, CO2PerTKm: 0.08},
	Backhaul:  Leg{Vehicle: "van (backhaul)", CostPerTKm: 1.0, CO2PerTKm: 0.05},
	DispatchH: DefaultDispatchH,
}

// DefaultWarehouseSizes are the sizes a front warehouse opens at, in tonnes
// of new appliances delivered per year. UNSOURCED assumptions: a county
// warehouse of 1,000–6,000 m² with 4–16 staff.
func DefaultWarehouseSizes() []Size {
	return []Size{
		{Name: "small", CapacityT: 3_000, StorageM3: 0, FixedCost: 700_000, HandlingPerT: 25},
		{Name: "medium", CapacityT: 8_000, StorageM3: 0, FixedCost: 1_400_000, HandlingPerT: 20},
		{Name: "large", CapacityT: 25_000, StorageM3: 0, FixedCost: 3_200_000, HandlingPerT: 15},
	}
}

// Delivery is how the new appliances of one demand point are delivered.
type Delivery struct {
	Demand int // index into Input.Demand
	// From is the front warehouse or distribution centre (Input.Sites).
	From int
	// TradeInTo is the transfer station that receives the trade-ins (−1
	// when there are none).
	TradeInTo  int
	DistanceKm float64 // road distance From → the demand point
	// LeadH is the delivery lead time: Forward.DispatchH plus the drive
	// from From at the demand area's speed.
	LeadH float64
}

func (f *Forward) dispatchH() float64 {
	if f.DispatchH > 0 {
		return f.DispatchH
	}
	return DefaultDispatchH
}

// collectT is the tonnes demand point j brings to a collection point: its
// returns but the trade-ins, which ride back on delivery vans when the
// input has a forward part.
func (in *Input) collectT(j int) float64 {
	d := in.Demand[j]
	if in.Forward == nil {
		return d.Tonnes
	}
	return math.Max(0, d.Tonnes-d.TradeInT)
}

// collectShare is collectT over Tonnes (1 without trade-ins).
func (in *Input) collectShare(j int) float64 {
	d := in.Demand[j]
	if in.Forward == nil || d.Tonnes <= 0 {
		return 1
	}
	return in.collectT(j) / d.Tonnes
}

// validateForward checks the delivery side of in.
func (in *Input) validateForward() error {
	bad := func(v float64) bool { return math.IsNaN(v) || math.IsInf(v, 0) || v < 0 }
	for i, d := range in.Demand {
		f := fmt.Sprintf("demand[%d]", i)
		switch {
		case bad(d.DeliveryT) || bad(d.DeliveryUnits) || bad(d.TradeInT) || bad(d.TradeInUnits):
			return &InputError{Field: f + ".delivery_t", Msg: "deliveries and trade-ins must be finite and non-negative"}
		case in.Forward == nil && (d.DeliveryT > 0 || d.TradeInT > 0):
			return &InputError{Field: f + ".delivery_t", Msg: "deliveries without a forward part (Input.Forward)"}
		case d.TradeInT > d.Tonnes*(1+1e-12):
			return &InputError{Field: f + ".trade_in_t", Msg: fmt.Sprintf("%.3f t of trade-ins, more than the %.3f t of returns", d.TradeInT, d.Tonnes)}
		case d.TradeInT > 0 && d.DeliveryT <= 0:
			return &InputError{Field: f + ".trade_in_t", Msg: "trade-ins without deliveries"}
		}
	}
	if in.Forward == nil {
		return nil
	}
	fw := in.Forward
	for _, l := range []struct {
		name string
		leg  Leg
	}{{"forward.delivery", fw.Delivery}, {"forward.trunk", fw.Trunk}, {"forward.backhaul", fw.Backhaul}} {
		if bad(l.leg.CostPerTKm) || bad(l.leg.CO2PerTKm) {
			return &InputError{Field: l.name, Msg: "cost and CO₂ per tonne-km must be finite and non-negative"}
		}
	}
	if bad(fw.DispatchH) {
		return &InputError{Field: "forward.dispatch_h", Msg: "must be finite and non-negative"}
	}
	dc := 0
	ids := map[string]int{}
	for i, s := range in.Sites {
		ids[s.ID] = i
		if s.Tier == DistributionCentre {
			dc++
		}
	}
	if dc == 0 {
		return &InputError{Field: "sites", Msg: "a forward part needs at least one distribution centre"}
	}
	for i, s := range in.Sites {
		if s.Shares == "" {
			continue
		}
		j, ok := ids[s.Shares]
		switch {
		case s.Tier != FrontWarehouse:
			return &InputError{Field: fmt.Sprintf("sites[%d].shares", i), Msg: "only a front warehouse shares a site"}
		case !ok || in.Sites[j].Tier != TransferStation:
			return &InputError{Field: fmt.Sprintf("sites[%d].shares", i), Msg: fmt.Sprintf("%q is not a transfer-station candidate", s.Shares)}
		}
	}
	return nil
}

// sourceOf returns the distribution centre that supplies a site or demand
// point of region r at p: the nearest one of the same region, else the
// nearest of all (−1 if none).
func (in *Input) sourceOf(region string, km func(dc int) float64) int {
	best, bestKm, bestSame := -1, math.Inf(1), false
	for i, s := range in.Sites {
		if s.Tier != DistributionCentre {
			continue
		}
		same := s.Region == region
		k := km(i)
		if (same && !bestSame) || (same == bestSame && k < bestKm) {
			best, bestKm, bestSame = i, k, same
		}
	}
	return best
}

// warehouseSource is the distribution centre that stocks warehouse w.
func (in *Input) warehouseSource(w int) int {
	return in.sourceOf(in.Sites[w].Region, func(dc int) float64 { return in.siteKm(dc, w) })
}

// directSource is the distribution centre that serves demand point j
// directly.
func (in *Input) directSource(j int) int {
	return in.sourceOf(in.Demand[j].Region, func(dc int) float64 { return in.demandKm(j, dc) })
}

// forwardCost is the yearly cost of delivering demand point j from site
// from (a warehouse or a distribution centre) with its trade-ins sent to
// transfer station ts: trunk, delivery, backhaul and the trade-ins' truck
// leg on. Warehouse handling and fixed costs are not included.
func (in *Input) forwardCost(j, from, ts int) (cost, tkm, co2 float64) {
	fw := in.Forward
	d := in.Demand[j]
	km := in.demandKm(j, from)
	leg := func(l Leg, t, k float64) {
		cost += t * k * l.CostPerTKm
		tkm += t * k
		co2 += t * k * l.CO2PerTKm / 1000
	}
	leg(fw.Delivery, d.DeliveryT, km)
	if in.Sites[from].Tier == FrontWarehouse {
		if dc := in.warehouseSource(from); dc >= 0 {
			leg(fw.Trunk, d.DeliveryT, in.siteKm(dc, from))
		}
		if ts >= 0 && d.TradeInT > 0 {
			leg(fw.Backhaul, d.TradeInT, km)
			leg(in.HubLeg, d.TradeInT, in.siteKm(from, ts))
		}
	} else if ts >= 0 && d.TradeInT > 0 {
		leg(fw.Backhaul, d.TradeInT, in.demandKm(j, ts))
	}
	return cost, tkm, co2
}

// leadH is the lead time of a delivery to j from site from.
func (in *Input) leadH(j, from int) float64 {
	d := in.Demand[j]
	return in.Forward.dispatchH() + in.demandKm(j, from)/d.Area.SpeedKmh
}

// forwardBlock adds the delivery side of block b to its locate problem p:
// the county's warehouse candidates and one uncapacitated "direct" site
// (delivery from the distribution centre) as tier-0 sites, and one delivery
// demand per demand point with deliveries, single-sourced. It records the
// local indices in b.
func (d *decomp) forwardBlock(b *block, p *locate.Problem) {
	in := d.in
	if in.Forward == nil {
		return
	}
	for _, w := range d.byTier[FrontWarehouse] {
		if in.Sites[w].Group == in.Demand[b.demand[0]].Group {
			b.fw = append(b.fw, w)
		}
	}
	b.fwBase = len(p.Sites)
	for _, w := range b.fw {
		st := locate.Site{Modules: modules(in, in.Sites[w].Sizes)}
		if in.Sites[w].ForceOpen {
			st.Status = locate.ForceOpen
		}
		if b.ts >= 0 && in.Sites[w].Shares == in.Sites[b.ts].ID {
			f := in.Sites[b.ts].Sizes[b.tsSize].FixedCost
			for k := range st.Modules {
				st.Modules[k].Fixed = math.Max(0, st.Modules[k].Fixed-f)
			}
		}
		p.Sites = append(p.Sites, st)
	}
	b.direct = len(p.Sites)
	p.Sites = append(p.Sites, locate.Site{Modules: []locate.Module{{}}})
	b.fwDemand = len(p.Demands)
	for _, j := range b.demand {
		dm := in.Demand[j]
		if dm.DeliveryT <= 0 {
			continue
		}
		b.deliv = append(b.deliv, j)
		ld := locate.Demand{Amount: dm.DeliveryT}
		for k, w := range b.fw {
			c, _, _ := in.forwardCost(j, w, b.ts)
			ld.Arcs = append(ld.Arcs, locate.Arc{Site: b.fwBase + k, Cost: c, Distance: in.demandKm(j, w)})
		}
		if dc := in.directSource(j); dc >= 0 {
			c, _, _ := in.forwardCost(j, dc, b.ts)
			ld.Arcs = append(ld.Arcs, locate.Arc{Site: b.direct, Cost: c, Distance: in.demandKm(j, dc)})
		}
		p.Demands = append(p.Demands, ld)
	}
}

// forwardPlan turns the delivery part of block b's solution into the
// plan's deliveries and opens its warehouses (size recorded in size).
func (d *decomp) forwardPlan(b *block, p *Plan, size map[int]int) {
	in := d.in
	if in.Forward == nil {
		return
	}
	for k, w := range b.fw {
		if m := b.sol.Module[b.fwBase+k]; m >= 0 {
			size[w] = m
		}
	}
	for k, j := range b.deliv {
		s := b.sol.Assignment[b.fwDemand+k]
		from := in.directSource(j)
		if s != b.direct {
			from = b.fw[s-b.fwBase]
		}
		to := -1
		if in.Demand[j].TradeInT > 0 {
			to = b.ts
		}
		p.Deliveries = append(p.Deliveries, Delivery{Demand: j, From: from, TradeInTo: to})
	}
}

// evaluateForward computes the deliveries' distances, lead times and
// costs, the warehouses' throughput and the trade-ins' tonnes at their
// transfer stations; it returns the trade-ins' tonnes and m³ per transfer
// station and adds the figures to k. open maps a site to its index in p.Open.
func evaluateForward(in *Input, p *Plan, open map[int]int, k *KPI) (map[int][2]float64, error) {
	tradeIn := map[int][2]float64{}
	if in.Forward == nil {
		if len(p.Deliveries) > 0 {
			return nil, fmt.Errorf("network: plan has deliveries, the input no forward part")
		}
		return tradeIn, nil
	}
	seen := make([]bool, len(in.Demand))
	var leads []float64
	units, tiUnits := 0.0, 0.0
	for i := range p.Deliveries {
		dl := &p.Deliveries[i]
		if dl.Demand < 0 || dl.Demand >= len(in.Demand) || seen[dl.Demand] {
			return nil, fmt.Errorf("network: delivery %d: bad or repeated demand %d", i, dl.Demand)
		}
		seen[dl.Demand] = true
		d := in.Demand[dl.Demand]
		if dl.From < 0 || dl.From >= len(in.Sites) {
			return nil, fmt.Errorf("network: delivery to %s from site %d", d.ID, dl.From)
		}
		from := in.Sites[dl.From]
		switch from.Tier {
		case FrontWarehouse:
			oi, ok := open[dl.From]
			if !ok {
				return nil, fmt.Errorf("network: delivery to %s from warehouse %s, not open", d.ID, from.ID)
			}
			p.Open[oi].ThroughputT += d.DeliveryT
			k.DeliveryCost += d.DeliveryT * from.Sizes[p.Open[oi].Size].HandlingPerT
		case DistributionCentre:
		default:
			return nil, fmt.Errorf("network: delivery to %s from %s, a %s", d.ID, from.ID, from.Tier)
		}
		if d.TradeInT > 0 {
			if _, ok := open[dl.TradeInTo]; !ok || in.Sites[dl.TradeInTo].Tier != TransferStation {
				return nil, fmt.Errorf("network: trade-ins of %s go to %d, not an open transfer station", d.ID, dl.TradeInTo)
			}
			v := tradeIn[dl.TradeInTo]
			tradeIn[dl.TradeInTo] = [2]float64{v[0] + d.TradeInT, v[1] + d.M3*d.TradeInT/d.Tonnes}
		}
		dl.DistanceKm = in.demandKm(dl.Demand, dl.From)
		dl.LeadH = in.leadH(dl.Demand, dl.From)
		leads = append(leads, dl.LeadH)
		cost, tkm, co2 := in.forwardCost(dl.Demand, dl.From, dl.TradeInTo)
		// the trade-ins' legs are recycling transport; the rest delivery
		rc, rt, rco2 := in.tradeInLegs(dl.Demand, dl.From, dl.TradeInTo)
		k.DeliveryCost += cost - rc
		k.DeliveryTonneKm += tkm - rt
		k.DeliveryCO2T += co2 - rco2
		k.TransportCost += rc
		k.TonneKm += rt
		k.CO2T += rco2
		k.DeliveryTonnes += d.DeliveryT
		k.TradeInTonnes += d.TradeInT
		units += d.DeliveryUnits
		tiUnits += d.TradeInUnits
	}
	for j, d := range in.Demand {
		if d.DeliveryT > 0 && !seen[j] {
			return nil, fmt.Errorf("network: demand %s has deliveries but no delivery in the plan", d.ID)
		}
	}
	if units > 0 {
		k.TradeInDeliveryPct = 100 * tiUnits / units
	}
	if n := len(leads); n > 0 {
		s := 0.0
		for _, v := range leads {
			s += v
		}
		k.MeanLeadH = s / float64(n)
		sort.Float64s(leads)
		k.P95LeadH = leads[int(math.Ceil(0.95*float64(n)))-1]
	}
	return tradeIn, nil
}

// tradeInLegs is the part of forwardCost that carries trade-ins.
func (in *Input) tradeInLegs(j, from, ts int) (cost, tkm, co2 float64) {
	d := in.Demand[j]
	if ts < 0 || d.TradeInT <= 0 {
		return 0, 0, 0
	}
	fw := in.Forward
	leg := func(l Leg, k float64) {
		cost += d.TradeInT * k * l.CostPerTKm
		tkm += d.TradeInT * k
		co2 += d.TradeInT * k * l.CO2PerTKm / 1000
	}
	if in.Sites[from].Tier == FrontWarehouse {
		leg(fw.Backhaul, in.demandKm(j, from))
		leg(in.HubLeg, in.siteKm(from, ts))
	} else {
		leg(fw.Backhaul, in.demandKm(j, ts))
	}
	return cost, tkm, co2
}
