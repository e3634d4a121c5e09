package cvrp

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/huishou/huishou/benchmarks/internal/cputime"
	"github.com/huishou/huishou/optimizer/route"
)

// BKS maps instance names to best-known costs.
type BKS map[string]int64

// ReadBKS reads a bks.csv (instance,bks_cost,…; header line first).
func ReadBKS(r io.Reader) (BKS, error) {
	rows, err := csv.NewReader(r).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("cvrp: bks.csv: %w", err)
	}
	b := BKS{}
	for i, row := range rows {
		if i == 0 || len(row) < 2 {
			continue
		}
		v, err := strconv.ParseFloat(strings.TrimSpace(row[1]), 64)
		if err != nil {
			return nil, &ParseError{Line: i + 1, Field: "bks_cost", Msg: fmt.Sprintf("bad value %q", row[1])}
		}
		b[strings.TrimSpace(row[0])] = int64(v)
	}
	return b, nil
}

// RunOptions set up a benchmark run.
type RunOptions struct {
	Time       time.Duration // per instance; used when TimePer100 is 0
	TimePer100 time.Duration // per 100 customers (overrides Time)
	Seed       uint64
	Threads    int
	// RecreateShare is route.Options.RecreateShare (0: by size).
	RecreateShare float64
}

// Result is one instance's outcome. N is the instance's DIMENSION (depot
// included, the number in the X names); Gap is 100·(cost−BKS)/BKS, NaN
// without a BKS.
type Result struct {
	Instance string  `json:"instance"`
	N        int     `json:"n"`
	Cost     int64   `json:"cost"`
	BKS      int64   `json:"bks"`
	Gap      float64 `json:"gap_pct"`
	Routes   int     `json:"routes"`
	Seconds  float64 `json:"seconds"`
	CPU      float64 `json:"cpu_seconds"` // process CPU time during the solve (0 where unmeasured)
	Feasible bool    `json:"feasible"`
	Iters    int     `json:"iterations"`
	Steps    int     `json:"recreate_steps"`
	Error    string  `json:"error,omitempty"`
}

// Instances lists the .vrp names in dir, by dimension then name.
func Instances(dir string) ([]string, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.vrp"))
	if err != nil {
		return nil, err
	}
	names := make([]string, len(files))
	for i, f := range files {
		names[i] = strings.TrimSuffix(filepath.Base(f), ".vrp")
	}
	dim := func(s string) int {
		if _, rest, ok := strings.Cut(s, "-n"); ok {
			num, _, _ := strings.Cut(rest, "-")
			v, _ := strconv.Atoi(num)
			return v
		}
		return 0
	}
	slices.SortFunc(names, func(a, b string) int {
		if da, db := dim(a), dim(b); da != db {
			return da - db
		}
		return strings.Compare(a, b)
	})
	return names, nil
}

// Run solves DIR/name.vrp and re-checks the answer with Check.
func Run(ctx context.Context, dir, name string, bks BKS, opt RunOptions, progress func(route.Progress)) (Result, Routes) {
	res := Result{Instance: name, BKS: bks[name]}
	f, err := os.Open(filepath.Join(dir, name+".vrp"))
	if err != nil {
		res.Error = err.Error()
		return res, nil
	}
	in, err := ReadVRP(f)
	f.Close()
	if err != nil {
		res.Error = err.Error()
		return res, nil
	}
	res.N = in.Dimension
	limit := opt.Time
	if opt.TimePer100 > 0 {
		limit = time.Duration(float64(opt.TimePer100) * float64(in.Dimension-1) / 100)
	}
	start, cpu0 := time.Now(), cputime.Process()
	sol, err := route.Solve(ctx, in.Problem(), route.Options{TimeLimit: limit, Seed: opt.Seed, Threads: opt.Threads,
		RecreateShare: opt.RecreateShare, Progress: progress})
	res.Seconds = time.Since(start).Seconds()
	res.CPU = (cputime.Process() - cpu0).Seconds()
	if err != nil {
		res.Error = err.Error()
		return res, nil
	}
	res.Iters = sol.Stats.Iterations
	res.Steps = sol.Stats.RecreateSteps
	routes := in.FromSolution(sol)
	res.Routes = len(routes)
	cost, err := Check(in, routes)
	if err != nil {
		res.Error = err.Error()
		return res, routes
	}
	if cost != sol.Cost {
		res.Error = fmt.Sprintf("solver reports cost %d, check finds %d", sol.Cost, cost)
	}
	res.Cost = cost
	res.Feasible = err == nil && sol.Feasible
	if res.BKS > 0 {
		res.Gap = 100 * float64(cost-res.BKS) / float64(res.BKS)
	}
	return res, routes
}
