package stage

import (
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"github.com/paulmach/orb"

	"github.com/huishou/huishou/optimizer/network"
	"github.com/huishou/huishou/optimizer/schedule"
	"github.com/huishou/huishou/optimizer/supply"
	"github.com/huishou/huishou/scenarios/region"
)

// Defaults of a sampled day.
const (
	DefaultCounty = "510182" // 彭州市: plain and mountain townships, 13 of them
)

// DefaultDate is the default sampled day: 18 June, the 618 trade-in festival.
var DefaultDate = time.Date(2025, time.June, 18, 0, 0, 0, 0, time.UTC)

// Pickup fleet defaults: a 4.2 m box truck with a two-person crew.
const (
	truckKg    = 1500
	truckL     = 14000
	truckPerKm = 2.2
	truckFixed = 450 // yuan per day: crew and depreciation (assumption)
)

// SampleDay draws one day of bookings in county c from the forecast: each
// township's expected units per day (the county's rate for the month of
// date, split equally), Poisson-sampled with the seed, one booking per
// unit placed within about 2 km of the township point, with a morning or
// afternoon window. Mobile phones are left out: they come to the
// collection points, not by truck. The fleet starts from the county's
// transfer station.
func SampleDay(reg *region.Region, fc *supply.Result, in *network.Input, plan *network.Plan, c *region.County, date time.Time, seed uint64, fleet int) *schedule.Day {
	r := rand.New(rand.NewPCG(seed, 0x5eed))
	d := &schedule.Day{Date: date.Format("2006-01-02"), StopMin: 5}
	ts := reg.TownshipsOf(c.Adcode)
	rows := fc.ByArea(c.Adcode)
	cats := map[string]supply.Category{}
	for _, k := range fc.Categories {
		cats[k.ID] = k
	}
	month := int(date.Month()) - 1
	area := c.Area()
	n := 0
	totalKg, totalL, totalMin := 0.0, 0.0, 0.0
	for _, t := range ts {
		for _, row := range rows {
			if row.Category == "mobile_phone" {
				continue
			}
			k := poisson(r, row.PerDayByMonth[month]/float64(len(ts)))
			cat := cats[row.Category]
			for u := 0; u < k; u++ {
				n++
				dist := 2000 * math.Sqrt(r.Float64()) // metres, uniform in a 2 km disc
				ang := 2 * math.Pi * r.Float64()
				pt := orb.Point{t.Point[0] + dist*math.Cos(ang)/(111320*math.Cos(t.Point[1]*math.Pi/180)), t.Point[1] + dist*math.Sin(ang)/110540}
				win := [2]int{9 * 3600, 12 * 3600}
				if r.IntN(2) == 1 {
					win = [2]int{13 * 3600, 18 * 3600}
				}
				d.Bookings = append(d.Bookings, schedule.Booking{
					ID: fmt.Sprintf("%s-%04d", d.Date, n), Name: fmt.Sprintf("household %d", n), Place: t.Name,
					Point: pt, Area: area, Window: win,
					Items: []schedule.Item{{Category: cat.ID, Count: 1, WeightKg: cat.WeightKg, VolumeL: cat.VolumeL,
						TwoPerson: cat.TwoPerson, ServiceMin: 3 + cat.UninstallMin}},
				})
				totalKg += cat.WeightKg
				totalL += cat.VolumeL
				totalMin += d.StopMin + 3 + cat.UninstallMin
			}
		}
	}
	depot, depotName := c.Seat, c.Name+" 中转站"
	for _, o := range plan.Open {
		if s := in.Sites[o.Site]; s.Tier == network.TransferStation && s.Group == c.Adcode {
			depot, depotName = s.Point, s.Name
		}
	}
	if fleet <= 0 {
		// Enough trucks for the weight, the volume and the working time
		// (half of a 10-hour shift goes to stops, the rest to driving).
		fleet = int(math.Ceil(max(totalKg/(0.8*truckKg), totalL/(0.8*truckL), totalMin/(0.5*600))))
	}
	for i := 0; i < fleet; i++ {
		d.Fleet = append(d.Fleet, schedule.Vehicle{ID: fmt.Sprintf("truck-%02d", i+1), Depot: depot, DepotName: depotName, DepotArea: area,
			CapacityKg: truckKg, CapacityL: truckL, ShiftStart: 8 * 3600, ShiftEnd: 18 * 3600, CostPerKm: truckPerKm, FixedCost: truckFixed, Crew: 2})
	}
	return d
}

// poisson draws from a Poisson distribution with mean lambda (Knuth for
// small means, a rounded normal above 30).
func poisson(r *rand.Rand, lambda float64) int {
	if lambda <= 0 {
		return 0
	}
	if lambda > 30 {
		return max(0, int(math.Round(lambda+math.Sqrt(lambda)*r.NormFloat64())))
	}
	l, k, p := math.Exp(-lambda), 0, 1.0
	for {
		p *= r.Float64()
		if p <= l {
			return k
		}
		k++
	}
}
