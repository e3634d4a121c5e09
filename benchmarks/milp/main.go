// Command milp writes the OR-Library and Holmberg instances as MILPs (CPLEX
// LP format), runs a general solver on them (CBC or HiGHS, whichever is on
// PATH or named by -solver) and prints the solver's time and status beside
// the optimum, for the side-by-side table in benchmarks/RESULTS.md.
//
//	go run ./benchmarks/milp -kind cflp -dir ../shared/benchmarks/cflp/orlib -time 300
//	go run ./benchmarks/milp -kind sscflp -dir ../shared/benchmarks/sscflp/holmberg -instances p1,p2
//
// The model files go to a temporary folder and are deleted afterwards
// (-keep keeps them). The formulation is the strong one: x_ij ≤ y_i for
// every pair, plus Σ_j d_j x_ij ≤ s_i y_i; x is binary with -kind sscflp.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/huishou/huishou/benchmarks/cflp"
)

func main() {
	kind := flag.String("kind", "cflp", "cflp (OR-Library, multi-source) or sscflp (Holmberg)")
	dir := flag.String("dir", "", "instance folder with bks.csv")
	names := flag.String("instances", "", "comma-separated instance names (default all)")
	limit := flag.Int("time", 300, "time limit per instance in seconds")
	solver := flag.String("solver", "", "cbc or highs (default: the first found)")
	relax := flag.Bool("relax", false, "solve the LP relaxation only")
	keep := flag.Bool("keep", false, "keep the model files")
	flag.Parse()
	if *dir == "" {
		flag.Usage()
		os.Exit(2)
	}
	if *solver == "" {
		for _, s := range []string{"highs", "cbc"} {
			if _, err := exec.LookPath(s); err == nil {
				*solver = s
				break
			}
		}
	}
	if *solver == "" {
		fmt.Fprintln(os.Stderr, "milp: neither highs nor cbc on PATH")
		os.Exit(1)
	}
	k := cflp.CFLP
	if *kind == "sscflp" {
		k = cflp.SSCFLP
	}
	rows, err := cflp.ReadBKS(filepath.Join(*dir, "bks.csv"))
	check(err)
	var sel []string
	if *names != "" {
		sel = strings.Split(*names, ",")
	}
	rows, err = cflp.Select(rows, sel)
	check(err)
	tmp, err := os.MkdirTemp("", "milp")
	check(err)
	if !*keep {
		defer os.RemoveAll(tmp)
	}
	fmt.Printf("%-12s %-6s %16s %16s %9s %s\n", "instance", "solver", "objective", "optimum", "seconds", "status")
	for _, b := range rows {
		in, err := cflp.Load(*dir, k, b)
		check(err)
		lp := filepath.Join(tmp, b.Instance+".lp")
		check(writeLP(lp, in, k == cflp.SSCFLP, *relax))
		obj, secs, status := run(*solver, lp, *limit, tmp)
		fmt.Printf("%-12s %-6s %16.3f %16.3f %9.2f %s\n", b.Instance, *solver, obj, b.Cost, secs, status)
	}
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "milp:", err)
		os.Exit(1)
	}
}

func writeLP(path string, in *cflp.Instance, single, relax bool) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	fmt.Fprintln(w, "Minimize\n obj:")
	for i := range in.M {
		fmt.Fprintf(w, " + %.10g y%d\n", in.Fixed[i], i)
		for j := range in.N {
			fmt.Fprintf(w, " + %.10g x%d_%d\n", in.Cost[i*in.N+j], i, j)
		}
	}
	fmt.Fprintln(w, "Subject To")
	for j := range in.N {
		fmt.Fprintf(w, " d%d:", j)
		for i := range in.M {
			fmt.Fprintf(w, " + x%d_%d", i, j)
		}
		fmt.Fprintln(w, " = 1")
	}
	for i := range in.M {
		fmt.Fprintf(w, " c%d:", i)
		for j := range in.N {
			fmt.Fprintf(w, " + %.10g x%d_%d", in.Demand[j], i, j)
		}
		fmt.Fprintf(w, " - %.10g y%d <= 0\n", in.Capacity[i], i)
		for j := range in.N {
			fmt.Fprintf(w, " l%d_%d: x%d_%d - y%d <= 0\n", i, j, i, j, i)
		}
	}
	fmt.Fprintln(w, "Bounds")
	for i := range in.M {
		fmt.Fprintf(w, " 0 <= y%d <= 1\n", i)
		for j := range in.N {
			fmt.Fprintf(w, " 0 <= x%d_%d <= 1\n", i, j)
		}
	}
	if !relax {
		fmt.Fprintln(w, "Binaries")
		for i := range in.M {
			fmt.Fprintf(w, " y%d\n", i)
		}
		if single {
			for i := range in.M {
				for j := range in.N {
					fmt.Fprintf(w, " x%d_%d\n", i, j)
				}
			}
		}
	}
	fmt.Fprintln(w, "End")
	if err := w.Flush(); err != nil {
		return err
	}
	return f.Close()
}

var (
	cbcObj    = regexp.MustCompile(`Objective value:\s+([-0-9.eE+]+)`)
	cbcStatus = regexp.MustCompile(`Result - (.*)`)
	cbcCPU    = regexp.MustCompile(`Total time \(CPU seconds\):\s+([0-9.]+)`)
	highsObj  = regexp.MustCompile(`Primal bound\s+([-0-9.eE+]+)|Objective value\s*:\s*([-0-9.eE+]+)`)
	highsStat = regexp.MustCompile(`Model status\s*:\s*(.*)`)
)

func run(solver, lp string, limit int, tmp string) (float64, float64, string) {
	var cmd *exec.Cmd
	switch solver {
	case "cbc":
		cmd = exec.Command("cbc", lp, "sec", strconv.Itoa(limit), "threads", "1", "solve", "quit")
	case "highs":
		cmd = exec.Command("highs", "--model_file", lp, "--time_limit", strconv.Itoa(limit), "--threads", "1")
	default:
		return 0, 0, "unknown solver " + solver
	}
	cmd.Dir = tmp
	start := time.Now()
	out, err := cmd.CombinedOutput()
	secs := time.Since(start).Seconds()
	s := string(out)
	obj, status := 0.0, "?"
	if solver == "cbc" {
		if m := cbcObj.FindStringSubmatch(s); m != nil {
			obj, _ = strconv.ParseFloat(m[1], 64)
		}
		if m := cbcStatus.FindStringSubmatch(s); m != nil {
			status = strings.TrimSpace(m[1])
		}
		if m := cbcCPU.FindStringSubmatch(s); m != nil {
			status += " (cpu " + m[1] + " s)"
		}
	} else {
		if m := highsObj.FindStringSubmatch(s); m != nil {
			v := m[1]
			if v == "" {
				v = m[2]
			}
			obj, _ = strconv.ParseFloat(v, 64)
		}
		if m := highsStat.FindStringSubmatch(s); m != nil {
			status = strings.TrimSpace(m[1])
		}
	}
	if err != nil && status == "?" {
		status = err.Error()
	}
	return obj, secs, status
}
