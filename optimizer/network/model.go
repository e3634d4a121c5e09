package network

import (
	"fmt"
	"math"
	"sync"

	"github.com/huishou/huishou/geo"
	"github.com/paulmach/orb"
)

// Tier is the role of a site in the network.
type Tier string

// The tiers, from the household to the dismantling plant.
const (
	CollectionPoint Tier = "collection_point" // 回收站点
	TransferStation Tier = "transfer_station" // 中转站
	SortingCentre   Tier = "sorting_centre"   // 集散转运中心
	Dismantler      Tier = "dismantler"       // licensed dismantling plant (fixed sink)
)

// Tiers lists the tiers in flow order.
var Tiers = []Tier{CollectionPoint, TransferStation, SortingCentre, Dismantler}

// Demand is a demand point: a township (or county, or user point) with its
// yearly forecast returns.
type Demand struct {
	ID     string
	Name   string
	Point  orb.Point
	Area   geo.Area // road circuity and speed around this point
	Group  string   // county adcode: the unit of the county-centred rule
	Region string   // prefecture adcode
	Tonnes float64  // per year
	M3     float64  // per year
	Units  float64  // per year
	// TonnesByCategory holds tonnes per year per appliance category, in the
	// order of Input.Categories (may be nil).
	TonnesByCategory []float64
	// DeliveryT and DeliveryUnits are the new appliances delivered here per
	// year (with Input.Forward); TradeInT and TradeInUnits the old ones
	// handed in at those deliveries, part of Tonnes and Units.
	DeliveryT, DeliveryUnits float64
	TradeInT, TradeInUnits   float64
}

// Size is one capacity module a site can open at.
type Size struct {
	Name         string
	CapacityT    float64 // tonnes per year
	StorageM3    float64 // storage volume
	FixedCost    float64 // yuan per year (rent, staff)
	HandlingPerT float64 // yuan per tonne handled
}

// Site is a candidate site of one tier, or a fixed dismantling plant.
type Site struct {
	ID     string
	Name   string
	Tier   Tier
	Point  orb.Point
	Area   geo.Area
	Group  string // county adcode
	Region string // prefecture adcode
	Sizes  []Size // at least one; dismantlers use one size = their capacity
	// Note says where the site comes from, e.g. "assumption: plausible site".
	Note string
	// ForceOpen makes the design open the site (a planner's decision).
	ForceOpen bool
	// Shares names the transfer-station candidate a front warehouse shares
	// its site with (see Forward): when both open they pay one fixed cost.
	Shares string
}

// Leg is the transport mode of one stage of the flow.
type Leg struct {
	Vehicle    string  // "van", "truck", …
	CostPerTKm float64 // yuan per tonne-km
	CO2PerTKm  float64 // kg CO₂ per tonne-km
}

// Rules are the service rules of a plan.
type Rules struct {
	// CoverageKm is the maximum road distance from a demand point to its
	// collection point, per area name ("urban", "plain", "mountain");
	// missing names use DefaultCoverageKm.
	CoverageKm map[string]float64
	// CoveragePenaltyPerT is paid per tonne of a demand point served beyond
	// its coverage distance (yuan/t).
	CoveragePenaltyPerT float64
	// CoveragePenaltyPerPoint is paid per year for each demand point served
	// beyond its coverage distance, whatever its tonnes (yuan): the cost of
	// a scheduled mobile-collection round for a remote township.
	CoveragePenaltyPerPoint float64
	// DwellDays is how long returns stay at a site, on average, before they
	// move on; a size's storage (StorageM3) must hold ThroughputM3 ×
	// DwellDays / 365. 0 means DefaultDwellDays; storage is not checked for
	// a size with StorageM3 0.
	DwellDays float64
	// TransferPerCounty requires one transfer station in every county with
	// returns (the policy's county-centred network).
	TransferPerCounty bool
	// SingleSource single-sources the first hub leg that Design routes
	// as a flow: with the county rule, every transfer station sends all its
	// tonnes to one sorting centre; without it, every collection point
	// sends all its tonnes to one transfer station. Demand points are always
	// served by one collection point.
	SingleSource bool
}

// DefaultDwellDays is the default Rules.DwellDays: a weekly onward
// shipment. An ASSUMPTION.
const DefaultDwellDays = 7.0

// DefaultCoverageKm is the coverage radius used when Rules.CoverageKm has
// no entry for an area: an assumption (15-minute drive in the countryside).
const DefaultCoverageKm = 10.0

// Input is a network-design problem.
type Input struct {
	// m3PerT is the mean volume per tonne of the demand, set by Validate.
	m3PerT float64

	Categories []string // names of the TonnesByCategory columns
	Demand     []Demand
	Sites      []Site // candidates of every tier, and the dismantlers
	FirstMile  Leg    // demand point → collection point
	HubLeg     Leg    // collection point → transfer → sorting → dismantler
	Rules      Rules
	// Forward, when set, adds new-appliance deliveries and county front
	// warehouses to the design (see Forward).
	Forward *Forward
	// Roads, when set, gives road distances between demand points and
	// sites by ID; pairs it lacks are estimated by RoadKm.
	Roads []Road

	roadIdx map[[2]string]float64 // index of Roads (roadIndex)
	roadN   int
}

// InputError reports bad input, naming the record and field.
type InputError struct {
	Field string // e.g. "sites[12].sizes[0].capacity_t"
	Msg   string
}

func (e *InputError) Error() string { return "network: " + e.Field + ": " + e.Msg }

// FieldPath returns the path of the offending field (Field), so that one
// error mapper can name it for any package's InputError.
func (e *InputError) FieldPath() string { return e.Field }

// coverageKm returns the coverage radius for area a.
func (r Rules) coverageKm(a geo.Area) float64 {
	if d, ok := r.CoverageKm[a.Name]; ok {
		return d
	}
	return DefaultCoverageKm
}

// Validate checks the input once, up front.
func (in *Input) Validate() error {
	if len(in.Demand) == 0 {
		return &InputError{Field: "demand", Msg: "no demand points"}
	}
	bad := func(v float64) bool { return math.IsNaN(v) || math.IsInf(v, 0) || v < 0 }
	badPoint := func(p orb.Point) bool { return !(p[0] >= -180 && p[0] <= 180 && p[1] >= -90 && p[1] <= 90) }
	for i, d := range in.Demand {
		f := fmt.Sprintf("demand[%d]", i)
		switch {
		case d.ID == "":
			return &InputError{Field: f + ".id", Msg: "empty"}
		case badPoint(d.Point):
			return &InputError{Field: f + ".point", Msg: fmt.Sprintf("%v is not a WGS84 lon/lat", d.Point)}
		case bad(d.Tonnes) || bad(d.M3) || bad(d.Units):
			return &InputError{Field: f + ".tonnes", Msg: "returns must be finite and non-negative"}
		case d.Area.Circuity < 1 || d.Area.SpeedKmh <= 0:
			return &InputError{Field: f + ".area", Msg: fmt.Sprintf("circuity %v < 1 or speed %v <= 0", d.Area.Circuity, d.Area.SpeedKmh)}
		case d.TonnesByCategory != nil && len(d.TonnesByCategory) != len(in.Categories):
			return &InputError{Field: f + ".tonnes_by_category", Msg: fmt.Sprintf("%d values for %d categories", len(d.TonnesByCategory), len(in.Categories))}
		}
	}
	tonnes, m3 := 0.0, 0.0
	for _, d := range in.Demand {
		tonnes += d.Tonnes
		m3 += d.M3
	}
	perT := 0.0
	if tonnes > 0 {
		perT = m3 / tonnes
	}
	// Designs may validate one Input at once (a service's parallel runs):
	// the cached mean is written under a lock, and only when it changes.
	m3Mu.Lock()
	if in.m3PerT != perT {
		in.m3PerT = perT
	}
	m3Mu.Unlock()
	count := map[Tier]int{}
	for i, s := range in.Sites {
		f := fmt.Sprintf("sites[%d]", i)
		switch {
		case s.ID == "":
			return &InputError{Field: f + ".id", Msg: "empty"}
		case badPoint(s.Point):
			return &InputError{Field: f + ".point", Msg: fmt.Sprintf("%v is not a WGS84 lon/lat", s.Point)}
		case len(s.Sizes) == 0:
			return &InputError{Field: f + ".sizes", Msg: fmt.Sprintf("site %s has no size to open at", s.ID)}
		case s.Area.Circuity < 1 || s.Area.SpeedKmh <= 0:
			return &InputError{Field: f + ".area", Msg: fmt.Sprintf("circuity %v < 1 or speed %v <= 0", s.Area.Circuity, s.Area.SpeedKmh)}
		}
		switch s.Tier {
		case CollectionPoint, TransferStation, SortingCentre, Dismantler, FrontWarehouse, DistributionCentre:
		default:
			return &InputError{Field: f + ".tier", Msg: fmt.Sprintf("unknown tier %q", s.Tier)}
		}
		for k, z := range s.Sizes {
			g := fmt.Sprintf("%s.sizes[%d]", f, k)
			switch {
			case bad(z.CapacityT) || z.CapacityT == 0:
				return &InputError{Field: g + ".capacity_t", Msg: fmt.Sprintf("capacity %v must be positive", z.CapacityT)}
			case bad(z.FixedCost):
				return &InputError{Field: g + ".fixed_cost", Msg: fmt.Sprintf("fixed cost %v must be non-negative", z.FixedCost)}
			case bad(z.HandlingPerT):
				return &InputError{Field: g + ".handling_per_t", Msg: fmt.Sprintf("handling cost %v must be non-negative", z.HandlingPerT)}
			}
		}
		count[s.Tier]++
	}
	for _, t := range Tiers {
		if count[t] == 0 {
			return &InputError{Field: "sites", Msg: fmt.Sprintf("no candidate of tier %s", t)}
		}
	}
	for _, l := range []struct {
		name string
		leg  Leg
	}{{"first_mile", in.FirstMile}, {"hub_leg", in.HubLeg}} {
		if bad(l.leg.CostPerTKm) || bad(l.leg.CO2PerTKm) {
			return &InputError{Field: l.name, Msg: "cost and CO₂ per tonne-km must be finite and non-negative"}
		}
	}
	if err := in.validateRoads(); err != nil {
		return err
	}
	return in.validateForward()
}

// unitArea has circuity 1: great-circle distances, for bounds.
var unitArea = geo.Area{Name: "great-circle", Circuity: 1, SpeedKmh: 1}

// dwellDays returns the rule's dwell time or its default.
func (r Rules) dwellDays() float64 {
	if r.DwellDays > 0 {
		return r.DwellDays
	}
	return DefaultDwellDays
}

// m3Mu guards Input.m3PerT (see Validate).
var m3Mu sync.Mutex

// CapacityT is the yearly throughput a site of size z can take: its
// CapacityT, and no more than its storage holds at the rule's dwell time
// for returns of the demand's mean volume per tonne. (Each plan reports
// the storage each site really needs, StorageUtilisation.)
func (in *Input) CapacityT(z Size) float64 {
	if z.StorageM3 <= 0 || in.m3PerT <= 0 {
		return z.CapacityT
	}
	return math.Min(z.CapacityT, z.StorageM3*365/in.Rules.dwellDays()/in.m3PerT)
}
