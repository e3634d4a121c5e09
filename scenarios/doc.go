// Package scenarios runs what-if scenarios. A scenario file (Scenario:
// Parse, Load, Builtin; YAML or JSON, `base:` inheritance, errors with
// field paths) gives the base data, the year, the policy levers, front
// warehouses, days of operations and the solver's budgets. Run chains the
// stages of scenarios/stage on the region of scenarios/region — forecast →
// network input → design (jointly with front warehouses) → days of
// operations — sharing what other runs computed through a Cache; RunAll
// runs several. Compare and CompareSummaries set results side by side
// (compare.csv, compare.json; scenarios/report draws compare.html), Sweep
// makes one scenario per value of a lever. Plan is the design alone with
// options set in code (the API's plan runs).
//
// The same file and seed give the same bytes: every solve is bounded by
// work (solver.budget, solver.route_iterations), the time cap only caps
// the design and the notes say when it did.
//
// scenarios may import optimizer/..., geo and its own subpackages but
// scenarios/report (which imports it); it must not import api/, cmd/ or
// benchmarks/.
package scenarios
