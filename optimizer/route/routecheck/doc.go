// Package routecheck verifies a rich route.Solution against its
// route.Problem, independently of the engine that produced it.
//
// Check recomputes every route from the problem and the sequence of step
// kinds and indices alone: arrival times, waits, setups and services, loads
// after every step, cumulative distances, travel and wait times, route and
// solution costs. It then compares the solution's recorded figures with the
// recomputation and checks every constraint of the rich model:
//
//   - each client and shipment served at most once, and either served or
//     listed in Solution.Unassigned, not both;
//   - each served shipment picked up before it is delivered, on one route;
//   - capacity in every dimension after every step (a route may fit its
//     total load yet overflow in the middle, or the reverse); a
//     shipment's delivery unloads its Amount and loads its Return;
//   - skills, shifts (start and end), time windows, breaks (each taken
//     exactly once per non-empty route, inside its windows);
//   - MaxTravelTime, MaxDuration, MaxDistance and MaxStops per route, and
//     the number of routes per vehicle type against its Count;
//   - the steps' locations (start and end depots, open ends, breaks taken
//     where the vehicle is);
//   - Route.Start, End, Duration, TravelTime, WaitTime, Service, Distance,
//     Cost and Clients, and Solution.Cost, Distance and Duration.
//
// # Times
//
// The departure time is the solution's (Steps[0].Arrival): when to leave
// is a choice, not a consequence. Each later arrival is recomputed as the
// previous departure plus the travel time. The solution's recorded wait is
// kept when it is non-negative and puts the service start inside a time
// window; otherwise Check reports it and continues from the earliest
// feasible start (the first window that fits the arrival), so that one
// error is reported once rather than at every later step. Recorded
// arrivals are checked locally: each must equal the recorded departure of
// the previous step (its arrival, wait, setup and service) plus the travel
// time.
//
// A job's Setup applies when the previous real location (breaks are taken
// where the vehicle is) differs from the job's, so the first job of an
// open-start route, which starts at that job's location, has none. Travel
// and distance to a break are 0, and after it they run from the last real
// location. The end of an open-end route is at location -1 and its arrival
// is the departure from the last step.
//
// # Errors and violations
//
// A broken constraint or a wrong recorded figure is a violation: one line
// in Report.Violations naming the route, the step and the job, e.g.
//
//	routes[2].steps[5] (client 17): service starts 1040 after its time windows [900, 1000]
//
// Check returns an error only when the solution cannot be evaluated at
// all: a nil problem or solution, a matrix of the wrong shape, an index
// (vehicle, client, shipment, break, depot, location) out of range, or an
// unknown step or job kind. It never panics, whatever the input.
//
// # Imports
//
// routecheck uses only the public API of package route (its types,
// Problem.Arc, Travel, RouteCost and JobPenalty, and its constants) and the
// standard library. It must not import the engine's internals, nor be
// imported by the engine: it exists so that tests and benchmarks judge the
// engine's output by a second, independent implementation of the rules.
package routecheck
