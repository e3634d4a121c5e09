package ledger

import (
	"context"
	"strconv"

	"time"
)

// FactKey identifies one cell of the daily facts that reports add up: a
// China-time day, the county where the appliances were collected (their
// origin), a category ("*" for booking counts over all categories), a
// producer ("" if none) and a subsidy class (trade-ins only).
type FactKey struct {
	Day      int32 // days since 2000-01-01, China time
	County   string
	Category string
	Producer string
	Subsidy  string
}

// Date returns the key's day as YYYY-MM-DD.
func (k FactKey) Date() string { return dayTime(k.Day).Format("2006-01-02") }

// Measures are the additive figures of one fact cell.
type Measures struct {
	CollectedUnits int64   `json:"collected_units"`
	CollectedKg    float64 `json:"collected_kg"`
	// Bookings counts collected events with a booking; BookingDays sums
	// their days from booking to pickup; Timed counts those with a latest
	// date or window end, OnTime those of them served in time.
	Bookings    int64   `json:"bookings"`
	BookingDays float64 `json:"booking_days"`
	Timed       int64   `json:"timed"`
	OnTime      int64   `json:"on_time"`
	// TradeIns counts new appliances delivered (以旧换新 done).
	TradeIns      int64   `json:"trade_ins"`
	HandedUnits   int64   `json:"handed_units"`
	HandedKg      float64 `json:"handed_kg"`
	LicensedUnits int64   `json:"licensed_units"`
	LicensedKg    float64 `json:"licensed_kg"`
	// Simulated counts the pieces of simulated events.
	Simulated int64 `json:"simulated"`
}

// Add adds m2 to m.
func (m *Measures) Add(m2 *Measures) {
	m.CollectedUnits += m2.CollectedUnits
	m.CollectedKg += m2.CollectedKg
	m.Bookings += m2.Bookings
	m.BookingDays += m2.BookingDays
	m.Timed += m2.Timed
	m.OnTime += m2.OnTime
	m.TradeIns += m2.TradeIns
	m.HandedUnits += m2.HandedUnits
	m.HandedKg += m2.HandedKg
	m.LicensedUnits += m2.LicensedUnits
	m.LicensedKg += m2.LicensedKg
	m.Simulated += m2.Simulated
}

// Facts are daily facts keyed by FactKey: the pre-aggregation that
// reports read. The file and memory stores build them with Aggregate; the
// PostgreSQL store keeps them in a table written in each append's
// transaction.
type Facts map[FactKey]*Measures

func (f Facts) add(k FactKey, m Measures) {
	c := f[k]
	if c == nil {
		c = &Measures{}
		f[k] = c
	}
	c.Add(&m)
}

// Aggregate reads every event of s and returns its daily facts.
func Aggregate(ctx context.Context, s Store) (Facts, error) {
	a := NewAggregator()
	if err := s.Scan(ctx, func(e Event) error { a.Add(&e); return nil }); err != nil {
		return nil, err
	}
	return a.Facts(), nil
}

// Aggregator turns events, in storage order, into daily facts.
type Aggregator struct {
	r     *replayer
	facts Facts
}

// NewAggregator returns an empty aggregator.
func NewAggregator() *Aggregator { return &Aggregator{r: newReplayer(), facts: Facts{}} }

// NewAggregatorFor returns an empty aggregator that remembers only the
// events named in corrected (those adjustments correct), for ledgers too
// big to hold: a first pass over the events finds them.
func NewAggregatorFor(corrected map[string]bool) *Aggregator {
	a := NewAggregator()
	a.r.keep = corrected
	if a.r.keep == nil {
		a.r.keep = map[string]bool{}
	}
	return a
}

// Add adds the effects of e (an adjustment's are the difference it makes
// to the event it corrects, on the adjustment's day).
func (a *Aggregator) Add(e *Event) {
	a.r.add(e, func(f effect) { EffectFacts(f.ev, f.items, f.sign, f.at, a.facts.add) })
}

// Facts returns the facts so far.
func (a *Aggregator) Facts() Facts { return a.facts }

// EffectFacts emits the facts of event ev counted with items, sign (+1,
// or −1 to take back what an adjustment corrects) on the day of at: the
// one definition of what an event contributes to reports, shared by every
// store.
func EffectFacts(ev *Event, items []Item, sign int, at time.Time, emit func(FactKey, Measures)) {
	day := dayKey(at)
	s := int64(sign)
	fs := float64(sign)
	for _, it := range items {
		k := FactKey{Day: day, County: it.Origin, Category: it.Category, Producer: it.Producer}
		n, kg := s*int64(it.Count), fs*it.Kg
		var sim int64
		if ev.Simulated {
			sim = n
		}
		switch ev.Type {
		case Collected:
			emit(k, Measures{CollectedUnits: n, CollectedKg: kg, Simulated: sim})
		case Delivered:
			k.Subsidy = ev.Subsidy
			emit(k, Measures{TradeIns: n, Simulated: sim})
		case HandedOver:
			m := Measures{HandedUnits: n, HandedKg: kg, Simulated: sim}
			if ev.Licensed {
				m.LicensedUnits, m.LicensedKg = n, kg
			}
			emit(k, m)
		}
	}
	if ev.Type != Collected || ev.Booking == nil || len(items) == 0 {
		return
	}
	b := ev.Booking
	m := Measures{Bookings: s, BookingDays: fs * ev.Time.Sub(b.BookedAt).Hours() / 24}
	if b.Latest != "" || b.TWEnd != "" {
		m.Timed = s
		if onTime(ev.Time, b) {
			m.OnTime = s
		}
	}
	county := items[0].Origin
	seen := map[string]bool{}
	for _, it := range items {
		if !seen[it.Category] {
			seen[it.Category] = true
			emit(FactKey{Day: day, County: county, Category: it.Category}, m)
		}
	}
	emit(FactKey{Day: day, County: county, Category: AllCategories}, m)
}

// AllCategories is the category of booking facts over all categories.
const AllCategories = "*"

// onTime reports whether a pickup at t keeps booking b: on or before its
// latest date and, if it has a window end, no later than that clock time
// (China time).
func onTime(t time.Time, b *Booking) bool {
	local := t.In(China)
	if b.Latest != "" && local.Format("2006-01-02") > b.Latest {
		return false
	}
	if b.TWEnd != "" {
		h, _ := strconv.Atoi(b.TWEnd[:2])
		m, _ := strconv.Atoi(b.TWEnd[3:])
		end := h*60 + m
		if local.Hour()*60+local.Minute() > end || (local.Hour()*60+local.Minute() == end && local.Second() > 0) {
			return false
		}
	}
	return true
}
