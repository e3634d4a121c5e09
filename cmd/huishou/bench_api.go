package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/huishou/huishou/benchmarks/apiload"
)

func init() {
	registerBench(&command{
		Name:    "api",
		Summary: "load the HTTP service on loopback with vegeta: route sheets (memory store) or booking intake (PostgreSQL)",
		Usage:   "huishou bench api --target sheet|bookings [--rate R] [--duration 10s] [--workers N] [--bookings N] [--json]",
		Example: "huishou bench api --target sheet --rate 2000 --duration 10s",
		Run:     runBenchAPI,
	})
}

func runBenchAPI(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet(benchKinds["api"], stderr)
	target := fs.String("target", "sheet", "sheet (GET route sheet, memory store, against a bare echo handler) or bookings (POST /v1/bookings on PostgreSQL at DATABASE_URL)")
	rate := fs.Float64("rate", 0, "requests per second of the fixed-rate attack (default 2000 for sheet, 1000 for bookings)")
	dur := fs.Duration("duration", 10*time.Second, "length of each attack")
	workers := fs.Uint64("workers", 0, "attack workers (default 32 for sheet, 64 for bookings)")
	nb := fs.Int("bookings", 300, "sheet: bookings of the planned day")
	asJSON := fs.Bool("json", false, "print the report as JSON (what --table reads)")
	table := fs.String("table", "", "print the RESULTS.md tables of the saved --json reports in this directory, and run nothing")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *table != "" {
		return apiTable(*table, stdout)
	}
	ctx := context.Background()
	rep := apiload.Report{Target: *target, Date: time.Now().UTC().Format("2006-01-02 15:04"), Machine: machine(), Load: loadAverage()}
	switch *target {
	case "sheet":
		r, err := apiload.Sheet(ctx, apiload.SheetOptions{Bookings: *nb, Rate: *rate, Duration: *dur, Workers: *workers, Log: stderr})
		if err != nil {
			return err
		}
		rep.Sheet = r
		if !*asJSON {
			fmt.Fprintf(stdout, "%s\n%s\n%s\nroute sheet %s (%d stops, %d bytes): p99 %.2f ms at %.0f/s; throughput %.0f/s = %.1f %% of a bare echo handler (%.0f/s)\n",
				r.Fixed, r.BareMax, r.SheetMax, r.Vehicle, r.Stops, r.BodyBytes, r.Fixed.P99Ms, r.Fixed.Rate, r.SheetMax.Throughput, 100*r.Ratio, r.BareMax.Throughput)
		}
	case "bookings":
		base := os.Getenv("DATABASE_URL")
		if base == "" {
			return fmt.Errorf("--target bookings needs DATABASE_URL")
		}
		schema := fmt.Sprintf("bench_%d", time.Now().UnixNano())
		conn, err := pgx.Connect(ctx, base)
		if err != nil {
			return err
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
			return err
		}
		defer conn.Exec(context.Background(), "DROP SCHEMA "+schema+" CASCADE")
		u, err := url.Parse(base)
		if err != nil {
			return err
		}
		q := u.Query()
		q.Set("search_path", schema)
		u.RawQuery = q.Encode()
		r, err := apiload.Bookings(ctx, apiload.BookingsOptions{DatabaseURL: u.String(), Rate: *rate, Duration: *dur, Workers: *workers, Log: stderr})
		if err != nil {
			return err
		}
		rep.Bookings = r
		if !*asJSON {
			fmt.Fprintf(stdout, "%s\nacknowledged %d, read back %d, missing %d\n", r.Post, r.Acked, r.ReadBack, r.Missing)
		}
	default:
		return fmt.Errorf("--target: %q: want sheet or bookings", *target)
	}
	if *asJSON {
		e := json.NewEncoder(stdout)
		e.SetIndent("", " ")
		return e.Encode(rep)
	}
	return nil
}

// apiTable prints the tables of the reports saved in dir (*.json).
func apiTable(dir string, w io.Writer) error {
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		return err
	}
	sort.Strings(files)
	var reps []apiload.Report
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		var r apiload.Report
		if err := json.Unmarshal(b, &r); err != nil {
			return fmt.Errorf("%s: %w", f, err)
		}
		reps = append(reps, r)
	}
	return apiload.WriteTable(w, reps)
}

// machine describes this machine: CPU model and count.
func machine() string {
	model := ""
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			if strings.HasPrefix(l, "model name") {
				model = strings.TrimSpace(strings.SplitN(l, ":", 2)[1])
				break
			}
		}
	}
	return fmt.Sprintf("%s, %d CPUs, %s", model, runtime.NumCPU(), runtime.Version())
}

// loadAverage is the 1-minute load average when the run started.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return ""
	}
	return strings.Fields(string(b))[0]
}
