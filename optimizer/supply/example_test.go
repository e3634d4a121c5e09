package supply_test

import (
	"fmt"
	"time"

	"github.com/huishou/huishou/optimizer/supply"
)

func ExampleForecast() {
	areas := []supply.Area{{ID: "510104", Name: "锦江区", Households: 358274, UrbanShare: 1}}
	res, err := supply.Forecast(areas, supply.Options{Year: 2025, Levers: supply.Levers{SubsidyShare: 0.15}})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range res.ByArea("510104")[:3] {
		fmt.Printf("%-16s %7.0f units %6.1f t %6.1f m³ %5.1f/day (peak %5.1f)\n", r.Category, r.Units, r.Tonnes, r.M3, r.PerDay, r.PeakPerDay())
	}
	fmt.Printf("on 11 Nov: %.0f pickups\n", res.DailyUnits("510104", time.Date(2025, 11, 11, 0, 0, 0, 0, time.UTC)))
	// Output:
	// refrigerator        9632 units  481.6 t 4815.9 m³  26.4/day (peak  33.0)
	// washing_machine    10762 units  322.9 t 3228.5 m³  29.5/day (peak  36.8)
	// air_conditioner    15895 units  715.3 t 3179.0 m³  43.5/day (peak  54.4)
	// on 11 Nov: 417 pickups
}

func ExampleCohorts() {
	// One cohort of 1000 refrigerators (mean life 10 years, k = 3) sold in year 0.
	sales := make([]float64, 16)
	sales[0] = 1000
	retired, _ := supply.Cohorts(sales, supply.WeibullFromMean(10, 3))
	for _, y := range []int{4, 9, 14} {
		fmt.Printf("year %2d: %3.0f retired\n", y, retired[y])
	}
	// Output:
	// year  4:  41 retired
	// year  9: 104 retired
	// year 14:  51 retired
}
