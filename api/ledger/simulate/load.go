package simulate

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"time"

	"github.com/huishou/huishou/api/ledger"
	"github.com/huishou/huishou/optimizer/supply"
	"github.com/huishou/huishou/scenarios/region"
)

// LoadOptions configure AppendLoad.
type LoadOptions struct {
	Writers int // concurrent writers; default 16
	Events  int // distinct events in all; default 20,000
	// Sends is how often each event is sent (1 + retries); default 2: a
	// retry of every event, from another writer, racing the first send.
	Sends int
	// Sites is the number of vehicles written to; default Writers·4.
	Sites int
	// Timed, if set, is called with the timed part of the run (the
	// appends, not the read-back) and must call it once: a benchmark
	// measures CPU time around it.
	Timed func(run func() error) error
}

// LoadResult is what AppendLoad measured.
type LoadResult struct {
	Writers, Events, Sends int
	Elapsed                time.Duration
	PerSecond              float64 // distinct events stored per second
	Stored, Lost, Doubled  int
	Duplicates             int // sends answered as already stored
}

// LoadSites returns the registry AppendLoad writes to: n vehicles of
// county 510104.
func LoadSites(n int) (*ledger.Sites, error) {
	list := make([]ledger.Site, n)
	for i := range list {
		list[i] = ledger.Site{ID: fmt.Sprintf("load-v%03d", i), Kind: ledger.Vehicle, County: "510104"}
	}
	return ledger.NewSites(list)
}

// AppendLoad appends opt.Events collected events to l (whose registry must
// hold LoadSites) from opt.Writers goroutines, each event sent opt.Sends
// times by different writers, then reads the store back and counts the
// events lost and doubled. l's clock must accept 2025 times.
func AppendLoad(ctx context.Context, l *ledger.Ledger, opt LoadOptions) (*LoadResult, error) {
	if opt.Writers <= 0 {
		opt.Writers = 16
	}
	if opt.Events <= 0 {
		opt.Events = 20000
	}
	if opt.Sends <= 0 {
		opt.Sends = 2
	}
	if opt.Sites <= 0 {
		opt.Sites = opt.Writers * 4
	}
	base := time.Date(2025, 6, 1, 8, 0, 0, 0, ledger.China)
	event := func(i int) ledger.Event {
		return ledger.Event{ClientID: fmt.Sprintf("load-%07d", i), Type: ledger.Collected, Site: fmt.Sprintf("load-v%03d", i%opt.Sites),
			Time:  base.Add(time.Duration(i) * time.Second),
			Items: []ledger.Item{{Category: "television", Count: 1, Kg: 15}}, Simulated: true,
			Booking: &ledger.Booking{ID: fmt.Sprintf("lb-%07d", i), BookedAt: base.Add(-24 * time.Hour)}}
	}
	var next atomic.Int64
	var dups atomic.Int64
	var wg sync.WaitGroup
	errs := make(chan error, opt.Writers)
	var start time.Time
	var el time.Duration
	total := int64(opt.Events * opt.Sends)
	run := func() error {
		start = time.Now()
		for range opt.Writers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					k := next.Add(1) - 1
					if k >= total {
						return
					}
					// Send s of event i: the sends of one event are spread over
					// the run so that retries race other writers' first sends.
					i, s := int(k/int64(opt.Sends)), k%int64(opt.Sends)
					if s > 0 {
						i = (i + int(s)*opt.Writers/2) % opt.Events
					}
					_, dup, err := l.Append(ctx, event(i))
					if err != nil {
						errs <- err
						return
					}
					if dup {
						dups.Add(1)
					}
				}
			}()
		}
		wg.Wait()
		el = time.Since(start)
		close(errs)
		for err := range errs {
			return err
		}
		return nil
	}
	timed := opt.Timed
	if timed == nil {
		timed = func(run func() error) error { return run() }
	}
	if err := timed(run); err != nil {
		return nil, err
	}
	res := &LoadResult{Writers: opt.Writers, Events: opt.Events, Sends: opt.Sends, Elapsed: el, Duplicates: int(dups.Load())}
	seen := map[string]int{}
	if err := l.Store().Scan(ctx, func(e ledger.Event) error { seen[e.ClientID]++; return nil }); err != nil {
		return nil, err
	}
	for i := range opt.Events {
		switch n := seen[fmt.Sprintf("load-%07d", i)]; {
		case n == 0:
			res.Lost++
		case n > 1:
			res.Doubled++
		}
	}
	res.Stored = len(seen)
	res.PerSecond = float64(opt.Events) / el.Seconds()
	return res, nil
}

// ProvinceYear generates a synthetic, hash-chained province-year ledger
// of about perCountyDay·365·counties events for every county of reg:
// per county and day, collections by the county's vehicles (categories
// and weights by the forecast's mix, producers, a third of the large
// appliances traded in), each vehicle's unloading at the transfer
// station, a daily transfer to the prefecture's sorting centre and a
// hand-over to a dismantler every third day. Events come in time order
// per day and are marked simulated. It is the load of the report
// benchmark; Run makes realistic ledgers.
func ProvinceYear(reg *region.Region, year int, perCountyDay int, seed uint64, emit func(*ledger.Event) error) (*ledger.Sites, error) {
	fc, err := supply.Forecast(areasOf(reg), supply.Options{Year: year})
	if err != nil {
		return nil, err
	}
	cats := fc.Categories
	s := &sim{reg: reg, sites: map[string]ledger.Site{}}
	heads := map[string]ledger.Head{}
	n := 0
	put := func(e *ledger.Event) error {
		n++
		h := heads[e.Site]
		e.ClientID = fmt.Sprintf("py-%09d", n)
		e.Simulated = true
		e.Seq, e.Prev = h.Seq+1, h.Hash
		e.ID = ledger.EventID(e.Site, e.Seq)
		site := s.sites[e.Site]
		e.County = site.County
		for i := range e.Items {
			if e.Items[i].Origin == "" {
				e.Items[i].Origin = e.County
			}
		}
		if e.Type == ledger.HandedOver {
			e.Licensed = s.sites[e.Peer].Licensed
		}
		e.Hash = ledger.HashOf(e)
		heads[e.Site] = ledger.Head{Seq: e.Seq, Hash: e.Hash}
		return emit(e)
	}
	r := rand.New(rand.NewPCG(seed, 0x9e))
	const vehicles = 6
	for _, c := range reg.Counties {
		s.county(&c)
		for v := 1; v <= vehicles; v++ {
			s.site(fmt.Sprintf("v-%s-%02d", c.Adcode, v), ledger.Vehicle, c.Adcode, "", false)
		}
	}
	start := time.Date(year, 1, 1, 0, 0, 0, 0, ledger.China)
	for d := 0; d < 365; d++ {
		day := start.AddDate(0, 0, d)
		for ci := range reg.Counties {
			c := &reg.Counties[ci]
			rows := fc.ByArea(c.Adcode)
			total := 0.0
			for _, row := range rows {
				total += row.Units
			}
			ts, sc := stationID(c.Adcode), centreID(c.PrefectureAdcode)
			// Collections: perCountyDay events less the day's others.
			pickups := perCountyDay - vehicles - 3
			loads := make([][]ledger.Item, vehicles)
			for k := 0; k < pickups; k++ {
				u := r.Float64() * total
				cat := cats[len(cats)-1]
				for i, row := range rows {
					if u -= row.Units; u < 0 {
						cat = cats[i]
						break
					}
				}
				v := k % vehicles
				t := day.Add(time.Duration(8*3600+k*36000/max(pickups, 1)) * time.Second)
				it := ledger.Item{Category: cat.ID, Count: 1, Kg: round1(cat.WeightKg * (1 + 0.08*r.NormFloat64())), Producer: producers[r.IntN(len(producers))].name}
				vid := fmt.Sprintf("v-%s-%02d", c.Adcode, v+1)
				bk := &ledger.Booking{ID: fmt.Sprintf("pyb-%s-%d-%d", c.Adcode, d, k), BookedAt: t.Add(-time.Duration(24+r.IntN(48)) * time.Hour),
					Latest: ledger.Day(t.Add(time.Duration(r.IntN(48)-6) * time.Hour))}
				if cat.TwoPerson && r.IntN(3) == 0 {
					k++
					if err := put(&ledger.Event{Type: ledger.Delivered, Time: t, Site: vid, Subsidy: subsidyClasses[r.IntN(2)].name, Booking: bk,
						Items: []ledger.Item{{Category: cat.ID, Count: 1, Kg: round1(cat.WeightKg * 1.1)}}}); err != nil {
						return nil, err
					}
				}
				if err := put(&ledger.Event{Type: ledger.Collected, Time: t, Site: vid, Booking: bk, Items: []ledger.Item{it}}); err != nil {
					return nil, err
				}
				loads[v] = append(loads[v], it)
			}
			var station []ledger.Item
			for v, load := range loads {
				if len(load) == 0 {
					continue
				}
				items := merge(load, c.Adcode)
				if err := put(&ledger.Event{Type: ledger.Received, Time: day.Add(18*time.Hour + time.Duration(v)*time.Minute), Site: ts,
					Peer: fmt.Sprintf("v-%s-%02d", c.Adcode, v+1), Items: items}); err != nil {
					return nil, err
				}
				station = append(station, items...)
			}
			if len(station) == 0 {
				continue
			}
			items := merge(station, c.Adcode)
			id := fmt.Sprintf("T-%s-%d", c.Adcode, d)
			out := day.Add(20 * time.Hour)
			if err := put(&ledger.Event{Type: ledger.Transferred, Direction: ledger.Out, Transfer: id, Time: out, Site: ts, Peer: sc, Items: items}); err != nil {
				return nil, err
			}
			if err := put(&ledger.Event{Type: ledger.Transferred, Direction: ledger.In, Transfer: id, Time: out.Add(2 * time.Hour), Site: sc, Peer: ts, Items: items}); err != nil {
				return nil, err
			}
			if d%3 == 2 {
				if err := put(&ledger.Event{Type: ledger.HandedOver, Time: out.Add(3 * time.Hour), Site: sc, Peer: s.nearestDismantler(c.Adcode),
					Receipt: fmt.Sprintf("R-%s-%d", c.Adcode, d), Items: items}); err != nil {
					return nil, err
				}
			}
		}
	}
	list := make([]ledger.Site, 0, len(s.sites))
	for _, id := range sortedKeys(s.sites) {
		list = append(list, s.sites[id])
	}
	return ledger.NewSites(list)
}

func areasOf(reg *region.Region) []supply.Area {
	out := make([]supply.Area, len(reg.Counties))
	for i, c := range reg.Counties {
		out[i] = supply.Area{ID: c.Adcode, Name: c.Name, Households: float64(c.Households), UrbanShare: c.UrbanShare}
	}
	return out
}
