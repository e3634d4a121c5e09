package cflp

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/huishou/huishou/benchmarks/internal/cputime"
	"github.com/huishou/huishou/optimizer/locate"
)

// Problem converts the instance to a one-tier locate.Problem (dense arcs).
func (in *Instance) Problem(singleSource bool) *locate.Problem {
	p := &locate.Problem{SingleSource: singleSource, Sites: make([]locate.Site, in.M), Demands: make([]locate.Demand, in.N)}
	for i := range in.M {
		p.Sites[i] = locate.Site{Fixed: in.Fixed[i], Capacity: in.Capacity[i]}
		if in.Capacity[i] == 0 {
			p.Sites[i].Status = locate.ForceClosed // capacity 0 in the file means useless, not unlimited
		}
	}
	for j := range in.N {
		arcs := make([]locate.Arc, in.M)
		for i := range in.M {
			arcs[i] = locate.Arc{Site: i, Cost: in.Cost[i*in.N+j]}
		}
		p.Demands[j] = locate.Demand{Amount: in.Demand[j], Arcs: arcs}
	}
	return p
}

// Recost checks a solution against the instance — every customer fully
// served, capacities respected, with singleSource each customer by one
// facility — and returns its cost. It shares no code with the solver.
func (in *Instance) Recost(open []int, assign []locate.Assignment, singleSource bool) (float64, error) {
	isOpen := make([]bool, in.M)
	cost := 0.0
	for _, i := range open {
		if i < 0 || i >= in.M {
			return 0, fmt.Errorf("open facility %d out of range", i)
		}
		if isOpen[i] {
			return 0, fmt.Errorf("facility %d listed twice", i)
		}
		isOpen[i] = true
		cost += in.Fixed[i]
	}
	served := make([]float64, in.N)
	count := make([]int, in.N)
	load := make([]float64, in.M)
	for _, a := range assign {
		if a.Demand < 0 || a.Demand >= in.N || a.Site < 0 || a.Site >= in.M {
			return 0, fmt.Errorf("assignment %+v out of range", a)
		}
		if !isOpen[a.Site] {
			return 0, fmt.Errorf("customer %d assigned to closed facility %d", a.Demand, a.Site)
		}
		if a.Fraction < 0 || a.Fraction > 1+1e-9 {
			return 0, fmt.Errorf("customer %d: fraction %v", a.Demand, a.Fraction)
		}
		served[a.Demand] += a.Fraction
		count[a.Demand]++
		load[a.Site] += a.Fraction * in.Demand[a.Demand]
		cost += a.Fraction * in.Cost[a.Site*in.N+a.Demand]
	}
	for j := range in.N {
		if math.Abs(served[j]-1) > 1e-6 {
			return 0, fmt.Errorf("customer %d served %.9f of its demand", j, served[j])
		}
		if singleSource && count[j] != 1 {
			return 0, fmt.Errorf("customer %d served by %d facilities", j, count[j])
		}
	}
	for i := range in.M {
		if load[i] > in.Capacity[i]*(1+1e-9)+1e-9 {
			return 0, fmt.Errorf("facility %d: load %v over capacity %v", i, load[i], in.Capacity[i])
		}
	}
	return cost, nil
}

// BKS is one row of a bks.csv.
type BKS struct {
	Instance string
	Cost     float64
	Optimal  bool
	File     string  // cflp only: the file holding the instance
	Capacity float64 // cflp only: value for the "capacity" placeholder
}

// ReadBKS reads dir/bks.csv.
func ReadBKS(path string) ([]BKS, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(rows) == 0 {
		return nil, fmt.Errorf("%s: empty", path)
	}
	col := map[string]int{}
	for k, h := range rows[0] {
		col[strings.TrimSpace(h)] = k
	}
	get := func(row []string, name string) string {
		if k, ok := col[name]; ok && k < len(row) {
			return strings.TrimSpace(row[k])
		}
		return ""
	}
	var out []BKS
	for n, row := range rows[1:] {
		b := BKS{Instance: get(row, "instance"), Optimal: get(row, "optimal") == "true", File: get(row, "file")}
		if b.Cost, err = strconv.ParseFloat(get(row, "bks_cost"), 64); err != nil {
			return nil, fmt.Errorf("%s: row %d: bks_cost: %w", path, n+2, err)
		}
		if c := get(row, "capacity"); c != "" {
			if b.Capacity, err = strconv.ParseFloat(c, 64); err != nil {
				return nil, fmt.Errorf("%s: row %d: capacity: %w", path, n+2, err)
			}
		}
		if b.File == "" {
			b.File = b.Instance
		}
		out = append(out, b)
	}
	return out, nil
}

// Kind selects the benchmark set.
type Kind int

// Benchmark kinds.
const (
	CFLP   Kind = iota // OR-Library, multi-sourcing
	SSCFLP             // Holmberg, single-sourcing
)

// Result is the outcome on one instance.
type Result struct {
	Instance   string  `json:"instance"`
	Cost       float64 `json:"cost"`
	LowerBound float64 `json:"lower_bound"`
	Optimum    float64 `json:"optimum"`
	GapPct     float64 `json:"gap_pct"`
	Proved     bool    `json:"proved"`
	Seconds    float64 `json:"seconds"`
	// CPUSeconds is the process CPU time (user+system) spent in the solve:
	// steadier than Seconds on a shared machine.
	CPUSeconds float64 `json:"cpu_seconds"`
	Nodes      int     `json:"nodes"`
	Err        string  `json:"error,omitempty"`
}

// Load reads the instance of a bks row from dir.
func Load(dir string, kind Kind, b BKS) (*Instance, error) {
	f, err := os.Open(filepath.Join(dir, b.File))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if kind == SSCFLP {
		return ReadHolmberg(b.File, f)
	}
	return ReadORLib(b.File, f, b.Capacity)
}

// tolerance for "same value" and "proved": OR-Library optima are printed to
// 3 decimals; the Holmberg optima are integers.
func tolerance(kind Kind, v float64) float64 {
	if kind == SSCFLP {
		return 0.5
	}
	return math.Max(0.002, 1e-9*math.Abs(v))
}

// RunOne solves one instance and re-costs the answer.
func RunOne(ctx context.Context, dir string, kind Kind, b BKS, limit time.Duration) Result {
	res := Result{Instance: b.Instance, Optimum: b.Cost}
	in, err := Load(dir, kind, b)
	if err != nil {
		res.Err = err.Error()
		return res
	}
	start, cpu := time.Now(), cputime.Process()
	sol, err := locate.Solve(ctx, in.Problem(kind == SSCFLP), locate.Options{TimeLimit: limit})
	res.Seconds = time.Since(start).Seconds()
	res.CPUSeconds = (cputime.Process() - cpu).Seconds()
	if err != nil {
		res.Err = err.Error()
		return res
	}
	cost, err := in.Recost(sol.Open, sol.Assign, kind == SSCFLP)
	if err != nil {
		res.Err = "invalid solution: " + err.Error()
		return res
	}
	if math.Abs(cost-sol.Cost) > 1e-6*math.Max(1, math.Abs(cost)) {
		res.Err = fmt.Sprintf("solver reports cost %.6f, re-costed %.6f", sol.Cost, cost)
	}
	res.Cost = cost
	res.LowerBound = sol.LowerBound
	res.Nodes = sol.Stats.Nodes
	res.GapPct = 100 * (cost - b.Cost) / b.Cost
	res.Proved = sol.Proved && sol.LowerBound >= cost-tolerance(kind, cost)
	if cost < b.Cost-tolerance(kind, b.Cost) && b.Optimal && res.Err == "" {
		res.Err = "cost below the listed optimum"
	}
	return res
}

// Select filters bks rows by instance names (all if names is empty).
func Select(rows []BKS, names []string) ([]BKS, error) {
	if len(names) == 0 {
		return rows, nil
	}
	var out []BKS
	for _, n := range names {
		found := false
		for _, b := range rows {
			if b.Instance == n {
				out = append(out, b)
				found = true
			}
		}
		if !found {
			return nil, errors.New("unknown instance " + n)
		}
	}
	return out, nil
}
