package api

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/huishou/huishou/api/jobs"
	"github.com/huishou/huishou/api/store"
	"github.com/huishou/huishou/scenarios"
	"github.com/huishou/huishou/scenarios/report"
)

// createScenarioRun starts a run of a scenario file. The body, if any, is
// laid over the scenario as an override (a partial scenario document such
// as {"levers": {"fuel_price": 9}}); the plan-run fields of a plan scenario
// (prefecture, time_limit, levers.subsidy, greedy) are read too, so that
// the same request runs either kind.
func (s *Server) createScenarioRun(c echo.Context, w Scenario) error {
	ctx := c.Request().Context()
	sc, err := scenarios.Parse(w.Document, w.Name+".json", nil)
	if err != nil {
		return err
	}
	if c.Request().ContentLength != 0 {
		var raw json.RawMessage
		if err := decodeJSON(c, &raw); err != nil && !isEmptyBody(err) {
			return err
		}
		if len(bytes.TrimSpace(raw)) > 0 {
			over, err := planOverride(raw)
			if err != nil {
				return err
			}
			if sc, err = sc.Override(over, "body"); err != nil {
				return err
			}
		}
	}
	return s.startScenarioRuns(c, []*scenarios.Scenario{sc}, w.Name, func(rs []store.Run) error {
		c.Response().Header().Set(echo.HeaderLocation, "/v1/runs/"+rs[0].ID)
		return c.JSON(http.StatusAccepted, runOut(rs[0], false))
	}, ctx)
}

// planOverride translates the plan-run fields of a run request into the
// scenario document they mean; anything else is taken as a scenario
// override as given.
func planOverride(raw []byte) ([]byte, error) {
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, badField("", "want a JSON object: %v", err)
	}
	move := func(from string, to ...string) {
		v, ok := m[from]
		if !ok {
			return
		}
		delete(m, from)
		cur := m
		for _, k := range to[:len(to)-1] {
			next, ok := cur[k].(map[string]any)
			if !ok {
				next = map[string]any{}
				cur[k] = next
			}
			cur = next
		}
		cur[to[len(to)-1]] = v
	}
	move("prefecture", "data", "prefecture")
	move("time_limit", "solver", "time_cap")
	move("greedy", "solver", "greedy")
	if lv, ok := m["levers"].(map[string]any); ok {
		if v, ok := lv["subsidy"].(float64); ok {
			lv["subsidy"] = map[string]any{"all": v}
		}
	}
	return json.Marshal(m)
}

// startScenarioRuns creates and queues one scenario run per scenario,
// named after the stored or built-in scenario, then answers with done.
func (s *Server) startScenarioRuns(c echo.Context, scs []*scenarios.Scenario, name string, done func([]store.Run) error, ctx context.Context) error {
	var rs []store.Run
	for _, sc := range scs {
		params, err := jobs.NewScenarioParams(sc)
		if err != nil {
			return err
		}
		r, err := s.store.CreateRun(ctx, store.Run{ID: newID("run_"), Kind: store.KindScenario, Scenario: name, Params: params})
		if err != nil {
			return err
		}
		if err := s.runner.Enqueue(ctx, r.ID); err != nil {
			_ = s.store.FailRun(ctx, r.ID, "not queued: "+err.Error())
			return fmt.Errorf("api: enqueue run %s: %w", r.ID, err)
		}
		rs = append(rs, r)
	}
	return done(rs)
}

// compareIn is the body of POST /v1/compare.
type compareIn struct {
	// Runs are finished scenario runs; Baseline is one of them (run id or
	// scenario name; default the first).
	Runs     []string `json:"runs"`
	Baseline string   `json:"baseline"`
	// Format is json (default), csv or html; the Accept header chooses
	// when Format is empty.
	Format string `json:"format"`
}

// compare answers the comparison of finished scenario runs as JSON
// (compare.json), CSV (compare.csv) or HTML (compare.html), as `huishou
// scenario compare` writes them.
func (s *Server) compare(c echo.Context) error {
	var in compareIn
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	if len(in.Runs) < 1 || len(in.Runs) > 50 {
		return badField("runs", "%d runs: want 1 to 50 run ids", len(in.Runs))
	}
	format := in.Format
	if format == "" {
		accept := c.Request().Header.Get(echo.HeaderAccept)
		switch {
		case strings.Contains(accept, "text/csv"):
			format = "csv"
		case strings.Contains(accept, "text/html"):
			format = "html"
		default:
			format = "json"
		}
	}
	if format != "json" && format != "csv" && format != "html" {
		return badField("format", "%q: want json, csv or html", format)
	}
	ctx := c.Request().Context()
	var sums []*scenarios.Summary
	baseline := in.Baseline
	seen := map[string]int{}
	for i, id := range in.Runs {
		f := fmt.Sprintf("runs[%d]", i)
		r, err := s.store.GetRun(ctx, id)
		if err == store.ErrNotFound {
			return badField(f, "no run %q", id)
		}
		if err != nil {
			return err
		}
		if r.Kind != store.KindScenario {
			return badField(f, "run %s is a %s run: compare scenario runs", id, r.Kind)
		}
		if r.Status != store.StatusDone {
			return problem(http.StatusConflict, fmt.Sprintf("run %s is %s: compare finished runs", id, r.Status))
		}
		var res jobs.ScenarioResult
		if err := json.Unmarshal(r.Result, &res); err != nil || res.Summary == nil {
			return fmt.Errorf("api: run %s: stored result: %v", id, err)
		}
		sum := *res.Summary
		if _, dup := seen[sum.Name]; dup {
			// two runs of one scenario: tell them apart by run id
			sum.Name = sum.Name + "@" + id
		}
		seen[res.Summary.Name] = i
		if baseline == id {
			baseline = sum.Name
		}
		sums = append(sums, &sum)
	}
	cmp, err := scenarios.CompareSummaries(sums, baseline)
	if err != nil {
		return badField("baseline", "%v", err)
	}
	var b bytes.Buffer
	switch format {
	case "csv":
		if err := cmp.WriteCSV(&b); err != nil {
			return err
		}
		return c.Blob(http.StatusOK, "text/csv; charset=utf-8", b.Bytes())
	case "html":
		if err := report.WriteCompareHTML(&b, cmp); err != nil {
			return err
		}
		return c.HTMLBlob(http.StatusOK, b.Bytes())
	}
	if err := cmp.WriteJSON(&b); err != nil {
		return err
	}
	return c.JSONBlob(http.StatusOK, b.Bytes())
}

// sweepIn is the body of POST /v1/sweeps.
type sweepIn struct {
	Scenario string   `json:"scenario"`
	Lever    string   `json:"lever"`
	From     *float64 `json:"from"`
	To       *float64 `json:"to"`
	Step     *float64 `json:"step"`
}

// createSweep starts one scenario run per point of a sweep of a scenario
// file's lever (scenarios.Sweep): 202 with the runs, which any worker may
// take; POST /v1/compare with their ids compares them.
func (s *Server) createSweep(c echo.Context) error {
	var in sweepIn
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	for _, f := range []struct {
		name string
		v    *float64
	}{{"from", in.From}, {"to", in.To}, {"step", in.Step}} {
		if f.v == nil {
			return badField(f.name, "missing")
		}
	}
	if in.Lever == "" {
		return badField("lever", "missing: the field to sweep, e.g. levers.fuel_price")
	}
	w, err := s.scenario(c, in.Scenario)
	if err != nil {
		if p, ok := err.(*Problem); ok && p.Status == http.StatusNotFound {
			return badField("scenario", "%s", p.Detail)
		}
		return err
	}
	if w.Kind != kindFile {
		return badField("scenario", "%q is a plan scenario: sweep a scenario file", in.Scenario)
	}
	sc, err := scenarios.Parse(w.Document, w.Name+".json", nil)
	if err != nil {
		return err
	}
	points, err := scenarios.Sweep(sc, in.Lever, *in.From, *in.To, *in.Step)
	if err != nil {
		return sweepField(err, in.Lever)
	}
	return s.startScenarioRuns(c, points, w.Name, func(rs []store.Run) error {
		out := struct {
			Scenario string `json:"scenario"`
			Lever    string `json:"lever"`
			Runs     []Run  `json:"runs"`
			Compare  string `json:"compare"`
		}{Scenario: w.Name, Lever: in.Lever, Runs: make([]Run, len(rs)), Compare: "/v1/compare"}
		for i, r := range rs {
			out.Runs[i] = runOut(r, false)
		}
		return c.JSON(http.StatusAccepted, out)
	}, c.Request().Context())
}

// sweepField names the request field behind a sweep error: from, to and
// step are the body's; a field of the scenario is the lever.
func sweepField(err error, lever string) error {
	var es scenarios.Errors
	if errors.As(err, &es) && len(es) > 0 {
		switch es[0].Field {
		case "from", "to", "step":
			return badField(es[0].Field, "%s", es[0].Msg)
		}
		return badField("lever", "%s: %s", lever, es[0].Msg)
	}
	return err
}
