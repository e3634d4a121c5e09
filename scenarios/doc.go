// Package scenarios owns scenarios: the areas, demand points and candidate
// sites a plan is made for, the levers and overrides a planner changes, the
// built-in scenarios with their embedded data (scenarios/sichuan), and the
// file formats (YAML/JSON/CSV) that load them.
//
// A [Scenario] holds counties (demand areas with census figures, terrain
// and simplified boundaries) and townships (candidate collection points,
// each with the provenance of its point). [Builtin] returns a fresh copy of
// a built-in scenario ("sichuan", see [BuiltinNames]);
// [Scenario.ReplaceTownshipPoints] overrides township points from a CSV
// file; [Scenario.CountiesGeoJSON] and [Scenario.TownshipsGeoJSON] export
// them for maps.
//
// scenarios may import optimizer/... and geo; it must not import api/,
// cmd/ or benchmarks/.
package scenarios
