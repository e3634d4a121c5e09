// Package route is the generic vehicle-routing engine: jobs with
// multi-dimensional demand, vehicles with capacity vectors, per-vehicle start
// and end, distances and durations from a flat matrix. It solves by hybrid
// genetic search (Vidal 2022; Wouda, Lan & Kool 2024) with a granular local
// search (relocate, swap, 2-opt, 2-opt*, SWAP*) and optimal split.
//
// route knows nothing of appliances, counties or HTTP: it takes indices into
// matrices and returns indices. It does no I/O and reads no clock except
// through Options (time limit) and the context. It may import geo (for
// geo.Matrix) and nothing else of this module.
package route
