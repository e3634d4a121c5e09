package ledger

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"
)

// testNow is the fixed clock of the tests.
var testNow = time.Date(2025, 7, 15, 12, 0, 0, 0, time.UTC)

func testSites(t testing.TB) *Sites {
	t.Helper()
	s, err := NewSites([]Site{
		{ID: "v1", Kind: Vehicle, County: "510104", Name: "truck 1"},
		{ID: "v2", Kind: Vehicle, County: "510104", Name: "truck 2"},
		{ID: "v3", Kind: Vehicle, County: "510105", Name: "truck 3"},
		{ID: "cp1", Kind: CollectionPoint, County: "510104", Name: "point 1"},
		{ID: "cp2", Kind: CollectionPoint, County: "510105", Name: "point 2"},
		{ID: "ts1", Kind: TransferStation, County: "510104", Name: "station 1"},
		{ID: "sc1", Kind: SortingCentre, County: "510106", Name: "centre 1"},
		{ID: "wh1", Kind: Warehouse, County: "510104", Name: "front warehouse"},
		{ID: "dp1", Kind: Dismantler, County: "510112", Name: "licensed plant", Licensed: true},
		{ID: "dp2", Kind: Dismantler, County: "510112", Name: "unlicensed yard"},
	})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func testLedger(t testing.TB, s Store) *Ledger {
	return New(s, testSites(t), Options{Now: func() time.Time { return testNow }})
}

func at(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, China)
	if err != nil {
		panic(err)
	}
	return t
}

func mustAppend(t testing.TB, l *Ledger, e Event) Event {
	t.Helper()
	got, _, err := l.Append(context.Background(), e)
	if err != nil {
		t.Fatalf("append %s: %v", e.ClientID, err)
	}
	return got
}

// world simulates physical flows of appliances to make valid random
// event streams, keeping the true stock of every site in grams.
type world struct {
	r      *rand.Rand
	now    time.Time
	n      int
	stock  map[string]map[string][2]int64 // site → category → {pieces, grams}
	events []Event
	// collected events that may be adjusted: id → items as stored
	adjustable []int
}

func newWorld(seed uint64) *world {
	return &world{r: rand.New(rand.NewPCG(seed, 1)), now: at("2025-04-01 08:00"), stock: map[string]map[string][2]int64{}}
}

var worldCats = []string{"refrigerator", "television", "washing_machine"}

func (w *world) move(site, cat string, n, g int64) {
	m := w.stock[site]
	if m == nil {
		m = map[string][2]int64{}
		w.stock[site] = m
	}
	q := m[cat]
	m[cat] = [2]int64{q[0] + n, q[1] + g}
}

// take picks up to a random part of site's stock as items (nil if empty).
func (w *world) take(site string) []Item {
	var items []Item
	for _, c := range worldCats {
		q := w.stock[site][c]
		if q[0] <= 0 || w.r.IntN(3) == 0 {
			continue
		}
		n := 1 + w.r.Int64N(q[0])
		g := q[1] * n / q[0]
		if n == q[0] {
			g = q[1]
		}
		items = append(items, Item{Category: c, Count: int(n), Kg: float64(g) / 1000})
	}
	return items
}

func (w *world) emit(e Event) {
	w.n++
	w.now = w.now.Add(time.Duration(1+w.r.IntN(600)) * time.Minute)
	if w.now.After(testNow) {
		w.now = testNow
	}
	e.Time = w.now
	e.ClientID = fmt.Sprintf("c%05d", w.n)
	w.events = append(w.events, e)
}

// step makes one random valid event and books it on the true stock.
func (w *world) step() {
	vehicles := []string{"v1", "v2", "v3"}
	hubs := []string{"cp1", "cp2", "ts1", "sc1"}
	switch k := w.r.IntN(10); {
	case k < 4: // collect
		v := vehicles[w.r.IntN(3)]
		var items []Item
		for _, c := range worldCats {
			if w.r.IntN(2) == 0 {
				n := 1 + w.r.IntN(3)
				g := int64(n) * (10000 + w.r.Int64N(40000))
				items = append(items, Item{Category: c, Count: n, Kg: float64(g) / 1000})
				w.move(v, c, int64(n), g)
			}
		}
		if len(items) == 0 {
			return
		}
		w.emit(Event{Type: Collected, Site: v, Items: items,
			Booking: &Booking{ID: fmt.Sprintf("b%d", w.n), BookedAt: w.now.Add(-48 * time.Hour), Latest: Day(w.now.Add(24 * time.Hour))}})
		w.adjustable = append(w.adjustable, len(w.events)-1)
	case k < 6: // unload a vehicle at a hub
		v, h := vehicles[w.r.IntN(3)], hubs[w.r.IntN(3)]
		items := w.take(v)
		if items == nil {
			return
		}
		for _, it := range items {
			g := int64(it.Kg*1000 + 0.5)
			w.move(v, it.Category, -int64(it.Count), -g)
			w.move(h, it.Category, int64(it.Count), g)
		}
		w.emit(Event{Type: Received, Site: h, Peer: v, Items: items})
	case k < 8: // transfer between hubs, both ends (the receiving end later)
		a, b := hubs[w.r.IntN(4)], hubs[w.r.IntN(4)]
		if a == b {
			return
		}
		items := w.take(a)
		if items == nil {
			return
		}
		for _, it := range items {
			g := int64(it.Kg*1000 + 0.5)
			w.move(a, it.Category, -int64(it.Count), -g)
			w.move(b, it.Category, int64(it.Count), g)
		}
		id := fmt.Sprintf("t%d", w.n)
		w.emit(Event{Type: Transferred, Direction: Out, Site: a, Peer: b, Transfer: id, Items: items})
		w.emit(Event{Type: Transferred, Direction: In, Site: b, Peer: a, Transfer: id, Items: items})
	case k < 9: // hand over to a dismantler
		h := hubs[w.r.IntN(4)]
		items := w.take(h)
		if items == nil {
			return
		}
		for _, it := range items {
			w.move(h, it.Category, -int64(it.Count), -int64(it.Kg*1000+0.5))
		}
		d := []string{"dp1", "dp2"}[w.r.IntN(2)]
		w.emit(Event{Type: HandedOver, Site: h, Peer: d, Receipt: fmt.Sprintf("R%d", w.n), Items: items})
	default: // adjust a collected event whose vehicle still has enough stock
		if len(w.adjustable) == 0 {
			return
		}
		i := w.adjustable[w.r.IntN(len(w.adjustable))]
		o := w.events[i]
		// The new count of the first item: one more, or one less if the
		// vehicle still holds the piece.
		it := o.Items[0]
		if cur, ok := w.current(i); ok {
			it = cur[0]
		}
		per := int64(it.Kg*1000+0.5) / int64(it.Count)
		delta := int64(1)
		if q := w.stock[o.Site][it.Category]; w.r.IntN(2) == 0 && it.Count > 1 && q[0] >= 1 && q[1] >= per {
			delta = -1
		}
		cur, _ := w.current(i)
		if cur == nil {
			cur = o.Items
		}
		nItems := append([]Item(nil), cur...)
		nItems[0].Count += int(delta)
		nItems[0].Kg = float64(int64(nItems[0].Kg*1000+0.5)+delta*per) / 1000
		w.move(o.Site, it.Category, delta, delta*per)
		w.emit(Event{Type: Adjusted, Site: o.Site, Corrects: fmt.Sprintf("#%d", i), Items: nItems})
	}
}

// current returns the items of event i after the adjustments emitted so far.
func (w *world) current(i int) ([]Item, bool) {
	var cur []Item
	ok := false
	for _, e := range w.events {
		if e.Type == Adjusted && e.Corrects == fmt.Sprintf("#%d", i) {
			cur, ok = e.Items, true
		}
	}
	return cur, ok
}

// run appends the world's events to l, resolving "#i" references to the
// stored ids.
func (w *world) run(t testing.TB, l *Ledger) []Event {
	t.Helper()
	ids := make([]string, len(w.events))
	out := make([]Event, len(w.events))
	for i, e := range w.events {
		if e.Type == Adjusted {
			var j int
			fmt.Sscanf(e.Corrects, "#%d", &j)
			e.Corrects = ids[j]
		}
		out[i] = mustAppend(t, l, e)
		ids[i] = out[i].ID
	}
	return out
}
