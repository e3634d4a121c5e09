package stage

import (
	"github.com/huishou/huishou/optimizer/supply"
	"github.com/huishou/huishou/scenarios/region"
)

// Forecast runs the returns forecast on the region's counties (one area
// per county, by adcode).
func Forecast(reg *region.Region, opt supply.Options) (*supply.Result, error) {
	areas := make([]supply.Area, len(reg.Counties))
	for i, c := range reg.Counties {
		areas[i] = supply.Area{ID: c.Adcode, Name: c.Name, Households: float64(c.Households), UrbanShare: c.UrbanShare}
	}
	return supply.Forecast(areas, opt)
}
