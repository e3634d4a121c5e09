// Package flow solves minimum-cost flow and transportation problems exactly.
//
// Entry points:
//
//   - Transport and TransportDense solve the transportation problem
//     min Σ c·x s.t. Σ_out x ≤ supply, Σ_in x = demand, x ≥ 0, and return
//     optimal flows and dual prices (U, V); see TransportResult for the
//     sign convention.
//   - TransportSolver does the same without allocating once warmed up, and
//     its Resolve re-solves the last problem with new supplies and demands
//     from the previous optimal basis: the inner loop of a facility-location
//     local search (close a site = give it supply 0).
//   - Network is a general minimum-cost flow problem with lower and upper
//     bounds on arcs (node capacities are modelled as arcs: split the node),
//     supplies and demands, for multi-echelon networks.
//
// # Method
//
// The primal network simplex method, after the design of LEMON's
// NetworkSimplex (Kovács 2015, "Minimum-cost flow algorithms: an
// experimental evaluation", Optimization Methods and Software 30(1)): a
// spanning tree rooted at an artificial node, kept in flat parallel slices
// indexed by int32 (parent, predecessor arc and its flow, thread, reverse
// thread, subtree size, last successor); big-M artificial arcs for
// feasibility; strongly feasible trees against cycling. Pricing is LEMON's
// altering candidate list (blocks of about √m arcs, a few best candidates
// kept between pivots); dense transportation problems price one sink at a
// time over a column-major cost layout.
//
// # Complexity
//
// Memory is O(n + m) for n nodes and m arcs. A pivot costs the pricing
// (about √m arcs per block scanned) plus O(length of the cycle + size of
// the moved subtree), at most O(n). The number of pivots has no useful
// polynomial bound, but in practice it grows about linearly with n, and the
// final optimality proof scans every arc once. Warm start (Resolve) is O(n)
// plus the pivots needed. Measured (benchmarks/RESULTS.md, section Flow): a
// dense 100 × 1,000 transportation problem in about 4–5 ms, a sparse
// 3,000 × 3,000 one with 30 arcs per customer in about 12 ms, and a warm
// re-solve after closing or reopening one site in about 1 ms (dense) to
// 2 ms (sparse).
//
// # Numbers
//
// Costs are multiplied by a power of two s and rounded to int64 so that
// potentials and reduced costs are exact integers: s is the largest power of
// two with max|c|·s ≤ 2^59/(n+2). Each cost is therefore rounded by at most
// max|c|·(n+2)·2^-60 (about 6·10^-15 of the largest cost for n = 6,000);
// integers and costs with a few binary decimals (1234.875) are represented
// exactly. The reported objective is Σ c·x with the caller's float64 costs;
// duals are the integer potentials divided by s.
//
// Flows, supplies and capacities are float64. With integral supplies,
// demands and bounds every flow is an integer (each operation is an exact
// sum or difference of integers below 2^53); fractional data is handled
// with a tolerance of 1e-12 relative to the largest amount.
//
// flow imports no other package of this module.
package flow
