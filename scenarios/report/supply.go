package report

import (
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/huishou/huishou/optimizer/supply"
	"github.com/huishou/huishou/scenarios/region"
)

// WriteSupplyTable writes a forecast of region reg as a text summary: the
// levers, one line per category and the total, then the top areas by
// collected tonnes (none when top ≤ 0).
func WriteSupplyTable(w io.Writer, reg *region.Region, res *supply.Result, top int) error {
	prefecture := map[string]string{}
	for _, c := range reg.Counties {
		prefecture[c.Adcode] = c.Prefecture
	}
	lv := res.Levers
	hh := 0.0
	for _, a := range res.Areas {
		hh += a.Households
	}
	fmt.Fprintf(w, "returns forecast: scenario %s, year %d, %d areas, %.2f M households\n", reg.Name, res.Year, len(res.Areas), hh/1e6)
	fmt.Fprintf(w, "levers: subsidy %.0f %% (elasticity %g), door-to-door +%.0f %% of households (uplift %g), formal share %s\n\n",
		lv.SubsidyShare*100, lv.Elasticity, lv.DoorToDoorCoverage*100, lv.DoorToDoorUplift, formalShareText(lv.FormalShare))

	fmt.Fprintf(w, "%-16s %11s %11s %6s %12s %8s %9s %8s %8s\n", "category", "stock", "retired/yr", "rate", "collected/yr", "t/yr", "m³/yr", "per day", "peak day")
	line := func(name string, r supply.Row) {
		fmt.Fprintf(w, "%-16s %11.0f %11.0f %6.3f %12.0f %8.0f %9.0f %8.0f %8.0f\n", name, r.Stock, r.Retired, r.CollectRate, r.Units, r.Tonnes, r.M3, r.PerDay, r.PeakPerDay())
	}
	for _, r := range res.Totals() {
		line(r.Category, r)
	}
	line("total", res.Total())

	// Top counties by collected tonnes.
	type county struct {
		id, name         string
		units, t, m3, pk float64
	}
	nc := len(res.Categories)
	cs := make([]county, len(res.Areas))
	for a, ar := range res.Areas {
		c := county{id: ar.ID, name: ar.Name}
		for _, r := range res.Rows[a*nc : (a+1)*nc] {
			c.units += r.Units
			c.t += r.Tonnes
			c.m3 += r.M3
			c.pk += r.PeakPerDay()
		}
		cs[a] = c
	}
	sort.SliceStable(cs, func(i, j int) bool { return cs[i].t > cs[j].t })
	top = min(max(top, 0), len(cs))
	if top == 0 {
		return nil
	}
	fmt.Fprintf(w, "\ntop %d areas by collected tonnes:\n", top)
	fmt.Fprintf(w, "%-8s %s %s %12s %8s %9s %8s\n", "adcode", padWidth("area", 12), padWidth("prefecture", 18), "collected/yr", "t/yr", "m³/yr", "peak day")
	for _, c := range cs[:top] {
		fmt.Fprintf(w, "%-8s %s %s %12.0f %8.0f %9.0f %8.0f\n", c.id, padWidth(c.name, 12), padWidth(prefecture[c.id], 18), c.units, c.t, c.m3, c.pk)
	}
	_, err := fmt.Fprintln(w, "\npeak day = expected pickups per day in the busiest month (June 618 / November Double 11, assumed profile)")
	return err
}

// padWidth pads s with spaces to n terminal columns, counting CJK
// characters as two columns.
func padWidth(s string, n int) string {
	w := 0
	for _, r := range s {
		w++
		if r >= 0x1100 && (r <= 0x115f || (r >= 0x2e80 && r <= 0xa4cf) || (r >= 0xac00 && r <= 0xd7a3) || (r >= 0xf900 && r <= 0xfaff) || (r >= 0xff00 && r <= 0xff60)) {
			w++
		}
	}
	return s + strings.Repeat(" ", max(n-w, 0))
}

func formalShareText(s float64) string {
	if s == 0 {
		return "per category (default)"
	}
	return strings.TrimRight(strconv.FormatFloat(s, 'f', 3, 64), "0")
}
