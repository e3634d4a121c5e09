// Package route is the generic vehicle-routing engine: jobs with
// multi-dimensional demand, vehicles with capacity vectors, per-vehicle start
// and end, distances and durations from a flat matrix. It solves by hybrid
// genetic search (Vidal 2022; Wouda, Lan & Kool 2024) with a granular local
// search (relocate, swap, 2-opt, 2-opt*, SWAP*) and optimal split.
//
// # Algorithm
//
// Solve runs one hybrid genetic search (HGS), educating Threads offspring
// in parallel per generation. It keeps two subpopulations, feasible and
// infeasible, of μ = 25 to μ+λ = 65 individuals. An individual is a giant tour of the clients, cut into routes
// by the linear Split of Vidal (2016) with soft capacities, or by the bounded
// O(n·m) split when the routes must fit the fleet. An iteration picks two
// parents by binary tournament on biased fitness (cost rank plus diversity
// rank, the diversity being the mean broken-pairs distance to the 5 closest
// members, with 4 elites), crosses them with ordered crossover (OX), splits
// the child and educates it by local search; infeasible children are
// repaired with a ten times higher penalty with probability ½ (always while
// nothing feasible is known). The load penalty per unit of excess adapts
// after every 100 educations (initial population included) so that about
// 20 % of the educated children are feasible. With a time limit, building
// the initial population (4μ random giant tours, split and educated) stops
// after a fifth of the time left. After 20,000 iterations without
// improvement the population restarts, keeping the best solution.
//
// The local search visits each client u in random order and each of its
// ~20 granular neighbours v (the k nearest, made symmetric): relocate u,
// (u,x) and (x,u) after v; swap u/v, (u,x)/v, (u,x)/(v,y); 2-opt within a
// route; 2-opt* between routes (both orientations); moves into an empty
// route from the second pass. At each local optimum of these moves it runs
// SWAP* (best reinsertion positions of two clients exchanged between two
// routes, using the three cheapest insertion positions cached per client
// and route) between routes whose polar sectors around the depot overlap
// and that changed since last tested, and resumes while SWAP* improves —
// the separation of node and route operators of PyVRP; HGS-CVRP instead
// runs SWAP* after every pass, which costs more on large instances for no
// better result in our tests. Moves are evaluated in O(1) from cumulative
// route data; pairs whose routes did not change since they were last tested
// are skipped. A pass allocates nothing.
//
// # Costs and scale
//
// Arc costs are int32 internally (validated ≤ 2^30), sums int64; penalties
// are float64. A Problem gives either integer costs (Dist, used as they
// are) or a geo.Matrix of float metres, scaled by CostScale and rounded;
// Solution costs are in those integer units.
//
// # Determinism
//
// All random choices come from rand.NewPCG(Options.Seed, stream), stream 0
// for selection and crossover and k+1 for educator k; offspring educated in
// parallel join the population in educator order. The
// clock is read only to stop (TimeLimit, and the share of it the initial
// population may use), so runs bounded by MaxIterations alone are
// reproducible byte for byte for a given Seed and Threads.
//
// # Scope of this version
//
// One depot, one vehicle type (bounded or unlimited count, fixed cost per
// route), capacities in any number of dimensions. Durations, time windows,
// shifts, skills, shipments and several depots are represented in the types
// where they belong but rejected by Validate until they are implemented.
//
// route knows nothing of appliances, counties or HTTP: it takes indices into
// matrices and returns indices. It does no I/O and reads no clock except
// through Options (time limit) and the context. It may import geo (for
// geo.Matrix) and nothing else of this module.
package route
