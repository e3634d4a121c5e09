package wire

import (
	"github.com/huishou/huishou/optimizer/network"
)

// Plan is the wire form of a network plan (plan.json of huishou plan).
type Plan struct {
	Scenario   string   `json:"scenario"`
	Year       int      `json:"year"`
	Prefecture string   `json:"prefecture,omitempty"`
	Method     string   `json:"method"`
	Cost       float64  `json:"cost"`
	LowerBound float64  `json:"lower_bound"`
	GapPct     float64  `json:"gap_pct"`
	Categories []string `json:"categories"`
	Sites      []Site   `json:"sites"`
	Demand     []Demand `json:"demand"`
	Flows      []Flow   `json:"flows"`
	// Deliveries are the new-appliance deliveries per township, with front
	// warehouses only.
	Deliveries []Delivery `json:"deliveries,omitempty"`
	KPI        KPI        `json:"kpi"`
}

// Delivery is the delivery of new appliances to a demand point (a
// township) and the trade-ins it brings back.
type Delivery struct {
	Demand     string  `json:"demand"`
	Name       string  `json:"name"`
	From       string  `json:"from"`                  // front warehouse or distribution centre
	TradeInTo  string  `json:"trade_in_to,omitempty"` // transfer station the trade-ins go to
	DistanceKm float64 `json:"distance_km"`
	LeadH      float64 `json:"lead_h"` // dispatch time plus the drive (an estimate, not routed)
	DeliveryT  float64 `json:"delivery_t"`
	TradeInT   float64 `json:"trade_in_t"`
}

// Forward are the figures of the deliveries (front warehouses).
type Forward struct {
	DeliveryCost       float64 `json:"delivery_cost"` // in total_cost
	DeliveryT          float64 `json:"delivery_t"`
	DeliveryTonneKm    float64 `json:"delivery_tonne_km"`
	DeliveryCO2T       float64 `json:"delivery_co2_t"`
	TradeInDeliveryPct float64 `json:"trade_in_delivery_pct"`
	MeanLeadH          float64 `json:"mean_lead_h"`
	P95LeadH           float64 `json:"p95_lead_h"`
	SharedSites        int     `json:"shared_sites"`  // warehouses sharing an open transfer station's site
	SharedSaving       float64 `json:"shared_saving"` // fixed cost that sharing saves
}

// Site is an open site.
type Site struct {
	ID           string  `json:"id"`
	Name         string  `json:"name"`
	Tier         string  `json:"tier"`
	Size         string  `json:"size"`
	Lon          float64 `json:"lon"`
	Lat          float64 `json:"lat"`
	County       string  `json:"county"`
	Prefecture   string  `json:"prefecture"`
	CapacityT    float64 `json:"capacity_t"`
	StorageM3    float64 `json:"storage_m3"`
	FixedCost    float64 `json:"fixed_cost"`
	ThroughputT  float64 `json:"throughput_t"`
	ThroughputM3 float64 `json:"throughput_m3"`
	Utilisation  float64 `json:"utilisation"`
	// StorageUtilisation is the storage needed at the dwell time over the
	// size's storage.
	StorageUtilisation float64 `json:"storage_utilisation"`
	Note               string  `json:"note,omitempty"`
}

// Demand is a demand point and its collection point.
type Demand struct {
	ID         string  `json:"id"`
	Name       string  `json:"name"`
	Lon        float64 `json:"lon"`
	Lat        float64 `json:"lat"`
	County     string  `json:"county"`
	SupplyT    float64 `json:"supply_t"`
	SupplyM3   float64 `json:"supply_m3"`
	AssignedTo string  `json:"assigned_to"`
	DistanceKm float64 `json:"distance_km"`
	Covered    bool    `json:"covered"`
}

// Flow is a yearly flow between two open sites.
type Flow struct {
	From       string    `json:"from"`
	To         string    `json:"to"`
	FromTier   string    `json:"from_tier"`
	Tonnes     float64   `json:"tonnes"`
	M3         float64   `json:"m3"`
	DistanceKm float64   `json:"distance_km"`
	ByCategory []float64 `json:"tonnes_by_category,omitempty"`
}

// KPI are the plan's key figures.
type KPI struct {
	TotalCost      float64        `json:"total_cost"`
	FixedCost      float64        `json:"fixed_cost"`
	HandlingCost   float64        `json:"handling_cost"`
	TransportCost  float64        `json:"transport_cost"`
	PenaltyCost    float64        `json:"penalty_cost"`
	TonneKm        float64        `json:"tonne_km"`
	CO2T           float64        `json:"co2_t"`
	CoveragePct    float64        `json:"coverage_pct"`
	CoveredTonnes  float64        `json:"covered_tonnes_pct"`
	MeanDistanceKm float64        `json:"mean_distance_km"`
	P95DistanceKm  float64        `json:"p95_distance_km"`
	Tonnes         float64        `json:"tonnes"`
	SitesOpen      map[string]int `json:"sites_open"`
	Forward        *Forward       `json:"forward,omitempty"`
}

// NewPlan converts plan p of problem in to its wire form. scenario names
// the scenario (or region) planned, year the forecast year, prefecture the
// one prefecture planned ("" for all).
func NewPlan(scenario string, year int, prefecture string, in *network.Input, p *network.Plan) *Plan {
	k := p.KPI
	out := &Plan{Scenario: scenario, Year: year, Prefecture: prefecture, Method: p.Method,
		Cost: Round(k.TotalCost, 2), LowerBound: Round(p.LowerBound, 2), GapPct: Round(p.GapPct, 4), Categories: in.Categories,
		Sites: []Site{}, Demand: []Demand{}, Flows: []Flow{},
		KPI: KPI{TotalCost: Round(k.TotalCost, 2), FixedCost: Round(k.FixedCost, 2), HandlingCost: Round(k.HandlingCost, 2),
			TransportCost: Round(k.TransportCost, 2), PenaltyCost: Round(k.PenaltyCost, 2), TonneKm: Round(k.TonneKm, 1), CO2T: Round(k.CO2T, 2),
			CoveragePct: Round(k.CoveragePct, 3), CoveredTonnes: Round(k.CoveredTonnes, 3), MeanDistanceKm: Round(k.MeanDistanceKm, 3),
			P95DistanceKm: Round(k.P95DistanceKm, 3), Tonnes: Round(k.Tonnes, 3), SitesOpen: map[string]int{}}}
	for t, n := range k.SitesOpen {
		out.KPI.SitesOpen[string(t)] = n
	}
	if in.Forward != nil {
		out.KPI.Forward = &Forward{DeliveryCost: Round(k.DeliveryCost, 2), DeliveryT: Round(k.DeliveryTonnes, 3), DeliveryTonneKm: Round(k.DeliveryTonneKm, 1),
			DeliveryCO2T: Round(k.DeliveryCO2T, 2), TradeInDeliveryPct: Round(k.TradeInDeliveryPct, 3), MeanLeadH: Round(k.MeanLeadH, 3),
			P95LeadH: Round(k.P95LeadH, 3), SharedSites: k.SharedSites, SharedSaving: Round(k.SharedSaving, 2)}
	}
	for _, dl := range p.Deliveries {
		d := in.Demand[dl.Demand]
		dj := Delivery{Demand: d.ID, Name: d.Name, From: in.Sites[dl.From].ID, DistanceKm: Round(dl.DistanceKm, 3), LeadH: Round(dl.LeadH, 3),
			DeliveryT: Round(d.DeliveryT, 3), TradeInT: Round(d.TradeInT, 3)}
		if dl.TradeInTo >= 0 {
			dj.TradeInTo = in.Sites[dl.TradeInTo].ID
		}
		out.Deliveries = append(out.Deliveries, dj)
	}
	for _, o := range p.Open {
		s := in.Sites[o.Site]
		z := s.Sizes[o.Size]
		out.Sites = append(out.Sites, Site{ID: s.ID, Name: s.Name, Tier: string(s.Tier), Size: z.Name, Lon: s.Point[0], Lat: s.Point[1],
			County: s.Group, Prefecture: s.Region, CapacityT: z.CapacityT, StorageM3: z.StorageM3, FixedCost: z.FixedCost,
			ThroughputT: Round(o.ThroughputT, 3), ThroughputM3: Round(o.ThroughputM3, 3), Utilisation: Round(o.Utilisation, 4), StorageUtilisation: Round(o.StorageUtilisation, 4), Note: s.Note})
	}
	for i, a := range p.Assign {
		d := in.Demand[i]
		dj := Demand{ID: d.ID, Name: d.Name, Lon: d.Point[0], Lat: d.Point[1], County: d.Group, SupplyT: Round(d.Tonnes, 3),
			SupplyM3: Round(d.M3, 3), DistanceKm: Round(a.DistanceKm, 3), Covered: a.Covered}
		if a.Site >= 0 {
			dj.AssignedTo = in.Sites[a.Site].ID
		}
		out.Demand = append(out.Demand, dj)
	}
	for _, f := range p.Flows {
		fj := Flow{From: in.Sites[f.From].ID, To: in.Sites[f.To].ID, FromTier: string(in.Sites[f.From].Tier), Tonnes: Round(f.Tonnes, 3),
			M3: Round(f.M3, 3), DistanceKm: Round(f.DistanceKm, 3)}
		for _, v := range f.ByCategory {
			fj.ByCategory = append(fj.ByCategory, Round(v, 3))
		}
		out.Flows = append(out.Flows, fj)
	}
	return out
}

// Round rounds v to digits decimals, halves away from zero; wire forms
// round their figures so that the same plan gives the same bytes.
func Round(v float64, digits int) float64 {
	p := 1.0
	for range digits {
		p *= 10
	}
	if v < 0 {
		return -float64(int64(-v*p+0.5)) / p
	}
	return float64(int64(v*p+0.5)) / p
}
