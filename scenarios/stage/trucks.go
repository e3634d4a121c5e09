package stage

import (
	"math"

	"github.com/huishou/huishou/optimizer/supply"
	"github.com/huishou/huishou/scenarios/region"
)

// A pickup truck for TrucksPerDay: a 4.2 m box truck.
const (
	truckKg = 1500
	truckL  = 14000
)

// TrucksPerDay estimates the pickup trucks a mean day needs in the
// counties of reg (of one prefecture when prefecture is set): per county,
// the day's bookings — one per unit, mobile
// phones left out, and trade-ins too when they ride back on delivery vans
// (tradeInsByVan) — sized by weight and volume at 80 % of a 4.2 m box truck
// and stop time at half of a 10-hour shift (5 min a stop, 3 min a piece,
// plus uninstalling), rounded up, summed.
func TrucksPerDay(reg *region.Region, fc *supply.Result, prefecture string, tradeInsByVan bool) float64 {
	cats := map[string]supply.Category{}
	for _, k := range fc.Categories {
		cats[k.ID] = k
	}
	total := 0.0
	for _, c := range reg.Counties {
		if prefecture != "" && c.PrefectureAdcode != prefecture {
			continue
		}
		kg, l, minutes := 0.0, 0.0, 0.0
		for _, row := range fc.ByArea(c.Adcode) {
			if row.Category == "mobile_phone" || row.Units <= 0 {
				continue
			}
			units := row.PerDay
			if tradeInsByVan {
				units *= 1 - row.TradeIns/row.Units
			}
			k := cats[row.Category]
			kg += units * k.WeightKg
			l += units * k.VolumeL
			minutes += units * (5 + 3 + k.UninstallMin)
		}
		total += math.Ceil(max(kg/(0.8*truckKg), l/(0.8*truckL), minutes/(0.5*600)))
	}
	return total
}
