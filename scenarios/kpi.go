package scenarios

import (
	"fmt"
	"math"

	"github.com/huishou/huishou/optimizer/network"
	"github.com/huishou/huishou/scenarios/stage"
)

// KPI is one key figure of a result.
type KPI struct {
	Name  string  `json:"name"`  // e.g. annual_cost
	Label string  `json:"label"` // for tables and charts
	Unit  string  `json:"unit"`
	Value float64 `json:"value"`
	// Digits is the number of decimals the figure is written with.
	Digits int `json:"digits"`
	// Better is +1 when more is better, −1 when less is, 0 when neither.
	Better int `json:"better"`
}

// KPIs returns the key figures of r, always in the same order: the
// recycling network's cost, tonnes, coverage, transport and sites, the
// trucks a day needs, the certified gap, then — when present — the
// delivery side and the days of operations.
//
// annual_cost is the recycling network's yearly cost (RecyclingCost:
// fixed, handling, transport, coverage penalties), comparable across
// scenarios with and without front warehouses; joint_cost adds the
// deliveries. trucks_per_day is an estimate for a mean day of the whole
// region (or prefecture) planned (see stage.TrucksPerDay), comparable
// across scenarios; with days of operations routed_trucks_per_day is the
// trucks the routed days used, in the counties of ops only.
func (r *Result) KPIs() []KPI {
	k := r.Plan.KPI
	out := []KPI{
		{Name: "annual_cost", Label: "annual cost", Unit: "yuan/yr", Value: k.RecyclingCost, Better: -1},
		{Name: "cost_per_tonne", Label: "cost per tonne", Unit: "yuan/t", Value: safeDiv(k.RecyclingCost, k.Tonnes), Digits: 2, Better: -1},
		{Name: "tonnes_recovered", Label: "tonnes recovered", Unit: "t/yr", Value: k.Tonnes, Digits: 1, Better: +1},
		{Name: "units_recovered", Label: "units recovered", Unit: "units/yr", Value: r.unitsRecovered(), Better: +1},
		{Name: "coverage_pct", Label: "townships covered", Unit: "%", Value: k.CoveragePct, Digits: 2, Better: +1},
		{Name: "mean_distance_km", Label: "mean distance to a collection point", Unit: "km", Value: k.MeanDistanceKm, Digits: 2, Better: -1},
		{Name: "tonne_km", Label: "tonne-km", Unit: "t·km/yr", Value: k.TonneKm, Better: -1},
		{Name: "co2_t", Label: "CO₂ from transport", Unit: "t/yr", Value: k.CO2T, Digits: 1, Better: -1},
		{Name: "fixed_cost", Label: "fixed cost", Unit: "yuan/yr", Value: k.FixedCost, Better: -1},
		{Name: "transport_cost", Label: "transport cost", Unit: "yuan/yr", Value: k.TransportCost, Better: -1},
	}
	for _, t := range network.Tiers {
		out = append(out, KPI{Name: "sites_" + string(t), Label: string(t) + "s open", Unit: "sites", Value: float64(k.SitesOpen[t])})
	}
	out = append(out,
		KPI{Name: "trucks_per_day", Label: "pickup trucks per day", Unit: "trucks", Value: r.trucksPerDay(), Digits: 1, Better: -1},
		KPI{Name: "gap_pct", Label: "certified gap", Unit: "%", Value: r.Plan.GapPct, Digits: 3, Better: -1},
	)
	if r.Network.Forward != nil {
		out = append(out,
			KPI{Name: "sites_" + string(network.FrontWarehouse), Label: "front warehouses open", Unit: "sites", Value: float64(k.SitesOpen[network.FrontWarehouse])},
			KPI{Name: "shared_sites", Label: "warehouses sharing a transfer station's site", Unit: "sites", Value: float64(k.SharedSites)},
			KPI{Name: "delivery_cost", Label: "delivery cost", Unit: "yuan/yr", Value: k.DeliveryCost, Better: -1},
			KPI{Name: "joint_cost", Label: "delivery and recycling cost", Unit: "yuan/yr", Value: k.TotalCost, Better: -1},
			KPI{Name: "delivery_tonnes", Label: "new appliances delivered", Unit: "t/yr", Value: k.DeliveryTonnes, Digits: 1},
			KPI{Name: "trade_in_delivery_pct", Label: "deliveries bringing a trade-in back", Unit: "%", Value: k.TradeInDeliveryPct, Digits: 2, Better: +1},
			KPI{Name: "lead_time_h", Label: "delivery lead time, mean", Unit: "h", Value: k.MeanLeadH, Digits: 2, Better: -1},
			KPI{Name: "lead_time_p95_h", Label: "delivery lead time, p95", Unit: "h", Value: k.P95LeadH, Digits: 2, Better: -1},
		)
	}
	if len(r.Days) > 0 {
		bookings, km, unassigned, trucks := 0, 0.0, 0, 0
		for _, d := range r.Days {
			trucks += len(d.Routes)
			bookings += d.Totals.Bookings
			km += d.Totals.DistanceKm
			unassigned += d.Totals.Unassigned
		}
		n := float64(len(r.Days))
		out = append(out,
			KPI{Name: "bookings_per_day", Label: "bookings per day", Unit: "bookings", Value: float64(bookings) / n, Digits: 1},
			KPI{Name: "routed_trucks_per_day", Label: "trucks per routed day (ops counties)", Unit: "trucks", Value: float64(trucks) / n, Digits: 1, Better: -1},
			KPI{Name: "route_km_per_day", Label: "route km per day", Unit: "km", Value: km / n, Digits: 1, Better: -1},
			KPI{Name: "unassigned_pct", Label: "bookings unassigned", Unit: "%", Value: 100 * safeDiv(float64(unassigned), float64(bookings)), Digits: 2, Better: -1},
		)
	}
	return out
}

// unitsRecovered sums the units of the demand points planned.
func (r *Result) unitsRecovered() float64 {
	u := 0.0
	for _, d := range r.Network.Demand {
		u += d.Units
	}
	return u
}

func (r *Result) trucksPerDay() float64 {
	tradeIns := r.Network.Forward != nil
	return stage.TrucksPerDay(r.Region, r.Forecast, r.Prefecture, tradeIns)
}

func safeDiv(a, b float64) float64 {
	if b == 0 {
		return 0
	}
	return a / b
}

// round rounds v to d decimals (halves away from zero).
func round(v float64, d int) float64 {
	p := math.Pow(10, float64(d))
	return math.Round(v*p) / p
}

// Notes says how each part of a run was solved: what is certified, what
// is heuristic or estimated.
func (r *Result) Notes() []string {
	p := r.Plan
	notes := []string{fmt.Sprintf("Network design: %s. The lower bound %.2f M yuan/yr is certified (gap %.3f %%): no plan of this model costs less.", p.Method, p.LowerBound/1e6, p.GapPct)}
	switch {
	case p.Budget > 0 && p.Capped > 0:
		notes = append(notes, fmt.Sprintf("The time cap (solver.time_cap) stopped %d solves of the design before its work budget of %d units (%d spent): this plan depends on the machine's speed and load, and another run may differ. Raise solver.time_cap to get the budget's plan.", p.Capped, p.Budget, p.Work))
	case p.Budget > 0:
		notes = append(notes, fmt.Sprintf("The design spent %d of its work budget of %d units (solver.budget): the same file gives the same plan on any machine.", p.Work, p.Budget))
	}
	if r.Scenario.Solver.Greedy {
		notes = append(notes, "The design is the greedy baseline (heuristic); its bound is a simple one.")
	} else if p.GapPct > 1e-6 {
		notes = append(notes, "Parts of the design stopped before a proof (the time cap or work budget); they are the best found, within the certified gap.")
	}
	if r.Network.Forward != nil {
		notes = append(notes,
			"Front warehouses are chosen jointly with the collection points in each county's facility-location problem (exact, within the same bound). A warehouse at the county seat shares the transfer station's site and pays one fixed cost: the larger of the two.",
			"Delivery and trade-in transport are costed per tonne-km (van rounds are not routed), and lead times are estimated as the dispatch time plus the drive at the area's speed: estimates, not routed times.")
	}
	if len(r.Days) > 0 {
		notes = append(notes, "Days of operations: bookings are generated from the forecast (optimizer/schedule/gen, seeded), assigned to days and routed by the routing engine with an iteration budget (a heuristic: no bound); unassigned bookings are listed with their reason.")
	}
	notes = append(notes, "trucks_per_day without days of operations is an estimate for a mean day (weight, volume and stop time per truck), not a routed figure.")
	return notes
}
