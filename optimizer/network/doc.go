// Package network is the recycling domain on top of the facility-location
// engine: demand points with forecast returns (tonnes, m³, units per
// appliance category), candidate sites per tier (collection points,
// transfer stations, sorting/transshipment centres) with sizes, fixed
// dismantling plants as sinks, leg costs and emissions, coverage rules, and
// the NetworkPlan with its KPIs (cost split, tonne-km, CO₂, coverage,
// distances, utilisation, lower bound and gap).
//
// Design solves the problem with optimizer/locate, county by county (see
// its doc for the decomposition and the bound); Greedy is a quick baseline;
// Evaluate is the one place that computes a plan's figures.
//
// With Input.Forward the design is joint: county front warehouses
// (FrontWarehouse) for new-appliance deliveries are chosen in the same
// county problems as the collection points, the trade-ins ride back on the
// delivery vans, and a warehouse may share its site (one fixed cost) with
// the county's transfer station; see Forward.
//
// network may import optimizer/locate, optimizer/supply and geo; it must not
// import scenarios, api, cmd or benchmarks.
package network
