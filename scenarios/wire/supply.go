package wire

import (
	"encoding/csv"
	"encoding/json"
	"io"
	"strconv"

	"github.com/huishou/huishou/optimizer/supply"
	"github.com/huishou/huishou/scenarios/region"
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

// prefectures maps each county adcode of reg to its prefecture's name.
func prefectures(reg *region.Region) map[string]string {
	m := make(map[string]string, len(reg.Counties))
	for _, c := range reg.Counties {
		m[c.Adcode] = c.Prefecture
	}
	return m
}

// SupplyRows converts a forecast of region reg (made by stage.Forecast) to
// its rows, in the forecast's order (area-major, categories within).
func SupplyRows(reg *region.Region, res *supply.Result) []SupplyRow {
	prefecture := prefectures(reg)
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
