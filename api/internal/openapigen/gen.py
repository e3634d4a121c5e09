import json
def ref(n): return {"$ref": "#/components/schemas/"+n}
def js(schema): return {"application/json": {"schema": schema}}
def problem_resp(desc): return {"description": desc, "content": {"application/problem+json": {"schema": ref("Problem")}}}
ERR = {"400": problem_resp("Bad input, naming the field"), "401": problem_resp("Missing or unknown API key"),
       "403": problem_resp("The key's role may not do this"), "default": problem_resp("Any other problem")}
def errs(*codes):
    d = {c: ERR[c] for c in ("400","401","403") if c in codes or not codes}
    d["default"] = ERR["default"]
    return d
sec = [{"bearer": []}]
retry_after = {"Retry-After": {"description": "seconds to wait before retrying", "schema": {"type": "integer", "minimum": 1}}}
def retry_resp(desc): return {**problem_resp(desc), "headers": retry_after}
def op(summary, tag, responses, body=None, params=None, secured=True, opid=None):
    if secured:
        responses.setdefault("429", retry_resp("The key's rate limit is used up (Retry-After)"))
        responses.setdefault("503", retry_resp("The database is unavailable or the request took too long (Retry-After)"))
    o = {"summary": summary, "tags": [tag], "operationId": opid, "responses": responses}
    if body: o["requestBody"] = body
    if params: o["parameters"] = params
    if secured: o["security"] = sec
    return o
def pp(name, desc, schema=None, where="path", required=True):
    return {"name": name, "in": where, "required": required, "description": desc, "schema": schema or {"type": "string"}}
name_p = pp("name", "scenario name")
id_p = pp("id", "run id")
levers = {"type": "object", "additionalProperties": False, "properties": {
    "subsidy": {"type": "number", "minimum": 0, "maximum": 1, "description": "trade-in subsidy as a share of the new appliance's price"},
    "elasticity": {"type": "number", "description": "relative rise of the collection rate per unit of subsidy (0 = default)"},
    "coverage": {"type": "number", "minimum": 0, "maximum": 1, "description": "door-to-door coverage beyond the status quo"},
    "uplift": {"type": "number", "description": "relative rise of the collection rate among covered households (0 = default)"},
    "formal_share": {"type": "number", "minimum": 0, "maximum": 1, "description": "share of retired units reaching the formal channel (0 = per category)"}}}
plan_params = {"type": "object", "additionalProperties": False, "description": "Parameters of a plan run: the flags of `huishou plan`.",
  "properties": {
    "region": {"type": "string", "description": "built-in base data (the scenario's base)"},
    "year": {"type": "integer", "description": "forecast year (0 = 2025)"},
    "levers": ref("Levers"),
    "prefecture": {"type": "string", "description": "plan one prefecture (adcode, e.g. 510100)"},
    "demand": {"type": "string", "enum": ["townships", "counties"]},
    "no_county_rule": {"type": "boolean"}, "single_source": {"type": "boolean"},
    "coverage_penalty": {"type": "number", "minimum": 0, "description": "yuan per tonne beyond the coverage radius (0 = default)"},
    "coverage_point_penalty": {"type": "number", "minimum": 0, "description": "yuan per year per township beyond the radius (absent = default, 0 = none)"},
    "greedy": {"type": "boolean", "description": "the quick greedy baseline"},
    "budget": {"type": "integer", "minimum": 0, "maximum": 1000000000, "description": "work budget of the design in locate work units (0 = the default); the same budget gives the same plan"},
    "time_limit": {"type": "string", "description": "cap on the design, a Go duration, e.g. 60s (default)"}}}
ts = {"type": "string", "format": "date-time"}
scenario = {"type": "object", "required": ["name", "kind", "base", "builtin"], "properties": {
    "name": {"type": "string"}, "kind": {"type": "string", "enum": ["plan", "file"], "description": "plan: a region and plan-run parameters; file: a scenario file (package scenarios)"},
    "base": {"type": "string", "description": "the built-in region"}, "title": {"type": "string"}, "description": {"type": "string"},
    "plan": ref("PlanParams"), "inherits": {"type": "string", "description": "the scenario a file's base: names"},
    "source": {"type": "string", "description": "the scenario file as written (YAML or JSON)"},
    "document": {"type": "object", "description": "the scenario file merged with what it inherits (JSON, keys sorted)"},
    "builtin": {"type": "boolean"}, "version": {"type": "integer"},
    "created_at": ts, "updated_at": ts}}
scenario_file = {"type": "object", "description": "A scenario file (README: Scenario files): name, base, title, description, assumptions, data, year, levers, front_warehouses, ops, solver",
  "required": ["name"], "properties": {"name": {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]{0,62}$"}, "base": {"type": "string"},
    "title": {"type": "string"}, "description": {"type": "string"}, "assumptions": {"type": "array", "items": {"type": "string"}},
    "data": {"type": "object"}, "year": {"type": "integer"}, "levers": {"type": "object"}, "front_warehouses": {"type": "object"},
    "ops": {"type": "object"}, "solver": {"type": "object"}}}
summary = {"type": "object", "description": "What a comparison needs of a scenario run", "required": ["name", "region", "year", "kpis", "notes", "sites"],
  "properties": {"name": {"type": "string"}, "title": {"type": "string"}, "description": {"type": "string"}, "assumptions": {"type": "array", "items": {"type": "string"}},
    "region": {"type": "string"}, "prefecture": {"type": "string"}, "year": {"type": "integer"},
    "kpis": {"type": "array", "items": {"type": "object", "required": ["name", "value"], "properties": {"name": {"type": "string"}, "label": {"type": "string"}, "unit": {"type": "string"}, "value": {"type": "number"}, "digits": {"type": "integer"}, "better": {"type": "integer"}}}},
    "notes": {"type": "array", "items": {"type": "string"}},
    "sites": {"type": "array", "items": {"type": "object", "required": ["id", "tier", "lon", "lat"], "properties": {"id": {"type": "string"}, "tier": {"type": "string"}, "lon": {"type": "number"}, "lat": {"type": "number"}}}}}}
comparison = {"type": "object", "description": "compare.json of `huishou scenario compare`", "required": ["baseline", "kpis", "scenarios", "always_open", "pareto"],
  "properties": {"baseline": {"type": "string"},
    "kpis": {"type": "array", "items": {"type": "object", "required": ["name", "unit"], "properties": {"name": {"type": "string"}, "label": {"type": "string"}, "unit": {"type": "string"}, "better": {"type": "integer"}, "digits": {"type": "integer"}}}},
    "scenarios": {"type": "array", "items": {"type": "object", "required": ["name", "values", "deltas", "opened", "closed"], "properties": {
        "name": {"type": "string"}, "title": {"type": "string"}, "values": {"type": "object", "additionalProperties": {"type": "number"}},
        "deltas": {"type": "object", "additionalProperties": {"type": "number"}}, "opened": {"type": "array", "items": {"type": "string"}}, "closed": {"type": "array", "items": {"type": "string"}}}}},
    "always_open": {"type": "array", "items": {"type": "string"}}, "pareto": {"type": "array", "items": {"type": "string"}}}}
scenario_in = {"type": "object", "additionalProperties": False, "properties": {
    "name": {"type": "string", "pattern": "^[a-z0-9][a-z0-9_-]{0,62}$"}, "base": {"type": "string", "default": "sichuan"},
    "description": {"type": "string"}, "plan": ref("PlanParams")}}
run = {"type": "object", "required": ["id", "kind", "status", "progress", "attempt", "created_at", "links"], "properties": {
    "id": {"type": "string"}, "kind": {"type": "string", "enum": ["plan", "schedule", "scenario"]}, "scenario": {"type": "string"},
    "status": {"type": "string", "enum": ["queued", "running", "done", "failed"]},
    "progress": {"type": "number", "minimum": 0, "maximum": 1}, "best_cost": {"type": "number", "description": "best cost of the design so far (yuan/yr); when done the plan's cost. A running design may have a bound before a cost"},
    "bound": {"type": "number", "description": "certified lower bound so far (yuan/yr); when done the plan's lower_bound"},
    "gap_pct": {"type": "number", "minimum": 0, "description": "(best_cost − bound) / best_cost in per cent, when both are known"},
    "error": {"type": "string"}, "params": {"type": "object"}, "attempt": {"type": "integer"},
    "created_at": ts, "started_at": ts, "finished_at": ts,
    "plan": ref("Plan"), "result": {"type": "object", "description": "a finished schedule run: days planned, re-planned (with the diff), deferred bookings; a finished scenario run: {summary, plan}"}, "links": {"type": "object", "additionalProperties": {"type": "string"}}}}
plan = {"type": "object", "description": "plan.json of `huishou plan`", "required": ["scenario", "year", "method", "cost", "lower_bound", "gap_pct", "sites", "demand", "flows", "kpi"],
  "properties": {"scenario": {"type": "string"}, "year": {"type": "integer"}, "prefecture": {"type": "string"}, "method": {"type": "string"},
    "cost": {"type": "number"}, "lower_bound": {"type": "number"}, "gap_pct": {"type": "number"},
    "categories": {"type": "array", "items": {"type": "string"}},
    "sites": {"type": "array", "items": {"type": "object", "required": ["id", "tier", "lon", "lat"], "properties": {
        "id": {"type": "string"}, "tier": {"type": "string", "enum": ["collection_point", "transfer_station", "sorting_centre", "dismantler", "front_warehouse"]},
        "lon": {"type": "number"}, "lat": {"type": "number"}}}},
    "demand": {"type": "array", "items": {"type": "object"}}, "flows": {"type": "array", "items": {"type": "object"}},
    "deliveries": {"type": "array", "description": "with front warehouses: new appliances delivered per township and the trade-ins brought back; kpi.forward has the totals",
        "items": {"type": "object", "required": ["demand", "from", "distance_km", "lead_h", "delivery_t", "trade_in_t"], "properties": {
        "demand": {"type": "string"}, "name": {"type": "string"}, "from": {"type": "string", "description": "front warehouse or distribution centre id"},
        "trade_in_to": {"type": "string", "description": "transfer station receiving the trade-ins"}, "distance_km": {"type": "number"},
        "lead_h": {"type": "number", "description": "dispatch time plus the drive (an estimate, not routed)"}, "delivery_t": {"type": "number"}, "trade_in_t": {"type": "number"}}}},
    "kpi": {"type": "object"}}}
problem = {"type": "object", "description": "RFC 9457 problem details", "required": ["type", "title", "status"], "properties": {
    "type": {"type": "string"}, "title": {"type": "string"}, "status": {"type": "integer"}, "detail": {"type": "string"},
    "instance": {"type": "string"}, "field": {"type": "string", "description": "path of the offending field"},
    "errors": {"type": "array", "items": {"type": "object", "required": ["field", "detail"], "properties": {"field": {"type": "string"}, "detail": {"type": "string"}}}},
    "request_id": {"type": "string"}}}
vroom_in = {"type": "object", "description": "A VROOM problem (https://github.com/VROOM-Project/vroom/blob/master/docs/API.md)",
  "required": ["vehicles"], "properties": {"jobs": {"type": "array", "items": {"type": "object"}}, "shipments": {"type": "array", "items": {"type": "object"}},
    "vehicles": {"type": "array", "items": {"type": "object"}}, "matrices": {"type": "object"}, "matrix": {"type": "array"}}}
vroom_out = {"type": "object", "description": "A VROOM solution", "required": ["code", "summary", "unassigned", "routes"],
  "properties": {"code": {"type": "integer"}, "summary": {"type": "object"}, "unassigned": {"type": "array"}, "routes": {"type": "array"}}}
status = {"type": "object", "required": ["status"], "properties": {"status": {"type": "string"}}}
doc = {
 "openapi": "3.1.0",
 "info": {"title": "Huishou", "version": "1.0.0",
   "description": "Reverse logistics of old household appliances: network plans for planners, bookings and schedules for recycling companies, route sheets for dispatchers. Errors are RFC 9457 problem details. Authorization: Bearer KEY; roles admin (all), planner (scenarios, runs), dispatcher (bookings, schedules, route sheets), viewer (read only)."},
 "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
   "schemas": {"Problem": problem, "Levers": levers, "PlanParams": plan_params, "Scenario": scenario, "ScenarioIn": scenario_in,
     "ScenarioFile": scenario_file, "Summary": summary, "Comparison": comparison,
     "Run": run, "Plan": plan, "VroomProblem": vroom_in, "VroomSolution": vroom_out, "Status": status}},
 "paths": {
  "/healthz": {"get": op("Liveness", "health", {"200": {"description": "alive", "content": js(ref("Status"))}, "default": ERR["default"]}, secured=False, opid="healthz")},
  "/readyz": {"get": op("Readiness: the store (database) answers", "health", {"200": {"description": "ready", "content": js(ref("Status"))}, "503": problem_resp("not ready"), "default": ERR["default"]}, secured=False, opid="readyz")},
  "/metrics": {"get": op("Prometheus metrics", "health", {"200": {"description": "text exposition format", "content": {"text/plain": {"schema": {"type": "string"}}}}}, secured=False, opid="metrics")},
  "/openapi.json": {"get": op("This document", "health", {"200": {"description": "OpenAPI 3.1", "content": js({"type": "object"})}}, secured=False, opid="openapi")},
  "/v1/scenarios": {
    "get": op("List scenarios (built-in and user-created)", "scenarios", {"200": {"description": "scenarios", "content": js({"type": "object", "required": ["scenarios"], "properties": {"scenarios": {"type": "array", "items": ref("Scenario")}}})}, **errs()}, opid="listScenarios"),
    "post": op("Create a scenario: a plan scenario (JSON) or a scenario file (JSON or YAML)", "scenarios", {"201": {"description": "created", "content": js(ref("Scenario"))}, "409": problem_resp("exists"), **errs()},
               body={"required": True, "content": {"application/json": {"schema": {"anyOf": [ref("ScenarioIn"), ref("ScenarioFile")]}}, "application/yaml": {"schema": ref("ScenarioFile")}}}, opid="createScenario")},
  "/v1/scenarios/{name}": {
    "parameters": [name_p],
    "get": op("Get a scenario", "scenarios", {"200": {"description": "the scenario", "content": js(ref("Scenario"))}, "404": problem_resp("no such scenario"), **errs()}, opid="getScenario"),
    "put": op("Replace a user scenario (If-Match: version)", "scenarios", {"200": {"description": "updated", "content": js(ref("Scenario"))}, "404": problem_resp("no such scenario"), "409": problem_resp("built-in"), "412": problem_resp("version mismatch"), **errs()},
              body={"required": True, "content": {"application/json": {"schema": {"anyOf": [ref("ScenarioIn"), ref("ScenarioFile")]}}, "application/yaml": {"schema": ref("ScenarioFile")}}}, params=[pp("If-Match", "expected version", where="header", required=False)], opid="updateScenario"),
    "delete": op("Delete a user scenario", "scenarios", {"204": {"description": "deleted"}, "404": problem_resp("no such scenario"), "409": problem_resp("built-in"), **errs()}, opid="deleteScenario")},
  "/v1/scenarios/{name}/runs": {
    "parameters": [name_p],
    "post": op("Start a run of the scenario: a plan run of a plan scenario (its plan parameters, overridden by the body's), a scenario run of a scenario file (the body, a partial scenario document, laid over it; the plan-run fields are read too)", "runs", {"202": {"description": "queued", "content": js(ref("Run"))}, "404": problem_resp("no such scenario"), **errs()},
               body={"required": False, "content": js({"anyOf": [ref("PlanParams"), {"type": "object", "description": "a partial scenario document"}]})}, opid="createRun")},
  "/v1/compare": {
    "post": op("Compare finished scenario runs: compare.json, compare.csv or compare.html of `huishou scenario compare` (by format or Accept)", "scenarios",
               {"200": {"description": "the comparison", "content": {"application/json": {"schema": ref("Comparison")}, "text/csv": {"schema": {"type": "string"}}, "text/html": {"schema": {"type": "string"}}}},
                "409": problem_resp("a run is not done"), **errs()},
               body={"required": True, "content": js({"type": "object", "additionalProperties": False, "required": ["runs"], "properties": {
                   "runs": {"type": "array", "minItems": 1, "maxItems": 50, "items": {"type": "string"}}, "baseline": {"type": "string", "description": "a run id or scenario name (default the first)"},
                   "format": {"type": "string", "enum": ["json", "csv", "html"]}}})}, opid="compare")},
  "/v1/sweeps": {
    "post": op("Sweep a lever of a scenario file: one scenario run per value (workers take them in parallel); compare them with POST /v1/compare", "scenarios",
               {"202": {"description": "queued", "content": js({"type": "object", "required": ["scenario", "lever", "runs", "compare"], "properties": {
                   "scenario": {"type": "string"}, "lever": {"type": "string"}, "runs": {"type": "array", "items": ref("Run")}, "compare": {"type": "string"}}})}, **errs()},
               body={"required": True, "content": js({"type": "object", "additionalProperties": False, "required": ["scenario", "lever", "from", "to", "step"], "properties": {
                   "scenario": {"type": "string"}, "lever": {"type": "string", "description": "e.g. levers.fuel_price, levers.subsidy.all"},
                   "from": {"type": "number"}, "to": {"type": "number"}, "step": {"type": "number", "exclusiveMinimum": 0}}})}, opid="createSweep")},
  "/v1/runs": {"get": op("List runs, newest first", "runs", {"200": {"description": "runs", "content": js({"type": "object", "required": ["runs"], "properties": {"runs": {"type": "array", "items": ref("Run")}}})}, **errs()},
      params=[pp("kind", "plan or schedule", where="query", required=False), pp("scenario", "scenario name", where="query", required=False),
              pp("status", "queued, running, done or failed", {"type": "string", "enum": ["queued", "running", "done", "failed"]}, where="query", required=False),
              pp("limit", "at most this many (1–500, default 50)", {"type": "integer", "minimum": 1, "maximum": 500}, where="query", required=False)], opid="listRuns")},
  "/v1/runs/{id}": {"parameters": [id_p], "get": op("A run: status, progress, best cost and bound; the plan when done", "runs", {"200": {"description": "the run", "content": js(ref("Run"))}, "404": problem_resp("no such run"), **errs()}, opid="getRun")},
  "/v1/runs/{id}/plan.json": {"parameters": [id_p], "get": op("The plan of a finished run, byte for byte as `huishou plan` writes plan.json", "runs", {"200": {"description": "plan.json", "content": js(ref("Plan"))}, "404": problem_resp("no such run"), "409": problem_resp("not done"), **errs()}, opid="getRunPlan")},
  "/v1/runs/{id}/plan.geojson": {"parameters": [id_p], "get": op("The plan of a finished run as GeoJSON", "runs", {"200": {"description": "plan.geojson", "content": {"application/geo+json": {"schema": {"type": "object", "required": ["type", "features"], "properties": {"type": {"const": "FeatureCollection"}, "features": {"type": "array"}}}}}}, "404": problem_resp("no such run"), "409": problem_resp("not done"), **errs()}, opid="getRunGeoJSON")},
  "/v1/vroom": {"post": op("Solve a VROOM problem synchronously (at most 2000 jobs, 200 vehicles, 4 MiB)", "routing", {"200": {"description": "VROOM solution", "content": js(ref("VroomSolution"))}, "413": problem_resp("over the solver limits (jobs, vehicles, body size), naming the limit"), **errs()},
      body={"required": True, "content": js(ref("VroomProblem"))},
      params=[pp("time", "time cap, Go duration (default 2s)", where="query", required=False), pp("iterations", "work budget: genetic iterations", {"type": "integer", "minimum": 1}, where="query", required=False),
              pp("seed", "random seed (default 1)", {"type": "integer", "minimum": 0}, where="query", required=False)], opid="vroom")},
  "/v1/keys": {"post": op("Create an API key (admin); the key is shown once", "keys", {"201": {"description": "created", "content": js({"type": "object", "required": ["id", "role", "key"], "properties": {"id": {"type": "string"}, "role": {"type": "string"}, "name": {"type": "string"}, "key": {"type": "string"}}})}, **errs()},
      body={"required": True, "content": js({"type": "object", "additionalProperties": False, "required": ["role"], "properties": {"role": {"type": "string", "enum": ["admin", "planner", "dispatcher", "viewer"]}, "name": {"type": "string"}}})}, opid="createKey")},
 }}

booking = {"type": "object", "description": "A booking (optimizer/schedule/booking): the same fields as the CSV columns",
  "required": ["id", "lon", "lat", "items", "kind", "status"], "properties": {
    "id": {"type": "string"}, "lon": {"type": "number"}, "lat": {"type": "number"}, "county": {"type": "string"}, "township": {"type": "string"},
    "items": {"oneOf": [{"type": "array", "items": {"type": "object", "required": ["category", "count"], "properties": {"category": {"type": "string"}, "count": {"type": "integer"}}}}, {"type": "string"}]},
    "earliest": {"type": "string"}, "latest": {"type": "string"}, "tw_start": {"type": "string"}, "tw_end": {"type": "string"},
    "kind": {"type": "string", "enum": ["pickup", "trade_in", "bulk", "service"]}, "from": {"type": "string"},
    "skills": {"oneOf": [{"type": "array", "items": {"type": "string"}}, {"type": "string"}]}, "note": {"type": "string"},
    "status": {"type": "string", "enum": ["booked", "scheduled", "dispatched", "done", "failed", "cancelled"]}}}
booking_in = dict(booking); booking_in = {**booking, "required": ["lon", "lat"], "additionalProperties": False}
row_error = {"type": "object", "required": ["file", "line", "message"], "properties": {"file": {"type": "string"}, "line": {"type": "integer"}, "id": {"type": "string"}, "field": {"type": "string"}, "message": {"type": "string"}}}
doc["components"]["schemas"].update({"Booking": booking, "BookingIn": booking_in, "RowError": row_error,
  "BookingPage": {"type": "object", "required": ["bookings"], "properties": {"bookings": {"type": "array", "items": ref("Booking")}, "next_cursor": {"type": "string"}}},
  "BookingPatch": {"type": "object", "additionalProperties": False, "properties": {"earliest": {"type": "string"}, "latest": {"type": "string"}, "tw_start": {"type": "string"}, "tw_end": {"type": "string"}, "note": {"type": "string"},
      "status": {"type": "string", "enum": ["booked", "scheduled", "dispatched", "done", "failed", "cancelled"]}}},
  "ImportResult": {"type": "object", "required": ["imported", "skipped", "ids"], "properties": {"imported": {"type": "integer"}, "skipped": {"type": "array", "items": ref("RowError")}, "ignored_columns": {"type": "array", "items": {"type": "string"}}, "ids": {"type": "array", "items": {"type": "string"}}}}})
bid = pp("id", "booking id")
doc["paths"].update({
  "/v1/bookings": {
    "post": op("Take a booking (Idempotency-Key honoured)", "bookings", {"201": {"description": "created (or the first answer, replayed)", "content": js(ref("Booking"))}, "409": problem_resp("id exists"), "422": problem_resp("Idempotency-Key reused with another body"), **errs()},
       body={"required": True, "content": js(ref("BookingIn"))}, params=[pp("Idempotency-Key", "repeat-safe key of this request", where="header", required=False)], opid="createBooking"),
    "get": op("List bookings, in order of arrival, a page at a time", "bookings", {"200": {"description": "a page", "content": js(ref("BookingPage"))}, **errs()},
       params=[pp("date", "servable on this day (YYYY-MM-DD)", where="query", required=False), pp("county", "adcode", where="query", required=False),
               pp("status", "booking status", where="query", required=False), pp("kind", "pickup, trade_in, bulk or service", where="query", required=False),
               pp("limit", "page size 1–1000 (default 100)", {"type": "integer"}, where="query", required=False), pp("cursor", "next_cursor of the previous page", where="query", required=False)], opid="listBookings")},
  "/v1/bookings/import": {"post": op("Import bookings from CSV or JSON: bad rows reported, valid rows kept", "bookings", {"200": {"description": "what was imported and skipped", "content": js(ref("ImportResult"))}, "413": problem_resp("body or row count over the limit"), "415": problem_resp("not CSV or JSON"), **errs()},
       body={"required": True, "content": {"text/csv": {"schema": {"type": "string"}}, "application/json": {"schema": {}}}}, opid="importBookings")},
  "/v1/bookings/{id}": {"parameters": [bid],
    "get": op("A booking", "bookings", {"200": {"description": "the booking", "content": js(ref("Booking"))}, "404": problem_resp("no such booking"), **errs()}, opid="getBooking"),
    "patch": op("Reschedule, annotate, cancel, or mark done or failed", "bookings", {"200": {"description": "the booking", "content": js(ref("Booking"))}, "404": problem_resp("no such booking"), "409": problem_resp("not allowed in its status"), "412": problem_resp("changed meanwhile"), **errs()},
       body={"required": True, "content": js(ref("BookingPatch"))}, params=[pp("If-Match", "expected version (ETag)", where="header", required=False)], opid="patchBooking")},
})

sched_params = {"type": "object", "additionalProperties": False, "required": ["date"], "properties": {
    "date": {"type": "string", "description": "first day, YYYY-MM-DD"}, "days": {"type": "integer", "minimum": 0, "maximum": 14},
    "run": {"type": "string", "description": "finished plan run whose sites are the depots (default: the latest)"},
    "seed": {"type": "integer", "minimum": 0}, "iterations": {"type": "integer", "minimum": 0, "description": "routing budget per problem (0: by size)"},
    "time_limit": {"type": "string"}, "per_depot": {"type": "integer", "minimum": 0}}}
dayplan_s = {"type": "object", "description": "dayplan-D.json (optimizer/schedule/dayplan)", "required": ["date", "routes", "unassigned"], "properties": {
    "date": {"type": "string"}, "seed": {"type": "integer"}, "iterations": {"type": "integer"},
    "routes": {"type": "array", "items": {"type": "object", "required": ["vehicle", "depot", "capacity", "status", "distance_m", "duration_s", "stops"], "properties": {
        "vehicle": {"type": "string"}, "depot": {"type": "string"}, "capacity": {"type": "object"}, "status": {"type": "string", "enum": ["planned", "dispatched"]},
        "distance_m": {"type": "integer"}, "duration_s": {"type": "integer"}, "stops": {"type": "array", "items": {"type": "object", "required": ["type", "arrival", "departure"], "properties": {
            "type": {"type": "string", "enum": ["visit", "load", "break"]}, "booking": {"type": "string"}, "arrival": {"type": "string"}, "departure": {"type": "string"},
            "load_kg": {"type": "number"}, "load_litres": {"type": "number"}}}}}}},
    "unassigned": {"type": "array", "items": {"type": "object", "required": ["booking", "reason"], "properties": {"booking": {"type": "string"}, "reason": {"type": "string"}}}},
    "totals": {"type": "object"}, "bookings": {"type": "array"}, "depots": {"type": "array"}, "vehicles": {"type": "array"}}}
sheet_s = {"type": "object", "required": ["date", "vehicle", "depot", "status", "rows", "totals"], "properties": {
    "date": {"type": "string"}, "vehicle": {"type": "string"}, "depot": {"type": "string"}, "status": {"type": "string"},
    "rows": {"type": "array", "items": {"type": "object", "required": ["seq", "type", "arrival", "departure"], "properties": {"seq": {"type": "integer"}, "type": {"type": "string"}, "booking": {"type": "string"}, "arrival": {"type": "string"}, "departure": {"type": "string"}, "eta_from": {"type": "string"}, "eta_to": {"type": "string"}, "load_kg": {"type": "number"}, "load_litres": {"type": "number"}}}},
    "totals": {"type": "object"}}}
doc["components"]["schemas"].update({"ScheduleParams": sched_params, "DayPlan": dayplan_s, "RouteSheet": sheet_s})
date_p = pp("date", "YYYY-MM-DD")
doc["paths"].update({
  "/v1/schedules": {"post": op("Schedule the stored bookings over days (a job); days with dispatched routes are re-planned around them", "schedules",
      {"202": {"description": "queued", "content": js(ref("Run"))}, "413": problem_resp("a day of the horizon has more open bookings than the limit"), **errs()}, body={"required": True, "content": js(ref("ScheduleParams"))}, opid="createSchedule")},
  "/v1/schedules/{date}": {"parameters": [date_p], "get": op("The day plan (dayplan-D.json)", "schedules",
      {"200": {"description": "the day plan", "content": js(ref("DayPlan"))}, "404": problem_resp("no plan for the day"), **errs()}, opid="getSchedule")},
  "/v1/schedules/{date}/dispatch": {"parameters": [date_p], "post": op("Dispatch routes (all with stops, or the vehicles given): re-planning keeps them", "schedules",
      {"200": {"description": "the day plan", "content": js(ref("DayPlan"))}, "404": problem_resp("no plan for the day"), "409": problem_resp("changed meanwhile"), **errs()},
      body={"required": False, "content": js({"type": "object", "additionalProperties": False, "properties": {"vehicles": {"type": "array", "items": {"type": "string"}}}})}, opid="dispatch")},
  "/v1/schedules/{date}/routes/{vehicle}": {"parameters": [date_p, pp("vehicle", "vehicle id")], "get": op("A vehicle's route sheet: JSON, CSV, HTML, PDF or GeoJSON by Accept or ?format=", "schedules",
      {"200": {"description": "the route sheet", "content": {"application/json": {"schema": ref("RouteSheet")}, "text/csv": {"schema": {"type": "string"}},
          "text/html": {"schema": {"type": "string"}}, "application/pdf": {"schema": {"type": "string", "format": "binary"}}, "application/geo+json": {"schema": {"type": "object"}}}},
       "404": problem_resp("no plan or no such route"), "406": problem_resp("no acceptable format"), **errs()},
      params=[pp("format", "json, csv, html, pdf or geojson", {"type": "string", "enum": ["json", "csv", "html", "pdf", "geojson"]}, where="query", required=False)], opid="routeSheet")},
})

# web (issue #16): the page's base map and the caller's role
doc["paths"].update({
  "/v1/whoami": {"get": op("The caller's key: id, name and role (any role)", "keys", {"200": {"description": "the key", "content": js({"type": "object", "required": ["id", "role"], "properties": {"id": {"type": "string"}, "name": {"type": "string"}, "role": {"type": "string", "enum": ["admin", "planner", "dispatcher", "viewer"]}}})}, **errs("401")}, opid="whoami")},
  "/v1/regions/{name}/basemap.geojson": {"parameters": [pp("name", "built-in region, e.g. sichuan")],
    "get": op("The base map of a built-in region (any role): county boundaries (kind county: adcode, name, pinyin, prefecture, terrain, coverage_km, circuity, seat) and township points (kind township: code, name, county, type), coordinates to 4 decimals", "regions",
      {"200": {"description": "GeoJSON FeatureCollection", "content": {"application/geo+json": {"schema": {"type": "object", "required": ["type", "features"], "properties": {"type": {"const": "FeatureCollection"}, "features": {"type": "array", "items": {"type": "object", "required": ["type", "geometry", "properties"], "properties": {"properties": {"type": "object", "required": ["kind"], "properties": {"kind": {"type": "string", "enum": ["county", "township"]}}}}}}}}}}},
       "404": problem_resp("no such region"), **errs("400", "401")},
      params=[pp("prefecture", "only this prefecture (adcode)", where="query", required=False), pp("county", "only this county (adcode)", where="query", required=False)], opid="getBasemap")},
})
doc["paths"]["/v1/schedules"]["get"] = op("The dates that have a day plan, in order (at most 1000 from `from` on)", "schedules",
  {"200": {"description": "dates", "content": js({"type": "object", "required": ["dates"], "properties": {"dates": {"type": "array", "items": {"type": "string"}}}})}, **errs()},
  params=[pp("from", "first date, YYYY-MM-DD", where="query", required=False), pp("to", "last date, YYYY-MM-DD", where="query", required=False)], opid="listScheduleDates")

# ledger (issue #14, owner: ledger): the work ledger and the periodic reports
item_s = {"type": "object", "required": ["category", "count", "kg"], "properties": {"category": {"type": "string"}, "count": {"type": "integer", "minimum": 1},
    "kg": {"type": "number", "minimum": 0}, "origin": {"type": "string"}, "producer": {"type": "string"}}}
lbooking_s = {"type": "object", "required": ["id", "booked_at"], "properties": {"id": {"type": "string"}, "kind": {"type": "string", "enum": ["pickup", "trade_in", "bulk"]},
    "booked_at": ts, "earliest": {"type": "string"}, "latest": {"type": "string"}, "tw_end": {"type": "string"}}}
event_props = {"client_id": {"type": "string"}, "type": {"type": "string", "enum": ["collected", "delivered", "received", "transferred", "handed_over", "adjusted"]},
    "time": ts, "site": {"type": "string"}, "items": {"type": "array", "items": ref("LedgerItem")}, "booking": ref("LedgerBooking"),
    "subsidy": {"type": "string"}, "direction": {"type": "string", "enum": ["out", "in"]}, "peer": {"type": "string"}, "transfer": {"type": "string"},
    "receipt": {"type": "string"}, "corrects": {"type": "string"}, "note": {"type": "string"}, "simulated": {"type": "boolean"}}
event_in = {"type": "object", "description": "A custody event as the client sends it (the assigned fields are ignored)", "required": ["client_id", "type", "time", "site", "items"],
    "properties": {**event_props, "id": {"type": "string"}, "seq": {"type": "integer"}, "county": {"type": "string"}, "actor": {"type": "string"},
        "licensed": {"type": "boolean"}, "prev": {"type": "string"}, "hash": {"type": "string"}}, "additionalProperties": False}
event_s = {"type": "object", "description": "A stored custody event: id SITE/SEQ, its site's hash chain (prev, hash)", "required": ["id", "seq", "client_id", "type", "time", "site", "county", "items", "hash"],
    "properties": {**event_props, "id": {"type": "string"}, "seq": {"type": "integer", "minimum": 1}, "county": {"type": "string"}, "actor": {"type": "string"},
        "licensed": {"type": "boolean"}, "prev": {"type": "string"}, "hash": {"type": "string", "pattern": "^[0-9a-f]{64}$"}}}
lsite_s = {"type": "object", "required": ["id", "kind", "county"], "properties": {"id": {"type": "string"},
    "kind": {"type": "string", "enum": ["vehicle", "collection_point", "transfer_station", "sorting_centre", "warehouse", "dismantler"]},
    "county": {"type": "string"}, "name": {"type": "string"}, "licensed": {"type": "boolean"}}}
sites_s = {"type": "object", "required": ["sites"], "properties": {"sites": {"type": "array", "items": ref("LedgerSite")}}}
rrow = {"type": "object", "required": ["area", "period", "category", "units", "tonnes", "trade_ins"], "properties": {"area": {"type": "string"}, "area_name": {"type": "string"},
    "period": {"type": "string"}, "category": {"type": "string"}, "units": {"type": "integer"}, "tonnes": {"type": "number"}, "trade_ins": {"type": "integer"}}}
doc["components"]["schemas"].update({"LedgerItem": item_s, "LedgerBooking": lbooking_s, "LedgerEventIn": event_in, "LedgerEvent": event_s, "LedgerSite": lsite_s, "LedgerSites": sites_s,
  "LedgerPage": {"type": "object", "required": ["events"], "properties": {"events": {"type": "array", "items": ref("LedgerEvent")}, "next_cursor": {"type": "string"}}},
  "LedgerVerification": {"type": "object", "required": ["ok", "events", "sites", "heads"], "properties": {"ok": {"type": "boolean"}, "events": {"type": "integer"}, "sites": {"type": "integer"},
      "heads": {"type": "object"}, "breaks": {"type": "array", "items": {"type": "object", "required": ["line", "id", "site", "reason"], "properties": {"line": {"type": "integer"}, "id": {"type": "string"}, "site": {"type": "string"}, "reason": {"type": "string"}}}}}},
  "LedgerBalance": {"type": "object", "required": ["period", "rows", "flags"], "properties": {"period": {"type": "string"}, "rows": {"type": ["array", "null"]}, "flags": {"type": ["array", "null"]}}},
  "Report": {"type": "object", "required": ["period", "level", "from", "to", "rows", "totals", "total"], "properties": {"period": {"type": "string"}, "level": {"type": "string"},
      "from": {"type": "string"}, "to": {"type": "string"}, "rows": {"type": ["array", "null"], "items": ref("ReportRow")}, "totals": {"type": ["array", "null"], "items": ref("ReportRow")},
      "total": ref("ReportRow"), "simulated": {"type": "boolean"}}},
  "ReportRow": rrow})
period_q = pp("period", "2025-06, 2025-Q2 or 2025 (China time)", where="query")
report_params = [period_q, pp("level", "county (default), prefecture, province or producer", {"type": "string", "enum": ["county", "prefecture", "province", "producer"]}, where="query", required=False),
    pp("format", "json (default), csv (one row per area, period and category), xlsx or html", {"type": "string", "enum": ["json", "csv", "xlsx", "html"]}, where="query", required=False),
    pp("area", "only this area (adcode at the level) or producer", where="query", required=False),
    pp("forecast", "false leaves out the forecast comparison", {"type": "string", "enum": ["true", "false"]}, where="query", required=False)]
report_resp = {"200": {"description": "the report", "content": {"application/json": {"schema": ref("Report")}, "text/csv": {"schema": {"type": "string"}},
    "text/html": {"schema": {"type": "string"}}, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {"schema": {"type": "string", "format": "binary"}}}}, **errs()}
doc["paths"].update({
  "/v1/ledger": {
    "post": op("Append a custody event (dispatcher): validated against the site registry, chained to its site's last event; a retry (same client_id) is stored once", "ledger",
      {"201": {"description": "stored", "content": js(ref("LedgerEvent"))}, "200": {"description": "stored before (a retry): the stored event", "content": js(ref("LedgerEvent"))},
       "409": problem_resp("client_id already names another event"), **errs()}, body={"required": True, "content": js(ref("LedgerEventIn"))}, opid="appendLedgerEvent"),
    "get": op("List events in storage order, a page at a time", "ledger", {"200": {"description": "a page", "content": js(ref("LedgerPage"))}, **errs()},
      params=[pp("site", "site or vehicle", where="query", required=False), pp("type", "event type", where="query", required=False), pp("county", "the site's county (adcode)", where="query", required=False),
              pp("from", "from this day (YYYY-MM-DD)", where="query", required=False), pp("to", "to this day, included", where="query", required=False),
              pp("limit", "page size 1–1000 (default 100)", {"type": "integer"}, where="query", required=False), pp("cursor", "next_cursor of the previous page", where="query", required=False)], opid="listLedgerEvents")},
  "/v1/ledger/events/{site}/{seq}": {"parameters": [pp("site", "site or vehicle"), pp("seq", "position in the site's chain", {"type": "integer"})],
    "get": op("One event", "ledger", {"200": {"description": "the event", "content": js(ref("LedgerEvent"))}, "404": problem_resp("no such event"), **errs()}, opid="getLedgerEvent")},
  "/v1/ledger/verify": {"get": op("Check every site's hash chain; ok false names the first broken events", "ledger", {"200": {"description": "the verification", "content": js(ref("LedgerVerification"))}, **errs()}, opid="verifyLedger")},
  "/v1/ledger/balance": {"get": op("Mass balance per site and category over a period, with flags (transfer ends apart, in transit, negative stock, receipts used twice, bookings collected twice)", "ledger",
      {"200": {"description": "the balance sheet", "content": js(ref("LedgerBalance"))}, **errs()}, params=[period_q, pp("site", "only this site's rows", where="query", required=False)], opid="ledgerBalance")},
  "/v1/ledger/sites": {
    "get": op("The site registry", "ledger", {"200": {"description": "the sites", "content": js(ref("LedgerSites"))}, **errs()}, opid="getLedgerSites"),
    "put": op("Replace the site registry (admin): CSV id,kind,county,name,licensed or JSON", "ledger", {"200": {"description": "the sites", "content": js(ref("LedgerSites"))}, **errs()},
      body={"required": True, "content": {"text/csv": {"schema": {"type": "string"}}, "application/json": {"schema": ref("LedgerSites")}}}, opid="putLedgerSites")},
  "/v1/reports": {
    "get": op("The periodic report (定期报送): per area and category, units and tonnes collected, trade-ins, share reaching licensed dismantlers, days to pickup, on-time share, against the forecast", "reports", report_resp, params=report_params, opid="getReport"),
    "post": op("The periodic report against targets: the body is a targets CSV (scope,id,period,category,units,tonnes)", "reports", report_resp, params=report_params,
      body={"required": True, "content": {"text/csv": {"schema": {"type": "string"}}}}, opid="postReport")},
})
import sys
extra = sys.argv[1] if len(sys.argv) > 1 else None
if extra:
    exec(open(extra).read())
json.dump(doc, open(sys.argv[2] if len(sys.argv) > 2 else "openapi.json", "w"), indent=1, ensure_ascii=False)
