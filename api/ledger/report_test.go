package ledger

import (
	"bytes"
	"context"
	"encoding/csv"
	"flag"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/huishou/huishou/optimizer/supply"
	"github.com/xuri/excelize/v2"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// handmade appends a small ledger whose report figures are worked out by
// hand in TestReportHandmade. It returns the store.
func handmade(t *testing.T) *Memory {
	m := NewMemory()
	l := testLedger(t, m)
	it := func(c string, n int, kg float64) Item { return Item{Category: c, Count: n, Kg: kg} }
	evs := []Event{
		// v1 (锦江区 510104) on 2 June: B1 on time, B2 late, B3 a trade-in on time.
		{Type: Collected, Time: at("2025-06-02 10:00"), Site: "v1", Items: []Item{{Category: "refrigerator", Count: 1, Kg: 52, Producer: "Haier"}},
			Booking: &Booking{ID: "B1", Kind: KindPickup, BookedAt: at("2025-05-31 10:00"), Latest: "2025-06-03", TWEnd: "12:00"}},
		{Type: Collected, Time: at("2025-06-02 15:30"), Site: "v1", Items: []Item{it("television", 2, 30)},
			Booking: &Booking{ID: "B2", Kind: KindPickup, BookedAt: at("2025-06-01 03:30"), Latest: "2025-06-01"}},
		{Type: Delivered, Time: at("2025-06-02 15:40"), Site: "v1", Subsidy: "energy_grade_1", Items: []Item{it("refrigerator", 1, 60)},
			Booking: &Booking{ID: "B3", Kind: KindTradeIn, BookedAt: at("2025-05-30 15:45")}},
		{Type: Collected, Time: at("2025-06-02 15:45"), Site: "v1", Items: []Item{it("refrigerator", 1, 48)},
			Booking: &Booking{ID: "B3", Kind: KindTradeIn, BookedAt: at("2025-05-30 15:45"), Latest: "2025-06-05", TWEnd: "18:00"}},
		// v3 (青羊区 510105) on 3 June: B4, untimed; a grade-2 trade-in.
		{Type: Collected, Time: at("2025-06-03 09:00"), Site: "v3", Items: []Item{it("washing_machine", 1, 31)},
			Booking: &Booking{ID: "B4", Kind: KindTradeIn, BookedAt: at("2025-06-02 09:00")}},
		{Type: Delivered, Time: at("2025-06-03 09:10"), Site: "v3", Subsidy: "energy_grade_2", Items: []Item{it("washing_machine", 1, 70)}},
		// Unloading, a transfer within tolerance, hand-overs.
		{Type: Received, Time: at("2025-06-02 18:00"), Site: "ts1", Peer: "v1", Items: []Item{it("refrigerator", 2, 100), it("television", 2, 30)}},
		{Type: Received, Time: at("2025-06-04 11:00"), Site: "sc1", Peer: "v3", Items: []Item{it("washing_machine", 1, 31)}},
		{Type: Transferred, Direction: Out, Transfer: "T1", Time: at("2025-06-10 08:00"), Site: "ts1", Peer: "sc1", Items: []Item{it("refrigerator", 2, 100), it("television", 2, 30)}},
		{Type: Transferred, Direction: In, Transfer: "T1", Time: at("2025-06-11 08:00"), Site: "sc1", Peer: "ts1",
			Items: []Item{{Category: "refrigerator", Count: 2, Kg: 99.5, Origin: "510104"}, {Category: "television", Count: 2, Kg: 30, Origin: "510104"}}},
		{Type: HandedOver, Time: at("2025-06-20 09:00"), Site: "sc1", Peer: "dp1", Receipt: "R-001",
			Items: []Item{{Category: "refrigerator", Count: 2, Kg: 99.5, Origin: "510104", Producer: ""}, {Category: "television", Count: 1, Kg: 15, Origin: "510104"},
				{Category: "washing_machine", Count: 1, Kg: 31, Origin: "510105"}}},
		{Type: HandedOver, Time: at("2025-06-21 09:00"), Site: "sc1", Peer: "dp2", Receipt: "X-9", Items: []Item{{Category: "television", Count: 1, Kg: 15, Origin: "510104"}}},
		// Outside June: a May pickup, and a July correction of B2 (3 sets, not 2).
		{Type: Collected, Time: at("2025-05-31 16:00"), Site: "v1", Items: []Item{it("television", 1, 15)}},
		{Type: Adjusted, Time: at("2025-07-01 09:00"), Site: "v1", Corrects: "v1/2", Items: []Item{it("television", 3, 45)}, Note: "driver miscounted"},
	}
	for i, e := range evs {
		e.ClientID = "h" + string(rune('a'+i))
		mustAppend(t, l, e)
	}
	return m
}

var testGeo = &Geography{
	Counties:    map[string]Area{"510104": {"510104", "锦江区"}, "510105": {"510105", "青羊区"}},
	Prefectures: map[string]Area{"510104": {"510100", "成都市"}, "510105": {"510100", "成都市"}},
	Province:    Area{"510000", "四川省"},
}

func findRow(t *testing.T, rows []ReportRow, area, cat string) ReportRow {
	t.Helper()
	for _, r := range rows {
		if r.Area == area && r.Category == cat {
			return r
		}
	}
	t.Fatalf("no row %s %s", area, cat)
	return ReportRow{}
}

func eqp(t *testing.T, what string, got *float64, want float64) {
	t.Helper()
	if want < 0 {
		if got != nil {
			t.Errorf("%s: got %v, want none", what, *got)
		}
		return
	}
	if got == nil || math.Abs(*got-want) > 1e-9 {
		t.Errorf("%s: got %v, want %v", what, got, want)
	}
}

func TestReportHandmade(t *testing.T) {
	m := handmade(t)
	facts, err := Aggregate(context.Background(), m)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := BuildReport(facts, ReportOptions{Period: MustPeriod("2025-06"), Level: County, Geography: testGeo})
	if err != nil {
		t.Fatal(err)
	}
	type want struct {
		area, cat                  string
		units                      int64
		tonnes                     float64
		tradeIns                   int64
		subsidy                    string
		handed, licensed           int64
		handedT, licensedT, licPct float64
		bookings                   int64
		meanDays, onTime           float64
	}
	for _, w := range []want{
		{"510104", "refrigerator", 2, 0.1, 1, "energy_grade_1:1", 2, 2, 0.1, 0.1, 100, 2, 2.5, 100},
		{"510104", "television", 2, 0.03, 0, "", 2, 1, 0.03, 0.015, 50, 1, 1.5, 0},
		{"510105", "washing_machine", 1, 0.031, 1, "energy_grade_2:1", 1, 1, 0.031, 0.031, 100, 1, 1, -1},
		{"510104", "all", 4, 0.13, 1, "energy_grade_1:1", 4, 3, 0.13, 0.115, 75, 3, 2.167, 66.7},
		{"510105", "all", 1, 0.031, 1, "energy_grade_2:1", 1, 1, 0.031, 0.031, 100, 1, 1, -1},
	} {
		rows := rep.Rows
		if w.cat == "all" {
			rows = rep.Totals
		}
		r := findRow(t, rows, w.area, w.cat)
		name := w.area + " " + w.cat
		if r.Units != w.units || r.Tonnes != w.tonnes || r.TradeIns != w.tradeIns || SubsidyText(r.TradeInsBySubsidy) != w.subsidy {
			t.Errorf("%s: got units %d tonnes %v trade-ins %d (%s), want %d %v %d (%s)", name, r.Units, r.Tonnes, r.TradeIns, SubsidyText(r.TradeInsBySubsidy), w.units, w.tonnes, w.tradeIns, w.subsidy)
		}
		if r.HandedOverUnits != w.handed || r.LicensedUnits != w.licensed || r.HandedOverTonnes != w.handedT || r.LicensedTonnes != w.licensedT {
			t.Errorf("%s: got handed over %d (%v t), licensed %d (%v t), want %d (%v) %d (%v)", name, r.HandedOverUnits, r.HandedOverTonnes, r.LicensedUnits, r.LicensedTonnes, w.handed, w.handedT, w.licensed, w.licensedT)
		}
		eqp(t, name+" licensed %", r.LicensedPct, w.licPct)
		if r.Bookings != w.bookings {
			t.Errorf("%s: bookings %d, want %d", name, r.Bookings, w.bookings)
		}
		eqp(t, name+" mean days", r.MeanDaysToPickup, w.meanDays)
		eqp(t, name+" on time %", r.OnTimePct, w.onTime)
		if r.AreaName == "" {
			t.Errorf("%s: no area name", name)
		}
	}
	if len(rep.Rows) != 3 || len(rep.Totals) != 2 || rep.Total.Units != 5 || rep.Total.Tonnes != 0.161 || rep.Total.TradeIns != 2 || rep.Simulated {
		t.Errorf("got %d rows, %d totals, total %d units %v t %d trade-ins", len(rep.Rows), len(rep.Totals), rep.Total.Units, rep.Total.Tonnes, rep.Total.TradeIns)
	}
	eqp(t, "total mean days", rep.Total.MeanDaysToPickup, 1.875)
	eqp(t, "total on time", rep.Total.OnTimePct, 66.7)
	eqp(t, "total licensed", rep.Total.LicensedPct, 80)

	// Prefecture and province add the counties up.
	for _, lv := range []Level{Prefecture, Province} {
		pr, err := BuildReport(facts, ReportOptions{Period: MustPeriod("2025-06"), Level: lv, Geography: testGeo})
		if err != nil {
			t.Fatal(err)
		}
		if len(pr.Totals) != 1 || pr.Totals[0].Units != 5 || pr.Totals[0].Tonnes != 0.161 || pr.Totals[0].Bookings != 4 {
			t.Errorf("%s: totals %+v", lv, pr.Totals)
		}
		eqp(t, string(lv)+" mean days", pr.Totals[0].MeanDaysToPickup, 1.875)
	}
	// July: the correction of B2 adds one set and 15 kg, no booking.
	jul, _ := BuildReport(facts, ReportOptions{Period: MustPeriod("2025-07"), Level: County})
	if tv := findRow(t, jul.Rows, "510104", "television"); tv.Units != 1 || tv.Tonnes != 0.015 || tv.Bookings != 0 {
		t.Errorf("July: %+v, want the correction's +1 set, +0.015 t, 0 bookings", tv)
	}
	// The quarter holds May's pickup too.
	q2, _ := BuildReport(facts, ReportOptions{Period: MustPeriod("2025-Q2"), Level: Province})
	if q2.Total.Units != 6 {
		t.Errorf("Q2: %d units, want 6", q2.Total.Units)
	}
}

func TestReportForecastAndTargets(t *testing.T) {
	facts, _ := Aggregate(context.Background(), handmade(t))
	fc, err := supply.Forecast([]supply.Area{{ID: "510104", Name: "锦江区", Households: 358274, UrbanShare: 1}, {ID: "510105", Name: "青羊区", Households: 363550, UrbanShare: 1}}, supply.Options{Year: 2025})
	if err != nil {
		t.Fatal(err)
	}
	targets, err := ReadTargetsCSV(strings.NewReader(`scope,id,period,category,units,tonnes
county,510104,2025,refrigerator,365,
county,510104,2025-06,*,,1.3
prefecture,510100,2025-Q2,*,910,
producer,Haier,2025-Q2,refrigerator,91,
county,510105,2024,*,100,
`), "targets.csv")
	if err != nil {
		t.Fatal(err)
	}
	rep, err := BuildReport(facts, ReportOptions{Period: MustPeriod("2025-06"), Level: County, Geography: testGeo, Forecast: fc, Targets: targets})
	if err != nil {
		t.Fatal(err)
	}
	// Every forecast category of both counties has a row.
	if len(rep.Rows) != 2*len(fc.Categories) {
		t.Errorf("%d rows, want %d", len(rep.Rows), 2*len(fc.Categories))
	}
	for _, fr := range fc.Rows {
		r := findRow(t, rep.Rows, fr.AreaID, fr.Category)
		u := fr.PerDayByMonth[5] * 30
		eqp(t, fr.AreaID+" "+fr.Category+" forecast units", r.ForecastUnits, math.Round(u*1000)/1000)
		eqp(t, fr.AreaID+" "+fr.Category+" forecast tonnes", r.ForecastTonnes, math.Round(u*fr.Tonnes/fr.Units*1000)/1000)
		eqp(t, fr.AreaID+" "+fr.Category+" forecast %", r.ForecastPct, math.Round(float64(r.Units)/u*1000)/10)
	}
	fridge := findRow(t, rep.Rows, "510104", "refrigerator")
	eqp(t, "fridge target", fridge.TargetUnits, 30) // 365 × 30/365
	eqp(t, "fridge target %", fridge.TargetPct, 6.7)
	tot := findRow(t, rep.Totals, "510104", "all")
	eqp(t, "county target t", tot.TargetTonnes, 1.3)
	eqp(t, "county target %", tot.TargetPct, 10)                                     // 0.130 / 1.3
	eqp(t, "510105 target", findRow(t, rep.Totals, "510105", "all").TargetUnits, -1) // 2024 does not overlap

	pre, _ := BuildReport(facts, ReportOptions{Period: MustPeriod("2025-06"), Level: Prefecture, Geography: testGeo, Targets: targets})
	eqp(t, "prefecture target", pre.Totals[0].TargetUnits, 300) // 910 × 30/91
	pro, _ := BuildReport(facts, ReportOptions{Period: MustPeriod("2025-06"), Level: Producer, Targets: targets})
	h := findRow(t, pro.Rows, "Haier", "refrigerator")
	if h.Units != 1 {
		t.Errorf("Haier: %d units, want 1", h.Units)
	}
	eqp(t, "Haier target", h.TargetUnits, 30)
	eqp(t, "Haier %", h.TargetPct, 3.3)

	// A forecast of another year is refused.
	if _, err := BuildReport(facts, ReportOptions{Period: MustPeriod("2024-06"), Forecast: fc}); err == nil {
		t.Error("forecast of 2025 for a 2024 period: no error")
	}
}

func TestTargetsErrors(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"", "empty file"},
		{"scope,id\n", `no column "period"`},
		{"scope,id,period,units\ncity,510104,2025,1\n", "t.csv:2: scope"},
		{"scope,id,period,units\ncounty,5101,2025,1\n", "t.csv:2: id"},
		{"scope,id,period,units\ncounty,510104,2025-13,1\n", "t.csv:2: period"},
		{"scope,id,period,units\ncounty,510104,2025,-1\n", "t.csv:2: units"},
		{"scope,id,period,units\ncounty,510104,2025,\n", "neither units nor tonnes"},
	} {
		_, err := ReadTargetsCSV(strings.NewReader(c.in), "t.csv")
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: got %v, want %q", c.in, err, c.want)
		}
	}
}

// TestReportGolden compares the CSV, JSON and HTML of the hand-made
// report with the golden files (go test -update rewrites them), and reads
// the XLSX back cell by cell against the CSV.
func TestReportGolden(t *testing.T) {
	facts, _ := Aggregate(context.Background(), handmade(t))
	targets, _ := ReadTargetsCSV(strings.NewReader("scope,id,period,category,units\ncounty,510104,2025,refrigerator,365\n"), "t")
	rep, err := BuildReport(facts, ReportOptions{Period: MustPeriod("2025-06"), Level: County, Geography: testGeo, Targets: targets})
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range []struct {
		file  string
		write func(*bytes.Buffer) error
	}{
		{"report.golden.csv", func(b *bytes.Buffer) error { return rep.WriteCSV(b) }},
		{"report.golden.json", func(b *bytes.Buffer) error { return rep.WriteJSON(b) }},
		{"report.golden.html", func(b *bytes.Buffer) error { return rep.WriteHTML(b) }},
	} {
		var b bytes.Buffer
		if err := g.write(&b); err != nil {
			t.Fatal(err)
		}
		path := filepath.Join("testdata", g.file)
		if *update {
			os.WriteFile(path, b.Bytes(), 0o644)
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run go test -update)", err)
		}
		if !bytes.Equal(b.Bytes(), want) {
			t.Errorf("%s differs from the golden file (go test -run TestReportGolden -update, then review the diff):\n%s", g.file, b.String())
		}
	}
	var csvBuf, xl bytes.Buffer
	rep.WriteCSV(&csvBuf)
	recs, _ := csv.NewReader(&csvBuf).ReadAll()
	if err := rep.WriteXLSX(&xl); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&xl)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := f.GetRows("明细 rows")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != len(recs) {
		t.Fatalf("xlsx: %d rows, csv %d", len(rows), len(recs))
	}
	for i := 1; i < len(recs); i++ {
		for j, want := range recs[i] {
			got := ""
			if j < len(rows[i]) {
				got = rows[i][j]
			}
			if got != want {
				// Numbers come back in Excel's own format: compare values.
				if a, b := cellValue(ReportHeader[j], got), cellValue(ReportHeader[j], want); a != b {
					t.Errorf("xlsx row %d %s: got %q, want %q", i+1, ReportHeader[j], got, want)
				}
			}
		}
	}
}
