package scenarios

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"

	"github.com/huishou/huishou/optimizer/schedule/booking"
	"github.com/huishou/huishou/optimizer/schedule/fleet"
	"github.com/huishou/huishou/optimizer/supply"
	"github.com/huishou/huishou/scenarios/region"
	"github.com/huishou/huishou/scenarios/stage"
	"github.com/huishou/huishou/scenarios/wire"
)

// ReadPlanJSON reads a plan.json written by huishou plan.
func ReadPlanJSON(r io.Reader, name string) (*wire.Plan, error) {
	var p wire.Plan
	if err := json.NewDecoder(r).Decode(&p); err != nil {
		return nil, fmt.Errorf("scenarios: %s: not a plan.json: %w", name, err)
	}
	if len(p.Sites) == 0 {
		return nil, fmt.Errorf("scenarios: %s: the plan has no sites", name)
	}
	return &p, nil
}

// CountiesOf returns the counties named by the bookings, sorted; when none
// names one, the counties of the plan's transfer stations (plan may be
// nil).
func CountiesOf(bs []booking.Booking, plan *wire.Plan) []string {
	var out []string
	for _, b := range bs {
		if b.County != "" {
			out = append(out, b.County)
		}
	}
	if len(out) == 0 && plan != nil {
		for _, s := range plan.Sites {
			if s.Tier == "transfer_station" {
				out = append(out, s.County)
			}
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// OpsDepots returns the depots of daily operations in the given counties
// of region reg (see stage.Depots): the plan's transfer stations and
// collection points when plan is given, else each county's seat; and a
// front warehouse per county. year sets the forecast that gives the
// collection points' inflow.
func OpsDepots(reg *region.Region, year int, plan *wire.Plan, counties []string) ([]fleet.Depot, error) {
	if len(counties) == 0 {
		return nil, fmt.Errorf("scenarios: no county: give bookings with a county adcode, or a plan")
	}
	fc, err := stage.Forecast(reg, supply.Options{Year: year})
	if err != nil {
		return nil, err
	}
	return stage.Depots(reg, fc, plan, counties)
}

// CountyAreas returns the road area (urban, plain, mountain) of every
// county of the region by adcode, for schedule.Input.Areas.
func CountyAreas(reg *region.Region) map[string]string {
	out := make(map[string]string, len(reg.Counties))
	for i := range reg.Counties {
		out[reg.Counties[i].Adcode] = reg.Counties[i].Area().Name
	}
	return out
}
