package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"strings"
	"time"

	"github.com/huishou/huishou/benchmarks/cflp"
)

func init() {
	registerBench(&command{
		Name:    "cflp",
		Summary: "capacitated facility location, OR-Library (multi-sourcing)",
		Usage:   "huishou bench cflp --dir DIR [--time T] [--instances a,b] [--json] [--cpuprofile FILE]",
		Example: "huishou bench cflp --dir ../shared/benchmarks/cflp/orlib --instances cap41,capa-8000 --time 30s",
		Run: func(args []string, stdout, stderr io.Writer) error {
			return runBenchCFLP("cflp", cflp.CFLP, args, stdout, stderr)
		},
	})
	registerBench(&command{
		Name:    "sscflp",
		Summary: "single-source capacitated facility location, Holmberg",
		Usage:   "huishou bench sscflp --dir DIR [--time T] [--instances a,b] [--json] [--cpuprofile FILE]",
		Example: "huishou bench sscflp --dir ../shared/benchmarks/sscflp/holmberg --instances p1,p2 --time 10s",
		Run: func(args []string, stdout, stderr io.Writer) error {
			return runBenchCFLP("sscflp", cflp.SSCFLP, args, stdout, stderr)
		},
	})
}

func runBenchCFLP(name string, kind cflp.Kind, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet(benchKinds[name], stderr)
	dir := fs.String("dir", "", "folder with the instances and bks.csv")
	limit := fs.Duration("time", 10*time.Second, "time limit per instance")
	names := fs.String("instances", "", "comma-separated instance names (default: all in bks.csv)")
	asJSON := fs.Bool("json", false, "print the results as JSON")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the solves to this file")
	if err := parseFlags(fs, args); err != nil {
		if err == flag.ErrHelp {
			return err
		}
		return errUsage
	}
	if *dir == "" {
		fs.Usage()
		return errUsage
	}
	rows, err := cflp.ReadBKS(filepath.Join(*dir, "bks.csv"))
	if err != nil {
		return err
	}
	var sel []string
	if *names != "" {
		sel = strings.Split(*names, ",")
	}
	if rows, err = cflp.Select(rows, sel); err != nil {
		return err
	}
	stop, err := startCPUProfile(*cpuProfile)
	if err != nil {
		return err
	}
	defer stop()
	pr := newProgress(stderr, "bench "+name)
	var results []cflp.Result
	for k, b := range rows {
		pr.Bar(k, len(rows))
		results = append(results, cflp.RunOne(context.Background(), *dir, kind, b, *limit))
	}
	pr.Bar(len(rows), len(rows))
	pr.Done()
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(results)
	}
	fmt.Fprintf(stdout, "%-12s %16s %16s %16s %8s %6s %8s %8s %7s\n", "instance", "cost", "lower_bound", "optimum", "gap%", "proved", "seconds", "cpu_s", "nodes")
	var sumGap, sumT, maxT float64
	proved, ok := 0, 0
	for _, r := range results {
		if r.Err != "" {
			fmt.Fprintf(stdout, "%-12s ERROR %s\n", r.Instance, r.Err)
			continue
		}
		ok++
		sumGap += r.GapPct
		sumT += r.Seconds
		maxT = math.Max(maxT, r.Seconds)
		if r.Proved {
			proved++
		}
		fmt.Fprintf(stdout, "%-12s %16.3f %16.3f %16.3f %8.4f %6v %8.2f %8.3f %7d\n", r.Instance, r.Cost, r.LowerBound, r.Optimum, r.GapPct, r.Proved, r.Seconds, r.CPUSeconds, r.Nodes)
	}
	if ok > 0 {
		fmt.Fprintf(stdout, "summary: %d instances, %d errors, mean gap %.4f%%, proved %d/%d, mean %.2fs, max %.2fs\n",
			len(results), len(results)-ok, sumGap/float64(ok), proved, ok, sumT/float64(ok), maxT)
	}
	if ok < len(results) {
		return fmt.Errorf("%d instance(s) failed", len(results)-ok)
	}
	return nil
}
