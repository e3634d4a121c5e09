package supply

// Category is one kind of old appliance: how heavy and bulky a unit is, how
// it is handled at pickup, how long it lives, how many households own one
// and how many retired units the formal channel collects.
type Category struct {
	ID     string // stable key, e.g. "refrigerator"
	NameZh string // Chinese name, e.g. "电冰箱"

	WeightKg float64 // mass of one unit, kg
	VolumeL  float64 // transport volume of one unit (packed or as carried), litres

	TwoPerson    bool    // needs a two-person lift at pickup
	UninstallMin float64 // minutes to uninstall at the household before loading (0 = none)
	// Skills the crew needs to uninstall the unit, e.g. "ac_uninstall"
	// (refrigerant pump-down of a split air conditioner); nil for none.
	Skills []string

	MeanLifeYr float64 // mean life in years, from sale to discard by the household
	WeibullK   float64 // Weibull shape k (≥ 0.5); the scale is MeanLifeYr/Γ(1+1/k)

	OwnUrban float64 // units per 100 urban households
	OwnRural float64 // units per 100 rural households

	// CollectRate is the baseline share of retired units collected through
	// the formal channel (licensed recyclers), before levers.
	CollectRate float64

	// Source names the source of each default, keyed by field name
	// ("WeightKg", "OwnUrban", …): a URL (or GitHub repo@commit path), or a
	// string starting "UNSOURCED:" that states the assumption.
	Source map[string]string
}

// Sources of the defaults, quoted from /work/shared/data/sichuan/appliances.{md,csv}.
const (
	srcNBS2021     = "http://wap.rexun.cn/hea/kx/2022/1012/101272707.html (NBS 2021, national, via China Economic Net 2022-10-12)"
	srcNBSRural16  = "http://103.249.53.35/xwzx/PoliticsNews/201707/t20170706_11814388.htm (NBS 2016, national rural, via Chinanews)"
	srcNBSAll2023  = "https://github.com/GalaxyPoke/WordMemo/blob/ad9ca887c1da553f56ce43371745a39489606733/src/data/kaoyan/2025/english1.js (NBS 全国居民 2023, secondary transcription)"
	srcSichuanAC   = "https://feifmx.com/socialgd/10000169/20250719/48627655_1.html (Sichuan all residents 151.2, 2023 inferred, citing NBS)"
	srcCHEARI2004  = "http://finance.sina.com.cn/roll/20041209/163047287t.shtml (CHEARI 2004: fridge ~10 yr, washer 8-9 yr)"
	srcFridge50    = "http://shop.365ttzx.net/19285/news760709.html (a 50 kg fridge); http://www.hkjzdrp.cn/zs/37868602.html (49.6 kg recovered per fridge, a lower bound)"
	srcCGTNFormal  = "https://news.cgtn.com/news/2024-03-04/4-5-million-tonnes-of-old-home-appliances-recycled-in-China-in-2023-1rGPvWWKvOU/p.html (~20 % through formal channels, 2023)"
	unsrcShape     = "UNSOURCED: assumption, typical WEEE-model Weibull shape (appliances.md table, general knowledge); no China-specific fit found"
	unsrcHandling  = "UNSOURCED: assumption from common practice of appliance pickup crews"
	unsrcVolume    = "UNSOURCED: assumption, outer dimensions of a typical unit"
	unsrcLifeTable = "UNSOURCED: assumption within the appliances.md range (general knowledge)"
)

// DefaultCategories returns the nine default categories with their sources,
// in a fixed order: refrigerator, washing_machine, air_conditioner,
// television, water_heater, microwave, range_hood, computer, mobile_phone.
// Every call returns fresh copies that the caller may modify.
//
// Ownership: national all-resident 2023 figures where the urban/rural split
// is missing (refrigerator, washing machine: the same rate for urban and
// rural), national urban/rural 2021 figures where given (mobile phone),
// the Sichuan all-resident 2023 figure for air conditioners split by the
// national 2021 urban/rural ratio, and national rural 2016 figures for the
// rural side of water heater and computer. Everything else is marked
// UNSOURCED in Source; README.md lists every default.
func DefaultCategories() []Category {
	cs := []Category{
		{
			ID: "refrigerator", NameZh: "电冰箱",
			WeightKg: 50, VolumeL: 500, TwoPerson: true, UninstallMin: 5,
			MeanLifeYr: 10, WeibullK: 3.0,
			OwnUrban: 103.4, OwnRural: 103.4,
			CollectRate: 0.20,
			Source: map[string]string{
				"WeightKg":     srcFridge50,
				"VolumeL":      unsrcVolume + " (≈ 60×65×170 cm double-door, mix of sizes)",
				"TwoPerson":    unsrcHandling,
				"UninstallMin": unsrcHandling + " (unplug, empty, tape doors)",
				"Skills":       unsrcHandling + " (no skill beyond lifting and unplugging)",
				"MeanLifeYr":   srcCHEARI2004,
				"WeibullK":     unsrcShape + " (range 2.5-3.5)",
				"OwnUrban":     srcNBSAll2023 + "; all-resident rate used for urban and rural (national rural 2021 = 103.5, " + srcNBS2021 + ")",
				"OwnRural":     srcNBSAll2023 + "; all-resident rate used for urban and rural",
				"CollectRate":  srcCGTNFormal,
			},
		},
		{
			ID: "washing_machine", NameZh: "洗衣机",
			WeightKg: 30, VolumeL: 300, TwoPerson: true, UninstallMin: 10,
			MeanLifeYr: 8.5, WeibullK: 3.0,
			OwnUrban: 98.2, OwnRural: 98.2,
			CollectRate: 0.20,
			Source: map[string]string{
				"WeightKg":     "UNSOURCED: assumption within the appliances.md range 25-35 kg (recycler page gives ≥17 kg plastic+Al only, http://www.hkjzdrp.cn/zs/37868602.html)",
				"VolumeL":      unsrcVolume + " (≈ 60×60×85 cm)",
				"TwoPerson":    unsrcHandling,
				"UninstallMin": unsrcHandling + " (close tap, disconnect and drain hoses)",
				"Skills":       unsrcHandling + " (no skill beyond lifting and unplugging)",
				"MeanLifeYr":   srcCHEARI2004,
				"WeibullK":     unsrcShape + " (range 2.5-3.5)",
				"OwnUrban":     srcNBSAll2023 + "; all-resident rate used for urban and rural (national rural 2021 = 96.1, " + srcNBS2021 + ")",
				"OwnRural":     srcNBSAll2023 + "; all-resident rate used for urban and rural",
				"CollectRate":  srcCGTNFormal,
			},
		},
		{
			ID: "air_conditioner", NameZh: "空调",
			WeightKg: 45, VolumeL: 200, TwoPerson: true, UninstallMin: 45, Skills: []string{"ac_uninstall"},
			MeanLifeYr: 11, WeibullK: 3.0,
			OwnUrban: 187.7, OwnRural: 103.3,
			CollectRate: 0.20,
			Source: map[string]string{
				"WeightKg":     "UNSOURCED: assumption within the appliances.md range 40-55 kg for a split unit (indoor+outdoor); 43.0 kg recovered per unit is a lower bound, http://www.hkjzdrp.cn/zs/37868602.html",
				"VolumeL":      unsrcVolume + " (split unit: indoor ≈ 50 L + outdoor ≈ 130 L, some cabinet units)",
				"TwoPerson":    unsrcHandling + " (outdoor unit on the wall)",
				"UninstallMin": unsrcHandling + " (pump-down of refrigerant, remove outdoor unit)",
				"Skills":       unsrcHandling + " (pump-down and recovery of the refrigerant need a trained technician: skill ac_uninstall)",
				"MeanLifeYr":   unsrcLifeTable + " (range 9-12)",
				"WeibullK":     unsrcShape + " (range 2.5-3.5)",
				"OwnUrban": "derived: Sichuan all residents 151.2, " + srcSichuanAC + ", split by the national 2021 urban/rural ratio 161.7/89.0, " + srcNBS2021 +
					", at Sichuan's 2020 urban share 56.73 %: urban = 151.2·161.7/(0.5673·161.7+0.4327·89.0)",
				"OwnRural": "derived: Sichuan all residents 151.2, " + srcSichuanAC + ", split by the national 2021 urban/rural ratio 161.7/89.0, " + srcNBS2021 +
					": rural = 151.2·89.0/(0.5673·161.7+0.4327·89.0)",
				"CollectRate": srcCGTNFormal,
			},
		},
		{
			ID: "television", NameZh: "电视机",
			WeightKg: 15, VolumeL: 120, TwoPerson: false, UninstallMin: 5,
			MeanLifeYr: 9, WeibullK: 2.5,
			OwnUrban: 110, OwnRural: 110,
			CollectRate: 0.20,
			Source: map[string]string{
				"WeightKg":     "UNSOURCED: assumption, mix of flat (10-15 kg) and CRT (20-30 kg) sets per appliances.md; 5.6 kg recovered per unit (no glass) is a lower bound, http://www.hkjzdrp.cn/zs/37868602.html",
				"VolumeL":      unsrcVolume + " (≈ 125×75×13 cm flat 55\", CRT sets larger)",
				"TwoPerson":    unsrcHandling + " (one person for most sets; large flat screens need two)",
				"UninstallMin": unsrcHandling + " (take off wall mount)",
				"Skills":       unsrcHandling + " (no skill beyond lifting and unplugging)",
				"MeanLifeYr":   unsrcLifeTable + " (range 8-10; CHEARI 2004 says 20,000-30,000 h, " + srcCHEARI2004 + ")",
				"WeibullK":     unsrcShape + " (range 2.0-3.0)",
				"OwnUrban":     "UNSOURCED: assumption ~110 per 100 households; no national or Sichuan colour-TV figure in the corpus (Zhejiang 2017 urban 179.1 is a comparison-only upper bound, http://ft.newdu.com/data/Data/201803/184474.html)",
				"OwnRural":     "UNSOURCED: assumption ~110 per 100 households (Zhejiang 2017 rural 176.4, comparison only, http://ft.newdu.com/data/Data/201803/184474.html)",
				"CollectRate":  srcCGTNFormal,
			},
		},
		{
			ID: "water_heater", NameZh: "热水器",
			WeightKg: 20, VolumeL: 100, TwoPerson: false, UninstallMin: 30,
			MeanLifeYr: 9, WeibullK: 2.5,
			OwnUrban: 95, OwnRural: 60,
			CollectRate: 0.20,
			Source: map[string]string{
				"WeightKg":     "UNSOURCED: assumption within the appliances.md range 15-25 kg",
				"VolumeL":      unsrcVolume + " (mix of 60 L electric tanks and gas units)",
				"TwoPerson":    unsrcHandling,
				"UninstallMin": unsrcHandling + " (drain tank, disconnect water/gas, take off wall)",
				"Skills":       unsrcHandling + " (no skill beyond lifting and unplugging)",
				"MeanLifeYr":   unsrcLifeTable + " (range 8-10)",
				"WeibullK":     unsrcShape + " (range 2.0-3.0)",
				"OwnUrban":     "UNSOURCED: assumption ~95 per 100 households (Zhejiang 2017 urban 98.4, comparison only, http://ft.newdu.com/data/Data/201803/184474.html)",
				"OwnRural":     srcNBSRural16 + " (2016 figure, likely below today's)",
				"CollectRate":  srcCGTNFormal,
			},
		},
		{
			ID: "microwave", NameZh: "微波炉",
			WeightKg: 13, VolumeL: 60, TwoPerson: false, UninstallMin: 0,
			MeanLifeYr: 9, WeibullK: 2.5,
			OwnUrban: 50, OwnRural: 20,
			CollectRate: 0.20,
			Source: map[string]string{
				"WeightKg":     "UNSOURCED: assumption within the appliances.md range 12-15 kg",
				"VolumeL":      unsrcVolume + " (≈ 50×40×30 cm)",
				"TwoPerson":    unsrcHandling,
				"UninstallMin": unsrcHandling + " (countertop, no uninstall)",
				"Skills":       unsrcHandling + " (no skill beyond lifting and unplugging)",
				"MeanLifeYr":   unsrcLifeTable + " (range 8-10)",
				"WeibullK":     unsrcShape + " (range 2.0-3.0)",
				"OwnUrban":     "UNSOURCED: assumption ~50 per 100 urban households (Hebei urban 2007 = 46.78, http://tjj.hebei.gov.cn/extra/col20/0610.htm, old)",
				"OwnRural":     "UNSOURCED: assumption ~20 per 100 rural households",
				"CollectRate":  srcCGTNFormal,
			},
		},
		{
			ID: "range_hood", NameZh: "吸油烟机",
			WeightKg: 17, VolumeL: 150, TwoPerson: false, UninstallMin: 30,
			MeanLifeYr: 9, WeibullK: 2.5,
			OwnUrban: 85, OwnRural: 45,
			CollectRate: 0.20,
			Source: map[string]string{
				"WeightKg":     "UNSOURCED: assumption within the appliances.md range 15-20 kg",
				"VolumeL":      unsrcVolume + " (≈ 90×50×35 cm)",
				"TwoPerson":    unsrcHandling,
				"UninstallMin": unsrcHandling + " (unscrew from wall/cabinet, duct)",
				"Skills":       unsrcHandling + " (no skill beyond lifting and unplugging)",
				"MeanLifeYr":   unsrcLifeTable + " (range 8-10)",
				"WeibullK":     unsrcShape + " (range 2.0-3.0)",
				"OwnUrban":     "UNSOURCED: assumption ~85 per 100 urban households; no figure in the corpus",
				"OwnRural":     "UNSOURCED: assumption ~45 per 100 rural households; no figure in the corpus",
				"CollectRate":  srcCGTNFormal,
			},
		},
		{
			ID: "computer", NameZh: "电脑",
			WeightKg: 10, VolumeL: 50, TwoPerson: false, UninstallMin: 0,
			MeanLifeYr: 6, WeibullK: 2.0,
			OwnUrban: 70, OwnRural: 28,
			CollectRate: 0.20,
			Source: map[string]string{
				"WeightKg":     "UNSOURCED: assumption, mix of desktops with monitor (10-25 kg) and laptops (2-3 kg) per appliances.md",
				"VolumeL":      unsrcVolume + " (desktop+monitor ≈ 80 L, laptop ≈ 5 L)",
				"TwoPerson":    unsrcHandling,
				"UninstallMin": unsrcHandling,
				"Skills":       unsrcHandling + " (no skill beyond lifting and unplugging)",
				"MeanLifeYr":   unsrcLifeTable + " (desktop 5-7, laptop 4-6)",
				"WeibullK":     unsrcShape + " (range 1.5-2.5)",
				"OwnUrban":     "UNSOURCED: assumption ~70 per 100 urban households (Zhejiang 2017 urban 95.6, comparison only, http://ft.newdu.com/data/Data/201803/184474.html)",
				"OwnRural":     srcNBSRural16,
				"CollectRate":  srcCGTNFormal + " (household-appliance figure applied to computers)",
			},
		},
		{
			ID: "mobile_phone", NameZh: "手机",
			WeightKg: 0.18, VolumeL: 0.3, TwoPerson: false, UninstallMin: 0,
			MeanLifeYr: 3, WeibullK: 2.0,
			OwnUrban: 253.6, OwnRural: 266.6,
			CollectRate: 0.10,
			Source: map[string]string{
				"WeightKg":     "UNSOURCED: assumption within the appliances.md range 0.15-0.2 kg",
				"VolumeL":      unsrcVolume + " (boxed ≈ 17×9×2 cm)",
				"TwoPerson":    unsrcHandling,
				"UninstallMin": unsrcHandling,
				"Skills":       unsrcHandling + " (no skill beyond lifting and unplugging)",
				"MeanLifeYr":   unsrcLifeTable + " (range 2-4)",
				"WeibullK":     unsrcShape + " (range 1.5-2.5)",
				"OwnUrban":     srcNBS2021,
				"OwnRural":     srcNBS2021,
				"CollectRate":  "UNSOURCED: assumption 10 %, half the appliance formal share (phones are mostly kept, resold or traded in at shops)",
			},
		},
	}
	return cs
}

// categoryFields lists the fields of Category that carry a Source entry.
var categoryFields = []string{"WeightKg", "VolumeL", "TwoPerson", "UninstallMin", "Skills", "MeanLifeYr", "WeibullK", "OwnUrban", "OwnRural", "CollectRate"}
