// Package locate is the generic multi-echelon capacitated facility-location
// engine: fixed and per-unit costs, capacities and capacity modules,
// single- or multi-sourcing, coverage radii. It reports a Lagrangian lower
// bound with every solution, improves the primal side by local search with
// exact assignments (optimizer/flow), and proves optimality by
// branch-and-bound where the instance is small enough.
//
// locate knows nothing of appliances or geography; it may import
// optimizer/flow and nothing else of this module.
package locate
