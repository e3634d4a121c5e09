// Package region owns the base data a scenario is planned on: counties
// (census figures, terrain, simplified boundaries) and townships (candidate
// collection points, each with the provenance of its point), the built-in
// Sichuan region (embedded in scenarios/sichuan), and the user files that
// load or override them: township points, demand points, dismantlers and
// candidate sites as CSV, and GeoJSON export for maps.
//
// [Builtin] returns a fresh copy of a built-in region ("sichuan", see
// [BuiltinNames]); [Region.ReplaceTownshipPoints] overrides township points
// from a CSV file; [Region.CountiesGeoJSON] and [Region.TownshipsGeoJSON]
// export them. Bad input gives an *InputError naming file, line and field.
//
// region may import optimizer/network (for the sites its files describe),
// geo, orb and scenarios/sichuan; it must not import scenarios, api/, cmd/
// or benchmarks/.
package region
