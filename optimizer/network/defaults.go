package network

// Default sizes, costs and legs. All are UNSOURCED assumptions (order of
// magnitude for a Sichuan county in 2025, stated so planners can replace
// them): rents of 15–30 yuan/m²/month outside Chengdu's centre, staff at
// 60–80 k yuan/yr each, diesel light vans and 10–20 t trucks.

// DefaultSizes returns the capacity modules a site of tier t can open at.
func DefaultSizes(t Tier) []Size {
	switch t {
	case CollectionPoint: // a shop front or yard near people: 1–3 staff
		return []Size{
			{Name: "small", CapacityT: 150, StorageM3: 60, FixedCost: 90_000, HandlingPerT: 60},
			{Name: "medium", CapacityT: 500, StorageM3: 200, FixedCost: 200_000, HandlingPerT: 45},
			{Name: "large", CapacityT: 1500, StorageM3: 600, FixedCost: 450_000, HandlingPerT: 35},
		}
	case TransferStation: // a county yard with a loading dock
		return []Size{
			{Name: "small", CapacityT: 2_000, StorageM3: 800, FixedCost: 600_000, HandlingPerT: 30},
			{Name: "medium", CapacityT: 6_000, StorageM3: 2_500, FixedCost: 1_200_000, HandlingPerT: 25},
			{Name: "large", CapacityT: 20_000, StorageM3: 8_000, FixedCost: 2_800_000, HandlingPerT: 20},
		}
	case SortingCentre: // a prefecture hub with sorting lines
		return []Size{
			{Name: "medium", CapacityT: 20_000, StorageM3: 8_000, FixedCost: 4_000_000, HandlingPerT: 40},
			{Name: "large", CapacityT: 60_000, StorageM3: 25_000, FixedCost: 9_000_000, HandlingPerT: 30},
			{Name: "xlarge", CapacityT: 150_000, StorageM3: 60_000, FixedCost: 18_000_000, HandlingPerT: 25},
		}
	}
	return nil
}

// Default legs. Cost per tonne-km: light van ≈ 3 yuan/km carrying ≈ 1 t;
// a 15 t truck ≈ 6 yuan/km full. CO₂: GLEC-style intensities for a small
// van (≈ 0.35 kg/t·km) and a loaded heavy truck (≈ 0.08 kg/t·km). UNSOURCED
// assumptions.
var (
	DefaultFirstMile = Leg{Vehicle: "van", CostPerTKm: 3.0, CO2PerTKm: 0.35}
	DefaultHubLeg    = Leg{Vehicle: "truck", CostPerTKm: 0.45, CO2PerTKm: 0.08}
)

// DefaultRules: coverage 3 km in cities, 10 km on plains, 20 km in the
// mountains; a township served from farther away pays 800 yuan per tonne
// plus 100,000 yuan per year; the county-centred transfer rule on.
//
// Sources and assumptions. No Chinese norm found states a distance: the
// station norms count households instead — one recycling point per 2,000
// urban households and per 2,500 households in townships, points of at
// least 10 m², transfer stations (中转站) of at least 500 m² (the norm
// commonly quoted from 《再生资源回收站点建设管理规范》, SB/T 10719; see
// e.g. http://exueyou.com/zyhs/2618.html); provincial plans ask for a
// three-level "社区回收点、街道中转站、县(区)分拣中心" network with at least
// one sorting centre per county (Henan 2024–2027 plan,
// http://zzsmw.cn/zzsmw/54173.html) and cities report "一乡镇一网点", one
// point per township (Shiyan 2024, https://m.ssxjd.com/news/20240711/172066061419106.html).
// The radii are ASSUMPTIONS (a 10–20 minute drive). The penalty stands for
// serving a township beyond the radius by a mobile collection van instead
// of a station ("以车代站", as Yu County does for remote villages,
// http://epaper.sxrb.com/shtml/sxrb/20250207/1054137.shtml); its level,
// 800 yuan/t, is an ASSUMPTION. So is the yearly 100,000 yuan per
// township beyond the radius: about a weekly round of a van and two staff,
// and above the fixed cost of the smallest collection point, so the plan
// prefers a point near people wherever a candidate lies within the radius
// (measured on Sichuan 2025: 100 % of townships covered for 18 % more
// annual cost than with the per-tonne penalty alone, which covers 68 %).
// Set it to 0 to let the optimiser trade coverage for cost. The county rule
// follows the policy's county-centred network.
func DefaultRules() Rules {
	return Rules{
		CoverageKm:              map[string]float64{"urban": 3, "plain": 10, "mountain": 20},
		CoveragePenaltyPerT:     800,
		CoveragePenaltyPerPoint: 100_000,
		DwellDays:               DefaultDwellDays,
		TransferPerCounty:       true,
	}
}
