// Package routeio owns the file formats of the rich routing engine: it
// reads VROOM's JSON problems and Huishou's native JSON problems into a
// route.Problem, and writes route.Solutions as VROOM JSON, native JSON and
// CVRPLIB-style text.
//
// Readers return the Problem and a *Meta that keeps what the writers need
// and the Problem does not: the input's ids of jobs, shipments, vehicles
// and breaks, the locations' names and coordinates, the capacity
// dimensions' and skills' names, and the scales that made costs and times
// integers. Bad input gives an *InputError naming the JSON path of the
// offending value ("jobs[3].time_windows[0]: start after end");
// Meta.MapError maps the engine's own validation errors back to those
// paths.
//
// routeio imports route and geo (for estimated matrices) and nothing else
// of this module; the engine knows nothing of these formats.
//
// # VROOM
//
// ReadVROOM reads the problem format of VROOM
// (https://github.com/VROOM-Project/vroom/blob/master/docs/API.md): jobs
// (id, location or location_index, setup, service, delivery, pickup,
// skills, priority, time_windows), shipments (pickup and delivery steps
// with their own ids, amount, skills, priority), vehicles (id, profile,
// start/end or start_index/end_index — either may be missing for an open
// route —, capacity, costs {fixed, per_hour, per_km}, skills, time_window,
// breaks {id, time_windows, service}, max_tasks, max_travel_time,
// max_distance) and matrices {"PROFILE": {"durations", "distances"}} or
// the older top-level "matrix" (durations). Without a matrix, locations
// are [lon, lat] and the matrix is estimated with geo.Estimate in the
// plain area (great-circle distance × 1.25, 45 km/h); identical
// coordinates share one location. Durations are seconds, distances metres.
// Unknown fields are ignored, as VROOM does.
//
// Each VROOM vehicle becomes its own route.Vehicle type with Count 1;
// the distinct start and end locations become Problem.Depots. Job pickup
// and delivery become Client.Demand and Client.Delivery. A vehicle's
// costs become TimeCost = per_hour/3600 per second and DistanceCost =
// per_km/1000 per metre (defaults 3600 and 0: one cost unit per second
// of travel), charged, as in VROOM, on travel time and distance.
//
// Not supported, and rejected with an error rather than ignored: vehicles
// with different profiles, custom "costs" matrices, speed_factor other
// than 1, per_task_hour, setup_per_type/service_per_type, a break
// max_load below the capacity, max_tasks, max_travel_time or max_distance
// of 0. Vehicle "steps" (plan mode) are ignored.
//
// WriteVROOM writes VROOM's solution format: code, summary (cost, routes,
// unassigned, delivery, pickup, setup, service, duration = total travel
// time, waiting_time, priority, distance, computing_times), unassigned
// tasks (id, type, location) and routes with their steps (type, id,
// location, location_index, arrival, duration = cumulative travel time,
// setup, service, waiting_time, load, distance). Extension: each
// unassigned task carries the engine's "reason". An unassigned shipment
// lists its pickup and its delivery, as VROOM does. Distances are left
// out when the input gave durations only. Times stay the Problem's
// integers; costs are divided by Meta.CostScale (1 for VROOM input).
//
// # Native JSON
//
// ReadJSON reads Huishou's own format, written for people: names instead
// of indices, clock times, durations with units, capacities by dimension
// name. example.json is a complete trade-in day. Unknown fields are
// errors. The top-level fields:
//
//	locations  [{"name": "yard", "lon": 104.0657, "lat": 30.6595}, …]
//	           every place, named; lon/lat required unless "matrix" is given
//	matrix     {"durations": [[s…]…], "distances": [[m…]…]} in the order of
//	           locations (optional; distances optional too)
//	depot      location name: the default start and end of every vehicle
//	vehicles   [{"id", "count" (default 1; 0 unlimited), "start", "end"
//	           (location names; null for an open route), "capacity":
//	           {"kg": 800, "litres": 6000, "pieces": 10}, "skills":
//	           ["two_person"], "shift": ["08:00", "18:00"], "breaks":
//	           [{"id", "time_windows", "duration": "30m"}], "max_stops",
//	           "max_travel_time", "max_duration", "max_distance" (metres),
//	           "costs": {"fixed", "per_km", "per_hour"}}]
//	jobs       [{"id", "location", "setup", "service", "time_windows":
//	           [["09:00", "12:00"]], "delivery": {"kg": 75}, "pickup":
//	           {"kg": 70}, "skills", "priority" (0–100), "penalty"}]
//	shipments  [{"id", "pickup": {"location", "setup", "service",
//	           "time_windows"}, "delivery": {…}, "amount", "return",
//	           "skills", "priority", "penalty"}]
//	options    {"vehicles_first": false, "area": "plain"|"urban"|"mountain"}
//
// Times of day are "HH:MM" or "HH:MM:SS" strings (hours may pass 24 for
// a night shift) or seconds since midnight; durations are Go duration
// strings ("20m", "1h30m") or seconds. A trade-in visit gives both
// "delivery" (the new appliance, loaded at the depot) and "pickup" (the
// old one, carried back). A trade-in whose new appliance comes from
// another warehouse is a shipment: "amount" is loaded at the pickup (the
// warehouse) and unloaded at the delivery (the household), where "return"
// (the old appliance, same dimensions as "amount") is loaded and carried
// to the end of the route. Capacity dimensions are the names used in the
// vehicles' capacities; a vehicle that does not name a dimension has no
// limit in it, and a job naming a dimension no vehicle has is an error.
// Skills are free strings; a job needing a skill no vehicle has is left
// unassigned with its reason. Costs are in currency units (yuan): fixed
// per route used, per_km of distance, per_hour of travel time; without
// per_km and per_hour the cost is 1 per km. Internally they are cents
// (Meta.CostScale 100). "penalty" is the cost of leaving a job out;
// without it a job is left out only when it cannot be served, and
// "priority" decides which go first.
//
// WriteJSON writes a solution in the same spirit: a summary, each route
// with its stops (arrival, wait, service start, departure, load by
// dimension, cumulative distance), times as "HH:MM" when the input used
// them, durations in seconds, and the unassigned jobs with their reasons.
// WriteProblemJSON writes a Problem in the native format (ReadJSON reads
// it back to the same Problem), which also converts VROOM problems.
//
// # Text
//
// WriteText writes "Route #k: a b c" lines and "Cost N", as CVRPLIB
// solutions do; a label function names the jobs (benchmark file ids) and
// a scale with decimals prints costs of scaled benchmarks (Solomon:
// 2 decimals).
package routeio
