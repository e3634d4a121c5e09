package vrptw

import (
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/huishou/huishou/benchmarks/internal/cputime"
	"github.com/huishou/huishou/optimizer/route"
	"github.com/huishou/huishou/optimizer/route/routecheck"
)

// RunOptions set up a benchmark run. The zero value solves without a time
// limit (the engine's own stopping rule), seed 0, one thread, with the
// set's objective at DefaultScale.
type RunOptions struct {
	// Time is the time limit per instance; 0 means none.
	Time time.Duration
	// Seed and Threads are passed to route.Solve.
	Seed    uint64
	Threads int
	// DistanceOnly and Scale are passed to Instance.Problem.
	DistanceOnly bool
	Scale        float64
}

// Result is one instance's outcome. Distance is Check's exact Euclidean
// distance of the solution, Vehicles its number of routes, both 0 when the
// solver failed. BKS and BKSVehicles are 0 when bks.csv has no row (or no
// vehicle count) for the instance; Gap is 100·(Distance−BKS)/BKS, 0
// without a BKS.
type Result struct {
	Instance    string  `json:"instance"`
	Kind        Kind    `json:"kind"`
	N           int     `json:"n"` // customers (Li & Lim: tasks)
	Vehicles    int     `json:"vehicles"`
	BKSVehicles int     `json:"bks_vehicles"`
	Distance    float64 `json:"distance"`
	BKS         float64 `json:"bks"`
	Gap         float64 `json:"gap_pct"`
	Seconds     float64 `json:"seconds"`
	CPU         float64 `json:"cpu_seconds"` // process CPU time during the solve (0 where unmeasured)
	// Feasible is true when the solver returned a solution it calls
	// feasible, with no job unassigned, and neither Check nor routecheck
	// finds a violation.
	Feasible   bool `json:"feasible"`
	Unassigned int  `json:"unassigned"`
	Iterations int  `json:"iterations"`
	// FirstFeasible is the wall time in seconds at which the solver first
	// reported a best solution that serves every job (-1: never).
	FirstFeasible float64 `json:"first_feasible_s"`
	// Violations are Check's, routecheck's (prefixed "routecheck: "), and
	// any disagreement between the solver's figures and Check's.
	Violations []string `json:"violations,omitempty"`
	// Error says why there is no solution to check (an unreadable file, an
	// input the solver rejects).
	Error string `json:"error,omitempty"`
}

// Instances lists the instance names (file names without ".txt") of kind in
// dir, sorted: every *.txt for KindVRPTW and KindPDPTW; for KindMDVRP the
// files whose name starts with "p" (p01…p23, pr01…pr10), with or without
// ".txt".
func Instances(kind Kind, dir string) ([]string, error) {
	pattern := "*.txt"
	if kind == KindMDVRP {
		pattern = "p*"
	}
	files, err := filepath.Glob(filepath.Join(dir, pattern))
	if err != nil {
		return nil, fmt.Errorf("vrptw: %w", err)
	}
	var names []string
	for _, f := range files {
		base := filepath.Base(f)
		if ext := filepath.Ext(base); ext != "" && ext != ".txt" {
			continue
		}
		if st, err := os.Stat(f); err != nil || st.IsDir() {
			continue
		}
		names = append(names, strings.TrimSuffix(base, ".txt"))
	}
	slices.Sort(names)
	if len(names) == 0 {
		return nil, fmt.Errorf("vrptw: no %s instance files (%s) in %s", kind, pattern, dir)
	}
	return names, nil
}

// instanceFile returns the file of instance name in dir: name.txt, else
// name itself.
func instanceFile(dir, name string) string {
	p := filepath.Join(dir, name+".txt")
	if _, err := os.Stat(p); err != nil {
		if _, err2 := os.Stat(filepath.Join(dir, name)); err2 == nil {
			return filepath.Join(dir, name)
		}
	}
	return p
}

// Run reads instance name (file name.txt, or name) of kind from dir, solves
// it with route.Solve, converts the solution with Instance.Routes and
// re-checks it with Check, and the solution as the engine gave it with
// routecheck.Check (steps, times, loads and recorded figures in integer
// units). It looks the BKS up by Instance.Name. It also cross-checks the
// solver's own figures: its route count, and its integer distance within
// half a scaled unit per arc of Check's. The routes
// returned are the ones checked (nil when there is no solution).
func Run(ctx context.Context, kind Kind, dir, name string, bks map[string]BKS, opt RunOptions, progress func(route.Progress)) (Result, []Route) {
	res := Result{Instance: name, Kind: kind}
	in, err := ReadFile(kind, instanceFile(dir, name))
	if err != nil {
		res.Error = err.Error()
		return res, nil
	}
	res.Instance = in.Name
	res.N = in.NumCustomers()
	if b, ok := bks[in.Name]; ok {
		res.BKS, res.BKSVehicles = b.Cost, b.Vehicles
	}
	p := in.Problem(ProblemOptions{Scale: opt.Scale, DistanceOnly: opt.DistanceOnly})
	start, cpu0 := time.Now(), cputime.Process()
	res.FirstFeasible = -1
	watch := func(g route.Progress) {
		if res.FirstFeasible < 0 && g.BestCost >= 0 && g.Unassigned == 0 {
			res.FirstFeasible = time.Since(start).Seconds()
		}
		if progress != nil {
			progress(g)
		}
	}
	sol, err := solve(ctx, p, route.Options{TimeLimit: opt.Time, Seed: opt.Seed, Threads: opt.Threads, Progress: watch})
	res.Seconds = time.Since(start).Seconds()
	res.CPU = (cputime.Process() - cpu0).Seconds()
	if err != nil {
		res.Error = err.Error()
		return res, nil
	}
	res.Iterations = sol.Stats.Iterations
	res.Unassigned = len(sol.Unassigned)
	routes := in.Routes(p, sol)
	rep, err := Check(in, routes)
	if err != nil {
		res.Error = err.Error()
		return res, routes
	}
	res.Vehicles, res.Distance = rep.Vehicles, rep.Distance
	res.Violations = rep.Violations
	disagree := func(format string, args ...any) {
		res.Violations = append(res.Violations, "solver "+fmt.Sprintf(format, args...))
	}
	for _, u := range sol.Unassigned {
		what := "client"
		if u.Kind == route.JobShipment {
			what = "shipment"
		}
		disagree("leaves %s %d unassigned: %s", what, u.Index, u.Reason)
	}
	if !sol.Feasible {
		disagree("reports its solution infeasible")
	}
	if n := len(routes); n != countRoutes(sol) {
		disagree("reports %d non-empty routes, %d converted", countRoutes(sol), n)
	}
	arcs := 0
	for _, r := range routes {
		arcs += len(r.Nodes) + 1
	}
	if d, tol := float64(sol.Distance)/p.CostScale, float64(arcs)*0.5/p.CostScale+1e-6; math.Abs(d-rep.Distance) > tol {
		disagree("reports distance %.3f (%d/%g), Check finds %.3f", d, sol.Distance, p.CostScale, rep.Distance)
	}
	// The rich model's own independent checker judges the steps, times
	// and recorded figures in the problem's integer units.
	if rc, err := routecheck.Check(p, sol); err != nil {
		res.Violations = append(res.Violations, "routecheck: "+err.Error())
	} else {
		for _, v := range rc.Violations {
			res.Violations = append(res.Violations, "routecheck: "+v)
		}
	}
	res.Feasible = len(res.Violations) == 0
	if res.BKS > 0 {
		res.Gap = 100 * (res.Distance - res.BKS) / res.BKS
	}
	return res, routes
}

// solve calls route.Solve, turning a panic in the calling goroutine into
// an error so that one instance's failure does not end a whole run.
func solve(ctx context.Context, p *route.Problem, opt route.Options) (sol *route.Solution, err error) {
	defer func() {
		if r := recover(); r != nil {
			sol, err = nil, fmt.Errorf("solver panicked: %v", r)
		}
	}()
	return route.Solve(ctx, p, opt)
}

// countRoutes counts the routes of s that serve at least one job.
func countRoutes(s *route.Solution) int {
	n := 0
	for _, rt := range s.Routes {
		if len(rt.Clients) > 0 {
			n++
			continue
		}
		for _, st := range rt.Steps {
			if st.Kind == route.StepClient || st.Kind == route.StepPickup || st.Kind == route.StepDelivery {
				n++
				break
			}
		}
	}
	return n
}

// Summary aggregates a run's results.
type Summary struct {
	Instances int `json:"instances"`
	Feasible  int `json:"feasible"`
	// MeanGap and MaxGap are over the feasible results with a BKS (Gapped
	// of them); 0 when there are none.
	Gapped  int     `json:"gapped"`
	MeanGap float64 `json:"mean_gap_pct"`
	MaxGap  float64 `json:"max_gap_pct"`
	// WithBKSVehicles counts the results whose BKS gives a vehicle count;
	// SameVehicles, FewerVehicles and MoreVehicles split the feasible ones
	// among them by their vehicle count against the BKS's.
	WithBKSVehicles int `json:"with_bks_vehicles"`
	SameVehicles    int `json:"same_vehicles"`
	FewerVehicles   int `json:"fewer_vehicles"`
	MoreVehicles    int `json:"more_vehicles"`
	// WithinOne counts the feasible results with at most one vehicle more
	// than the BKS; MeanGapAtBKSVehicles and MaxGapAtBKSVehicles are over
	// the SameVehicles results with a BKS distance (the hierarchical
	// objective's gap: a distance compared at the same fleet).
	WithinOne            int     `json:"within_one_vehicle"`
	MeanGapAtBKSVehicles float64 `json:"mean_gap_at_bks_vehicles_pct"`
	MaxGapAtBKSVehicles  float64 `json:"max_gap_at_bks_vehicles_pct"`
}

// Summarize aggregates results.
func Summarize(results []Result) Summary {
	var s Summary
	sum, sumSame := 0.0, 0.0
	nSame := 0
	for _, r := range results {
		s.Instances++
		if r.BKSVehicles > 0 {
			s.WithBKSVehicles++
		}
		if !r.Feasible {
			continue
		}
		s.Feasible++
		if r.BKS > 0 {
			if s.Gapped == 0 || r.Gap > s.MaxGap {
				s.MaxGap = r.Gap
			}
			s.Gapped++
			sum += r.Gap
		}
		if r.BKSVehicles > 0 {
			switch {
			case r.Vehicles < r.BKSVehicles:
				s.FewerVehicles++
			case r.Vehicles > r.BKSVehicles:
				s.MoreVehicles++
			default:
				s.SameVehicles++
				if r.BKS > 0 {
					if nSame == 0 || r.Gap > s.MaxGapAtBKSVehicles {
						s.MaxGapAtBKSVehicles = r.Gap
					}
					nSame++
					sumSame += r.Gap
				}
			}
			if r.Vehicles <= r.BKSVehicles+1 {
				s.WithinOne++
			}
		}
	}
	if s.Gapped > 0 {
		s.MeanGap = sum / float64(s.Gapped)
	}
	if nSame > 0 {
		s.MeanGapAtBKSVehicles = sumSame / float64(nSame)
	}
	return s
}

// BKSFile returns the best-known-values table for a run in dir: with
// distanceOnly, bks_distance_only.csv when dir has one (Solomon), else
// bks.csv.
func BKSFile(dir string, distanceOnly bool) string {
	if distanceOnly {
		p := filepath.Join(dir, "bks_distance_only.csv")
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	return filepath.Join(dir, "bks.csv")
}

// LoadBKS reads BKSFile(dir, distanceOnly); a missing file gives an empty
// table, any other problem an error.
func LoadBKS(dir string, distanceOnly bool) (map[string]BKS, error) {
	p := BKSFile(dir, distanceOnly)
	b, err := ReadBKS(p)
	if errors.Is(err, os.ErrNotExist) {
		return map[string]BKS{}, nil
	}
	return b, err
}
