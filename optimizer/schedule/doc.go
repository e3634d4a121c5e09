// Package schedule is the operations engine: it takes bookings (package
// booking), depots and vehicles (package fleet), assigns each booking to a
// day inside its date window, turns every day into rich routing problems
// for optimizer/route, and returns day plans (package dayplan) with timed
// and loaded stops and every booking left out with its reason. It
// re-plans a day after changes, keeping dispatched routes as they are.
//
// # From bookings to routes
//
// Schedule plans Options.Days days from Options.Date:
//
//   - Handling: each booking's load (picked up, and delivered for a
//     trade-in), time at the stop, crew and skills come from the category
//     catalog (booking.Catalog, built on optimizer/supply).
//   - Circuit service (巡回服务): service visits farther than CircuitKm from
//     every depot with a crew that can do them are grouped into a weekly
//     circuit of one crew per county, on the day of the horizon that most
//     of them can take.
//   - Clearing runs (代收代储): a collection point whose stock passes
//     ClearAt of its storage at the start of a day gets a run to its
//     transfer station (Depot.Parent) by a truck of that station.
//   - Days: bookings are taken due-first (latest date, then earliest, then
//     id); each goes to the day of its window where the estimated workload
//     of its area (weight, volume, time, against the area's fleet) is
//     lowest, with a small bias to earlier days. Bookings a day cannot
//     serve move to the next day of their window, ahead of that day's own;
//     they are reported unassigned only on their last day.
//   - Groups: depots whose areas overlap are routed jointly, as one
//     multi-depot problem: two depots are joined when some booking closest
//     to one lies within 1.5 times that distance plus 2 km of the other.
//     Each booking belongs to the group of its nearest depot with trucks.
//     Options.PerDepot forces one problem per depot.
//   - Routing: one optimizer/route problem per group and day, every truck a
//     vehicle of its own (depot, shift, breaks, kg/litres/pieces capacity,
//     crew and skills as skills, fixed, per-km and per-hour costs), every
//     booking a job with its window, service time and needs. A trade-in
//     whose new appliance comes from the truck's own depot is one stop that
//     delivers and picks up (route.Client Delivery and Demand, restricted
//     to trucks of that depot); one whose new appliance waits at another
//     depot or warehouse is a route.Shipment with Return: load at the
//     warehouse, deliver and take the old one at the household.
//
// # Budgets and determinism
//
// The routing work is counted in iterations (Options.Iterations per
// problem, by default growing with its size); Options.TimeLimit only caps
// the whole run. The same input, options and seed give the same plans,
// byte for byte, on any machine and under any load, as long as the
// iteration budget binds before the cap.
//
// schedule may import optimizer/route, geo and the operations leaf
// packages (booking, fleet, dayplan); it must not import scenarios, api,
// cmd or benchmarks.
package schedule
