package ledger

import (
	"context"
	"fmt"
	"math"
	"sort"
)

// Qty is a quantity of appliances.
type Qty struct {
	Units int     `json:"units"`
	Kg    float64 `json:"kg"`
}

func (q *Qty) add(sign, units int, kg float64) {
	q.Units += sign * units
	q.Kg += float64(sign) * kg
}

// Plus returns q + r.
func (q Qty) Plus(r Qty) Qty { return Qty{q.Units + r.Units, q.Kg + r.Kg} }

// Minus returns q − r.
func (q Qty) Minus(r Qty) Qty { return Qty{q.Units - r.Units, q.Kg - r.Kg} }

// BalanceRow is one site's stock of one category over a period:
//
//	Opening + Collected + Received + TransferIn − Unloaded − TransferOut − HandedOver + Adjusted = Closing
//
// Unloaded is what a vehicle gave to the sites that received from it;
// Adjusted is the net of the corrections recorded in the period. Closing
// is computed on its own from every event before the period's end, so
// the identity checks the bookkeeping.
type BalanceRow struct {
	Site        string `json:"site"`
	Kind        Kind   `json:"kind,omitempty"`
	County      string `json:"county,omitempty"`
	Category    string `json:"category"`
	Opening     Qty    `json:"opening"`
	Collected   Qty    `json:"collected"`
	Received    Qty    `json:"received"`
	TransferIn  Qty    `json:"transfer_in"`
	Unloaded    Qty    `json:"unloaded"`
	TransferOut Qty    `json:"transfer_out"`
	HandedOver  Qty    `json:"handed_over"`
	Adjusted    Qty    `json:"adjusted"`
	Closing     Qty    `json:"closing"`
}

// Computed returns the closing stock by the identity (opening + in − out).
func (r *BalanceRow) Computed() Qty {
	return r.Opening.Plus(r.Collected).Plus(r.Received).Plus(r.TransferIn).
		Minus(r.Unloaded).Minus(r.TransferOut).Minus(r.HandedOver).Plus(r.Adjusted)
}

// Flag is a finding of the balance that needs a person's look.
type Flag struct {
	Kind   string   `json:"kind"`
	Site   string   `json:"site,omitempty"`
	Events []string `json:"events,omitempty"`
	Msg    string   `json:"msg"`
}

// Flag kinds.
const (
	FlagTransferMismatch = "transfer_mismatch" // the two ends differ beyond the tolerance
	FlagTransferUnpaired = "transfer_unpaired" // a receiving end without a sending end, or several of one end
	FlagInTransit        = "in_transit"        // sent, not received by the period's end
	FlagNegativeStock    = "negative_stock"    // a site gave away more than it had
	FlagDuplicateReceipt = "duplicate_receipt" // one dismantler receipt on two hand-overs
	FlagDoubleCollection = "booking_collected_twice"
)

// BalanceOptions configure Balance.
type BalanceOptions struct {
	Period Period
	// Site, if set, limits the rows to one site (flags stay global).
	Site string
	// Tolerance for the two ends of a transfer: they may differ by up to
	// max(ToleranceKg, TolerancePct % of the sending end's kg) per
	// category; pieces must agree. Defaults 1 kg and 2 %.
	ToleranceKg  float64
	TolerancePct float64
}

// Default transfer tolerances.
const (
	DefaultToleranceKg  = 1.0
	DefaultTolerancePct = 2.0
)

// BalanceSheet is the mass balance of every site and category over a
// period, with the flags raised.
type BalanceSheet struct {
	Period string       `json:"period"`
	Rows   []BalanceRow `json:"rows"`
	Flags  []Flag       `json:"flags"`
}

// Balance computes the mass balance per site and category for
// opt.Period from the events of s (see BalanceRow), and flags transfers
// whose ends differ beyond the tolerance or lack an end, negative stock,
// receipts used twice and bookings collected twice. sites, if not nil,
// fills in each row's kind and county.
func Balance(ctx context.Context, s Store, sites *Sites, opt BalanceOptions) (*BalanceSheet, error) {
	if opt.Period.Start.IsZero() {
		return nil, inputErr("period", "required")
	}
	if opt.ToleranceKg == 0 {
		opt.ToleranceKg = DefaultToleranceKg
	}
	if opt.TolerancePct == 0 {
		opt.TolerancePct = DefaultTolerancePct
	}
	b := newBalancer(opt)
	if err := s.Scan(ctx, func(e Event) error { b.add(&e); return nil }); err != nil {
		return nil, err
	}
	return b.sheet(sites), nil
}

type siteCat struct{ site, cat string }

type balancer struct {
	opt       BalanceOptions
	r         *replayer
	rows      map[siteCat]*BalanceRow
	transfers map[string]*transferEnds
	receipts  map[[2]string]string
	bookings  map[string]string
	flags     []Flag
}

type transferEnds struct {
	out, in []*Event
}

func newBalancer(opt BalanceOptions) *balancer {
	return &balancer{opt: opt, r: newReplayer(), rows: map[siteCat]*BalanceRow{},
		transfers: map[string]*transferEnds{}, receipts: map[[2]string]string{}, bookings: map[string]string{}}
}

func (b *balancer) row(site, cat string) *BalanceRow {
	k := siteCat{site, cat}
	r := b.rows[k]
	if r == nil {
		r = &BalanceRow{Site: site, Category: cat}
		b.rows[k] = r
	}
	return r
}

func (b *balancer) add(e *Event) {
	p := b.opt.Period
	if e.Type != Adjusted && e.Time.Before(p.End) {
		switch e.Type {
		case Transferred:
			t := b.transfers[e.Transfer]
			if t == nil {
				t = &transferEnds{}
				b.transfers[e.Transfer] = t
			}
			if e.Direction == Out {
				t.out = append(t.out, e)
			} else {
				t.in = append(t.in, e)
			}
		case HandedOver:
			k := [2]string{e.Peer, e.Receipt}
			if first, dup := b.receipts[k]; dup && p.Contains(e.Time) {
				b.flags = append(b.flags, Flag{Kind: FlagDuplicateReceipt, Site: e.Site, Events: []string{first, e.ID},
					Msg: fmt.Sprintf("receipt %q of %s already on %s", e.Receipt, e.Peer, first)})
			} else if !dup {
				b.receipts[k] = e.ID
			}
		case Collected:
			if e.Booking != nil {
				if first, dup := b.bookings[e.Booking.ID]; dup && p.Contains(e.Time) {
					b.flags = append(b.flags, Flag{Kind: FlagDoubleCollection, Site: e.Site, Events: []string{first, e.ID},
						Msg: fmt.Sprintf("booking %q already collected by %s", e.Booking.ID, first)})
				} else if !dup {
					b.bookings[e.Booking.ID] = e.ID
				}
			}
		}
	}
	b.r.add(e, b.effect)
}

// effect books one effect on the stock of the sites it touches.
func (b *balancer) effect(f effect) {
	p := b.opt.Period
	if !f.at.Before(p.End) {
		return
	}
	before := f.at.Before(p.Start)
	book := func(site string, col func(*BalanceRow) *Qty, out bool) {
		for _, it := range f.items {
			r := b.row(site, it.Category)
			s := f.sign
			if out {
				s = -s
			}
			r.Closing.add(s, it.Count, it.Kg)
			switch {
			case before:
				r.Opening.add(s, it.Count, it.Kg)
			case f.adjust != nil:
				r.Adjusted.add(s, it.Count, it.Kg)
			default:
				col(r).add(f.sign, it.Count, it.Kg)
			}
		}
	}
	e := f.ev
	switch e.Type {
	case Collected:
		book(e.Site, func(r *BalanceRow) *Qty { return &r.Collected }, false)
	case Received:
		book(e.Site, func(r *BalanceRow) *Qty { return &r.Received }, false)
		if e.Peer != "" {
			book(e.Peer, func(r *BalanceRow) *Qty { return &r.Unloaded }, true)
		}
	case Transferred:
		if e.Direction == Out {
			book(e.Site, func(r *BalanceRow) *Qty { return &r.TransferOut }, true)
		} else {
			book(e.Site, func(r *BalanceRow) *Qty { return &r.TransferIn }, false)
		}
	case HandedOver:
		book(e.Site, func(r *BalanceRow) *Qty { return &r.HandedOver }, true)
	}
}

func (b *balancer) sheet(sites *Sites) *BalanceSheet {
	p := b.opt.Period
	sh := &BalanceSheet{Period: p.Label, Flags: b.flags}
	for _, r := range b.rows {
		r.Opening.Kg, r.Closing.Kg, r.Adjusted.Kg = roundGram(r.Opening.Kg), roundGram(r.Closing.Kg), roundGram(r.Adjusted.Kg)
		for _, q := range []*Qty{&r.Collected, &r.Received, &r.TransferIn, &r.Unloaded, &r.TransferOut, &r.HandedOver} {
			q.Kg = roundGram(q.Kg)
		}
		if r.Closing.Units < 0 || r.Closing.Kg < -0.0005 {
			sh.Flags = append(sh.Flags, Flag{Kind: FlagNegativeStock, Site: r.Site,
				Msg: fmt.Sprintf("%s: closing stock %d pieces, %.3f kg: more went out than came in", r.Category, r.Closing.Units, r.Closing.Kg)})
		}
		if b.opt.Site != "" && r.Site != b.opt.Site {
			continue
		}
		if sites != nil {
			if s, ok := sites.Site(r.Site); ok {
				r.Kind, r.County = s.Kind, s.County
			}
		}
		sh.Rows = append(sh.Rows, *r)
	}
	sort.Slice(sh.Rows, func(i, j int) bool {
		if sh.Rows[i].Site != sh.Rows[j].Site {
			return sh.Rows[i].Site < sh.Rows[j].Site
		}
		return sh.Rows[i].Category < sh.Rows[j].Category
	})
	ids := make([]string, 0, len(b.transfers))
	for id := range b.transfers {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		t := b.transfers[id]
		touches := func(es []*Event) bool {
			for _, e := range es {
				if p.Contains(e.Time) {
					return true
				}
			}
			return false
		}
		if !touches(t.out) && !touches(t.in) {
			continue
		}
		evs := func() []string {
			var s []string
			for _, e := range append(append([]*Event(nil), t.out...), t.in...) {
				s = append(s, e.ID)
			}
			return s
		}
		switch {
		case len(t.out) > 1 || len(t.in) > 1:
			sh.Flags = append(sh.Flags, Flag{Kind: FlagTransferUnpaired, Site: firstSite(t), Events: evs(),
				Msg: fmt.Sprintf("transfer %q has %d sending and %d receiving ends", id, len(t.out), len(t.in))})
		case len(t.out) == 0:
			sh.Flags = append(sh.Flags, Flag{Kind: FlagTransferUnpaired, Site: t.in[0].Site, Events: evs(),
				Msg: fmt.Sprintf("transfer %q received from %s, which recorded no sending end", id, t.in[0].Peer)})
		case len(t.in) == 0:
			sh.Flags = append(sh.Flags, Flag{Kind: FlagInTransit, Site: t.out[0].Site, Events: evs(),
				Msg: fmt.Sprintf("transfer %q sent to %s on %s, not received by the period's end", id, t.out[0].Peer, Day(t.out[0].Time))})
		default:
			o, i := t.out[0], t.in[0]
			if o.Peer != i.Site || i.Peer != o.Site {
				sh.Flags = append(sh.Flags, Flag{Kind: FlagTransferUnpaired, Site: o.Site, Events: evs(),
					Msg: fmt.Sprintf("transfer %q: sent from %s to %s, received at %s from %s", id, o.Site, o.Peer, i.Site, i.Peer)})
				continue
			}
			if msg := b.compareEnds(b.r.current(o.ID), b.r.current(i.ID)); msg != "" {
				sh.Flags = append(sh.Flags, Flag{Kind: FlagTransferMismatch, Site: o.Site, Events: evs(),
					Msg: fmt.Sprintf("transfer %q from %s to %s: %s", id, o.Site, i.Site, msg)})
			}
		}
	}
	return sh
}

func firstSite(t *transferEnds) string {
	if len(t.out) > 0 {
		return t.out[0].Site
	}
	return t.in[0].Site
}

// compareEnds compares the items of a transfer's two ends per category.
func (b *balancer) compareEnds(out, in []Item) string {
	sum := func(items []Item) map[string]Qty {
		m := map[string]Qty{}
		for _, it := range items {
			q := m[it.Category]
			q.add(1, it.Count, it.Kg)
			m[it.Category] = q
		}
		return m
	}
	o, i := sum(out), sum(in)
	cats := map[string]bool{}
	for c := range o {
		cats[c] = true
	}
	for c := range i {
		cats[c] = true
	}
	var keys []string
	for c := range cats {
		keys = append(keys, c)
	}
	sort.Strings(keys)
	for _, c := range keys {
		so, si := o[c], i[c]
		tol := math.Max(b.opt.ToleranceKg, b.opt.TolerancePct/100*so.Kg)
		if so.Units != si.Units {
			return fmt.Sprintf("%s: %d pieces sent, %d received", c, so.Units, si.Units)
		}
		if d := math.Abs(so.Kg - si.Kg); d > tol+1e-9 {
			return fmt.Sprintf("%s: %.3f kg sent, %.3f kg received (%.3f kg apart, tolerance %.3f kg)", c, so.Kg, si.Kg, d, tol)
		}
	}
	return ""
}
