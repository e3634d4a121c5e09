package web_test

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/huishou/huishou/api/jobs"
)

// plan is the part of plan.json the page shows.
type plan struct {
	Cost       float64 `json:"cost"`
	LowerBound float64 `json:"lower_bound"`
	Sites      []struct {
		ID   string `json:"id"`
		Tier string `json:"tier"`
	} `json:"sites"`
	Demand []struct {
		AssignedTo string `json:"assigned_to"`
	} `json:"demand"`
	KPI struct {
		CoveragePct float64 `json:"coverage_pct"`
		Tonnes      float64 `json:"tonnes"`
	} `json:"kpi"`
}

func siteIDs(p plan) []string {
	var ids []string
	for _, s := range p.Sites {
		ids = append(ids, s.ID)
	}
	slices.Sort(ids)
	return ids
}

func (s *site) kpi(set, key string) (float64, string) {
	s.t.Helper()
	sel := fmt.Sprintf(`document.querySelector('[data-kpis=%q] [data-kpi=%q]')`, set, key)
	raw := eval[string](s, sel+`.dataset.value`)
	text := eval[string](s, sel+`.innerText`)
	v, err := strconv.ParseFloat(raw, 64)
	if err != nil {
		s.t.Fatalf("KPI %s/%s: data-value %q: %v", set, key, raw, err)
	}
	return v, text
}

// startRun fills the new-run form and starts it; it returns when the page
// shows the finished run (the page moves to it by itself).
func (s *site) startRun(prefecture string, greedy bool, before string) {
	s.t.Helper()
	s.do("fill new run", chromedp.SetValue(chromedp.ID("new-prefecture"), prefecture), chromedp.SetValue(chromedp.ID("new-time"), "3"))
	if greedy {
		s.do("greedy", chromedp.Click(chromedp.ID("new-greedy")))
	}
	s.do("start run", chromedp.Click(chromedp.ID("start-run")))
	s.wait("progress panel", `document.querySelector('#progress[data-run]') !== null`, 10*time.Second)
	s.wait("run shown", fmt.Sprintf(`(() => { const m = document.querySelector('main[data-ready="1"][data-view="planner"]');
		return m !== null && (m.dataset.b || m.dataset.run || '') !== '' && (m.dataset.b || m.dataset.run) !== %q &&
			document.querySelectorAll('.mk[data-site]').length > 0; })()`, before), 90*time.Second)
}

func testPlanner(s *site) {
	t := s.t
	s.open("#/planner?scenario=sichuan", "planner")
	if eval[bool](s, `document.getElementById('no-runs') === null`) {
		t.Errorf("a fresh server shows runs: %s", eval[string](s, `document.querySelector('.side').innerHTML`))
	}

	// a run of one prefecture (雅安市), started from the page
	s.startRun("511800", false, "")
	runA := eval[string](s, `document.querySelector('main').dataset.run`)
	var pa plan
	s.get("/v1/runs/"+runA+"/plan.json", &pa)
	got := eval[[]string](s, `[...document.querySelectorAll('[data-map="a"] [data-layer="markers"] .mk[data-site]')].map(e => e.dataset.site).sort()`)
	if want := siteIDs(pa); !slices.Equal(got, want) {
		t.Errorf("map shows %d sites, plan has %d:\n got %v\nwant %v", len(got), len(want), got, want)
	}
	cps := 0
	for _, x := range pa.Sites {
		if x.Tier == "collection_point" {
			cps++
		}
	}
	if n := eval[int](s, `document.querySelectorAll('[data-map="a"] [data-layer="coverage"] circle').length`); n != cps {
		t.Errorf("map shows %d coverage circles, plan has %d collection points", n, cps)
	}
	assigned := 0
	for _, d := range pa.Demand {
		if d.AssignedTo != "" {
			assigned++
		}
	}
	if n := eval[int](s, `document.querySelectorAll('[data-map="a"] [data-layer="links"] line').length`); n != assigned {
		t.Errorf("map shows %d assignment lines, plan assigns %d demand points", n, assigned)
	}
	if v, text := s.kpi("kpis", "cost"); v != pa.Cost/1e6 || !strings.Contains(text, fmt.Sprintf("%.2f", pa.Cost/1e6)) {
		t.Errorf("cost card %v %q, plan cost %v", v, text, pa.Cost)
	}
	if v, _ := s.kpi("kpis", "bound"); v != pa.LowerBound/1e6 {
		t.Errorf("bound card %v, plan bound %v", v, pa.LowerBound)
	}
	if v, text := s.kpi("kpis", "sites"); int(v) != len(pa.Sites) || !strings.Contains(text, strconv.Itoa(len(pa.Sites))) {
		t.Errorf("sites card %v %q, plan has %d sites", v, text, len(pa.Sites))
	}
	if v, _ := s.kpi("kpis", "coverage"); v != pa.KPI.CoveragePct {
		t.Errorf("coverage card %v, plan %v", v, pa.KPI.CoveragePct)
	}
	if v, _ := s.kpi("kpis", "tonnes"); v != pa.KPI.Tonnes {
		t.Errorf("tonnes card %v, plan %v", v, pa.KPI.Tonnes)
	}
	// the progress panel ends on the run's figures
	if st := eval[string](s, `document.getElementById('progress').dataset.status || ''`); st != "" && st != "done" {
		t.Errorf("progress panel status %q", st)
	}
	s.shot("planner-run")

	// pan and zoom with the keyboard
	z0 := eval[string](s, `document.querySelector('[data-map="a"] svg').dataset.zoom`)
	s.do("zoom in", chromedp.Focus(chromedp.CSS(`[data-map="a"] .map-frame`)), chromedp.KeyEvent("+"), chromedp.KeyEvent("+"), chromedp.KeyEvent("ArrowLeft"))
	// two steps of 1.6
	s.wait("zoomed in twice", fmt.Sprintf(`Math.abs(Number(document.querySelector('[data-map="a"] svg').dataset.zoom) / %s - 2.56) < 0.01`, z0), 5*time.Second)
	s.do("zoom out", chromedp.KeyEvent("-"))
	s.wait("zoomed out once", fmt.Sprintf(`Math.abs(Number(document.querySelector('[data-map="a"] svg').dataset.zoom) / %s - 1.6) < 0.01`, z0), 5*time.Second)
	s.shot("planner-zoomed")

	// a second run (the greedy baseline) compared with the first
	s.startRun("511800", true, runA)
	runB := eval[string](s, `document.querySelector('main').dataset.b || ''`)
	if eval[string](s, `document.querySelector('main').dataset.run`) != runA || runB == "" || runB == runA {
		t.Fatalf("compare view: run %q b %q, want run %s and the new run", eval[string](s, `document.querySelector('main').dataset.run`), runB, runA)
	}
	var pb plan
	s.get("/v1/runs/"+runB+"/plan.json", &pb)
	inA := map[string]bool{}
	for _, x := range pa.Sites {
		inA[x.ID] = true
	}
	inB := map[string]bool{}
	var opened, closed []string
	for _, x := range pb.Sites {
		inB[x.ID] = true
		if !inA[x.ID] {
			opened = append(opened, x.ID)
		}
	}
	for _, x := range pa.Sites {
		if !inB[x.ID] {
			closed = append(closed, x.ID)
		}
	}
	slices.Sort(opened)
	slices.Sort(closed)
	gotOpened := eval[[]string](s, `[...document.querySelectorAll('[data-map="b"] .mk.opened[data-site]')].map(e => e.dataset.site).sort()`)
	gotClosed := eval[[]string](s, `[...document.querySelectorAll('[data-map="b"] .mk[data-closed]')].map(e => e.dataset.closed).sort()`)
	gotClosedA := eval[[]string](s, `[...document.querySelectorAll('[data-map="a"] .mk.closed[data-site]')].map(e => e.dataset.site).sort()`)
	if !slices.Equal(gotOpened, opened) || !slices.Equal(gotClosed, closed) || !slices.Equal(gotClosedA, closed) {
		t.Errorf("compare: opened %v closed %v (A %v), want opened %v closed %v", gotOpened, gotClosed, gotClosedA, opened, closed)
	}
	if len(opened)+len(closed) == 0 {
		t.Errorf("the greedy baseline opened the same sites as the optimiser: nothing to compare")
	}
	if v, _ := s.kpi("kpis-b", "cost"); v != pb.Cost/1e6 {
		t.Errorf("B cost card %v, plan %v", v, pb.Cost)
	}
	if d := eval[string](s, `document.querySelector('[data-kpis="kpis-b"] [data-kpi="cost"] [data-delta]').dataset.delta`); atof(d)-(pb.Cost-pa.Cost)/1e6 > 1e-9 || (pb.Cost-pa.Cost)/1e6-atof(d) > 1e-9 {
		t.Errorf("B cost change %s, want %v", d, (pb.Cost-pa.Cost)/1e6)
	}
	s.shot("planner-compare")

	// a whole-province run, watched while it works: the design is held at
	// its first best cost and bound until the page shows them
	s.gate.arm()
	s.do("province run", chromedp.SetValue(chromedp.ID("new-prefecture"), ""), chromedp.SetValue(chromedp.ID("new-time"), "3"), chromedp.Click(chromedp.ID("start-run")))
	var held jobs.Progress
	select {
	case held = <-s.gate.held:
	case <-time.After(90 * time.Second):
		t.Fatal("the province design reported no best cost and bound")
	}
	s.wait("province run working", `document.getElementById('progress').dataset.status === 'running' &&
		!['0 %', ''].includes(document.querySelector('#progress [data-fact="progress"]')?.textContent || '') &&
		document.querySelector('#progress [data-chart="converge"]:not([hidden]) path[data-series="bound"]') !== null`, 20*time.Second)
	fact := func(k string) string {
		return eval[string](s, `document.querySelector('#progress [data-fact="`+k+`"]').textContent`)
	}
	gap := 100 * (*held.BestCost - *held.Bound) / *held.BestCost
	if want := fmt.Sprintf("%.3f", *held.BestCost/1e6); !strings.HasPrefix(fact("best"), want) {
		t.Errorf("running best cost shows %q, the run reports %s M", fact("best"), want)
	}
	if want := fmt.Sprintf("%.3f", *held.Bound/1e6); !strings.HasPrefix(fact("bound"), want) {
		t.Errorf("running bound shows %q, the run reports %s M", fact("bound"), want)
	}
	if want := fmt.Sprintf("%.2f %%", gap); fact("gap") != want {
		t.Errorf("running gap shows %q, want %q", fact("gap"), want)
	}
	s.do("show the progress panel", chromedp.ScrollIntoView(chromedp.CSS(`#progress [data-chart="converge"]`)))
	s.shotView("planner-progress")
	s.gate.open()
	s.wait("province run shown", fmt.Sprintf(`(() => { const m = document.querySelector('main[data-ready="1"][data-view="planner"]');
		return m !== null && (m.dataset.b || '') !== '' && m.dataset.b !== %q; })()`, runB), 90*time.Second)
	runP := eval[string](s, `document.querySelector('main').dataset.b`)
	s.open("#/planner?scenario=sichuan&run="+runP, "planner")
	var pp plan
	s.get("/v1/runs/"+runP+"/plan.json", &pp)
	if n := eval[int](s, `document.querySelectorAll('[data-map="a"] .mk[data-site]').length`); n != len(pp.Sites) {
		t.Errorf("province map shows %d sites, plan has %d", n, len(pp.Sites))
	}
	if v, _ := s.kpi("kpis", "cost"); v != pp.Cost/1e6 {
		t.Errorf("province cost card %v, plan %v", v, pp.Cost)
	}
	s.shot("planner-province")
}

func atof(s string) float64 {
	v, _ := strconv.ParseFloat(s, 64)
	return v
}
