package main

import (
	"fmt"
	"io"
	"os"

	"github.com/huishou/huishou/optimizer/schedule/booking"
	"github.com/huishou/huishou/optimizer/schedule/fleet"
	"github.com/huishou/huishou/scenarios"
	"github.com/huishou/huishou/scenarios/wire"
)

// readPlan reads a plan.json ("" gives nil).
func readPlan(path string) (*wire.Plan, error) {
	if path == "" {
		return nil, nil
	}
	var p *wire.Plan
	err := withFile(path, func(f *os.File) (err error) {
		p, err = scenarios.ReadPlanJSON(f, path)
		return err
	})
	return p, err
}

// reportSkipped prints the rows a reader skipped, at most 20, and a count.
func reportSkipped(w io.Writer, what string, skipped []*booking.RowError) {
	for i, e := range skipped {
		if i == 20 {
			fmt.Fprintf(w, "  … %d more\n", len(skipped)-20)
			break
		}
		fmt.Fprintf(w, "  skipped %s\n", e)
	}
	if len(skipped) > 0 {
		fmt.Fprintf(w, "%s: %d rows skipped\n", what, len(skipped))
	}
}

// readDepots reads a depots CSV, reporting skipped rows.
func readDepots(path string, stderr io.Writer) ([]fleet.Depot, error) {
	var ld *fleet.Loaded[fleet.Depot]
	err := withFile(path, func(f *os.File) (err error) {
		ld, err = fleet.ReadDepotsCSV(f, path)
		return err
	})
	if err != nil {
		return nil, err
	}
	reportSkipped(stderr, path, ld.Skipped)
	return ld.Items, nil
}

// readVehicles reads a vehicles CSV, reporting skipped rows.
func readVehicles(path string, stderr io.Writer) ([]fleet.Vehicle, error) {
	var ld *fleet.Loaded[fleet.Vehicle]
	err := withFile(path, func(f *os.File) (err error) {
		ld, err = fleet.ReadVehiclesCSV(f, path)
		return err
	})
	if err != nil {
		return nil, err
	}
	reportSkipped(stderr, path, ld.Skipped)
	return ld.Items, nil
}
