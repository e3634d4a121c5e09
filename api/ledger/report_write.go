package ledger

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
)

// ReportHeader is the header of a report's CSV: one row per area, period
// and category. Percentages are per cent with one decimal; an empty cell
// has no denominator (nothing collected, no timed bookings, no forecast
// or target).
var ReportHeader = []string{"area", "area_name", "level", "period", "category",
	"units", "tonnes", "trade_ins", "trade_ins_by_subsidy",
	"handed_over_units", "handed_over_tonnes", "licensed_units", "licensed_tonnes", "licensed_pct",
	"bookings", "mean_days_to_pickup", "on_time_pct",
	"forecast_units", "forecast_tonnes", "forecast_pct",
	"target_units", "target_tonnes", "target_pct"}

// reportHeaderZh names the CSV columns in Chinese, for the XLSX and HTML
// tables a county submits.
var reportHeaderZh = map[string]string{
	"area": "地区代码", "area_name": "地区", "level": "层级", "period": "期间", "category": "品类",
	"units": "回收量(台)", "tonnes": "回收量(吨)", "trade_ins": "以旧换新(台)", "trade_ins_by_subsidy": "以旧换新按补贴类别",
	"handed_over_units": "交拆解(台)", "handed_over_tonnes": "交拆解(吨)", "licensed_units": "交持证拆解企业(台)",
	"licensed_tonnes": "交持证拆解企业(吨)", "licensed_pct": "持证拆解比例(%)",
	"bookings": "预约上门(单)", "mean_days_to_pickup": "预约至上门平均天数", "on_time_pct": "按时上门比例(%)",
	"forecast_units": "预测回收量(台)", "forecast_tonnes": "预测回收量(吨)", "forecast_pct": "完成预测(%)",
	"target_units": "目标(台)", "target_tonnes": "目标(吨)", "target_pct": "完成目标(%)",
}

// Record returns the row as CSV cells in the order of ReportHeader.
func (r *ReportRow) Record(level Level) []string {
	f := func(v float64, prec int) string { return strconv.FormatFloat(v, 'f', prec, 64) }
	opt := func(v *float64, prec int) string {
		if v == nil {
			return ""
		}
		return f(*v, prec)
	}
	return []string{r.Area, r.AreaName, string(level), r.Period, r.Category,
		strconv.FormatInt(r.Units, 10), f(r.Tonnes, 3), strconv.FormatInt(r.TradeIns, 10), SubsidyText(r.TradeInsBySubsidy),
		strconv.FormatInt(r.HandedOverUnits, 10), f(r.HandedOverTonnes, 3), strconv.FormatInt(r.LicensedUnits, 10), f(r.LicensedTonnes, 3), opt(r.LicensedPct, 1),
		strconv.FormatInt(r.Bookings, 10), opt(r.MeanDaysToPickup, 2), opt(r.OnTimePct, 1),
		opt(r.ForecastUnits, 1), opt(r.ForecastTonnes, 3), opt(r.ForecastPct, 1),
		opt(r.TargetUnits, 1), opt(r.TargetTonnes, 3), opt(r.TargetPct, 1)}
}

// SubsidyText writes trade-ins per subsidy class as "class:n;class:n",
// sorted by class.
func SubsidyText(m map[string]int64) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s:%d", k, m[k])
	}
	return strings.Join(parts, ";")
}

// WriteCSV writes the report's rows (per area and category) as CSV.
func (rep *Report) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(ReportHeader); err != nil {
		return err
	}
	for i := range rep.Rows {
		if err := cw.Write(rep.Rows[i].Record(rep.Level)); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// WriteJSON writes the whole report as indented JSON.
func (rep *Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(rep)
}
