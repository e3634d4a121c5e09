package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"strings"
	"time"

	"github.com/huishou/huishou/benchmarks/cityday"
	"github.com/huishou/huishou/optimizer/route"
	"github.com/huishou/huishou/optimizer/route/routeio"
)

func init() {
	registerBench(&command{
		Name:    "cityday",
		Summary: "a city's day for the rich engine (seeded generator, or native JSON problems): served jobs, time to the first plan, memory",
		Usage: "huishou bench cityday [--seed S,…] [--jobs 2000] [--depots 10] [--per-depot 6] [--in FILE[.gz],…] [--write FILE]\n" +
			"                       [--time 30s] [--iterations N] [--threads K] [--json]",
		Example: "huishou bench cityday --seed 1,2,3 --time 30s",
		Run:     runBenchCityday,
	})
}

// runBenchCityday solves generated city days (one per seed) or the native
// JSON problems given with --in, re-checks every plan with routecheck and
// prints one row each (cityday.Result with --json).
func runBenchCityday(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet(benchKinds["cityday"], stderr)
	seeds := fs.String("seed", "1", "comma-separated generator seeds (the solver uses seed 1)")
	jobs := fs.Int("jobs", 2000, "bookings per generated day")
	depots := fs.Int("depots", 10, "depots of a generated day")
	perDepot := fs.Int("per-depot", 6, "vehicles per depot (5 trucks and a van by default)")
	inList := fs.String("in", "", "comma-separated native JSON problems (.json or .json.gz) to solve instead of generating")
	write := fs.String("write", "", "write the (first) generated day as native JSON to this file and exit")
	limit := fs.Duration("time", 30*time.Second, "time limit per day")
	iters := fs.Int("iterations", 0, "iteration limit (0: none; reproducible with --time 0)")
	threads := fs.Int("threads", 1, "parallel searches")
	asJSON := fs.Bool("json", false, "one JSON object per line")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()

	type day struct {
		name string
		p    *route.Problem
	}
	var days []func() (day, error)
	if *inList != "" {
		for _, f := range strings.Split(*inList, ",") {
			f = strings.TrimSpace(f)
			days = append(days, func() (day, error) {
				p, err := readNativeProblem(f)
				return day{filepath.Base(f), p}, err
			})
		}
	} else {
		for _, s := range strings.Split(*seeds, ",") {
			var seed uint64
			if _, err := fmt.Sscan(strings.TrimSpace(s), &seed); err != nil {
				return fmt.Errorf("--seed: %q is not a number", s)
			}
			days = append(days, func() (day, error) {
				d, err := cityday.Generate(ctx, cityday.Options{Seed: seed, Jobs: *jobs, Depots: *depots, PerDepot: *perDepot})
				if err != nil {
					return day{}, err
				}
				return day{fmt.Sprintf("cityday-%d-seed%d", *jobs, seed), d.Problem}, nil
			})
		}
	}
	if *write != "" {
		d, err := days[0]()
		if err != nil {
			return err
		}
		f, err := os.Create(*write)
		if err != nil {
			return err
		}
		// The native format writes integer matrices: metres and seconds.
		q := *d.p
		n := d.p.Matrix.N
		q.Matrix, q.N, q.Dist, q.Dur = nil, n, make([]int64, n*n), make([]int64, n*n)
		for i := range n {
			for j := range n {
				q.Dist[i*n+j], q.Dur[i*n+j] = d.p.Arc(i, j), d.p.Travel(i, j)
			}
		}
		if err := routeio.WriteProblemJSON(f, &q, routeio.DefaultMeta(&q)); err != nil {
			f.Close()
			return err
		}
		return f.Close()
	}
	enc := json.NewEncoder(stdout)
	if !*asJSON {
		fmt.Fprintf(stdout, "%-28s %5s %8s %6s %7s %8s %10s %6s %6s %7s %7s %6s %s\n", "day", "jobs", "servable", "served", "served%",
			"vehicles", "cost", "sec", "cpu-s", "first-s", "99%-s", "rss-mb", "feasible")
	}
	allOK := true
	for _, mk := range days {
		d, err := mk()
		if err != nil {
			return err
		}
		pr := newProgress(stderr, d.name)
		res := cityday.Run(ctx, d.name, d.p, cityday.RunOptions{Time: *limit, MaxIterations: *iters, Seed: 1, Threads: *threads})
		pr.Done()
		allOK = allOK && res.Feasible && res.Error == ""
		if *asJSON {
			if err := enc.Encode(res); err != nil {
				return err
			}
		} else {
			fmt.Fprintf(stdout, "%-28s %5d %8d %6d %7.2f %4d/%-3d %10.2f %6.1f %6.1f %7.2f %7.2f %6.0f %v", res.Name, res.Jobs, res.Servable, res.Served,
				res.ServedPct, res.Vehicles, res.Fleet, res.Cost, res.Seconds, res.CPU, res.FirstPlan, res.Reached99, res.PeakRSSMB, res.Feasible)
			if res.Error != "" {
				fmt.Fprintf(stdout, "  error: %s", res.Error)
			}
			for k, v := range res.Violations {
				if k == 3 {
					break
				}
				fmt.Fprintf(stdout, "; %s", v)
			}
			fmt.Fprintln(stdout)
		}
		if ctx.Err() != nil {
			break
		}
	}
	if !allOK {
		return errors.New("some plans failed the check")
	}
	return nil
}

// readNativeProblem reads a native JSON problem, gzip'd when the name ends
// in .gz.
func readNativeProblem(name string) (*route.Problem, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var r io.Reader = f
	// The JSON text of a 2,000-stop day is ~120 MB: sized at once (from
	// the gzip trailer for a .gz) it is held once, not in doubling
	// buffers (peak RSS of the Chengdu day 293 → 223 MB).
	var buf bytes.Buffer
	gz := strings.HasSuffix(name, ".gz")
	if n := textSize(f, gz); n > 0 {
		buf.Grow(n + bytes.MinRead)
	}
	if gz {
		z, err := gzip.NewReader(f)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		defer z.Close()
		r = z
	}
	if _, err := buf.ReadFrom(r); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	p, _, err := routeio.ReadJSON(&buf)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	buf = bytes.Buffer{}
	debug.FreeOSMemory() // the JSON text is garbage now
	return p, nil
}

// textSize is the length of f's text: its size, or with gz the
// uncompressed length its gzip trailer records (mod 2³², single member);
// 0 when it cannot be read. It leaves f's offset alone.
func textSize(f *os.File, gz bool) int {
	st, err := f.Stat()
	if err != nil {
		return 0
	}
	if !gz {
		return int(st.Size())
	}
	var t [4]byte
	if st.Size() < 18 {
		return 0
	}
	if _, err := f.ReadAt(t[:], st.Size()-4); err != nil {
		return 0
	}
	return int(binary.LittleEndian.Uint32(t[:]))
}
