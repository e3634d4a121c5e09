// Package locate is the generic multi-echelon capacitated facility-location
// engine: fixed and per-unit costs, capacities and capacity modules (each
// with its own fixed cost, capacity and handling cost per unit),
// single- or multi-sourcing, coverage radii, forced sites and a budget on
// fixed costs. It reports a proven lower bound with every solution and
// proves optimality by branch-and-bound.
//
// The model (Problem): demand points with sparse arc lists to tier-0 sites;
// Links carry flow from tier t to tier t+1; the last tier's sites are the
// sinks. Solve returns a Solution whose Cost − LowerBound is the certified
// gap; reaching Options.TimeLimit returns the best solution and bound.
//
// Method. The bound is Lagrangian (Görtz & Klose, INFORMS JoC 24(4), 2012;
// Holmberg, Rönnqvist & Yuan, EJOR 113, 1999): the demand rows, the flow
// conservation of intermediate sites and the budget are relaxed, leaving one
// knapsack per site and option — continuous with multi-sourcing (with
// x_ij ≤ y_i this gives the strong LP bound), 0-1 with single-sourcing —
// plus, per tier, the covering constraint Σ cap·y ≥ total demand solved as
// an exact 0-1 knapsack, which lifts the bound above the LP. Multipliers
// follow deflected subgradient steps (Polyak step to the incumbent); the
// averaged subproblem solutions estimate the primal (as in the volume
// algorithm of Barahona & Anbil, 2000) and steer branching. Branch-and-bound
// is best-bound first on the sites' options (closed, or one module), then,
// with single-sourcing, on a point's assignment; reduced-cost fixing from the
// covering LP dual prunes sites at every node. Primal solutions come from
// the Lagrangian solutions: the assignment for fixed open sites is an exact
// transportation or min-cost-flow problem (optimizer/flow), or with
// single-sourcing a regret heuristic with shift and swap moves; at the root,
// close and open moves polish the incumbent.
//
// Per subgradient iteration the work is O(arcs + links + sites) plus the
// knapsacks: the continuous ones take expected linear time (quickselect on
// the ratio), the 0-1 ones depth-first search with the Dantzig bound.
//
// locate knows nothing of appliances or geography; it may import
// optimizer/flow and nothing else of this module.
package locate
