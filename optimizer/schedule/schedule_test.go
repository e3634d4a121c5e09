package schedule

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/huishou/huishou/optimizer/schedule/booking"
	"github.com/huishou/huishou/optimizer/schedule/dayplan"
	"github.com/huishou/huishou/optimizer/schedule/fleet"
	"github.com/huishou/huishou/optimizer/schedule/gen"
)

// testInput is a small county: two transfer stations 12 km apart, a
// front warehouse, a collection point over its clearing threshold, five
// trucks, and perDay bookings a day for days days from gen.
func testInput(t testing.TB, days int, perDay float64, seed uint64) (*Input, Options) {
	t.Helper()
	date := booking.MustDate("2026-12-01")
	in := &Input{
		Depots: []fleet.Depot{
			{ID: "ts-a", Name: "A 中转站", Kind: fleet.TransferStation, Lon: 104.00, Lat: 30.70, County: "510001", Area: "urban"},
			{ID: "ts-b", Name: "B 中转站", Kind: fleet.TransferStation, Lon: 104.12, Lat: 30.70, County: "510002", Area: "plain"},
			{ID: "wh", Name: "前置仓", Kind: fleet.Warehouse, Lon: 104.06, Lat: 30.76, Area: "plain"},
			{ID: "cp-1", Name: "cp one", Kind: fleet.CollectionPoint, Lon: 104.03, Lat: 30.66, County: "510001", Area: "urban", Parent: "ts-a",
				StorageL: 6000, Stock: booking.Items{{Category: "television", Count: 30}, {Category: "microwave", Count: 15}}, Inflow: booking.Items{{Category: "television", Count: 5}}},
		},
		Vehicles: []fleet.Vehicle{
			{ID: "a1", Depot: "ts-a", Kg: 1500, Litres: 14000, Pieces: 30, Crew: 2, Skills: []string{"ac_uninstall"}, ShiftStart: 8 * 3600, ShiftEnd: 18 * 3600,
				Breaks: []fleet.Break{{Start: 11*3600 + 1800, End: 13*3600 + 1800, Minutes: 30}}, FixedCost: 450, PerKm: 2.2},
			{ID: "a2", Depot: "ts-a", Kg: 1500, Litres: 14000, Crew: 2, ShiftStart: 8 * 3600, ShiftEnd: 18 * 3600, FixedCost: 450, PerKm: 2.2},
			{ID: "a3", Depot: "ts-a", Kg: 600, Litres: 4000, Crew: 1, Skills: []string{"repair"}, ShiftStart: 9 * 3600, ShiftEnd: 18 * 3600, FixedCost: 250, PerKm: 1.2},
			{ID: "b1", Depot: "ts-b", Kg: 1500, Litres: 14000, Crew: 2, Skills: []string{"ac_uninstall"}, ShiftStart: 8 * 3600, ShiftEnd: 18 * 3600, FixedCost: 450, PerKm: 2.2},
			{ID: "b2", Depot: "ts-b", Kg: 800, Litres: 6000, Crew: 1, Skills: []string{"repair"}, ShiftStart: 8 * 3600, ShiftEnd: 17 * 3600, FixedCost: 300, PerKm: 1.5},
		},
	}
	var towns []gen.Township
	for i := range 6 {
		c := "510001"
		lon := 103.97 + 0.02*float64(i%3)
		if i >= 3 {
			c, lon = "510002", 104.10+0.02*float64(i%3)
		}
		towns = append(towns, gen.Township{Code: fmt.Sprintf("t%d", i), Name: fmt.Sprintf("township %d", i), County: c, Lon: lon, Lat: 30.68 + 0.015*float64(i%2), Urban: c == "510001"})
	}
	mix := map[string]float64{"refrigerator": 0.2, "washing_machine": 0.2, "air_conditioner": 0.1, "television": 0.3, "microwave": 0.1, "water_heater": 0.1}
	bs, err := gen.Bookings(gen.Options{Date: date, Days: days, Seed: seed, Townships: towns, Scale: perDay / 2 * gen.ItemsPerBooking,
		Rate:    func(string, booking.Date) map[string]float64 { return mix },
		Sources: map[string][]string{"510001": {"ts-a", "wh"}, "510002": {"ts-b", "wh"}}})
	if err != nil {
		t.Fatal(err)
	}
	in.Bookings = bs
	return in, Options{Date: date, Days: days, Seed: seed, Iterations: 300}
}

func checkResult(t *testing.T, in *Input, opt Options, res *Result) {
	t.Helper()
	where := map[string]string{}
	for _, p := range res.Days {
		for _, err := range Check(p, nil) {
			t.Errorf("%s: %v", p.Date, err)
		}
		for _, r := range p.Routes {
			for _, s := range r.Stops {
				if s.Type == dayplan.Visit {
					if w := where[s.Booking]; w != "" {
						t.Errorf("booking %s served on %s and %s", s.Booking, w, p.Date)
					}
					where[s.Booking] = p.Date.String()
				}
			}
		}
		for _, u := range p.Unassigned {
			if w := where[u.Booking]; w != "" {
				t.Errorf("booking %s on %s and unassigned on %s", u.Booking, w, p.Date)
			}
			where[u.Booking] = "unassigned " + p.Date.String()
		}
	}
	for _, id := range res.Deferred {
		where[id] = "deferred"
	}
	for _, b := range in.Bookings {
		if b.Status.Open() && where[b.ID] == "" {
			t.Errorf("booking %s (%s–%s) is nowhere", b.ID, b.Earliest, b.Latest)
		}
	}
}

func TestScheduleWeek(t *testing.T) {
	in, opt := testInput(t, 5, 25, 1)
	res, err := Schedule(context.Background(), in, opt)
	if err != nil {
		t.Fatal(err)
	}
	checkResult(t, in, opt, res)
	served, un, kinds := 0, 0, map[booking.Kind]int{}
	loads := 0
	for _, p := range res.Days {
		served += p.Totals.Served
		un += len(p.Unassigned)
		ix := p.Index()
		for _, r := range p.Routes {
			for _, s := range r.Stops {
				if s.Type == dayplan.Visit {
					kinds[ix.Booking[s.Booking].Kind]++
				}
				if s.Type == dayplan.Load {
					loads++
				}
			}
		}
		for _, u := range p.Unassigned {
			t.Logf("%s unassigned %s: %s", p.Date, u.Booking, u.Reason)
		}
	}
	t.Logf("%d bookings, %d served, %d unassigned, kinds %v, %d warehouse loads, %d clearing runs, circuits %v", len(in.Bookings), served, un, kinds, loads, len(res.Clearing), res.Circuits)
	if served < len(in.Bookings)*9/10 {
		t.Errorf("served %d of %d", served, len(in.Bookings))
	}
	if kinds[booking.TradeIn] == 0 || kinds[booking.Service] == 0 || loads == 0 {
		t.Errorf("want trade-ins from the depots and the warehouse and service visits: kinds %v, loads %d", kinds, loads)
	}
	if len(res.Clearing) == 0 {
		t.Error("the collection point over its threshold got no clearing run")
	}
}

func TestScheduleErrors(t *testing.T) {
	in, opt := testInput(t, 1, 5, 2)
	cases := []struct {
		name string
		edit func(*Input, *Options)
		msg  string
	}{
		{"no date", func(_ *Input, o *Options) { o.Date = 0 }, "date: no planning date"},
		{"unknown depot", func(in *Input, _ *Options) { in.Vehicles[1].Depot = "nowhere" }, `vehicles[1].depot: unknown depot "nowhere"`},
		{"duplicate vehicle", func(in *Input, _ *Options) { in.Vehicles[1].ID = "a1" }, `vehicles[1].id: duplicate vehicle "a1"`},
		{"bad booking", func(in *Input, _ *Options) { in.Bookings[0].TWStart, in.Bookings[0].TWEnd = 15*3600, 9*3600 }, "bookings[0].tw_end: window 15:00–09:00 is reversed"},
		{"no vehicles", func(in *Input, _ *Options) { in.Vehicles = nil }, "vehicles: no vehicle"},
		{"parent", func(in *Input, _ *Options) { in.Depots[3].Parent = "zz" }, `depots[3].parent: unknown depot "zz"`},
		{"days", func(_ *Input, o *Options) { o.Days = 100 }, "days: 100 outside 1…62"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cin := *in
			cin.Vehicles = append([]fleet.Vehicle(nil), in.Vehicles...)
			cin.Depots = append([]fleet.Depot(nil), in.Depots...)
			cin.Bookings = append([]booking.Booking(nil), in.Bookings...)
			copt := opt
			c.edit(&cin, &copt)
			_, err := Schedule(context.Background(), &cin, copt)
			if err == nil || !strings.Contains(err.Error(), c.msg) {
				t.Errorf("got %v, want %q", err, c.msg)
			}
		})
	}
}

// The same input and seed give the same bytes, also when two schedules
// run at once (go test -race).
func TestScheduleDeterministic(t *testing.T) {
	in, opt := testInput(t, 3, 20, 9)
	opt.Threads = 2
	out := make([][]byte, 2)
	errs := make([]error, 2)
	done := make(chan int)
	for k := range out {
		go func() {
			defer func() { done <- k }()
			res, err := Schedule(context.Background(), in, opt)
			if err != nil {
				errs[k] = err
				return
			}
			var buf bytes.Buffer
			for _, p := range res.Days {
				if err := dayplan.Write(&buf, p); err != nil {
					errs[k] = err
					return
				}
			}
			out[k] = buf.Bytes()
		}()
	}
	<-done
	<-done
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if !bytes.Equal(out[0], out[1]) {
		t.Error("two runs with the same input and seed differ")
	}
	opt.Seed++
	res, err := Schedule(context.Background(), in, opt)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	for _, p := range res.Days {
		dayplan.Write(&buf, p)
	}
	if bytes.Equal(buf.Bytes(), out[0]) {
		t.Error("another seed gives the same plans")
	}
}

// Remote service visits of a county go to one crew on one day.
func TestCircuit(t *testing.T) {
	in, opt := testInput(t, 5, 4, 11)
	// Five repair visits 40 km from every depot, each open for the week.
	for i := range 5 {
		in.Bookings = append(in.Bookings, booking.Booking{ID: fmt.Sprintf("far-%d", i), Lon: 103.6 + 0.01*float64(i), Lat: 30.95, County: "513200",
			Kind: booking.Service, Skills: []string{"repair"}, Earliest: opt.Date, Latest: opt.Date.AddDays(4 + i%2), TWStart: 9 * 3600, TWEnd: 17 * 3600})
	}
	res, err := Schedule(context.Background(), in, opt)
	if err != nil {
		t.Fatal(err)
	}
	checkResult(t, in, opt, res)
	if len(res.Circuits) != 1 || len(res.Circuits[0].Bookings) != 5 {
		t.Fatalf("circuits %+v, want one of 5 visits", res.Circuits)
	}
	c := res.Circuits[0]
	served := 0
	for _, p := range res.Days {
		for _, r := range p.Routes {
			for _, s := range r.Stops {
				if strings.HasPrefix(s.Booking, "far-") {
					served++
					if p.Date != c.Date || r.Vehicle != c.Vehicle {
						t.Errorf("%s served on %s by %s; the circuit is %s by %s", s.Booking, p.Date, r.Vehicle, c.Date, c.Vehicle)
					}
				}
			}
		}
	}
	if served != 5 {
		t.Errorf("%d of 5 circuit visits served", served)
	}
}

// A collection point over its threshold gets clearing runs to its
// transfer station by that station's trucks, and its stock falls.
func TestClearing(t *testing.T) {
	in, opt := testInput(t, 3, 5, 13)
	res, err := Schedule(context.Background(), in, opt)
	if err != nil {
		t.Fatal(err)
	}
	checkResult(t, in, opt, res)
	if len(res.Clearing) == 0 {
		t.Fatal("no clearing run")
	}
	first := res.Clearing[0]
	// 30 TVs and 15 microwaves hold 4,500 L of 6,000: under the 80 %
	// threshold; 5 more TVs a day put it over on the second day.
	if first.Depot != "cp-1" || first.To != "ts-a" || first.Date != opt.Date.AddDays(1) || first.StockL != 5100 || first.StorageL != 6000 {
		t.Errorf("clearing %+v", first)
	}
	runs := map[string]bool{}
	for _, c := range res.Clearing {
		runs[c.Booking] = true
	}
	for _, p := range res.Days {
		for _, r := range p.Routes {
			for _, s := range r.Stops {
				if runs[s.Booking] {
					if r.Depot != "ts-a" {
						t.Errorf("clearing run %s by %s of %s, want a truck of ts-a", s.Booking, r.Vehicle, r.Depot)
					}
					delete(runs, s.Booking)
				}
			}
		}
	}
	if len(runs) > 0 {
		t.Errorf("clearing runs not served: %v", runs)
	}
	// 50 pieces for trucks of 30: two runs, both on the second day; then
	// the stock is 5 TVs a day again.
	if n := len(res.Clearing); n != 2 || res.Clearing[1].Date != first.Date {
		t.Errorf("clearing runs %+v, want two on %s", res.Clearing, first.Date)
	}
}

// A day the fleet cannot serve whole, scheduled with ShortFirst: every
// booking is served or reported, the plan checks, the bookings left out
// are on average the longer ones to handle, and no fewer are served than
// under the default penalties (here one more).
func TestShortFirst(t *testing.T) {
	run := func(short bool) (served int, mIn, mOut float64) {
		in, opt := testInput(t, 1, 90, 5)
		opt.ShortFirst = short
		res, err := Schedule(context.Background(), in, opt)
		if err != nil {
			t.Fatal(err)
		}
		checkResult(t, in, opt, res)
		p := res.Days[0]
		cat := booking.DefaultCatalog()
		ix := p.Index()
		var inSec, outSec float64
		for _, r := range p.Routes {
			for _, s := range r.Stops {
				if s.Type == dayplan.Visit {
					inSec += float64(cat.Need(ix.Booking[s.Booking]).ServiceSec)
					served++
				}
			}
		}
		for _, u := range p.Unassigned {
			outSec += float64(cat.Need(ix.Booking[u.Booking]).ServiceSec)
		}
		if len(p.Unassigned) == 0 || served == 0 {
			t.Fatalf("%d served, %d unassigned: want a day over capacity", served, len(p.Unassigned))
		}
		mIn, mOut = inSec/float64(served)/60, outSec/float64(len(p.Unassigned))/60
		t.Logf("short first %v: %d served (%.0f min of handling each on average), %d left out (%.0f min)", short, served, mIn, len(p.Unassigned), mOut)
		return served, mIn, mOut
	}
	served, mIn, mOut := run(true)
	if mOut <= mIn {
		t.Errorf("the bookings left out take %.0f min on average, the served ones %.0f: want the longer left out", mOut, mIn)
	}
	if def, _, _ := run(false); served < def {
		t.Errorf("short first serves %d, the default penalties %d", served, def)
	}
}
