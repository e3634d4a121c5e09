// Package regional joins the work ledger to a region's base data
// (scenarios/region): the names of counties, prefectures and the province
// for reports, and the returns forecast of a reporting period. The CLI and
// the API both build their reports through it.
//
// regional may import api/ledger, scenarios and optimizer/supply.
package regional

import (
	"github.com/huishou/huishou/api/ledger"
	"github.com/huishou/huishou/optimizer/supply"
	"github.com/huishou/huishou/scenarios/region"
	"github.com/huishou/huishou/scenarios/stage"
)

// Provinces names the provinces of the built-in regions by the first two
// digits of their adcodes.
var Provinces = map[string]ledger.Area{"51": {Code: "510000", Name: "四川省"}}

// Geography returns the area names of reg for reports.
func Geography(reg *region.Region) *ledger.Geography {
	g := &ledger.Geography{Counties: map[string]ledger.Area{}, Prefectures: map[string]ledger.Area{}}
	for _, c := range reg.Counties {
		g.Counties[c.Adcode] = ledger.Area{Code: c.Adcode, Name: c.Name}
		g.Prefectures[c.Adcode] = ledger.Area{Code: c.PrefectureAdcode, Name: c.Prefecture}
		if p, ok := Provinces[c.Adcode[:2]]; ok {
			g.Province = p
		}
	}
	return g
}

// Forecast returns the returns forecast of reg for the year of period p,
// with the default levers, for ReportOptions.Forecast.
func Forecast(reg *region.Region, p ledger.Period) (*supply.Result, error) {
	return stage.Forecast(reg, supply.Options{Year: p.Start.Year()})
}

// Options returns the report options of a period and level on reg: its
// geography and, unless noForecast, its forecast.
func Options(reg *region.Region, p ledger.Period, level ledger.Level, noForecast bool) (ledger.ReportOptions, error) {
	opt := ledger.ReportOptions{Period: p, Level: level, Geography: Geography(reg)}
	if !noForecast && level != ledger.Producer {
		fc, err := Forecast(reg, p)
		if err != nil {
			return opt, err
		}
		opt.Forecast = fc
	}
	return opt, nil
}
