// Package cvrp reads and writes the CVRPLIB formats (TSPLIB-style .vrp
// instances, .sol solutions, bks.csv) and runs the CVRP benchmark behind
// `huishou bench cvrp`. Every solution is re-checked by Check, which
// recomputes loads and costs from the instance's coordinates without
// calling the route package's evaluator.
//
// Distances follow CVRPLIB: each arc is nint(euclidean) = floor(v+0.5),
// computed as an integer before summing.
package cvrp
