// Package scenarios owns scenarios: the areas, demand points and candidate
// sites a plan is made for, the levers and overrides a planner changes, the
// built-in scenarios with their embedded data (scenarios/sichuan), and the
// file formats (YAML/JSON/CSV) that load them.
//
// scenarios may import optimizer/... and geo; it must not import api/,
// cmd/ or benchmarks/.
package scenarios
