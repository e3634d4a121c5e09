package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/huishou/huishou/benchmarks/loadtest"
)

func init() {
	register(&command{
		Name:    "loadtest",
		Summary: "send a mixed workload (bookings, ledger events, day plans, route sheets, schedule runs) to a running service on loopback",
		Usage:   "huishou loadtest --url http://127.0.0.1:PORT [--key KEY] [--rate 50] [--duration 60s] [--mix booking=35,ledger=25,schedule=15,sheet=24,run=1] [--date 2026-12-01] [--sample 10s] [--json] [--max-errors 0]",
		Example: "HUISHOU_KEY=$ADMIN huishou loadtest --url http://127.0.0.1:8080 --rate 100 --duration 10m",
		Run:     runLoadtest,
	})
}

func runLoadtest(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet(commands["loadtest"], stderr)
	target := fs.String("url", "", "base URL of the service (loopback only)")
	key := fs.String("key", "", "an admin API key (default $HUISHOU_KEY, then $HUISHOU_ADMIN_KEY)")
	rate := fs.Float64("rate", 50, "requests per second")
	dur := fs.Duration("duration", time.Minute, "length of the attack")
	mix := fs.String("mix", "", "weights of the kinds booking, ledger, schedule, sheet, run (default booking=35,ledger=25,schedule=15,sheet=24,run=1)")
	date := fs.String("date", "2026-12-01", "the day whose plan and sheets are read (planned first if it has no plan)")
	iters := fs.Int("iterations", 300, "routing budget of the schedule runs")
	sample := fs.Duration("sample", 10*time.Second, "period of the heap samples from /metrics (0: none)")
	seed := fs.Uint64("seed", 1, "seed of the request sequence")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	maxErrors := fs.Int("max-errors", 0, "exit non-zero when more requests than this fail or any acknowledged write is lost")
	if err := parseFlags(fs, args); err != nil {
		if err == flag.ErrHelp {
			return err
		}
		return errUsage
	}
	if *target == "" {
		fs.Usage()
		return errUsage
	}
	if *key == "" {
		*key = os.Getenv("HUISHOU_KEY")
	}
	if *key == "" {
		*key = os.Getenv("HUISHOU_ADMIN_KEY")
	}
	if *key == "" {
		return fmt.Errorf("loadtest: no key: --key, HUISHOU_KEY or HUISHOU_ADMIN_KEY")
	}
	opt := loadtest.Options{URL: *target, Key: *key, Rate: *rate, Duration: *dur, Date: *date, Iterations: *iters, Seed: *seed, SampleEvery: *sample, Log: stderr}
	if *sample == 0 {
		opt.SampleEvery = -1
	}
	if *mix != "" {
		opt.Mix = map[string]float64{}
		for _, part := range strings.Split(*mix, ",") {
			k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
			w, err := strconv.ParseFloat(v, 64)
			if !ok || err != nil {
				return fmt.Errorf("loadtest: --mix %q: want kind=weight,…", part)
			}
			opt.Mix[k] = w
		}
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	rep, err := loadtest.Run(ctx, opt)
	if rep != nil {
		if *asJSON {
			enc := json.NewEncoder(stdout)
			enc.SetIndent("", " ")
			if err := enc.Encode(rep); err != nil {
				return err
			}
		} else {
			rep.WriteText(stdout)
		}
	}
	if err != nil {
		return err
	}
	if rep.Errors > *maxErrors || rep.Lost() > 0 {
		return fmt.Errorf("loadtest: %d failed requests (at most %d allowed), %d acknowledged writes lost", rep.Errors, *maxErrors, rep.Lost())
	}
	return nil
}
