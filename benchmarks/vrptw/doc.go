// Package vrptw reads the rich vehicle-routing benchmark sets — Solomon
// VRPTW, Li & Lim PDPTW and Cordeau MDVRP — into plain types, reads their
// best-known values, and checks solutions independently of any solver.
//
// It owns the file formats of those three sets (described in
// ../shared/benchmarks/README.md, sections 2, 5 and 6), the bks.csv tables
// beside them, and the rules each set scores by: Euclidean distances in
// float64 with no rounding, travel time equal to distance, waiting allowed
// before a time window opens, capacity at every stop, pickups before their
// deliveries on the same route, route-duration and per-depot fleet limits.
//
// The checker is deliberately separate from the routing engine: it imports
// neither optimizer/route nor anything else in this module, and takes a
// solution as plain lists of node indices, so that `huishou bench
// vrptw|pdptw|mdvrp` can re-check every answer a solver gives.
//
// Node indices. Every reader stores the nodes of a file in Instance.Nodes in
// file order, and routes, depots and pickup/delivery siblings all refer to
// positions in that slice. For Solomon and Li & Lim the index equals the id
// in the file (0 is the depot); for Cordeau, whose ids start at 1, the index
// is the id minus one (customers first, then the depots). Node.ID keeps the
// file's id.
//
// Nothing in this module but cmd/ imports this package. The readers and
// the checker (check.go) import nothing of this module; the converters and
// the runner (problem.go, run.go) use optimizer/route and routecheck.
package vrptw
