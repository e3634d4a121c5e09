package scenarios

import "time"

// Scenario is a scenario file after its base has been merged in and every
// field validated: the base data a plan is made on, the forecast year, the
// policy levers, the optional front warehouses and day of operations, and
// the solver settings. The YAML and JSON field names are the ones in the
// struct tags; README.md documents the schema with examples.
//
// A Scenario is made by Parse, Load or Builtin and is read-only afterwards:
// its Canonical form (the merged document, keys sorted) is what runs are
// keyed and cached by.
type Scenario struct {
	// Name identifies the scenario: lower-case letters, digits and '-'.
	Name string `yaml:"name"`
	// Base names the scenario this one inherits: a built-in name or a file
	// path (relative to this file). Fields set here override the base's;
	// maps merge key by key, lists and scalars replace, null removes — but
	// assumptions accumulate, the base's first.
	Base string `yaml:"base"`
	// Title is one line for tables and charts; Description says what the
	// scenario asks.
	Title       string `yaml:"title"`
	Description string `yaml:"description"`
	// Assumptions lists what the scenario takes as given, in words; a
	// scenario's follow its base's.
	Assumptions []string `yaml:"assumptions"`

	Data   Data   `yaml:"data"`
	Year   int    `yaml:"year"` // forecast year; 0 = 2025
	Levers Levers `yaml:"levers"`
	// FrontWarehouses, when enabled, designs county front warehouses
	// (县城前置仓) for new-appliance deliveries jointly with the recycling
	// tiers.
	FrontWarehouses FrontWarehouses `yaml:"front_warehouses"`
	// Ops, when it names counties, runs days of generated bookings on the
	// designed network.
	Ops    Ops    `yaml:"ops"`
	Solver Solver `yaml:"solver"`

	canonical []byte // the merged document as canonical JSON
	tree      map[string]any
	files     Files // reads data files; nil when there are none to read
	chain     []string
}

// Data is the base data of a scenario: the built-in region or user files.
// Paths are relative to the scenario file.
type Data struct {
	// Region is the built-in region ("sichuan", the default) whose counties
	// and townships are used unless Counties and Townships replace them.
	Region string `yaml:"region"`
	// Counties replaces the region's counties: CSV (adcode, name,
	// prefecture_adcode, prefecture, type, seat_lon, seat_lat, population,
	// households, urban_share, area_km2, terrain) or GeoJSON (polygons with
	// those properties, the boundary as geometry). Townships must be given
	// with it.
	Counties string `yaml:"counties"`
	// Townships replaces the region's townships: CSV code, name, county,
	// lon, lat[, type].
	Townships string `yaml:"townships"`
	// TownshipPoints overrides township points: CSV code, lon, lat.
	TownshipPoints string `yaml:"township_points"`
	// Demand is "townships" (default), "counties" or a CSV file id, lon,
	// lat, tonnes[, name, m3] of demand points.
	Demand string `yaml:"demand"`
	// Candidates adds candidate sites: CSV id, tier, lon, lat[, name].
	Candidates string `yaml:"candidates"`
	// Dismantlers replaces the assumed dismantling plants: CSV id, lon,
	// lat, capacity_t[, name, handling_per_t, fixed_cost].
	Dismantlers string `yaml:"dismantlers"`
	// Roads gives road distances between demand points and sites by id:
	// CSV from, to, metres[, seconds]. Pairs it lacks are estimated from
	// great-circle distance and the terrain's circuity.
	Roads string `yaml:"roads"`
	// Sales gives new-appliance sales per township: CSV township, units
	// (per year, all categories delivered by truck), replacing the sales
	// implied by the levers (levers.sales overrides single townships).
	Sales string `yaml:"sales"`
	// Prefecture, when set, plans one prefecture (adcode, e.g. "510100").
	Prefecture string `yaml:"prefecture"`
}

// Levers are what a planner changes. Per-category maps take category IDs
// (refrigerator, washing_machine, air_conditioner, television,
// water_heater, microwave, range_hood, computer, mobile_phone) and "all"
// for every category not named.
type Levers struct {
	// Subsidy is the trade-in subsidy as a share of the new appliance's
	// price, 0…1, per category. Default 0.
	Subsidy map[string]float64 `yaml:"subsidy"`
	// Elasticity is the relative rise of the collection rate per unit of
	// subsidy, per category. Default 2 (UNSOURCED, see optimizer/supply).
	Elasticity map[string]float64 `yaml:"elasticity"`
	// SalesElasticity is the relative rise of new-appliance sales per unit
	// of subsidy, per category. Default 1 (UNSOURCED).
	SalesElasticity map[string]float64 `yaml:"sales_elasticity"`
	// TradeInShare is the share of new appliances sold as trade-ins (an old
	// one handed in at delivery), 0…1. Default 0.3 (UNSOURCED).
	TradeInShare *float64 `yaml:"trade_in_share"`
	// CollectionRate is the share of retired appliances that leave
	// households through any channel, formal or not, 0…1. Default 1.
	CollectionRate *float64 `yaml:"collection_rate"`
	// FormalShare is the share of those that reach licensed recyclers, per
	// category, 0…1. Default each category's own (0.20 for appliances).
	FormalShare map[string]float64 `yaml:"formal_share"`
	// DoorToDoor widens door-to-door pickup.
	DoorToDoor DoorToDoor `yaml:"door_to_door"`
	// Target, when set, scales the collection rates so that the tonnes
	// collected reach (1 + growth) × the status-quo tonnes of base_year.
	Target *Target `yaml:"target"`
	// FuelPrice is the diesel price in yuan per litre. Default 7.5.
	FuelPrice *float64 `yaml:"fuel_price"`
	// Wage is the cost of one staff member per year, yuan. Default 70,000.
	Wage *float64 `yaml:"wage"`
	// CO2Price is charged per tonne of CO₂ from transport, yuan. Default 0.
	CO2Price *float64 `yaml:"co2_price"`
	// ServiceRadiusKm is the coverage radius per area (urban, plain,
	// mountain) and "all". Default 3, 10 and 20 km.
	ServiceRadiusKm map[string]float64 `yaml:"service_radius_km"`
	// CoveragePenalty is paid for a township served beyond its radius.
	CoveragePenalty CoveragePenalty `yaml:"coverage_penalty"`
	// CountyRule requires one transfer station per county (default true).
	CountyRule *bool `yaml:"county_rule"`
	// SingleSource sends each transfer station's tonnes to one sorting
	// centre (default false).
	SingleSource bool `yaml:"single_source"`
	// Sites adds, closes and forces open candidate sites.
	Sites SiteLevers `yaml:"sites"`
	// Fleet is the number of trucks per depot for days of operations, by
	// depot id and "all"; 0 sizes the fleet to each day's work.
	Fleet map[string]int `yaml:"fleet"`
	// Sales sets new-appliance sales per township, units per year, by
	// township code (overrides data.sales and the levers' sales).
	Sales map[string]float64 `yaml:"sales"`
}

// DoorToDoor are the door-to-door pickup levers.
type DoorToDoor struct {
	// Coverage is the share of households given door-to-door pickup
	// beyond the status quo, 0…1. Default 0.
	Coverage float64 `yaml:"coverage"`
	// Uplift is the relative rise of the collection rate among covered
	// households. Default 0.5 (UNSOURCED).
	Uplift *float64 `yaml:"uplift"`
}

// Target is a volume target for collected tonnes.
type Target struct {
	BaseYear int     `yaml:"base_year"` // the reference year, status-quo levers
	Growth   float64 `yaml:"growth"`    // e.g. 0.30 for +30 %
}

// CoveragePenalty is the cost of serving a township beyond its radius.
type CoveragePenalty struct {
	// PerT is paid per tonne served beyond the radius (yuan). Default 800.
	PerT *float64 `yaml:"per_t"`
	// PerPoint is paid per year for each township beyond the radius
	// (yuan). Default 100,000; 0 lets the design trade coverage for cost.
	PerPoint *float64 `yaml:"per_point"`
}

// SiteLevers change the candidate sites.
type SiteLevers struct {
	Add       []SiteSpec `yaml:"add"`        // extra candidates
	Close     []string   `yaml:"close"`      // site ids that must stay closed
	ForceOpen []string   `yaml:"force_open"` // site ids that must open
}

// SiteSpec is an extra candidate site.
type SiteSpec struct {
	ID   string  `yaml:"id"`
	Tier string  `yaml:"tier"` // collection_point, transfer_station, sorting_centre or front_warehouse
	Lon  float64 `yaml:"lon"`
	Lat  float64 `yaml:"lat"`
	Name string  `yaml:"name"`
}

// FrontWarehouses configures the joint design of county front warehouses
// for new-appliance deliveries and the recycling tiers.
type FrontWarehouses struct {
	Enabled bool `yaml:"enabled"`
	// Candidates are "seats" (each county seat, the default) or
	// "seats_and_towns" (also every 镇 seat of the county).
	Candidates string `yaml:"candidates"`
	// SharedSite, default true, lets a county seat serve as front warehouse
	// and transfer station at one fixed cost (see optimizer/network).
	SharedSite *bool `yaml:"shared_site"`
}

// Ops configures days of operations on the designed network.
type Ops struct {
	// Counties are the adcodes whose bookings are generated and scheduled;
	// "districts:510100" names every district (区) of a prefecture.
	Counties []string `yaml:"counties"`
	// Date is the first day (YYYY-MM-DD); default 2025-06-18.
	Date string `yaml:"date"`
	// Days is the number of days; default 1.
	Days int `yaml:"days"`
}

// Solver are the solver settings. Runs are deterministic: the same
// scenario and seed give the same bytes; the time cap only bounds a run.
type Solver struct {
	// Budget is the work budget of the network design
	// (network.Options.Budget, in locate.Options.Work units, about 10,000
	// a second here); the same scenario and budget give the same plan.
	// 0 means network.DefaultBudget; a negative budget bounds the design by
	// time_cap instead, which is not reproducible.
	Budget int `yaml:"budget"`
	// Seed seeds every randomised stage; default 1.
	Seed uint64 `yaml:"seed"`
	// TimeCap caps the network design, e.g. "60s"; default 60s. It is a
	// safety net: the work budget, not the cap, ends a run that is to be
	// reproduced; a cap reached makes the plan depend on the machine (the
	// run's notes then say so). The days of operations are bounded by
	// route_iterations alone and never read the clock.
	TimeCap Duration `yaml:"time_cap"`
	// Greedy uses the quick greedy design instead of the optimiser.
	Greedy bool `yaml:"greedy"`
	// RouteIterations bounds the routing engine per routing problem of a
	// day of operations; 0 means schedule.DefaultIterations (4 per booking
	// + 400, at most 12,000).
	RouteIterations int `yaml:"route_iterations"`
}

// Duration is a time.Duration written as "90s", "2m".
type Duration time.Duration
