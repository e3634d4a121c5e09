// Package wire holds the wire forms of scenario results that the CLI and
// the API share: the network plan (plan.json, Plan), its GeoJSON
// (PlanGeoJSON), and the rows of a returns forecast (SupplyRow, as CSV or
// JSON). Figures are rounded so that the same result gives the same bytes.
//
// wire may import optimizer/..., geo and scenarios/region; it must not
// import scenarios, api/, cmd/ or benchmarks/.
package wire
