package api

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/huishou/huishou/api/jobs"
	"github.com/huishou/huishou/api/store"
)

// Run is the wire form of a run.
type Run struct {
	ID       string  `json:"id"`
	Kind     string  `json:"kind"`
	Scenario string  `json:"scenario,omitempty"`
	Status   string  `json:"status"`
	Progress float64 `json:"progress"`
	// BestCost and Bound are the design's best cost so far and its
	// certified lower bound (yuan/yr), while it runs and when done (then
	// the plan's cost and lower_bound); GapPct is their gap in per cent.
	// A running design has a bound before it has a cost (see
	// network.Search).
	BestCost   *float64        `json:"best_cost,omitempty"`
	Bound      *float64        `json:"bound,omitempty"`
	GapPct     *float64        `json:"gap_pct,omitempty"`
	Error      string          `json:"error,omitempty"`
	Params     json.RawMessage `json:"params,omitempty"`
	Attempt    int             `json:"attempt"`
	CreatedAt  time.Time       `json:"created_at"`
	StartedAt  *time.Time      `json:"started_at,omitempty"`
	FinishedAt *time.Time      `json:"finished_at,omitempty"`
	// Plan is the plan.json of a finished plan run (as `huishou plan`
	// writes it); GET /v1/runs/{id}/plan.json gives its exact bytes.
	Plan json.RawMessage `json:"plan,omitempty"`
	// Result is what a finished schedule run did: the days planned (and
	// re-planned, with their diff) and the bookings deferred.
	Result json.RawMessage   `json:"result,omitempty"`
	Links  map[string]string `json:"links"`
}

func runOut(r store.Run, withResult bool) Run {
	out := Run{ID: r.ID, Kind: r.Kind, Scenario: r.Scenario, Status: r.Status, Progress: r.Progress, BestCost: r.BestCost,
		Bound: r.Bound, Error: r.Error, Params: r.Params, Attempt: r.Attempt, CreatedAt: r.CreatedAt, StartedAt: r.StartedAt, FinishedAt: r.FinishedAt,
		Links: map[string]string{"self": "/v1/runs/" + r.ID}}
	if r.Status == store.StatusDone && r.Kind == store.KindPlan {
		out.Links["plan"] = "/v1/runs/" + r.ID + "/plan.json"
		out.Links["plan_geojson"] = "/v1/runs/" + r.ID + "/plan.geojson"
		if withResult {
			out.Plan = r.Result
		}
		var p struct {
			Cost       float64 `json:"cost"`
			LowerBound float64 `json:"lower_bound"`
		}
		if json.Unmarshal(r.Result, &p) == nil {
			out.BestCost, out.Bound = &p.Cost, &p.LowerBound
		}
	}
	if r.Status == store.StatusDone && r.Kind == store.KindSchedule && withResult {
		out.Result = r.Result
	}
	if r.Status == store.StatusDone && r.Kind == store.KindScenario {
		out.Links["plan"] = "/v1/runs/" + r.ID + "/plan.json"
		out.Links["plan_geojson"] = "/v1/runs/" + r.ID + "/plan.geojson"
		if withResult {
			out.Result = r.Result
		}
		var res struct {
			Plan struct {
				Cost       float64 `json:"cost"`
				LowerBound float64 `json:"lower_bound"`
			} `json:"plan"`
		}
		if json.Unmarshal(r.Result, &res) == nil {
			out.BestCost, out.Bound = &res.Plan.Cost, &res.Plan.LowerBound
		}
	}
	if out.BestCost != nil && out.Bound != nil && *out.BestCost > 0 {
		g := max(0, 100*(*out.BestCost-*out.Bound) / *out.BestCost)
		out.GapPct = &g
	}
	return out
}

func newID(prefix string) string {
	var b [10]byte
	_, _ = rand.Read(b[:])
	return prefix + hex.EncodeToString(b[:])
}

// createRun starts a plan run of a scenario: the scenario's plan
// parameters, overridden by the fields of the body (if any). 202 with the
// run; its worker fills in progress and the plan.
func (s *Server) createRun(c echo.Context) error {
	sc, err := s.scenario(c, c.Param("name"))
	if err != nil {
		return err
	}
	if sc.Kind == kindFile {
		return s.createScenarioRun(c, sc)
	}
	params := sc.Plan
	params.Region = sc.Base
	if c.Request().ContentLength != 0 {
		var raw json.RawMessage
		if err := decodeJSON(c, &raw); err != nil && !isEmptyBody(err) {
			return err
		}
		if len(bytes.TrimSpace(raw)) > 0 {
			dec := json.NewDecoder(bytes.NewReader(raw))
			dec.DisallowUnknownFields()
			if err := dec.Decode(&params); err != nil {
				return jsonProblem(err)
			}
		}
	}
	if params.Region != sc.Base {
		return badField("region", "%q differs from the scenario's base %q", params.Region, sc.Base)
	}
	if _, _, err := params.Options(); err != nil {
		return badPlan(err, "")
	}
	pj, err := json.Marshal(params)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	r, err := s.store.CreateRun(ctx, store.Run{ID: newID("run_"), Kind: store.KindPlan, Scenario: sc.Name, Params: pj})
	if err != nil {
		return err
	}
	if err := s.runner.Enqueue(ctx, r.ID); err != nil {
		_ = s.store.FailRun(ctx, r.ID, "not queued: "+err.Error())
		return fmt.Errorf("api: enqueue run %s: %w", r.ID, err)
	}
	c.Response().Header().Set(echo.HeaderLocation, "/v1/runs/"+r.ID)
	return c.JSON(http.StatusAccepted, runOut(r, false))
}

func isEmptyBody(err error) bool {
	p, ok := err.(*Problem)
	return ok && p.Detail == "empty body: want a JSON object"
}

func (s *Server) getRun(c echo.Context) error {
	r, err := s.store.GetRun(c.Request().Context(), c.Param("id"))
	if err == store.ErrNotFound {
		return problem(http.StatusNotFound, fmt.Sprintf("no run %q", c.Param("id")))
	}
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, runOut(r, true))
}

func (s *Server) listRuns(c echo.Context) error {
	f := store.RunFilter{Kind: c.QueryParam("kind"), Scenario: c.QueryParam("scenario"), Status: c.QueryParam("status"), Limit: 50}
	if v := c.QueryParam("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 500 {
			return badField("limit", "%q: want 1…500", v)
		}
		f.Limit = n
	}
	switch f.Status {
	case "", store.StatusQueued, store.StatusRunning, store.StatusDone, store.StatusFailed:
	default:
		return badField("status", "%q: want queued, running, done or failed", f.Status)
	}
	rs, err := s.store.ListRuns(c.Request().Context(), f)
	if err != nil {
		return err
	}
	out := make([]Run, len(rs))
	for i, r := range rs {
		out[i] = runOut(r, false)
	}
	return c.JSON(http.StatusOK, map[string]any{"runs": out})
}

// doneRun returns a finished plan run or the problem why it has no plan.
func (s *Server) doneRun(c echo.Context) (store.Run, error) {
	r, err := s.store.GetRun(c.Request().Context(), c.Param("id"))
	if err == store.ErrNotFound {
		return r, problem(http.StatusNotFound, fmt.Sprintf("no run %q", c.Param("id")))
	}
	if err != nil {
		return r, err
	}
	if r.Kind != store.KindPlan && r.Kind != store.KindScenario {
		return r, problem(http.StatusNotFound, fmt.Sprintf("run %s is a %s run: it has no plan", r.ID, r.Kind))
	}
	if r.Status != store.StatusDone {
		return r, problem(http.StatusConflict, fmt.Sprintf("run %s is %s: no plan yet", r.ID, r.Status))
	}
	return r, nil
}

func (s *Server) getRunPlan(c echo.Context) error {
	r, err := s.doneRun(c)
	if err != nil {
		return err
	}
	if r.Kind == store.KindScenario {
		// the plan.json of the run, as `huishou scenario run` writes it
		var res jobs.ScenarioResult
		if err := json.Unmarshal(r.Result, &res); err != nil {
			return fmt.Errorf("api: run %s: stored result: %w", r.ID, err)
		}
		var b bytes.Buffer
		e := json.NewEncoder(&b)
		e.SetIndent("", " ")
		if err := e.Encode(res.Plan); err != nil {
			return err
		}
		return c.Blob(http.StatusOK, echo.MIMEApplicationJSON, b.Bytes())
	}
	return c.Blob(http.StatusOK, echo.MIMEApplicationJSON, r.Result)
}

func (s *Server) getRunGeoJSON(c echo.Context) error {
	r, err := s.doneRun(c)
	if err != nil {
		return err
	}
	return c.Blob(http.StatusOK, "application/geo+json", r.GeoJSON)
}

// createKey makes an API key (admin only) and shows its secret once.
func (s *Server) createKey(c echo.Context) error {
	var in struct {
		Role string `json:"role"`
		Name string `json:"name"`
	}
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	if !store.Role(in.Role).Valid() {
		return badField("role", "%q: want admin, planner, dispatcher or viewer", in.Role)
	}
	secret, k, err := NewKey(store.Role(in.Role), in.Name)
	if err != nil {
		return err
	}
	if err := s.store.CreateKey(c.Request().Context(), k); err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, map[string]string{"id": k.ID, "role": in.Role, "name": in.Name, "key": secret})
}
