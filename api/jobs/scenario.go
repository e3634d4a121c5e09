package jobs

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"

	"github.com/huishou/huishou/api/store"
	"github.com/huishou/huishou/geo"
	"github.com/huishou/huishou/scenarios"
	"github.com/huishou/huishou/scenarios/wire"
)

// ScenarioParams are the complete parameters of a scenario run: the
// scenario merged with its base (scenarios.Scenario.Canonical), so that
// any worker runs the same scenario without reading the store or files.
type ScenarioParams struct {
	Scenario json.RawMessage `json:"scenario"`
	// Files are the data files the scenario reads (its user CSV and
	// GeoJSON files), by their path in the scenario.
	Files map[string][]byte `json:"files,omitempty"`
}

// ScenarioResult is the stored result of a scenario run: the summary that
// comparisons read, and the network plan (plan.json).
type ScenarioResult struct {
	Summary *scenarios.Summary `json:"summary"`
	Plan    *wire.Plan         `json:"plan"`
}

// NewScenarioParams returns the parameters of a run of sc, its data files
// included.
func NewScenarioParams(sc *scenarios.Scenario) ([]byte, error) {
	files, err := sc.Bundle()
	if err != nil {
		return nil, err
	}
	p := ScenarioParams{Scenario: sc.Canonical()}
	if len(files) > 0 {
		p.Files = files
	}
	return json.Marshal(p)
}

// ScenarioOf decodes the parameters of a scenario run and parses its
// scenario. An error wraps ErrBadInput or has a FieldPath.
func ScenarioOf(params []byte) (*scenarios.Scenario, error) {
	var p ScenarioParams
	dec := json.NewDecoder(bytes.NewReader(params))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil {
		return nil, badInput("scenario parameters: %v", err)
	}
	if len(p.Scenario) == 0 {
		return nil, badInput("scenario: missing")
	}
	var files scenarios.Files
	if len(p.Files) > 0 {
		files = scenarios.MapFiles(p.Files)
	}
	return scenarios.Parse(p.Scenario, "scenario", files)
}

// RunScenario is the Func of scenario runs: scenarios.Run on the run's
// scenario. The result is the same whatever worker runs it: the scenario
// is complete in the parameters and its solves are bounded by work.
func RunScenario(ctx context.Context, run store.Run, progress func(Progress)) (Output, error) {
	sc, err := ScenarioOf(run.Params)
	if err != nil {
		return Output{}, err
	}
	stages := map[string][2]float64{"region": {0, 0.02}, "forecast": {0.02, 0.05}, "network blocks": {0.05, 0.85},
		"transfer stations and sorting centres": {0.85, 0.9}, "operations": {0.9, 1}}
	live := newSearchProgress(progress, stages["network blocks"][0], stages["transfer stations and sorting centres"][1])
	res, err := scenarios.Run(ctx, sc, scenarios.Options{Progress: func(name string, done, total int) {
		span, ok := stages[name]
		if !ok || total <= 0 {
			return
		}
		live.stage(span[0] + (span[1]-span[0])*float64(done)/float64(total))
	}, OnSearch: live.search})
	if err != nil {
		if ctx.Err() == nil {
			err = fmt.Errorf("%w: %w", ErrBadInput, err)
		}
		return Output{}, err
	}
	return ScenarioOutput(res)
}

// ScenarioOutput is the stored output of a scenario run: ScenarioResult as
// JSON and the plan's GeoJSON.
func ScenarioOutput(res *scenarios.Result) (Output, error) {
	b, err := json.Marshal(ScenarioResult{Summary: res.Summary(), Plan: res.PlanJSON()})
	if err != nil {
		return Output{}, err
	}
	var g bytes.Buffer
	if err := geo.WriteFeatureCollection(&g, res.PlanGeoJSON()); err != nil {
		return Output{}, err
	}
	gap := res.Plan.GapPct
	return Output{Result: b, GeoJSON: g.Bytes(), GapPct: &gap}, nil
}
