package stage

import (
	"context"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/huishou/huishou/optimizer/network"
	"github.com/huishou/huishou/optimizer/schedule/booking"
	"github.com/huishou/huishou/optimizer/schedule/fleet"
	"github.com/huishou/huishou/optimizer/supply"
	"github.com/huishou/huishou/scenarios/region"
	"github.com/huishou/huishou/scenarios/wire"
)

func sichuanT(t testing.TB) *region.Region {
	t.Helper()
	r, err := region.Builtin("sichuan")
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestForecastAndNetworkInput(t *testing.T) {
	reg := sichuanT(t)
	fc, err := Forecast(reg, supply.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(fc.Areas) != len(reg.Counties) {
		t.Fatalf("%d areas, want %d", len(fc.Areas), len(reg.Counties))
	}
	in := NetworkInput(reg, fc)
	if err := in.Validate(); err != nil {
		t.Fatal(err)
	}
	// The demand points carry every forecast tonne, split over townships.
	sum := 0.0
	for _, d := range in.Demand {
		sum += d.Tonnes
	}
	if want := fc.Total().Tonnes; math.Abs(sum-want) > 1e-6*want {
		t.Errorf("demand %.3f t, forecast %.3f t", sum, want)
	}
	count := map[network.Tier]int{}
	for _, s := range in.Sites {
		count[s.Tier]++
	}
	want := map[network.Tier]int{network.CollectionPoint: len(reg.Townships), network.TransferStation: len(reg.Counties),
		network.SortingCentre: len(reg.Prefectures()), network.Dismantler: 4}
	if !reflect.DeepEqual(count, want) {
		t.Errorf("sites per tier %v, want %v", count, want)
	}
}

func TestBuildNetwork(t *testing.T) {
	reg := sichuanT(t)
	fc, err := Forecast(reg, supply.Options{})
	if err != nil {
		t.Fatal(err)
	}
	all := NetworkInput(reg, fc)
	in, err := BuildNetwork(reg, fc, NetworkOptions{Prefecture: "510100", Demand: "counties", NoCountyRule: true, CoveragePenaltyPerPoint: -1})
	if err != nil {
		t.Fatal(err)
	}
	tonnes := 0.0
	for _, d := range all.Demand {
		if d.Region == "510100" {
			tonnes += d.Tonnes
		}
	}
	got := 0.0
	for _, d := range in.Demand {
		got += d.Tonnes
		if d.Region != "510100" {
			t.Fatalf("demand %s outside the prefecture", d.ID)
		}
	}
	if len(in.Demand) != 20 || math.Abs(got-tonnes) > 1e-6*tonnes {
		t.Errorf("%d county points with %.1f t, want 20 with %.1f t", len(in.Demand), got, tonnes)
	}
	if in.Rules.TransferPerCounty || in.Rules.CoveragePenaltyPerPoint != 0 {
		t.Errorf("rules %+v: want no county rule, no point penalty", in.Rules)
	}
	if _, err := BuildNetwork(reg, fc, NetworkOptions{Prefecture: "519900"}); err == nil {
		t.Error("unknown prefecture: no error")
	}
	if _, err := BuildNetwork(reg, fc, NetworkOptions{Demand: "points.csv"}); err == nil {
		t.Error("a demand file without points: no error")
	}
}

func TestBookingSourceAndDepots(t *testing.T) {
	reg := sichuanT(t)
	fc, err := Forecast(reg, supply.Options{})
	if err != nil {
		t.Fatal(err)
	}
	in, err := BuildNetwork(reg, fc, NetworkOptions{Prefecture: "510100"})
	if err != nil {
		t.Fatal(err)
	}
	plan, err := Design(context.Background(), in, DesignOptions{Greedy: true, TimeLimit: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	wp := wire.NewPlan(reg.Name, fc.Year, "510100", in, plan)
	ds, err := Depots(reg, fc, wp, []string{"510104"})
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[fleet.DepotKind]int{}
	for _, d := range ds {
		if e := d.Check(); e != nil {
			t.Errorf("depot %s: %v", d.ID, e)
		}
		kinds[d.Kind]++
		if d.Kind == fleet.CollectionPoint && (d.StorageL <= 0 || len(d.Inflow) == 0 || d.Parent == "") {
			t.Errorf("collection point %+v: want storage, inflow and a parent", d)
		}
	}
	if kinds[fleet.TransferStation] != 1 || kinds[fleet.Warehouse] != 1 || kinds[fleet.CollectionPoint] == 0 {
		t.Errorf("depots by kind %v", kinds)
	}
	towns, rate, err := BookingSource(reg, fc, []string{"510104"})
	if err != nil {
		t.Fatal(err)
	}
	if len(towns) == 0 || rate("510104", booking.MustDate("2025-06-18"))["refrigerator"] <= 0 {
		t.Fatalf("%d townships, rates %v", len(towns), rate("510104", booking.MustDate("2025-06-18")))
	}
	if _, _, err := BookingSource(reg, fc, []string{"999999"}); err == nil || !strings.Contains(err.Error(), `county "999999" is not in region`) {
		t.Errorf("unknown county: %v", err)
	}
	if src := Sources(ds)["510104"]; len(src) != 2 {
		t.Errorf("sources %v", src)
	}
}
