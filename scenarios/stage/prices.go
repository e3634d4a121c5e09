package stage

import (
	"fmt"

	"github.com/huishou/huishou/optimizer/network"
)

// Prices are the input prices that scenario levers change. The network's
// default costs (optimizer/network/defaults.go) are the costs at the
// default prices; Apply moves each cost by its fuel, labour and carbon
// content.
type Prices struct {
	DieselYuanPerL  float64 // default DefaultDiesel
	WageYuanPerYear float64 // one staff member (driver, site worker) per year; default DefaultWage
	CO2YuanPerT     float64 // carbon price on transport emissions; default 0
}

// Default prices. ASSUMPTIONS (order of magnitude, Sichuan 2025): diesel
// at 7.5 yuan/L (the 2025 retail price moved between about 7 and 8), staff
// at 70,000 yuan/yr (the defaults of optimizer/network assume 60–80 k).
const (
	DefaultDiesel = 7.5
	DefaultWage   = 70_000.0
	// WorkHoursPerYear turns a yearly wage into an hourly one.
	WorkHoursPerYear = 2000.0
)

// legContent is how much fuel and driver time one tonne-km of a leg takes.
// ASSUMPTIONS: a light van burns about 10 L/100 km carrying about 1 t on
// average and moves at about 25 km/h with its stops (0.04 h/t·km); a 15 t
// truck burns about 30 L/100 km full at about 50 km/h (0.0013 h/t·km).
// At the default prices fuel is 25 % of the van's 3.0 yuan/t·km and 33 %
// of the truck's 0.45, the driver 47 % and 10 %.
type legContent struct{ fuelLPerTKm, driverHPerTKm float64 }

var (
	vanContent   = legContent{fuelLPerTKm: 0.10, driverHPerTKm: 0.04}
	truckContent = legContent{fuelLPerTKm: 0.02, driverHPerTKm: 1.0 / 750}
)

// staff is the head count behind each default size's fixed cost, by tier
// and size name; the rest of the fixed cost is rent, equipment and
// overheads. ASSUMPTIONS, consistent with the station norms quoted in
// optimizer/network/defaults.go.
var staff = map[network.Tier]map[string]float64{
	network.CollectionPoint: {"small": 1, "medium": 2, "large": 4},
	network.TransferStation: {"small": 5, "medium": 8, "large": 15},
	network.SortingCentre:   {"medium": 25, "large": 50, "xlarge": 90},
	network.FrontWarehouse:  {"small": 4, "medium": 8, "large": 16},
}

// handlingLabourShare is the share of handling costs per tonne that is
// labour (ASSUMPTION).
const handlingLabourShare = 0.5

// Validate checks that the prices are finite, positive where they must be.
func (p Prices) Validate() error {
	if !(p.DieselYuanPerL >= 0 && p.DieselYuanPerL < 1e3) || !(p.WageYuanPerYear >= 0 && p.WageYuanPerYear < 1e8) || !(p.CO2YuanPerT >= 0 && p.CO2YuanPerT < 1e6) {
		return fmt.Errorf("stage: prices %+v out of range", p)
	}
	return nil
}

func (p Prices) filled() Prices {
	if p.DieselYuanPerL == 0 {
		p.DieselYuanPerL = DefaultDiesel
	}
	if p.WageYuanPerYear == 0 {
		p.WageYuanPerYear = DefaultWage
	}
	return p
}

// legCost is the cost per tonne-km of a leg whose cost at the default
// prices is base.
func (p Prices) legCost(base float64, c legContent, co2PerTKm float64) float64 {
	return base + c.fuelLPerTKm*(p.DieselYuanPerL-DefaultDiesel) +
		c.driverHPerTKm*(p.WageYuanPerYear-DefaultWage)/WorkHoursPerYear + co2PerTKm/1000*p.CO2YuanPerT
}

// Apply sets the costs of in at prices p: the first mile (vans) and the hub
// legs (trucks) by their fuel and driver content and their CO₂, the fixed
// cost of every site size with a known head count by the wage, and
// handling per tonne by its labour share. At the default prices in is
// unchanged. Sizes of unknown tier or name keep their fixed cost.
func (p Prices) Apply(in *network.Input) {
	p = p.filled()
	in.FirstMile.CostPerTKm = p.legCost(in.FirstMile.CostPerTKm, vanContent, in.FirstMile.CO2PerTKm)
	in.HubLeg.CostPerTKm = p.legCost(in.HubLeg.CostPerTKm, truckContent, in.HubLeg.CO2PerTKm)
	if f := in.Forward; f != nil {
		f.Delivery.CostPerTKm = p.legCost(f.Delivery.CostPerTKm, vanContent, f.Delivery.CO2PerTKm)
		f.Trunk.CostPerTKm = p.legCost(f.Trunk.CostPerTKm, truckContent, f.Trunk.CO2PerTKm)
	}
	wageRatio := p.WageYuanPerYear / DefaultWage
	for i := range in.Sites {
		s := &in.Sites[i]
		sizes := make([]network.Size, len(s.Sizes))
		copy(sizes, s.Sizes)
		for k := range sizes {
			z := &sizes[k]
			if n, ok := staff[s.Tier][z.Name]; ok {
				z.FixedCost = max(0, z.FixedCost+n*(p.WageYuanPerYear-DefaultWage))
			}
			z.HandlingPerT *= 1 + handlingLabourShare*(wageRatio-1)
		}
		s.Sizes = sizes
	}
}
