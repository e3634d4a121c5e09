package scenarios

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/huishou/huishou/optimizer/supply"
)

// SupplyRow is the wire form of one county × category row of a returns
// forecast (`huishou supply --format csv|json`).
type SupplyRow struct {
	Adcode        string      `json:"adcode"`
	County        string      `json:"county"`
	Prefecture    string      `json:"prefecture"`
	Category      string      `json:"category"`
	Households    float64     `json:"households"`
	Stock         float64     `json:"stock"`
	Retired       float64     `json:"retired"`
	CollectRate   float64     `json:"collect_rate"`
	Units         float64     `json:"units"`
	Tonnes        float64     `json:"tonnes"`
	M3            float64     `json:"m3"`
	PerDay        float64     `json:"units_per_day"`
	PerDayPeak    float64     `json:"units_per_day_peak"`
	PerDayByMonth [12]float64 `json:"units_per_day_by_month"`
}

// prefectures maps each county adcode of s to its prefecture's name.
func (s *Scenario) prefectures() map[string]string {
	m := make(map[string]string, len(s.Counties))
	for _, c := range s.Counties {
		m[c.Adcode] = c.Prefecture
	}
	return m
}

// SupplyRows converts a forecast of scenario s (made by Forecast) to its
// rows, in the forecast's order (area-major, categories within).
func SupplyRows(s *Scenario, res *supply.Result) []SupplyRow {
	prefecture := s.prefectures()
	out := make([]SupplyRow, len(res.Rows))
	nc := len(res.Categories)
	for i, r := range res.Rows {
		out[i] = SupplyRow{
			Adcode: r.AreaID, County: r.AreaName, Prefecture: prefecture[r.AreaID], Category: r.Category,
			Households: res.Areas[i/nc].Households, Stock: r.Stock, Retired: r.Retired, CollectRate: r.CollectRate,
			Units: r.Units, Tonnes: r.Tonnes, M3: r.M3, PerDay: r.PerDay, PerDayPeak: r.PeakPerDay(), PerDayByMonth: r.PerDayByMonth,
		}
	}
	return out
}

// SupplyCSVHeader is the header row of WriteSupplyCSV.
var SupplyCSVHeader = []string{"adcode", "county", "prefecture", "category", "households", "stock", "retired", "collect_rate",
	"units", "tonnes", "m3", "units_per_day", "units_per_day_peak"}

// WriteSupplyCSV writes rows as CSV with SupplyCSVHeader (the monthly
// figures are in the JSON form only).
func WriteSupplyCSV(w io.Writer, rows []SupplyRow) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(SupplyCSVHeader); err != nil {
		return err
	}
	f := func(v float64, prec int) string { return strconv.FormatFloat(v, 'f', prec, 64) }
	for _, r := range rows {
		rec := []string{r.Adcode, r.County, r.Prefecture, r.Category, f(r.Households, 0), f(r.Stock, 1), f(r.Retired, 2), f(r.CollectRate, 4),
			f(r.Units, 2), f(r.Tonnes, 4), f(r.M3, 4), f(r.PerDay, 4), f(r.PerDayPeak, 4)}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// WriteSupplyJSON writes rows as an indented JSON array.
func WriteSupplyJSON(w io.Writer, rows []SupplyRow) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", " ")
	return enc.Encode(rows)
}

// WriteSupplyTable writes a forecast of scenario s as a text summary: the
// levers, one line per category and the total, then the top areas by
// collected tonnes (none when top ≤ 0).
func WriteSupplyTable(w io.Writer, s *Scenario, res *supply.Result, top int) error {
	prefecture := s.prefectures()
	lv := res.Levers
	hh := 0.0
	for _, a := range res.Areas {
		hh += a.Households
	}
	fmt.Fprintf(w, "returns forecast: scenario %s, year %d, %d areas, %.2f M households\n", s.Name, res.Year, len(res.Areas), hh/1e6)
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
