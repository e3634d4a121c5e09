// Package flow solves minimum-cost flow and transportation problems exactly.
//
// Two entry points:
//
//   - Transport, TransportDense and the reusable TransportSolver solve the
//     transportation problem min Σ c·x s.t. Σ_out x ≤ supply, Σ_in x =
//     demand, x ≥ 0, and return optimal flows and dual prices (U, V).
//   - Network is a general minimum-cost flow problem with lower and upper
//     bounds on arcs (node capacities are modelled as arcs), supplies and
//     demands, solved by Network.Solve.
//
// # Method
//
// Both use the primal network simplex method with a block-search pivot rule
// and strongly feasible spanning trees, after the design of LEMON's
// NetworkSimplex (Kovács 2015, "Minimum-cost flow algorithms: an
// experimental evaluation", Optimization Methods and Software 30(1)). The
// tree is kept in flat parallel slices (parent, predecessor arc, thread,
// subtree size, last successor) indexed by int32. Feasibility is found with
// big-M artificial arcs to a root node; strongly feasible trees prevent
// cycling.
//
// # Complexity
//
// Memory is O(n + m) for n nodes and m arcs. Each pivot costs O(√m) for the
// pricing block plus O(size of the cycle and of the moved subtree), at most
// O(n). The number of pivots is not polynomially bounded in theory; in
// practice it grows roughly linearly with n + m. A dense 1,000 × 100
// transportation problem solves in a few milliseconds (see
// benchmarks/RESULTS.md, section Flow).
//
// # Numbers
//
// Costs are scaled by a power of two s and rounded to int64 so that
// potentials and reduced costs are exact: s is the largest power of two with
// max|c|·s ≤ 2^60/(n+2), so each cost is rounded by at most
// max|c|·(n+2)·2^-61 (about 3·10^-15 relative for n = 6,000). Integer costs
// and costs with a few binary decimals (1234.875) are represented exactly;
// the returned objective is Σ c·x with the caller's costs. Flows, supplies
// and capacities are float64: integral data gives integral flows (every
// operation is an exact sum or difference of integers below 2^53);
// fractional data is handled with a tolerance of 1e-12 relative to the
// largest amount.
//
// flow imports no other package of this module.
package flow
