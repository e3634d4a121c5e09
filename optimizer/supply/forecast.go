package supply

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"time"
)

// Area is a place whose households own appliances: a county, a township.
type Area struct {
	ID         string  // unique key, e.g. the adcode "510104"
	Name       string  // display name, copied to the rows
	Households float64 // number of households (≥ 0)
	UrbanShare float64 // share of the population living in urban areas, 0…1; mixes OwnUrban and OwnRural
}

// Defaults used when the corresponding field is zero.
const (
	DefaultYear             = 2025 // Options.Year
	DefaultElasticity       = 2.0  // Levers.Elasticity; UNSOURCED assumption
	DefaultDoorToDoorUplift = 0.5  // Levers.DoorToDoorUplift; UNSOURCED assumption
	DefaultSalesElasticity  = 1.0  // Levers.SalesElasticity; UNSOURCED assumption
	DefaultTradeInShare     = 0.5  // Levers.TradeInShare; UNSOURCED assumption
)

// DefaultSeasonality is the default relative daily intensity of returns per
// month, January first, with mean 1. UNSOURCED: an assumption built from the
// trade-in calendar, not from data:
//
//	Jan 1.10  pre-Spring-Festival replacement (春节 late Jan/Feb)
//	Feb 0.80  Spring Festival holiday, logistics pause
//	Mar 0.95  3·15 promotions
//	Apr 0.90
//	May 1.00  May Day holiday sales
//	Jun 1.25  618 festival
//	Jul 1.00  summer air-conditioner replacement
//	Aug 0.95
//	Sep 0.90
//	Oct 1.05  National Day golden week
//	Nov 1.25  Double 11
//	Dec 0.85  (Double 12 small; year end)
var DefaultSeasonality = [12]float64{1.10, 0.80, 0.95, 0.90, 1.00, 1.25, 1.00, 0.95, 0.90, 1.05, 1.25, 0.85}

// Levers are the policy levers that raise the collection rate and the
// sales of new appliances. The zero value is the status quo: no subsidy,
// no added door-to-door coverage, each category's own CollectRate. The
// collection rate of a category is
//
//	rate = min(1, CollectionRate · base · (1 + Elasticity·SubsidyShare) · (1 + DoorToDoorUplift·DoorToDoorCoverage) · RateFactor)
//
// where base is FormalShare if set, else Category.CollectRate; its sales of
// new appliances per year are
//
//	sales = retired · (1 + SalesElasticity·SubsidyShare)
//
// (a steady-state stock is replaced as it retires; a subsidy pulls
// replacements forward). Trade-ins — an old unit handed in when the new one
// is delivered — are TradeInShare of the collected units, at most one per
// unit sold. PerCategory
// replaces SubsidyShare, Elasticity, SalesElasticity and FormalShare for
// the categories it names.
type Levers struct {
	// SubsidyShare is the trade-in subsidy as a share of the new
	// appliance's price (e.g. 0.15 for 15 %), 0…1. Default 0 (none).
	SubsidyShare float64
	// Elasticity is the relative rise of the collection rate per unit of
	// SubsidyShare. Default DefaultElasticity (2.0: a 15 % subsidy raises
	// the rate by 30 %). UNSOURCED assumption.
	Elasticity float64
	// DoorToDoorCoverage is the share of households given door-to-door
	// pickup beyond the status quo, 0…1. Default 0.
	DoorToDoorCoverage float64
	// DoorToDoorUplift is the relative rise of the collection rate among
	// covered households. Default DefaultDoorToDoorUplift (0.5). UNSOURCED
	// assumption.
	DoorToDoorUplift float64
	// FormalShare, when > 0, replaces every category's CollectRate as the
	// baseline share of retired units that reaches the formal channel, 0…1.
	// Default 0: use the categories' rates (0.20, CGTN 2023, for appliances).
	FormalShare float64
	// CollectionRate is the share of retired units that leave households
	// through any channel, formal or not, 0…1; the formal rate is
	// CollectionRate × the formal share. Default 0 means 1.
	CollectionRate float64
	// RateFactor multiplies every collection rate after the other levers
	// (a rate still cannot pass 1): how a volume target is met. Default 0
	// means 1.
	RateFactor float64
	// SalesElasticity is the relative rise of new-appliance sales per unit
	// of SubsidyShare. Default DefaultSalesElasticity (1.0). UNSOURCED
	// assumption.
	SalesElasticity float64
	// TradeInShare is the share of the collected units that are handed in
	// at the delivery of a new one (trade-ins), 0…1. Default
	// DefaultTradeInShare (0.5). UNSOURCED assumption. Use a negative value
	// for none.
	TradeInShare float64
	// PerCategory, keyed by category ID, replaces the four levers of
	// CategoryLevers for that category. Its values are used as given: a
	// zero is zero, not the default.
	PerCategory map[string]CategoryLevers
}

// CategoryLevers are the levers that may differ by category.
type CategoryLevers struct {
	SubsidyShare    float64 // 0…1
	Elasticity      float64 // ≥ 0
	SalesElasticity float64 // ≥ 0
	FormalShare     float64 // 0…1; 0 = the category's CollectRate
}

// Options configure Forecast. The zero value works: year 2025, the default
// categories, no levers, steady-state sales, the default seasonality.
type Options struct {
	// Year is the forecast year; it sets the calendar (days per month) and
	// aligns SalesHistory. Default DefaultYear. Ownership rates and
	// households are used as given, not projected to Year.
	Year int
	// Categories to forecast; nil means DefaultCategories().
	Categories []Category
	// Levers raise the collection rate; see Levers.
	Levers Levers
	// SalesHistory gives, per category ID, relative sales per year, oldest
	// first, the last element being the sales of Year. Only its shape
	// matters: it sets the age profile of the stock, whose level comes from
	// ownership × households. Years before the first element are taken to
	// have sold as much as the first element. Categories without a history
	// use SalesGrowth.
	SalesHistory map[string][]float64
	// SalesGrowth is the yearly growth rate of sales assumed for categories
	// without a SalesHistory (> −1): sales a years before Year are
	// (1+SalesGrowth)^−a. Default 0, the steady state, where yearly
	// retirements = stock / mean life. A growing market has a younger stock
	// and fewer retirements per unit in use.
	SalesGrowth float64
	// Seasonality is the relative daily intensity per month, January first.
	// All zero means DefaultSeasonality. It is normalised so that the
	// months' units add up to the year's.
	Seasonality [12]float64
}

// Row is the forecast for one area and one category. Yearly figures are for
// Options.Year.
type Row struct {
	AreaID   string
	AreaName string
	Category string // Category.ID

	Stock       float64 // units in use (mean over the year)
	Retired     float64 // units discarded by households per year
	CollectRate float64 // share of Retired collected, after levers
	Units       float64 // units collected per year = Retired × CollectRate
	Tonnes      float64 // collected mass per year, t
	M3          float64 // collected volume per year, m³

	Sales       float64 // new units sold per year (see Levers)
	SalesTonnes float64 // their mass, t
	TradeIns    float64 // collected units handed in at the delivery of a new one, per year (≤ Units, ≤ Sales)

	PerDay        float64     // mean units collected per day over the year
	PerDayByMonth [12]float64 // expected units per day in each month, January first
}

// PeakPerDay returns the largest of PerDayByMonth: the expected daily units
// in the busiest month.
func (r Row) PeakPerDay() float64 {
	m := 0.0
	for _, v := range r.PerDayByMonth {
		m = max(m, v)
	}
	return m
}

// Result is the output of Forecast.
type Result struct {
	Year        int
	Areas       []Area      // as given
	Categories  []Category  // as used (defaults filled in)
	Levers      Levers      // as used (defaults filled in)
	Seasonality [12]float64 // as used, normalised to mean 1
	// RetireRatio[c] is the yearly retirements per unit in use of
	// Categories[c] implied by its lifetime and sales history.
	RetireRatio []float64
	// Rows holds one row per area and category, area-major in the order
	// of Areas and Categories: Rows[a*len(Categories)+c]; see Row.
	Rows []Row
}

// Forecast computes the expected returns of every area and category:
//
//	stock   = households × (u·OwnUrban + (1−u)·OwnRural)/100, u = UrbanShare
//	retired = stock × r, r from the Weibull cohort model (see Cohorts) on the
//	          sales history or the steady state
//	units   = retired × collection rate (see Levers); tonnes, m³ from the unit
//	          weight and volume; units per day by month from the seasonality.
//
// Input is validated first; errors are *InputError naming the field.
// Cost: O(len(areas)·len(categories)) plus O(A) per category for the cohort
// model, A ≤ 2000 years.
func Forecast(areas []Area, opt Options) (*Result, error) {
	if err := validateAreas(areas); err != nil {
		return nil, err
	}
	res := &Result{Year: opt.Year, Areas: areas}
	if res.Year == 0 {
		res.Year = DefaultYear
	} else if res.Year < 1900 || res.Year > 2200 {
		return nil, inputErr("options.year", "%d outside 1900…2200", opt.Year)
	}
	cats := opt.Categories
	if cats == nil {
		cats = DefaultCategories()
	}
	if err := validateCategories(cats); err != nil {
		return nil, err
	}
	res.Categories = cats
	lv, err := fillLevers(opt.Levers)
	if err != nil {
		return nil, err
	}
	res.Levers = lv
	if !(opt.SalesGrowth > -1) || math.IsInf(opt.SalesGrowth, 0) || opt.SalesGrowth > 1 {
		return nil, inputErr("options.salesGrowth", "%g outside (−1, 1]", opt.SalesGrowth)
	}
	known := make(map[string]int, len(cats))
	for i, c := range cats {
		known[c.ID] = i
	}
	for _, id := range slices.Sorted(maps.Keys(lv.PerCategory)) {
		if _, ok := known[id]; !ok {
			return nil, inputErr("options.levers.perCategory["+id+"]", "no such category")
		}
	}
	for id, h := range opt.SalesHistory {
		f := fmt.Sprintf("options.salesHistory[%s]", id)
		if _, ok := known[id]; !ok {
			return nil, inputErr(f, "no such category")
		}
		if len(h) == 0 {
			return nil, inputErr(f, "empty")
		}
		for i, v := range h {
			if !finite(v) || v < 0 {
				return nil, inputErr(fmt.Sprintf("%s[%d]", f, i), "%g not a finite non-negative number", v)
			}
		}
	}
	season, err := normSeason(opt.Seasonality)
	if err != nil {
		return nil, err
	}
	res.Seasonality = season

	// Per category: retirement ratio and collection rate.
	nc := len(cats)
	res.RetireRatio = make([]float64, nc)
	rate := make([]float64, nc)
	salesF := make([]float64, nc)
	for c, cat := range cats {
		w := WeibullFromMean(cat.MeanLifeYr, cat.WeibullK)
		var hist []float64
		if h, ok := opt.SalesHistory[cat.ID]; ok {
			hist = h
		}
		r, err := retireRatio(w, hist, opt.SalesGrowth)
		if err != nil {
			f := "options.salesGrowth"
			if hist != nil {
				f = fmt.Sprintf("options.salesHistory[%s]", cat.ID)
			}
			return nil, inputErr(f, "%v", err)
		}
		res.RetireRatio[c] = r
		cl := lv.of(cat.ID)
		base := cat.CollectRate
		if cl.FormalShare > 0 {
			base = cl.FormalShare
		}
		rate[c] = min(1, lv.CollectionRate*base*(1+cl.Elasticity*cl.SubsidyShare)*(1+lv.DoorToDoorUplift*lv.DoorToDoorCoverage)*lv.RateFactor)
		salesF[c] = 1 + cl.SalesElasticity*cl.SubsidyShare
	}

	// Calendar: units in month m = units · w_m·days_m / Σ w·days.
	var days [12]float64
	yearDays, wDays := 0.0, 0.0
	for m := range 12 {
		days[m] = float64(time.Date(res.Year, time.Month(m+2), 0, 0, 0, 0, 0, time.UTC).Day())
		yearDays += days[m]
		wDays += season[m] * days[m]
	}

	res.Rows = make([]Row, len(areas)*nc)
	for a, ar := range areas {
		for c, cat := range cats {
			own := ar.UrbanShare*cat.OwnUrban + (1-ar.UrbanShare)*cat.OwnRural
			r := &res.Rows[a*nc+c]
			r.AreaID, r.AreaName, r.Category = ar.ID, ar.Name, cat.ID
			r.Stock = ar.Households * own / 100
			r.Retired = r.Stock * res.RetireRatio[c]
			r.CollectRate = rate[c]
			r.Units = r.Retired * rate[c]
			r.Tonnes = r.Units * cat.WeightKg / 1000
			r.M3 = r.Units * cat.VolumeL / 1000
			r.Sales = r.Retired * salesF[c]
			r.SalesTonnes = r.Sales * cat.WeightKg / 1000
			r.TradeIns = min(r.Sales, r.Units*max(0, lv.TradeInShare))
			r.PerDay = r.Units / yearDays
			for m := range 12 {
				r.PerDayByMonth[m] = r.Units * season[m] / wDays
			}
		}
	}
	return res, nil
}

// Row returns the row of area index a and category index c (indices into
// Areas and Categories).
func (res *Result) Row(a, c int) *Row { return &res.Rows[a*len(res.Categories)+c] }

// ByArea returns the rows of the area with the given ID, in category order,
// or nil if there is none. The rows alias res.Rows.
func (res *Result) ByArea(id string) []Row {
	nc := len(res.Categories)
	for a, ar := range res.Areas {
		if ar.ID == id {
			return res.Rows[a*nc : (a+1)*nc]
		}
	}
	return nil
}

// Totals returns one row per category summed over all areas, in category
// order, with AreaID and AreaName empty. CollectRate is Units/Retired.
func (res *Result) Totals() []Row {
	nc := len(res.Categories)
	out := make([]Row, nc)
	for c := range out {
		out[c].Category = res.Categories[c].ID
	}
	for i := range res.Rows {
		addRow(&out[i%nc], &res.Rows[i])
	}
	for c := range out {
		if out[c].Retired > 0 {
			out[c].CollectRate = out[c].Units / out[c].Retired
		}
	}
	return out
}

// Total returns the sum of all rows (all areas and categories), with
// Category empty. Units are added across categories as pieces.
func (res *Result) Total() Row {
	var t Row
	for i := range res.Rows {
		addRow(&t, &res.Rows[i])
	}
	if t.Retired > 0 {
		t.CollectRate = t.Units / t.Retired
	}
	return t
}

// DailyUnits returns the expected units (all categories) collected per day
// in the area with the given ID on the given day; only the day's month
// matters. It returns 0 for an unknown area.
func (res *Result) DailyUnits(areaID string, day time.Time) float64 {
	s := 0.0
	for _, r := range res.ByArea(areaID) {
		s += r.PerDayByMonth[day.Month()-1]
	}
	return s
}

func addRow(dst, r *Row) {
	dst.Stock += r.Stock
	dst.Retired += r.Retired
	dst.Units += r.Units
	dst.Tonnes += r.Tonnes
	dst.M3 += r.M3
	dst.Sales += r.Sales
	dst.SalesTonnes += r.SalesTonnes
	dst.TradeIns += r.TradeIns
	dst.PerDay += r.PerDay
	for m := range 12 {
		dst.PerDayByMonth[m] += r.PerDayByMonth[m]
	}
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

func share(field string, v float64) error {
	if !finite(v) || v < 0 || v > 1 {
		return inputErr(field, "%g outside 0…1", v)
	}
	return nil
}

func validateAreas(areas []Area) error {
	seen := make(map[string]int, len(areas))
	for i, a := range areas {
		f := fmt.Sprintf("areas[%d]", i)
		if a.ID == "" {
			return inputErr(f+".id", "empty")
		}
		if j, dup := seen[a.ID]; dup {
			return inputErr(f+".id", "%q duplicates areas[%d]", a.ID, j)
		}
		seen[a.ID] = i
		if !finite(a.Households) {
			return inputErr(f+".households", "not a finite number")
		}
		if a.Households < 0 {
			return inputErr(f+".households", "negative")
		}
		if err := share(f+".urbanShare", a.UrbanShare); err != nil {
			return err
		}
	}
	return nil
}

func validateCategories(cats []Category) error {
	if len(cats) == 0 {
		return inputErr("options.categories", "empty (use nil for the defaults)")
	}
	seen := make(map[string]int, len(cats))
	for i, c := range cats {
		f := fmt.Sprintf("options.categories[%d]", i)
		if c.ID == "" {
			return inputErr(f+".id", "empty")
		}
		if j, dup := seen[c.ID]; dup {
			return inputErr(f+".id", "%q duplicates categories[%d]", c.ID, j)
		}
		seen[c.ID] = i
		for _, nv := range []struct {
			name string
			v    float64
		}{{"weightKg", c.WeightKg}, {"volumeL", c.VolumeL}, {"uninstallMin", c.UninstallMin}, {"ownUrban", c.OwnUrban}, {"ownRural", c.OwnRural}} {
			if !finite(nv.v) || nv.v < 0 {
				return inputErr(f+"."+nv.name, "%g not a finite non-negative number", nv.v)
			}
		}
		if !finite(c.MeanLifeYr) || c.MeanLifeYr <= 0 || c.MeanLifeYr > 100 {
			return inputErr(f+".meanLifeYr", "%g outside (0, 100]", c.MeanLifeYr)
		}
		if !finite(c.WeibullK) || c.WeibullK < 0.5 || c.WeibullK > 20 {
			return inputErr(f+".weibullK", "%g outside [0.5, 20]", c.WeibullK)
		}
		if err := share(f+".collectRate", c.CollectRate); err != nil {
			return err
		}
	}
	return nil
}

func fillLevers(lv Levers) (Levers, error) {
	if err := share("options.levers.subsidyShare", lv.SubsidyShare); err != nil {
		return lv, err
	}
	if err := share("options.levers.doorToDoorCoverage", lv.DoorToDoorCoverage); err != nil {
		return lv, err
	}
	if err := share("options.levers.formalShare", lv.FormalShare); err != nil {
		return lv, err
	}
	if !finite(lv.Elasticity) || lv.Elasticity < 0 {
		return lv, inputErr("options.levers.elasticity", "%g not a finite non-negative number", lv.Elasticity)
	}
	if !finite(lv.DoorToDoorUplift) || lv.DoorToDoorUplift < 0 {
		return lv, inputErr("options.levers.doorToDoorUplift", "%g not a finite non-negative number", lv.DoorToDoorUplift)
	}
	if err := share("options.levers.collectionRate", lv.CollectionRate); err != nil {
		return lv, err
	}
	if !finite(lv.RateFactor) || lv.RateFactor < 0 || lv.RateFactor > 100 {
		return lv, inputErr("options.levers.rateFactor", "%g outside 0…100", lv.RateFactor)
	}
	if !finite(lv.SalesElasticity) || lv.SalesElasticity < 0 {
		return lv, inputErr("options.levers.salesElasticity", "%g not a finite non-negative number", lv.SalesElasticity)
	}
	if !finite(lv.TradeInShare) || lv.TradeInShare > 1 {
		return lv, inputErr("options.levers.tradeInShare", "%g not a finite number ≤ 1", lv.TradeInShare)
	}
	for _, id := range slices.Sorted(maps.Keys(lv.PerCategory)) {
		cl := lv.PerCategory[id]
		f := "options.levers.perCategory[" + id + "]"
		if err := share(f+".subsidyShare", cl.SubsidyShare); err != nil {
			return lv, err
		}
		if err := share(f+".formalShare", cl.FormalShare); err != nil {
			return lv, err
		}
		if !finite(cl.Elasticity) || cl.Elasticity < 0 {
			return lv, inputErr(f+".elasticity", "%g not a finite non-negative number", cl.Elasticity)
		}
		if !finite(cl.SalesElasticity) || cl.SalesElasticity < 0 {
			return lv, inputErr(f+".salesElasticity", "%g not a finite non-negative number", cl.SalesElasticity)
		}
	}
	if lv.Elasticity == 0 {
		lv.Elasticity = DefaultElasticity
	}
	if lv.DoorToDoorUplift == 0 {
		lv.DoorToDoorUplift = DefaultDoorToDoorUplift
	}
	if lv.CollectionRate == 0 {
		lv.CollectionRate = 1
	}
	if lv.RateFactor == 0 {
		lv.RateFactor = 1
	}
	if lv.SalesElasticity == 0 {
		lv.SalesElasticity = DefaultSalesElasticity
	}
	if lv.TradeInShare == 0 {
		lv.TradeInShare = DefaultTradeInShare
	}
	return lv, nil
}

// of returns the levers of category id: its PerCategory entry, else the
// common levers.
func (lv Levers) of(id string) CategoryLevers {
	if cl, ok := lv.PerCategory[id]; ok {
		return cl
	}
	return CategoryLevers{SubsidyShare: lv.SubsidyShare, Elasticity: lv.Elasticity, SalesElasticity: lv.SalesElasticity, FormalShare: lv.FormalShare}
}

func normSeason(s [12]float64) ([12]float64, error) {
	sum := 0.0
	for m, v := range s {
		if !finite(v) || v < 0 {
			return s, inputErr(fmt.Sprintf("options.seasonality[%d]", m), "%g not a finite non-negative number", v)
		}
		sum += v
	}
	if sum == 0 {
		s = DefaultSeasonality
		for _, v := range s {
			sum += v
		}
	}
	for m := range s {
		s[m] *= 12 / sum
	}
	return s, nil
}
