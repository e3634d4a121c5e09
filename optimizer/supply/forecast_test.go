package supply

import (
	"errors"
	"math"
	"os"
	"strings"
	"testing"
	"time"
)

func TestDefaultCategoriesSources(t *testing.T) {
	want := []string{"refrigerator", "washing_machine", "air_conditioner", "television", "water_heater", "microwave", "range_hood", "computer", "mobile_phone"}
	cs := DefaultCategories()
	if len(cs) != len(want) {
		t.Fatalf("got %d categories, want %d", len(cs), len(want))
	}
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	for i, c := range cs {
		if c.ID != want[i] {
			t.Errorf("categories[%d]: got %s, want %s", i, c.ID, want[i])
		}
		if c.NameZh == "" {
			t.Errorf("%s: no Chinese name", c.ID)
		}
		for _, f := range categoryFields {
			s := c.Source[f]
			if !strings.HasPrefix(s, "UNSOURCED: ") && !strings.Contains(s, "http") {
				t.Errorf("%s.%s: source %q is neither a URL nor UNSOURCED", c.ID, f, s)
			}
		}
		if len(c.Source) != len(categoryFields) {
			t.Errorf("%s: %d sources, want %d", c.ID, len(c.Source), len(categoryFields))
		}
		if !strings.Contains(string(readme), "`"+c.ID+"`") {
			t.Errorf("README.md does not list %s", c.ID)
		}
	}
	// Fresh copies: modifying one must not change the next.
	cs[0].Source["WeightKg"] = "x"
	if DefaultCategories()[0].Source["WeightKg"] == "x" {
		t.Error("DefaultCategories shares its Source maps")
	}
}

func oneCat() Category {
	return Category{ID: "fridge", WeightKg: 50, VolumeL: 500, MeanLifeYr: 10, WeibullK: 3, OwnUrban: 120, OwnRural: 80, CollectRate: 0.2}
}

func TestForecastArithmetic(t *testing.T) {
	areas := []Area{{ID: "a", Name: "A", Households: 1000, UrbanShare: 0.25}, {ID: "b", Households: 0, UrbanShare: 1}}
	for _, year := range []int{2025, 2028} {
		res, err := Forecast(areas, Options{Year: year, Categories: []Category{oneCat()}})
		if err != nil {
			t.Fatal(err)
		}
		r := res.ByArea("a")[0]
		stock := 1000 * (0.25*120 + 0.75*80) / 100
		checks := []struct {
			name      string
			got, want float64
		}{
			{"stock", r.Stock, stock},
			{"retired (steady state = stock/mean)", r.Retired, stock / 10},
			{"units", r.Units, stock / 10 * 0.2},
			{"tonnes", r.Tonnes, stock / 10 * 0.2 * 50 / 1000},
			{"m3", r.M3, stock / 10 * 0.2 * 500 / 1000},
		}
		days := 365.0
		if year == 2028 {
			days = 366
		}
		checks = append(checks, struct {
			name      string
			got, want float64
		}{"per day × days", r.PerDay * days, r.Units})
		monthSum := 0.0
		for m := range 12 {
			monthSum += r.PerDayByMonth[m] * float64(time.Date(year, time.Month(m+2), 0, 0, 0, 0, 0, time.UTC).Day())
		}
		checks = append(checks, struct {
			name      string
			got, want float64
		}{"Σ months", monthSum, r.Units})
		for _, c := range checks {
			if !closeRel(c.got, c.want, 1e-9) {
				t.Errorf("%d %s: got %g, want %g", year, c.name, c.got, c.want)
			}
		}
		// June (618) and November (Double 11) are the default peaks.
		if r.PeakPerDay() != r.PerDayByMonth[5] || r.PerDayByMonth[5] != r.PerDayByMonth[10] || r.PerDayByMonth[1] >= r.PerDay {
			t.Errorf("%d: seasonality %v: want peaks in June and November, February below mean", year, r.PerDayByMonth)
		}
		if got := res.DailyUnits("a", time.Date(year, 6, 18, 0, 0, 0, 0, time.UTC)); got != r.PerDayByMonth[5] {
			t.Errorf("DailyUnits(618) got %g, want %g", got, r.PerDayByMonth[5])
		}
		if got := res.ByArea("b")[0].Units; got != 0 {
			t.Errorf("no households: got %g units", got)
		}
		if res.ByArea("zz") != nil || res.DailyUnits("zz", time.Now()) != 0 {
			t.Error("unknown area: want nil rows and 0 units")
		}
	}
}

func TestForecastLevers(t *testing.T) {
	areas := []Area{{ID: "a", Households: 1e5, UrbanShare: 0.5}}
	for _, tc := range []struct {
		name string
		lv   Levers
		rate float64
	}{
		{"status quo", Levers{}, 0.2},
		{"15 % subsidy, default elasticity 2", Levers{SubsidyShare: 0.15}, 0.2 * 1.3},
		{"subsidy, elasticity 1", Levers{SubsidyShare: 0.15, Elasticity: 1}, 0.2 * 1.15},
		{"full door-to-door, default uplift 0.5", Levers{DoorToDoorCoverage: 1}, 0.2 * 1.5},
		{"formal share 0.5 overrides", Levers{FormalShare: 0.5}, 0.5},
		{"all levers, capped at 1", Levers{FormalShare: 0.8, SubsidyShare: 0.3, DoorToDoorCoverage: 1}, 1},
		{"collection rate 0.5 of formal 0.4", Levers{CollectionRate: 0.5, FormalShare: 0.4}, 0.2},
		{"rate factor 1.3", Levers{RateFactor: 1.3}, 0.26},
		{"per category replaces the common levers", Levers{SubsidyShare: 0.5, PerCategory: map[string]CategoryLevers{"fridge": {SubsidyShare: 0.1, Elasticity: 3}}}, 0.2 * 1.3},
		{"per category zero is zero", Levers{SubsidyShare: 0.5, PerCategory: map[string]CategoryLevers{"fridge": {}}}, 0.2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := Forecast(areas, Options{Categories: []Category{oneCat()}, Levers: tc.lv})
			if err != nil {
				t.Fatal(err)
			}
			r := res.Rows[0]
			if !closeRel(r.CollectRate, tc.rate, 1e-12) || !closeRel(r.Units, r.Retired*tc.rate, 1e-12) {
				t.Errorf("rate got %g (units %g of %g), want %g", r.CollectRate, r.Units, r.Retired, tc.rate)
			}
		})
	}
}

func TestForecastSalesAndTradeIns(t *testing.T) {
	areas := []Area{{ID: "a", Households: 1e5, UrbanShare: 0.5}}
	c := oneCat()
	for _, tc := range []struct {
		name            string
		lv              Levers
		sales, tradeIns float64 // per retired unit
	}{
		{"status quo: sales replace retirements, half the collected units are trade-ins", Levers{}, 1, 0.1},
		{"20 % subsidy, default sales elasticity 1", Levers{SubsidyShare: 0.2}, 1.2, 0.14},
		{"every collected unit a trade-in", Levers{TradeInShare: 1}, 1, 0.2},
		{"no trade-ins", Levers{TradeInShare: -1}, 1, 0},
		{"per-category sales elasticity", Levers{PerCategory: map[string]CategoryLevers{"fridge": {SubsidyShare: 0.1, SalesElasticity: 2, Elasticity: 2}}}, 1.2, 0.12},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := Forecast(areas, Options{Categories: []Category{c}, Levers: tc.lv})
			if err != nil {
				t.Fatal(err)
			}
			r := res.Rows[0]
			if !closeRel(r.Sales, r.Retired*tc.sales, 1e-12) || !closeRel(r.TradeIns, r.Retired*tc.tradeIns, 1e-12) {
				t.Errorf("sales %g, trade-ins %g per retired unit; want %g, %g", r.Sales/r.Retired, r.TradeIns/r.Retired, tc.sales, tc.tradeIns)
			}
			if !closeRel(r.SalesTonnes, r.Sales*c.WeightKg/1000, 1e-12) {
				t.Errorf("sales tonnes %g for %g units", r.SalesTonnes, r.Sales)
			}
		})
	}
}

func TestForecastSalesHistory(t *testing.T) {
	areas := []Area{{ID: "a", Households: 1000, UrbanShare: 1}}
	c := oneCat()
	w := WeibullFromMean(c.MeanLifeYr, c.WeibullK)
	// A single cohort sold 4 years before the forecast year (zeros before):
	// ratio = (F(5)−F(4)) / ∫_4^5 S.
	res, err := Forecast(areas, Options{Categories: []Category{c}, SalesHistory: map[string][]float64{"fridge": {0, 1, 0, 0, 0, 0}}})
	if err != nil {
		t.Fatal(err)
	}
	want := (w.CDF(5) - w.CDF(4)) / w.survivalIntegral(4)
	if got := res.RetireRatio[0]; !closeRel(got, want, 1e-12) {
		t.Errorf("single cohort ratio got %g, want %g", got, want)
	}
	// Constant history = steady state.
	res, err = Forecast(areas, Options{Categories: []Category{c}, SalesHistory: map[string][]float64{"fridge": {3, 3, 3}}})
	if err != nil {
		t.Fatal(err)
	}
	if got := res.RetireRatio[0]; !closeRel(got, 0.1, 1e-7) {
		t.Errorf("constant history ratio got %g, want 0.1", got)
	}
}

func TestForecastInputErrors(t *testing.T) {
	good := []Area{{ID: "a", Households: 10, UrbanShare: 0.5}}
	bad := oneCat()
	bad.ID, bad.WeibullK = "tv", 0
	for _, tc := range []struct {
		areas []Area
		opt   Options
		field string
	}{
		{[]Area{{ID: "a"}, {ID: "b"}, {ID: "c"}, {ID: "d", Households: -1}}, Options{}, "areas[3].households"},
		{[]Area{{ID: "a", Households: math.NaN()}}, Options{}, "areas[0].households"},
		{[]Area{{ID: ""}}, Options{}, "areas[0].id"},
		{[]Area{{ID: "a"}, {ID: "a"}}, Options{}, "areas[1].id"},
		{[]Area{{ID: "a", UrbanShare: 1.2}}, Options{}, "areas[0].urbanShare"},
		{good, Options{Year: 99}, "options.year"},
		{good, Options{Categories: []Category{}}, "options.categories"},
		{good, Options{Categories: []Category{oneCat(), bad}}, "options.categories[1].weibullK"},
		{good, Options{Levers: Levers{SubsidyShare: -0.1}}, "options.levers.subsidyShare"},
		{good, Options{Levers: Levers{DoorToDoorCoverage: 2}}, "options.levers.doorToDoorCoverage"},
		{good, Options{Levers: Levers{FormalShare: 1.5}}, "options.levers.formalShare"},
		{good, Options{Levers: Levers{Elasticity: -1}}, "options.levers.elasticity"},
		{good, Options{Levers: Levers{CollectionRate: 1.1}}, "options.levers.collectionRate"},
		{good, Options{Levers: Levers{RateFactor: math.Inf(1)}}, "options.levers.rateFactor"},
		{good, Options{Levers: Levers{SalesElasticity: -1}}, "options.levers.salesElasticity"},
		{good, Options{Levers: Levers{TradeInShare: 2}}, "options.levers.tradeInShare"},
		{good, Options{Levers: Levers{PerCategory: map[string]CategoryLevers{"fridge": {SubsidyShare: 2}}}}, "options.levers.perCategory[fridge].subsidyShare"},
		{good, Options{Levers: Levers{PerCategory: map[string]CategoryLevers{"tv": {}}}}, "options.levers.perCategory[tv]"},
		{good, Options{SalesGrowth: -1}, "options.salesGrowth"},
		{good, Options{SalesHistory: map[string][]float64{"fridge": {1}}}, "options.salesHistory[fridge]"},
		{good, Options{SalesHistory: map[string][]float64{"refrigerator": {1, -2}}}, "options.salesHistory[refrigerator][1]"},
		{good, Options{SalesHistory: map[string][]float64{"refrigerator": {0, 0}}}, "options.salesHistory[refrigerator]"},
		{good, Options{Seasonality: [12]float64{1, -1}}, "options.seasonality[1]"},
	} {
		t.Run(tc.field, func(t *testing.T) {
			_, err := Forecast(tc.areas, tc.opt)
			var ie *InputError
			if !errors.As(err, &ie) {
				t.Fatalf("got %v, want *InputError", err)
			}
			if ie.Field != tc.field {
				t.Errorf("got field %q (%v), want %q", ie.Field, err, tc.field)
			}
			if !strings.HasPrefix(err.Error(), "supply: "+tc.field+": ") {
				t.Errorf("message %q", err)
			}
		})
	}
}

func TestTotalsAddUp(t *testing.T) {
	areas := []Area{{ID: "a", Households: 1000, UrbanShare: 0.9}, {ID: "b", Households: 3000, UrbanShare: 0.1}}
	res, err := Forecast(areas, Options{})
	if err != nil {
		t.Fatal(err)
	}
	tot := res.Total()
	var units, tonnes float64
	for _, r := range res.Totals() {
		units += r.Units
		tonnes += r.Tonnes
	}
	if !closeRel(units, tot.Units, 1e-12) || !closeRel(tonnes, tot.Tonnes, 1e-12) {
		t.Errorf("Σ Totals got %g units %g t, Total %g units %g t", units, tonnes, tot.Units, tot.Tonnes)
	}
	if got := res.Row(1, 2); got.AreaID != "b" || got.Category != "air_conditioner" {
		t.Errorf("Row(1,2) got %s/%s", got.AreaID, got.Category)
	}
}

// TestSichuanPlausible runs the defaults on Sichuan as one area and checks
// the totals against national figures scaled to Sichuan. The bounds are
// derived here from published figures, not from the model's output.
//
// Sichuan: 30,751,918 family households (sum of households_2020_est in
// /work/shared/data/sichuan/counties.csv; bulletin 30,756,120) and urban
// share 56.73 %; one area with the province's urban share gives the same
// totals as the 183 counties up to the household- vs population-weighting of
// the urban share. Sichuan's share of China: 83,674,866 of 1,411,778,724
// residents (2020 census) = 5.93 %.
//
// Known bias: with no sales history the model assumes the steady state
// (retirements = stock / mean life), which overstates retirements of a stock
// that has been growing, by roughly 20–60 % for growth of 2–5 %/yr and mean
// lives of 8–11 years. Hence asymmetric tolerances.
func TestSichuanPlausible(t *testing.T) {
	const p = 83674866.0 / 1411778724.0
	res, err := Forecast([]Area{{ID: "51", Name: "四川省", Households: 30751918, UrbanShare: 0.5673}}, Options{Year: 2025})
	if err != nil {
		t.Fatal(err)
	}
	var ret41, tonnes41, retAll, collT float64
	for c, r := range res.Totals() {
		retAll += r.Retired
		collT += r.Tonnes
		switch r.Category {
		case "refrigerator", "washing_machine", "air_conditioner", "television", "computer":
			ret41 += r.Retired
			tonnes41 += r.Retired * res.Categories[c].WeightKg / 1000
		}
	}
	// Growth of the 4+1 scrap from 2018 to 2025: ~4 %/yr (ownership of the
	// 4+1 rose ~2-4 %/yr; main-EEE theoretical scrap rose 12.6 % from 2020
	// to 2021, boolv.com) → ×1.04^7.
	grow := math.Pow(1.04, 7)
	for _, c := range []struct {
		what      string
		got       float64
		base      float64 // Sichuan-scaled reference
		lo, hi    float64 // tolerance factors on base
		reasoning string
	}{
		// 150 M units of TV+fridge+washer+AC+PC theoretically scrapped in 2018 (CHEARI white paper, eswz.com.cn).
		{"4+1 retired units", ret41, p * 150e6 * grow, 0.5, 2, "CHEARI 2018 ×1.04^7; ×2 for steady-state bias and MIIT's >200 M units/yr"},
		// >4.06 Mt for the same 150 M units (≈27 kg/unit).
		{"4+1 retired tonnes", tonnes41, p * 4.06e6 * grow, 0.5, 2, "CHEARI 2018 4.06 Mt ×1.04^7"},
		// 715.7 M (2020) / 806.1 M (2021) units of main EEE incl. phones (boolv.com).
		{"all retired units", retAll, p * 806.1e6, 0.5, 1.5, "main EEE 2021; our 9 categories differ from 'main EEE'"},
		// Formal channel: 4.5 Mt recycled in 2023 with ~20 % formal (CGTN) = 0.9 Mt;
		// 84 M units formally dismantled in 2022 (NDRC) × ~27 kg = 2.3 Mt.
		{"collected tonnes", collT, p * 0.9e6, 0.5, 2.3e6 / 0.9e6 * 1.5, "formal 0.9–2.3 Mt nationally, ×0.5 … ×1.5"},
	} {
		lo, hi := c.base*c.lo, c.base*c.hi
		t.Logf("%-20s %12.0f  plausible %12.0f … %12.0f  (%s)", c.what, c.got, lo, hi, c.reasoning)
		if c.got < lo || c.got > hi {
			t.Errorf("%s: got %.0f, want within %.0f … %.0f (%s)", c.what, c.got, lo, hi, c.reasoning)
		}
	}
}
