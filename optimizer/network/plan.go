package network

import (
	"fmt"
	"math"
	"sort"
	"time"

	"github.com/huishou/huishou/geo"
	"github.com/paulmach/orb"
)

// OpenSite is a site the plan opens, at one of its sizes.
type OpenSite struct {
	Site         int     // index into Input.Sites
	Size         int     // index into Sites[Site].Sizes
	ThroughputT  float64 // tonnes per year through the site
	ThroughputM3 float64 // m³ per year through the site
	Utilisation  float64 // throughput / capacity (may exceed 1 only in a greedy plan that could not fit)
	// StorageUtilisation is the storage the site needs (ThroughputM3 ×
	// dwell days / 365) over its size's StorageM3; 0 when the size has no
	// storage figure. Plans size storage with the mean volume per tonne, so
	// a site with bulkier returns than the mean may exceed 1 slightly.
	StorageUtilisation float64
}

// Assignment ties a demand point to its collection point.
type Assignment struct {
	Demand     int     // index into Input.Demand
	Site       int     // index into Input.Sites (a collection point); -1 for a point without returns
	DistanceKm float64 // road distance
	Covered    bool    // within the coverage radius of the demand's area
}

// Flow is a yearly flow between two open sites (collection point → transfer
// station → sorting centre → dismantler).
type Flow struct {
	From, To   int // indices into Input.Sites
	Tonnes     float64
	M3         float64
	DistanceKm float64   // road distance of the leg
	ByCategory []float64 // tonnes per category (Input.Categories order), may be nil
}

// KPI are the key figures of a plan.
type KPI struct {
	TotalCost      float64 // yuan per year = fixed + handling + transport + penalty (+ delivery)
	FixedCost      float64
	HandlingCost   float64
	TransportCost  float64
	PenaltyCost    float64 // coverage penalties
	TonneKm        float64 // per year, all legs
	CO2T           float64 // tonnes CO₂ per year from transport
	CoveragePct    float64 // share of demand points within their coverage radius
	CoveredTonnes  float64 // share of tonnes within coverage, %
	MeanDistanceKm float64 // demand point → collection point, mean over points
	P95DistanceKm  float64 // 95th percentile of the same
	SitesOpen      map[Tier]int
	Tonnes         float64 // total returns handled per year

	// TotalCost = RecyclingCost + DeliveryCost; RecyclingCost = FixedCost +
	// HandlingCost + TransportCost + PenaltyCost. With Input.Forward the
	// trade-ins' legs back are recycling transport (in TransportCost,
	// TonneKm, CO2T); the warehouses' costs are DeliveryCost, each fixed
	// cost less what its shared site saves (SharedSaving).
	RecyclingCost      float64
	DeliveryCost       float64 // warehouses' fixed and handling costs, trunk and delivery legs
	DeliveryTonnes     float64 // new appliances delivered per year
	TradeInTonnes      float64 // old ones back on the delivery vans
	DeliveryTonneKm    float64
	DeliveryCO2T       float64
	TradeInDeliveryPct float64 // share of delivered units that bring a trade-in back, %
	MeanLeadH          float64 // delivery lead time, mean over demand points
	P95LeadH           float64
	SharedSites        int     // warehouses open at an open transfer station they share
	SharedSaving       float64 // fixed cost saved by shared sites
}

// Plan is a network design: open sites, assignments, flows and KPIs.
type Plan struct {
	Open   []OpenSite
	Assign []Assignment // one per demand point, in Input.Demand order
	Flows  []Flow
	// Deliveries are the new-appliance deliveries, one per demand point
	// with deliveries (with Input.Forward).
	Deliveries []Delivery
	KPI        KPI
	LowerBound float64 // a valid lower bound on the optimal annual cost
	GapPct     float64 // 100 × (cost − bound) / cost
	Method     string  // how the plan was made (no clock reading: the same plan, the same text)
	// Elapsed is the wall time the design took (not part of the plan's
	// wire form, which must not depend on the machine).
	Elapsed time.Duration
	// Work is the work Design spent, in locate work units, and Budget its
	// budget (0 when it ran by time).
	Work, Budget int
	// Capped counts the solves of a design bounded by its budget that the
	// time limit stopped first: 0 means the plan is the budget's, the same
	// on any machine; more means the clock cut it and another run may
	// differ (raise the time limit). Not part of the wire form.
	Capped int
}

// RoadKm is the road distance in km between p in area a and q in area b:
// great-circle distance times the mean circuity of the two areas.
func RoadKm(p orb.Point, a geo.Area, q orb.Point, b geo.Area) float64 {
	return geo.GreatCircle(p, q) * (a.Circuity + b.Circuity) / 2 / 1000
}

// Evaluate recomputes the flows' distances, the sites' throughput and
// utilisation, and all KPIs of p from its assignments and flows. It is the
// single place where a plan's figures are computed, whatever made the plan.
func Evaluate(in *Input, p *Plan) error {
	if len(p.Assign) != len(in.Demand) {
		return fmt.Errorf("network: plan assigns %d of %d demand points", len(p.Assign), len(in.Demand))
	}
	open := make(map[int]int, len(p.Open)) // site → index in p.Open
	for k := range p.Open {
		o := &p.Open[k]
		if o.Site < 0 || o.Site >= len(in.Sites) || o.Size < 0 || o.Size >= len(in.Sites[o.Site].Sizes) {
			return fmt.Errorf("network: open site %d: bad site or size index", k)
		}
		if _, dup := open[o.Site]; dup {
			return fmt.Errorf("network: site %s opened twice", in.Sites[o.Site].ID)
		}
		open[o.Site] = k
		o.ThroughputT, o.ThroughputM3 = 0, 0
	}
	k := KPI{SitesOpen: map[Tier]int{}}
	dists := make([]float64, 0, len(in.Demand))
	covered := 0
	for i := range p.Assign {
		a := &p.Assign[i]
		d := in.Demand[a.Demand]
		if a.Demand != i {
			return fmt.Errorf("network: assignment %d is for demand %d", i, a.Demand)
		}
		ct, share := in.collectT(i), in.collectShare(i)
		if a.Site < 0 && ct == 0 { // nothing to collect: needs no collection point
			a.DistanceKm, a.Covered = 0, false
			continue
		}
		oi, ok := open[a.Site]
		if !ok || in.Sites[a.Site].Tier != CollectionPoint {
			return fmt.Errorf("network: demand %s assigned to %d, not an open collection point", d.ID, a.Site)
		}
		a.DistanceKm = in.demandKm(i, a.Site)
		a.Covered = a.DistanceKm <= in.Rules.coverageKm(d.Area)+1e-9
		dists = append(dists, a.DistanceKm)
		if a.Covered {
			covered++
			k.CoveredTonnes += d.Tonnes
		} else {
			k.PenaltyCost += ct*in.Rules.CoveragePenaltyPerT + in.Rules.CoveragePenaltyPerPoint
		}
		p.Open[oi].ThroughputT += ct
		p.Open[oi].ThroughputM3 += d.M3 * share
		k.TonneKm += ct * a.DistanceKm
		k.TransportCost += ct * a.DistanceKm * in.FirstMile.CostPerTKm
		k.CO2T += ct * a.DistanceKm * in.FirstMile.CO2PerTKm / 1000
	}
	for _, d := range in.Demand {
		k.Tonnes += d.Tonnes
	}
	tradeIn, err := evaluateForward(in, p, open, &k)
	if err != nil {
		return err
	}
	// Hub legs: inflow into each site must equal its outflow (but for
	// dismantlers, which are sinks).
	in1 := make(map[int]float64)
	out := make(map[int]float64)
	for _, o := range p.Open {
		if in.Sites[o.Site].Tier == CollectionPoint {
			in1[o.Site] = o.ThroughputT
		}
	}
	for ts, t := range tradeIn {
		p.Open[open[ts]].ThroughputT += t[0]
		p.Open[open[ts]].ThroughputM3 += t[1]
	}
	next := map[Tier]Tier{CollectionPoint: TransferStation, TransferStation: SortingCentre, SortingCentre: Dismantler}
	for fi := range p.Flows {
		f := &p.Flows[fi]
		fo, ok1 := open[f.From]
		to, ok2 := open[f.To]
		if !ok1 || !ok2 {
			return fmt.Errorf("network: flow %d joins a site that is not open", fi)
		}
		if next[in.Sites[f.From].Tier] != in.Sites[f.To].Tier {
			return fmt.Errorf("network: flow %d goes from %s to %s", fi, in.Sites[f.From].Tier, in.Sites[f.To].Tier)
		}
		f.DistanceKm = in.siteKm(f.From, f.To)
		out[f.From] += f.Tonnes
		p.Open[to].ThroughputT += f.Tonnes
		p.Open[to].ThroughputM3 += f.M3
		_ = fo
		k.TonneKm += f.Tonnes * f.DistanceKm
		k.TransportCost += f.Tonnes * f.DistanceKm * in.HubLeg.CostPerTKm
		k.CO2T += f.Tonnes * f.DistanceKm * in.HubLeg.CO2PerTKm / 1000
	}
	openID := map[string]int{}
	for _, o := range p.Open {
		openID[in.Sites[o.Site].ID] = o.Site
	}
	for _, o := range p.Open {
		s := in.Sites[o.Site]
		z := s.Sizes[o.Size]
		switch s.Tier {
		case Dismantler:
		case FrontWarehouse:
			// delivery side: handling was counted with the deliveries
			fixed := z.FixedCost
			if ts, ok := openID[s.Shares]; ok && s.Shares != "" {
				saved := math.Min(fixed, in.Sites[ts].Sizes[p.Open[open[ts]].Size].FixedCost)
				fixed -= saved
				k.SharedSaving += saved
				k.SharedSites++
			}
			k.DeliveryCost += fixed
			k.SitesOpen[s.Tier]++
			continue
		case DistributionCentre:
			return fmt.Errorf("network: distribution centre %s in the open sites", s.ID)
		default:
			if math.Abs(out[o.Site]-o.ThroughputT) > 1e-6*math.Max(1, o.ThroughputT) {
				return fmt.Errorf("network: site %s receives %.3f t but sends %.3f t", s.ID, o.ThroughputT, out[o.Site])
			}
		}
		k.FixedCost += z.FixedCost
		k.HandlingCost += z.HandlingPerT * o.ThroughputT
		k.SitesOpen[s.Tier]++
	}
	for i := range p.Open {
		o := &p.Open[i]
		z := in.Sites[o.Site].Sizes[o.Size]
		o.Utilisation = o.ThroughputT / z.CapacityT
		o.StorageUtilisation = 0
		if z.StorageM3 > 0 {
			o.StorageUtilisation = o.ThroughputM3 * in.Rules.dwellDays() / 365 / z.StorageM3
		}
	}
	n := len(dists)
	if n > 0 {
		k.CoveragePct = 100 * float64(covered) / float64(n)
		if k.Tonnes > 0 {
			k.CoveredTonnes = 100 * k.CoveredTonnes / k.Tonnes
		}
		sum := 0.0
		for _, d := range dists {
			sum += d
		}
		k.MeanDistanceKm = sum / float64(n)
		sort.Float64s(dists)
		k.P95DistanceKm = dists[int(math.Ceil(0.95*float64(n)))-1]
	}
	k.RecyclingCost = k.FixedCost + k.HandlingCost + k.TransportCost + k.PenaltyCost
	k.TotalCost = k.RecyclingCost + k.DeliveryCost
	p.KPI = k
	if k.TotalCost > 0 {
		p.GapPct = 100 * (k.TotalCost - p.LowerBound) / k.TotalCost
	}
	return nil
}
