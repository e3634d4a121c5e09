// Package route is the generic vehicle-routing engine: jobs with
// multi-dimensional pickups and deliveries, time windows, skills and
// priorities; shipments; vehicle types with capacity vectors, per-vehicle
// start and end (several depots, open routes), shifts, breaks, limits and
// costs; distances and durations from a flat matrix. The plain CVRP and the
// plain VRPTW are solved by hybrid genetic search (Vidal 2022; Wouda, Lan &
// Kool 2024) with a granular local search (relocate, swap, 2-opt, 2-opt*,
// SWAP*) and optimal split, time windows through time-warp penalties (see
// "Time windows in the genetic search"); the plain VRPTW under the
// hierarchical objective by route minimisation, then that search on the
// fleet found; every richer problem by ruin and recreate (see "The rich
// engine").
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
// members, with 4 elites), crosses them and educates the child by local
// search. A CVRP with coordinates uses the selective route exchange (SREX,
// Nagata & Kobayashi 2010, as PyVRP: a run of routes of one parent, close
// in angle around the depot, replaced by the other parent's, the clients
// left out put back next to a granular neighbour), whose child is mostly
// educated already; time windows and problems without coordinates use
// ordered crossover (OX) of the giant tours and split the child. Infeasible
// children are
// repaired with a ten times higher penalty with probability ½ (always while
// nothing feasible is known). The load penalty per unit of excess adapts
// after every 100 educations (initial population included) so that about
// 20 % of the educated children are feasible. With a time limit, building
// the initial population (4μ random giant tours, split and educated) stops
// after a fifth of the time left. A plain CVRP's initial
// population also holds a Clarke & Wright savings solution (pairs of
// granular neighbours only), educated like the others: on large instances
// at short limits it saves the many local-search passes a random start
// needs. After 20,000 iterations without improvement the population
// restarts, keeping the best solution.
//
// A plain CVRP then ends with a ruin-and-recreate phase (ils.go): simulated
// annealing from the best solution, each step removing strings of clients
// near a random seed (SISR, Christiaens & Vanden Berghe 2020), putting them
// back at their cheapest place with blinks, and running the local search
// from the clients whose neighbours changed only (the selective vertex
// caching of FILO, Accorsi & Vigo 2021). A step costs a few milliseconds on
// a thousand clients where a genetic child costs a hundred, so this phase
// gets most of the time on large instances: Options.RecreateShare, by
// default 0.3 of the time after the initial population up to 200 clients,
// rising to 0.8 at 600 and beyond (measured on the X set: at 10 s per
// instance the mean gap fell from 1.40 % to 0.93 %). Each educator runs its
// own chain; the chains' best solutions join the population every 256
// steps in educator order, so runs bounded by iterations stay
// reproducible.
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
// are skipped. A SREX child starts with its exchanged and repaired routes
// marked changed, the others not (they are local optima already). A pass
// allocates nothing.
//
// # Time windows in the genetic search
//
// A plain VRPTW — one depot, one vehicle type (count, capacity, fixed cost,
// a shift as the depot's window), clients with pickups, service and at most
// one window each, every client servable alone, the cost objective — runs
// the same HGS with time windows relaxed as in HGS-TW (Vidal et al. 2013)
// and PyVRP: a vehicle may arrive late and "warp" back in time to the
// window's end, and pays a time-warp penalty per unit. Routes are timed by
// O(1)-concatenable segments (twSeg). The split is a Bellman split over the
// giant tour (routes grown up to 1.5 capacities, bounded by the fleet when
// needed); the local search caches, per node, the segments of the prefix,
// the suffix and both reversed pieces of its route, so that inter-route
// relocates, swaps and both 2-opt* are evaluated in O(1); intra-route moves
// walk their route, and only when their distance gain beats the route's
// current warp penalty. The time-warp penalty adapts like the load penalty,
// on its own (target: 20 % of educated children without warp). Granular
// neighbours use Vidal's correlation (distance plus 0.2 × the least waiting
// plus 1 × the least time warp between two clients, either order). SWAP*
// with exactly evaluated candidates exists but is off for time windows: it
// gained nothing on Solomon instances at 10 s. A time-windowed problem's
// solution is timed and written by the rich engine's solution builder
// (steps, waits, shift start as late as the windows allow); if no feasible
// solution was found, each route keeps the clients it can serve in order
// and the others are reported unassigned.
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
// # The rich engine
//
// A Problem with anything beyond the plain CVRP and VRPTW (several windows
// per stop, setup times, deliveries beside pickups at one stop, shipments,
// several depots, open routes, vehicle types with skills, breaks, route
// limits, per-distance and per-time costs, optional jobs, clients no
// vehicle can serve alone, the hierarchical objective) runs a different
// search: slack induction by string removals
// (SISR; Christiaens & Vanden Berghe, "Slack induction by string removals
// for vehicle routing problems", Transportation Science 54(2), 2020), a
// ruin-and-recreate under simulated annealing. Each iteration removes a few
// strings of consecutive visits (10 jobs on average, 20 under the
// hierarchical objective; sometimes a string with a kept middle) from
// routes near a random seed visit, then reinserts the jobs one by one in a
// random order rule (random, largest load, farthest, nearest) at their
// cheapest feasible position, skipping each position with probability
// 0.01 ("blinks"), opening a route where allowed. The annealing temperature
// falls geometrically from the mean arc cost to a hundredth of it over the
// time or iteration budget.
//
// Insertions are tested in O(1) from cached route data: earliest
// departures forward and latest service starts backward (time windows,
// shifts), prefix sums and prefix/suffix maxima of the load changes (a
// trade-in stop unloads the new appliance and loads the old one, so the
// load peaks inside the route, not at its end), and the route's distance,
// travel time and stop count against its limits. A shipment's pickup and
// delivery are inserted as a pair in O(L²) per route. Where the O(1) test
// is only a relaxation — several time windows per stop, setup times,
// breaks, a duration limit with time windows — an insertion that would be
// the best so far is confirmed by replaying the route exactly; the replay
// also writes the final timed steps (arrival, wait, setup, service, load
// after each step, breaks placed where they fit the waiting or must be
// taken before their window closes) and starts each route as late as its
// windows allow, which minimises its duration.
//
// Under the hierarchical objective (Problem.VehiclesFirst, the Solomon
// convention) a problem that is a plain VRPTW but for the objective runs
// in two stages. The first half of the budget finds the fleet: a tenth of
// the time (a fifth of the stage) anneals with routes opened freely, then
// the route minimisation of Nagata & Bräysy ("A powerful route
// minimization heuristic for the VRPTW", Operations Research Letters 37,
// 2009) deletes one route at a time: its clients go to an ejection pool and
// come back one by one (last in, first out) at a random feasible position,
// else where their time warp is least in some route at the cost of
// ejecting up to five clients of that route — the set whose ejection
// counters sum least, found by a depth-first search with the latest
// feasible start of each suffix — after which random feasible moves
// perturb the solution; every test is O(1) on time-warp segments. It gives
// up after 0.4 of the stage without removing a route; from 600 clients on
// it gives up after 0.15, and SISR's route minimisation (below) carries on
// from its fleet, with the 0.4 patience: on nearly full vehicles with long
// routes (Gehring & Homberger C2) ruin and recreate packs the routes where
// the ejections stall. The
// second half minimises the cost with that fleet fixed, by the genetic
// search above started from the stage-one solution. (Nagata & Bräysy's
// "squeeze" — insertion at the least penalty repaired by a penalised local
// search — was built and measured: it succeeded on 2 % of its calls on
// Solomon R104, halved the iterations per second and reached no smaller
// fleet, so it is left out.)
//
// Any other problem under the hierarchical objective runs SISR in three
// phases: the first fifth of the budget anneals with routes opened freely;
// then, up to three fifths, it minimises the fleet as in SISR: a route is
// emptied, and ruin and recreate (no new routes, strings ruined next to a
// job left out, recreate ordered by absences half the time) push its jobs
// back, accepting a candidate with fewer unassigned jobs or a smaller sum
// of their absence counts; when every job is back, another route goes,
// down to the load bound. The rest anneals the distance on the smallest
// complete fleet found, passing through states that leave jobs out at ten
// mean arcs each.
//
// Jobs that cannot be served come back in Solution.Unassigned with the
// first reason that applies: no vehicle has the skill; the load exceeds
// every compatible vehicle; the job alone cannot be served by any
// compatible vehicle within its windows, shift and limits; no route has
// room; or the fleet is in use. Threads runs parallel searches (seeds
// (Seed, k+1)) and keeps the best by (penalties, vehicles when
// hierarchical, cost, search index). They are independent, but for the
// first stage of a hierarchical VRPTW (fleet minimisation only), where a
// search that finds a smaller complete fleet hands it to the others
// (fleetshare.go): at once in a time-limited run, at barriers every 256
// iterations in a reproducible one.
//
// route knows nothing of appliances, counties or HTTP: it takes indices into
// matrices and returns indices. It does no I/O and reads no clock except
// through Options (time limit) and the context. It may import geo (for
// geo.Matrix) and nothing else of this module.
package route
