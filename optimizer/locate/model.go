package locate

import (
	"fmt"
	"math"
	"strconv"
)

// Problem is a multi-echelon capacitated facility-location problem.
//
// Demand points are served by sites of tier 0; the inflow of a site of tier t
// leaves it over Links to sites of tier t+1; the sites of the last tier are
// terminal (fixed sinks are terminal sites with Status ForceOpen and no fixed
// cost). Every unit of demand therefore passes once through every tier. A
// site's capacity bounds its inflow (throughput).
//
// The one-tier problem with all Capacity > 0 is the CFLP, with SingleSource
// the SSCFLP, and with all Capacity == 0 the uncapacitated problem (UFL).
type Problem struct {
	// Demands are the demand points; each lists its candidate tier-0 sites
	// (sparse: only the arcs that exist).
	Demands []Demand
	// Sites are the candidate sites of every tier, indexed 0..len-1.
	Sites []Site
	// Links are the arcs from sites of tier t to sites of tier t+1.
	Links []Link
	// SingleSource requires every demand point to be served entirely by one
	// tier-0 site. Flows between tiers are always divisible.
	SingleSource bool
	// Coverage, when Radius > 0, charges Penalty on every demand arc whose
	// Distance exceeds Radius (scaled by the fraction of the demand served
	// through it).
	Coverage Coverage
	// Budget, when > 0, bounds the sum of the fixed costs of the open sites.
	Budget float64
}

// Demand is one demand point.
type Demand struct {
	// Amount is the demand in units (≥ 0); it weighs against capacities.
	Amount float64
	// Arcs are the tier-0 sites that may serve this point.
	Arcs []Arc
}

// Arc connects a demand point to a tier-0 site.
type Arc struct {
	// Site is the index into Problem.Sites (a tier-0 site).
	Site int
	// Cost is the cost of serving the whole Amount of the demand point
	// through this arc (a fraction f of the demand costs f·Cost).
	Cost float64
	// Distance is compared with Coverage.Radius.
	Distance float64
}

// Link is an arc between sites of consecutive tiers with a per-unit cost.
type Link struct {
	From, To int // indices into Problem.Sites; tier(To) = tier(From)+1
	Cost     float64
}

// Coverage is a service radius for tier-0 sites.
type Coverage struct {
	Radius  float64 // 0 = no coverage rule
	Penalty float64 // charged per demand point served beyond Radius
}

// Status forces a site open or closed.
type Status int8

// Site statuses.
const (
	Free        Status = iota // the solver decides
	ForceOpen                 // the site must open (at one of its modules)
	ForceClosed               // the site must stay closed
)

// Site is a candidate site.
type Site struct {
	// Tier is 0 for the sites serving demand points, then 1, 2, …
	Tier int
	// Fixed is the fixed cost of opening the site (used when Modules is empty).
	Fixed float64
	// Capacity bounds the inflow of the open site; 0 means unlimited (used
	// when Modules is empty).
	Capacity float64
	// Modules, when non-empty, are the sizes the site may open at: exactly
	// one of them, each with its fixed cost and capacity (0 = unlimited).
	// At most 63 modules.
	Modules []Module
	// Handling is the cost per unit of inflow.
	Handling float64
	// Status forces the site open or closed.
	Status Status
}

// Module is one size a site may open at.
type Module struct {
	Fixed    float64
	Capacity float64 // 0 = unlimited
	// Handling is a cost per unit of inflow paid on top of Site.Handling
	// when the site opens at this module (larger modules often handle more
	// cheaply). It must be non-negative.
	Handling float64
}

// InputError is a problem the caller must fix in the input; Field is the
// path of the offending field, such as "demands[3].arcs[0].site".
type InputError struct {
	Field string
	Msg   string
}

func (e *InputError) Error() string { return "locate: " + e.Field + ": " + e.Msg }

// FieldPath returns the path of the offending field (Field), so that one
// error mapper can name it for any package's InputError.
func (e *InputError) FieldPath() string { return e.Field }

func bad(field, format string, a ...any) error {
	return &InputError{Field: field, Msg: fmt.Sprintf(format, a...)}
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// Validate checks p and returns an *InputError naming the first bad field.
func (p *Problem) Validate() error {
	if p == nil {
		return bad("problem", "is nil")
	}
	if len(p.Sites) == 0 {
		return bad("sites", "no candidate sites")
	}
	maxTier := 0
	for i, s := range p.Sites {
		f := "sites[" + strconv.Itoa(i) + "]"
		if s.Tier < 0 {
			return bad(f+".tier", "%d is negative", s.Tier)
		}
		maxTier = max(maxTier, s.Tier)
		if !finite(s.Fixed) || s.Fixed < 0 {
			return bad(f+".fixed", "%v is not a finite non-negative number", s.Fixed)
		}
		if !finite(s.Capacity) || s.Capacity < 0 {
			return bad(f+".capacity", "%v is not a finite non-negative number", s.Capacity)
		}
		if !finite(s.Handling) {
			return bad(f+".handling", "%v is not finite", s.Handling)
		}
		if s.Status < Free || s.Status > ForceClosed {
			return bad(f+".status", "unknown status %d", s.Status)
		}
		if len(s.Modules) > 63 {
			return bad(f+".modules", "%d modules, at most 63", len(s.Modules))
		}
		for k, m := range s.Modules {
			if !finite(m.Fixed) || m.Fixed < 0 {
				return bad(fmt.Sprintf("%s.modules[%d].fixed", f, k), "%v is not a finite non-negative number", m.Fixed)
			}
			if !finite(m.Capacity) || m.Capacity < 0 {
				return bad(fmt.Sprintf("%s.modules[%d].capacity", f, k), "%v is not a finite non-negative number", m.Capacity)
			}
			if !finite(m.Handling) || m.Handling < 0 {
				return bad(fmt.Sprintf("%s.modules[%d].handling", f, k), "%v is not a finite non-negative number", m.Handling)
			}
		}
	}
	tiers := make([]bool, maxTier+1)
	for _, s := range p.Sites {
		tiers[s.Tier] = true
	}
	for t, ok := range tiers {
		if !ok {
			return bad("sites", "tier %d has no site (tiers must be 0..%d)", t, maxTier)
		}
	}
	if len(p.Demands) == 0 {
		return bad("demands", "no demand points")
	}
	for j, d := range p.Demands {
		f := "demands[" + strconv.Itoa(j) + "]"
		if !finite(d.Amount) || d.Amount < 0 {
			return bad(f+".amount", "%v is not a finite non-negative number", d.Amount)
		}
		if len(d.Arcs) == 0 {
			return bad(f+".arcs", "no candidate site")
		}
		for k, a := range d.Arcs {
			fa := fmt.Sprintf("%s.arcs[%d]", f, k)
			if a.Site < 0 || a.Site >= len(p.Sites) {
				return bad(fa+".site", "%d out of range [0,%d)", a.Site, len(p.Sites))
			}
			if p.Sites[a.Site].Tier != 0 {
				return bad(fa+".site", "site %d is in tier %d, demand arcs go to tier 0", a.Site, p.Sites[a.Site].Tier)
			}
			if !finite(a.Cost) {
				return bad(fa+".cost", "%v is not finite", a.Cost)
			}
			if math.IsNaN(a.Distance) {
				return bad(fa+".distance", "is NaN")
			}
		}
	}
	for k, l := range p.Links {
		f := "links[" + strconv.Itoa(k) + "]"
		if l.From < 0 || l.From >= len(p.Sites) {
			return bad(f+".from", "%d out of range [0,%d)", l.From, len(p.Sites))
		}
		if l.To < 0 || l.To >= len(p.Sites) {
			return bad(f+".to", "%d out of range [0,%d)", l.To, len(p.Sites))
		}
		if p.Sites[l.To].Tier != p.Sites[l.From].Tier+1 {
			return bad(f+".to", "site %d is in tier %d, links go from tier t to t+1 (from is tier %d)", l.To, p.Sites[l.To].Tier, p.Sites[l.From].Tier)
		}
		if !finite(l.Cost) {
			return bad(f+".cost", "%v is not finite", l.Cost)
		}
	}
	if !finite(p.Coverage.Radius) || p.Coverage.Radius < 0 {
		return bad("coverage.radius", "%v is not a finite non-negative number", p.Coverage.Radius)
	}
	if !finite(p.Coverage.Penalty) {
		return bad("coverage.penalty", "%v is not finite", p.Coverage.Penalty)
	}
	if !finite(p.Budget) || p.Budget < 0 {
		return bad("budget", "%v is not a finite non-negative number", p.Budget)
	}
	return nil
}

// Option returns the fixed cost and capacity (0 = unlimited) of option o of
// site s: option 0 is "closed"; option k ≥ 1 is Modules[k-1], or the site's
// own Fixed/Capacity when it has no modules (then only option 1 exists).
func (s *Site) option(o int) (fixed, capacity, handling float64) {
	if len(s.Modules) == 0 {
		return s.Fixed, s.Capacity, 0
	}
	m := s.Modules[o-1]
	return m.Fixed, m.Capacity, m.Handling
}

func (s *Site) numOptions() int { return max(1, len(s.Modules)) + 1 }
