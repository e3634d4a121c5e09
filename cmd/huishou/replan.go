package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/huishou/huishou/optimizer/schedule"
	"github.com/huishou/huishou/optimizer/schedule/booking"
	"github.com/huishou/huishou/optimizer/schedule/dayplan"
	"github.com/huishou/huishou/optimizer/schedule/sheet"
)

func init() {
	register(&command{
		Name:    "replan",
		Summary: "re-plan a day after new bookings, cancellations and progress from the road; dispatched routes stay as they are",
		Usage:   "huishou replan --dayplan dayplan-D.json[,dayplan-E.json…] --changes changes.csv --out DIR [--iterations N] [--stability 30] [--time 30s] [--formats json,csv,html,pdf,geojson]",
		Example: "huishou replan --dayplan week/dayplan-2026-12-01.json --changes changes.csv --out replanned",
		Run:     runReplan,
	})
}

func runReplan(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet(commands["replan"], stderr)
	planFile := fs.String("dayplan", "", "the day's plan (dayplan-D.json of huishou schedule or replan); several, comma-separated, re-plan those days together")
	changesFile := fs.String("changes", "", "changes, CSV (action,id,… booking columns; action add, update, cancel or status) or JSON")
	iters := fs.Int("iterations", 0, "routing iterations per problem for the re-optimisation (0: by size)")
	stability := fs.Float64("stability", schedule.DefaultStabilityCost, "yuan charged inside the search per booking moved to another vehicle or left out (negative: cost alone)")
	limit := fs.Duration("time", time.Minute, "cap on the run (only a cap)")
	formats := fs.String("formats", strings.Join(sheet.Formats, ","), "files written: json, csv, html, pdf, geojson (the diff is always written)")
	out := fs.String("out", "", "output directory")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *planFile == "" || *changesFile == "" || *out == "" {
		return fmt.Errorf("--dayplan, --changes and --out are required")
	}
	start := time.Now()
	var olds []*dayplan.Plan
	for _, path := range strings.Split(*planFile, ",") {
		var old *dayplan.Plan
		err := withFile(path, func(f *os.File) (err error) {
			old, err = dayplan.Read(f)
			return err
		})
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		olds = append(olds, old)
	}
	changes, skipped, err := booking.ReadChangesFile(*changesFile, booking.ReadOptions{})
	if err != nil {
		return err
	}
	reportSkipped(stderr, *changesFile, skipped)
	ropt := schedule.ReplanOptions{Options: schedule.Options{Iterations: *iters, TimeLimit: *limit}, StabilityCost: *stability}
	var rps []*schedule.Replanned
	if len(olds) == 1 {
		rp, err := schedule.Replan(context.Background(), olds[0], changes, ropt)
		if err != nil {
			return err
		}
		rps = []*schedule.Replanned{rp}
	} else if rps, err = schedule.ReplanDays(context.Background(), olds, changes, ropt); err != nil {
		return err
	}
	notApplied := 0
	for _, rp := range rps {
		notApplied += len(rp.Skipped)
		for _, s := range rp.Skipped {
			fmt.Fprintf(stderr, "  change not applied: %s\n", s)
		}
	}
	fmt.Fprintf(stdout, "%d changes read (%d skipped, %d not applied)\n", len(changes), len(skipped), notApplied)
	var files []string
	for _, rp := range rps {
		w, err := sheet.WriteDay(*out, rp.Plan, strings.Split(*formats, ","), sheet.Options{})
		files = append(files, w...)
		if err != nil {
			return err
		}
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetIndent("", " ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(rp.Diff); err != nil {
			return err
		}
		diffPath := filepath.Join(*out, "diff-"+rp.Plan.Date.String()+".json")
		if err := os.WriteFile(diffPath, buf.Bytes(), 0o644); err != nil {
			return err
		}
		files = append(files, diffPath)
		d := rp.Diff
		fmt.Fprintf(stdout, "%s: kept %d dispatched routes as they were; diff: %d added, %d removed, %d moved to another vehicle, %d retimed by %d min or more, %d unchanged; %d routes changed\n",
			rp.Plan.Date, len(d.Kept), len(d.Added), len(d.Removed), len(d.Moved), len(d.Retimed), dayplan.RetimeThreshold/60, d.Unchanged, d.RoutesChanged)
		for _, n := range d.Notes {
			fmt.Fprintf(stdout, "note: %s\n", n)
		}
		printDay(stdout, rp.Plan)
	}
	fmt.Fprintf(stdout, "wrote %d files to %s in %.1fs\n", len(files), *out, time.Since(start).Seconds())
	return nil
}
