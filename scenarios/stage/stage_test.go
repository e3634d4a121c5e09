package stage

import (
	"context"
	"math"
	"reflect"
	"testing"
	"time"

	"github.com/huishou/huishou/optimizer/network"
	"github.com/huishou/huishou/optimizer/supply"
	"github.com/huishou/huishou/scenarios/region"
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

func TestSampleDayDeterministic(t *testing.T) {
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
	c, _ := reg.County("510104")
	a := SampleDay(reg, fc, in, plan, c, DefaultDate, 7, 0)
	b := SampleDay(reg, fc, in, plan, c, DefaultDate, 7, 0)
	if !reflect.DeepEqual(a, b) {
		t.Error("same seed, different days")
	}
	if len(a.Bookings) == 0 || len(a.Fleet) == 0 {
		t.Fatalf("%d bookings, %d trucks", len(a.Bookings), len(a.Fleet))
	}
	if err := a.Validate(); err != nil {
		t.Error(err)
	}
}
