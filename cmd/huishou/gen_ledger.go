package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/huishou/huishou/api/ledger"
	"github.com/huishou/huishou/api/ledger/simulate"
	"github.com/huishou/huishou/scenarios/region"
)

func init() {
	registerGen(&command{
		Name:    "ledger",
		Summary: "a simulated work ledger from generated bookings and day plans (events marked simulated)",
		Usage:   "huishou gen ledger [--scenario sichuan] [--county 510104[,…]] [--from 2025-01-01] [--days 90] [--seed 1] --out ledger.jsonl",
		Example: "huishou gen ledger --scenario sichuan --county 510104 --from 2025-01-01 --days 90 --out ledger.jsonl",
		Run:     runGenLedger,
	})
}

func runGenLedger(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet(genKinds["ledger"], stderr)
	scenario := fs.String("scenario", "sichuan", "built-in region")
	county := fs.String("county", "", "adcode(s) of the counties simulated, comma-separated (default 510182 彭州市)")
	from := fs.String("from", "2025-01-01", "first day (China time)")
	days := fs.Int("days", 90, "number of days")
	seed := fs.Uint64("seed", 1, "seed of the bookings, routes and measurements")
	iters := fs.Int("iterations", 0, "routing engine iterations per routing problem (0 = 500)")
	out := fs.String("out", "", "the ledger file to write (JSON lines); the site registry goes beside it as .sites.csv")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *out == "" {
		fmt.Fprintln(stderr, "--out FILE is required")
		fs.Usage()
		return errUsage
	}
	t0, err := time.ParseInLocation("2006-01-02", *from, ledger.China)
	if err != nil {
		return fmt.Errorf("--from: %q is not a date YYYY-MM-DD", *from)
	}
	if *days < 1 || *days > 3660 {
		return fmt.Errorf("--days: %d outside 1…3660", *days)
	}
	reg, err := region.Builtin(*scenario)
	if err != nil {
		return err
	}
	opt := simulate.Options{From: t0, Days: *days, Seed: *seed, Iterations: *iters}
	if *county != "" {
		opt.Counties = strings.Split(*county, ",")
	}
	start := time.Now()
	pr := newProgress(stderr, "scheduling")
	opt.Progress = pr.Bar
	res, err := simulate.Run(context.Background(), reg, opt)
	pr.Done()
	if err != nil {
		return err
	}
	if err := writeFileWith(*out, func(w io.Writer) error {
		return res.Store.Scan(context.Background(), func(e ledger.Event) error {
			_, err := w.Write(ledger.AppendLine(nil, &e))
			return err
		})
	}); err != nil {
		return err
	}
	sp := sitesPath(*out)
	if err := writeFileWith(sp, func(w io.Writer) error { return ledger.WriteSitesCSV(w, res.Sites) }); err != nil {
		return err
	}
	c := res.Counts
	fmt.Fprintf(stdout, "simulated %d days from %s: %d bookings, %d served (%d late)\n", opt.Days, *from, res.Bookings, res.Served, res.Late)
	fmt.Fprintf(stdout, "%d events: %d collected, %d delivered (trade-ins), %d received, %d transferred, %d handed over, %d adjusted — all marked simulated\n",
		res.Store.Len(), c[ledger.Collected], c[ledger.Delivered], c[ledger.Received], c[ledger.Transferred], c[ledger.HandedOver], c[ledger.Adjusted])
	fmt.Fprintf(stdout, "wrote %s and %s (%d sites) in %.1fs\n", *out, sp, len(res.Sites.List()), time.Since(start).Seconds())
	fmt.Fprintf(stdout, "next: huishou report --ledger %s --period %s --format html --out report.html\n", *out, t0.Format("2006-01"))
	return nil
}

// writeFileWith creates path and writes it with fn through a buffer.
func writeFileWith(path string, fn func(io.Writer) error) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(f)
	if err := fn(bw); err != nil {
		f.Close()
		return err
	}
	if err := bw.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
