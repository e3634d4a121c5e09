package booking

import (
	"slices"

	"github.com/huishou/huishou/optimizer/supply"
)

// Handling is what one piece of an appliance category asks of a truck and
// its crew.
type Handling struct {
	Category string  // e.g. "refrigerator"
	NameZh   string  // e.g. "电冰箱"
	WeightKg float64 // per piece
	VolumeL  float64 // per piece, as carried
	// PickupMin is the crew's time per piece at a household: uninstall
	// (supply's UninstallMin) plus carrying it to the truck and loading.
	PickupMin float64
	// InstallMin is the time to carry in and set up a new piece (trade-in).
	InstallMin float64
	// LoadMin is the time per piece at a store or collection point, where
	// the pieces wait uninstalled (bulk).
	LoadMin float64
	Crew    int      // people needed to lift it: 2 for refrigerators, washers, split air conditioners
	Skills  []string // skills needed to uninstall it, e.g. ac_uninstall
}

// Handling defaults beyond those of optimizer/supply. UNSOURCED
// assumptions from the practice of appliance pickup crews, to be replaced
// by a company's own figures (Catalog is a plain map).
const (
	CarryMin        = 3  // carry one piece from the home to the truck, load and strap it
	InstallMin      = 10 // carry in and place a new piece (more for some categories, see DefaultCatalog)
	BulkLoadMin     = 2  // load one prepared piece at a store or collection point
	StopMin         = 5  // park, greet, paperwork and payment at every stop
	ServiceVisitMin = 45 // an after-sales visit (repair or installation) without other work
)

// Catalog maps a category id to its handling.
type Catalog map[string]Handling

// DefaultCatalog returns the handling of supply.DefaultCategories: weight,
// volume, uninstall minutes, two-person lifts and skills from supply, plus
// CarryMin per piece picked up and the installation minutes of a new
// piece (InstallMin; 60 for a split air conditioner, 30 for a water heater
// or a range hood: wall mounting and connections).
func DefaultCatalog() Catalog {
	return CatalogOf(supply.DefaultCategories())
}

// CatalogOf returns the handling of the given categories (see
// DefaultCatalog for the added defaults).
func CatalogOf(cats []supply.Category) Catalog {
	c := Catalog{}
	for _, k := range cats {
		h := Handling{Category: k.ID, NameZh: k.NameZh, WeightKg: k.WeightKg, VolumeL: k.VolumeL,
			PickupMin: CarryMin + k.UninstallMin, InstallMin: InstallMin, LoadMin: BulkLoadMin, Crew: 1,
			Skills: slices.Clone(k.Skills)}
		switch k.ID {
		case "air_conditioner":
			h.InstallMin = 60
		case "water_heater", "range_hood":
			h.InstallMin = 30
		}
		if k.TwoPerson {
			h.Crew = 2
		}
		c[k.ID] = h
	}
	return c
}

// Categories returns the catalog's category ids, sorted.
func (c Catalog) Categories() []string {
	out := make([]string, 0, len(c))
	for k := range c {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// Need is what serving one booking takes: the load picked up and the load
// delivered (a trade-in's new appliances), the time at the stop, the crew
// and the skills.
type Need struct {
	PickupKg, PickupL     float64
	PickupPieces          int
	DeliveryKg, DeliveryL float64
	DeliveryPieces        int
	ServiceSec            int      // at the stop: StopMin plus the work
	Crew                  int      // people needed (at least 1)
	Skills                []string // sorted, without duplicates
}

// Need returns what b takes. Categories missing from the catalog count as
// nothing (Validate rejects them). The new appliance of a trade-in is
// taken to be of the same category and count as the old one (like for
// like), so the delivery mirrors the pickup.
func (c Catalog) Need(b *Booking) Need {
	n := Need{Crew: 1}
	min := float64(StopMin)
	kind := b.Kind
	if kind == "" {
		kind = Pickup
	}
	for _, it := range b.Items {
		h, ok := c[it.Category]
		if !ok || it.Count <= 0 {
			continue
		}
		q := float64(it.Count)
		n.PickupKg += q * h.WeightKg
		n.PickupL += q * h.VolumeL
		n.PickupPieces += it.Count
		n.Crew = max(n.Crew, h.Crew)
		switch kind {
		case Bulk:
			min += q * h.LoadMin
		case TradeIn:
			n.DeliveryKg += q * h.WeightKg
			n.DeliveryL += q * h.VolumeL
			n.DeliveryPieces += it.Count
			min += q * (h.PickupMin + h.InstallMin)
			n.Skills = append(n.Skills, h.Skills...)
		default:
			min += q * h.PickupMin
			n.Skills = append(n.Skills, h.Skills...)
		}
	}
	if kind == Service {
		min += ServiceVisitMin
	}
	n.Skills = append(n.Skills, b.Skills...)
	slices.Sort(n.Skills)
	n.Skills = slices.Compact(n.Skills)
	n.ServiceSec = int(min*60 + 0.5)
	return n
}
