package gen

import (
	"math"
	"reflect"
	"testing"

	"github.com/huishou/huishou/optimizer/schedule/booking"
)

func opts(seed uint64) Options {
	towns := []Township{{Code: "t1", Name: "一", County: "510104", Lon: 104.08, Lat: 30.65, Urban: true},
		{Code: "t2", Name: "二", County: "510104", Lon: 104.10, Lat: 30.66, Urban: true},
		{Code: "t3", Name: "三", County: "510182", Lon: 103.9, Lat: 31.0}}
	return Options{Date: booking.MustDate("2026-12-01"), Days: 7, Seed: seed, Townships: towns,
		Rate: func(c string, d booking.Date) map[string]float64 {
			return map[string]float64{"refrigerator": 10, "television": 20, "air_conditioner": 6, "mobile_phone": 50}
		},
		Sources: map[string][]string{"": {"wh"}}}
}

func TestBookings(t *testing.T) {
	a, err := Bookings(opts(1))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Bookings(opts(1))
	c, _ := Bookings(opts(2))
	if !reflect.DeepEqual(a, b) {
		t.Error("same seed, different bookings")
	}
	if reflect.DeepEqual(a, c) {
		t.Error("different seeds, same bookings")
	}
	cat := booking.DefaultCatalog()
	ids := map[string]bool{}
	kinds := map[booking.Kind]int{}
	items := 0
	for i := range a {
		bk := a[i]
		if e := bk.Check(cat, opts(1).Date); e != nil {
			t.Errorf("booking %s: %v", bk.ID, e)
		}
		if ids[bk.ID] {
			t.Errorf("duplicate id %s", bk.ID)
		}
		ids[bk.ID] = true
		kinds[bk.Kind]++
		for _, it := range bk.Items {
			if it.Category == "mobile_phone" {
				t.Errorf("booking %s: mobile phones come to collection points", bk.ID)
			}
		}
		if bk.Kind != booking.Bulk && bk.Kind != booking.Service {
			items += bk.Items.Pieces()
		}
	}
	// 36 pieces a day per county over 7 days and 2 counties.
	want := 2 * 7 * 36.0
	if math.Abs(float64(items)-want) > 0.15*want {
		t.Errorf("%d household pieces, want about %.0f", items, want)
	}
	if share := float64(kinds[booking.TradeIn]) / float64(kinds[booking.Pickup]+kinds[booking.TradeIn]); math.Abs(share-DefaultTradeInShare) > 0.07 {
		t.Errorf("trade-in share %.2f, want about %.2f", share, DefaultTradeInShare)
	}
	if kinds[booking.Service] == 0 || kinds[booking.Bulk] == 0 {
		t.Errorf("kinds %v: want service visits and bulk hand-overs", kinds)
	}
	if _, err := Bookings(Options{Date: opts(1).Date}); err == nil {
		t.Error("no townships: no error")
	}
}
