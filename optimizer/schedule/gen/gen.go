// Package gen draws realistic bookings from the returns forecast: arrivals
// as a Poisson process per township and day with the forecast's category
// mix, a trade-in share, bulk hand-overs by stores and collection points,
// after-sales service visits, booking windows of days and of hours as
// households choose them. The scenarios package feeds it the Sichuan
// townships and forecast (huishou gen bookings, huishou demo); it knows
// nothing of scenarios itself.
//
// gen imports booking and nothing else of this module but supply's
// category list through booking's catalog.
package gen

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/huishou/huishou/optimizer/schedule/booking"
)

// Township is a place bookings come from.
type Township struct {
	Code, Name, County string
	Lon, Lat           float64
	// Weight is the township's share of its county's returns; all zero in
	// a county means equal shares.
	Weight float64
	// Urban places bookings within 1.5 km of the point, others within 3 km.
	Urban bool
}

// Options configure Bookings. Townships and Rate are required; the rest
// has defaults.
type Options struct {
	// Date is the first day bookings may be served; Days the number of
	// days with arrivals (default 1).
	Date booking.Date
	Days int
	// Seed seeds every draw (default 0).
	Seed uint64
	// Townships are the places; bookings of a county are spread over its
	// townships by Weight.
	Townships []Township
	// Rate returns the expected appliances collected per day by category
	// in a county on a date (the forecast: supply's PerDayByMonth). Units
	// per day become bookings per day at ItemsPerBooking.
	Rate func(county string, d booking.Date) map[string]float64
	// Scale multiplies every rate (default 1): the share of the
	// forecast's returns that books a truck.
	Scale float64
	// Catalog lists the categories (default booking.DefaultCatalog()).
	// Categories outside it, and mobile phones (brought to collection
	// points, not collected by truck), are left out.
	Catalog booking.Catalog
	// TradeInShare is the share of household bookings that are trade-ins
	// (default DefaultTradeInShare; negative means none).
	TradeInShare float64
	// ServiceShare is the number of after-sales visits per household
	// booking (default DefaultServiceShare; negative means none).
	ServiceShare float64
	// BulkPerDay is the expected bulk hand-overs per county and day
	// (default DefaultBulkPerDay; negative means none).
	BulkPerDay float64
	// Sources lists, per county adcode, the depots and warehouses a
	// trade-in's new appliance may come from ("" key: any county). A
	// county without sources uses the "" list; with neither, trade-ins
	// are not drawn.
	Sources map[string][]string
}

// Defaults of Options. UNSOURCED assumptions of a plausible operator's
// mix, to be replaced by a company's own figures.
const (
	DefaultTradeInShare = 0.35 // of household bookings under 以旧换新
	DefaultServiceShare = 0.05 // after-sales visits per household booking
	DefaultBulkPerDay   = 0.6  // store and collection-point hand-overs per county and day
	ItemsPerBooking     = 1.2  // mean pieces per household booking (one, sometimes two)
)

// Bookings draws the bookings of opt.Days days from opt.Date. Output is in
// a stable order (day, county, township, arrival) with ids
// COUNTY-YYYYMMDD-NNNN, and depends only on the options and the seed.
func Bookings(opt Options) ([]booking.Booking, error) {
	if opt.Date.IsZero() {
		return nil, fmt.Errorf("gen: no date")
	}
	if opt.Rate == nil || len(opt.Townships) == 0 {
		return nil, fmt.Errorf("gen: no townships or rates")
	}
	if opt.Days <= 0 {
		opt.Days = 1
	}
	if opt.Days > 366 {
		return nil, fmt.Errorf("gen: %d days is more than a year", opt.Days)
	}
	if opt.Scale == 0 {
		opt.Scale = 1
	}
	if !(opt.Scale > 0) || math.IsInf(opt.Scale, 0) {
		return nil, fmt.Errorf("gen: scale %g is not a positive number", opt.Scale)
	}
	if opt.Catalog == nil {
		opt.Catalog = booking.DefaultCatalog()
	}
	def := func(v, d float64) float64 {
		switch {
		case v == 0:
			return d
		case v < 0:
			return 0
		}
		return v
	}
	opt.TradeInShare = min(def(opt.TradeInShare, DefaultTradeInShare), 1)
	opt.ServiceShare = def(opt.ServiceShare, DefaultServiceShare)
	opt.BulkPerDay = def(opt.BulkPerDay, DefaultBulkPerDay)

	var counties []string
	byCounty := map[string][]Township{}
	for _, t := range opt.Townships {
		if _, ok := byCounty[t.County]; !ok {
			counties = append(counties, t.County)
		}
		byCounty[t.County] = append(byCounty[t.County], t)
	}
	slices.Sort(counties)
	r := rand.New(rand.NewPCG(opt.Seed, 0xb00c))
	var out []booking.Booking
	for day := range opt.Days {
		d := opt.Date.AddDays(day)
		for _, c := range counties {
			ts := byCounty[c]
			rates := opt.Rate(c, d)
			cats := make([]string, 0, len(rates))
			total := 0.0
			for k, v := range rates {
				if _, ok := opt.Catalog[k]; ok && k != "mobile_phone" && v > 0 && !math.IsInf(v, 0) {
					cats = append(cats, k)
				}
			}
			slices.Sort(cats)
			weights := make([]float64, len(cats))
			for i, k := range cats {
				weights[i] = rates[k]
				total += rates[k]
			}
			if total == 0 {
				continue
			}
			wsum := 0.0
			for _, t := range ts {
				wsum += max(t.Weight, 0)
			}
			g := &drawer{r: r, opt: &opt, date: d, county: c, cats: cats, weights: weights, total: total}
			perDay := total * opt.Scale / ItemsPerBooking
			for _, t := range ts {
				share := 1 / float64(len(ts))
				if wsum > 0 {
					share = max(t.Weight, 0) / wsum
				}
				lambda := perDay * share
				for range poisson(r, lambda) {
					out = append(out, g.household(t))
				}
				for range poisson(r, lambda*opt.ServiceShare) {
					out = append(out, g.service(t))
				}
			}
			for range poisson(r, opt.BulkPerDay) {
				out = append(out, g.bulk(ts[r.IntN(len(ts))]))
			}
		}
	}
	return out, nil
}

type drawer struct {
	r       *rand.Rand
	opt     *Options
	date    booking.Date
	county  string
	cats    []string
	weights []float64
	total   float64
	n       int
}

func (g *drawer) category() string {
	x := g.r.Float64() * g.total
	for i, w := range g.weights {
		if x < w {
			return g.cats[i]
		}
		x -= w
	}
	return g.cats[len(g.cats)-1]
}

func (g *drawer) base(t Township, kind booking.Kind) booking.Booking {
	g.n++
	radius := 3000.0
	if t.Urban {
		radius = 1500
	}
	dist := radius * math.Sqrt(g.r.Float64())
	ang := 2 * math.Pi * g.r.Float64()
	lon := t.Lon + dist*math.Cos(ang)/(111320*math.Cos(t.Lat*math.Pi/180))
	lat := t.Lat + dist*math.Sin(ang)/110540
	return booking.Booking{
		ID:  fmt.Sprintf("%s-%s-%04d", g.county, g.date.Time().Format("20060102"), g.n),
		Lon: math.Round(lon*1e6) / 1e6, Lat: math.Round(lat*1e6) / 1e6,
		County: g.county, Township: t.Name, Kind: kind, Status: booking.Booked, Earliest: g.date,
	}
}

// flex draws how many days after the earliest a booking may still be
// served, from the weights of 0, 1, 2, … days.
func (g *drawer) flex(w ...float64) booking.Date {
	return g.date.AddDays(pick(g.r, w))
}

func pick(r *rand.Rand, w []float64) int {
	s := 0.0
	for _, x := range w {
		s += x
	}
	x := r.Float64() * s
	for i, v := range w {
		if x < v {
			return i
		}
		x -= v
	}
	return len(w) - 1
}

// window draws a household's time window: none (30 %), morning (25 %),
// afternoon (25 %) or a two-hour slot (20 %).
func (g *drawer) window(b *booking.Booking) {
	switch pick(g.r, []float64{30, 25, 25, 20}) {
	case 1:
		b.TWStart, b.TWEnd = 9*3600, 12*3600
	case 2:
		b.TWStart, b.TWEnd = 13*3600, 17*3600
	case 3:
		s := booking.Clock(9+2*g.r.IntN(4)) * 3600
		b.TWStart, b.TWEnd = s, s+2*3600
	}
}

var notes = []string{"", "", "", "call on arrival", "lift in the building", "5th floor, no lift", "gate code at the guard", "ground floor"}

func (g *drawer) household(t Township) booking.Booking {
	b := g.base(t, booking.Pickup)
	first := g.category()
	b.Items = booking.Items{{Category: first, Count: 1}}
	if g.r.Float64() < ItemsPerBooking-1 {
		if second := g.category(); second != first {
			b.Items = append(b.Items, booking.Item{Category: second, Count: 1})
		} else {
			b.Items[0].Count++
		}
	}
	srcs := g.opt.Sources[g.county]
	if len(srcs) == 0 {
		srcs = g.opt.Sources[""]
	}
	if len(srcs) > 0 && g.r.Float64() < g.opt.TradeInShare {
		b.Kind = booking.TradeIn
		b.From = srcs[g.r.IntN(len(srcs))]
		b.Items = b.Items[:1] // one appliance replaced per visit
		b.Latest = g.flex(60, 40)
		b.Note = "new " + b.Items[0].Category + " from " + b.From
	} else {
		b.Latest = g.flex(30, 25, 20, 15, 0, 0, 10)
		b.Note = notes[g.r.IntN(len(notes))]
	}
	g.window(&b)
	return b
}

func (g *drawer) service(t Township) booking.Booking {
	b := g.base(t, booking.Service)
	b.Skills = []string{"repair"}
	b.Latest = g.flex(40, 40, 20)
	if g.r.Float64() < 0.2 { // a small unit goes to the workshop
		c := g.category()
		for range 20 {
			if g.opt.Catalog[c].Crew <= 1 {
				break
			}
			c = g.category()
		}
		if g.opt.Catalog[c].Crew > 1 {
			c = ""
		}
		if c != "" {
			b.Items = booking.Items{{Category: c, Count: 1}}
		}
		b.Note = "repair in the workshop: take the unit"
	} else {
		b.Note = "repair on site"
	}
	if g.r.IntN(2) == 0 {
		b.TWStart, b.TWEnd = 9*3600, 12*3600
	} else {
		b.TWStart, b.TWEnd = 13*3600, 17*3600
	}
	return b
}

func (g *drawer) bulk(t Township) booking.Booking {
	b := g.base(t, booking.Bulk)
	n := 5 + g.r.IntN(16)
	counts := map[string]int{}
	for range n {
		counts[g.category()]++
	}
	for _, k := range g.cats {
		if counts[k] > 0 {
			b.Items = append(b.Items, booking.Item{Category: k, Count: counts[k]})
		}
	}
	b.Latest = g.flex(0, 0, 30, 30, 40)
	b.TWStart, b.TWEnd = 9*3600, 17*3600
	b.Note = "store hand-over (代收代储), loading dock"
	return b
}

// poisson draws from a Poisson distribution with mean lambda (Knuth's
// method below 30, a rounded normal above).
func poisson(r *rand.Rand, lambda float64) int {
	if !(lambda > 0) {
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
