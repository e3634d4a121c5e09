package ledger

import (
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"math"
	"strings"
)

//go:embed report.html.tmpl
var reportHTML string

var reportTmpl = template.Must(template.New("report").Parse(reportHTML))

type htmlCell struct {
	Text string
	Num  bool
}

type htmlChart struct {
	Title string
	SVG   template.HTML
}

// WriteHTML writes the report as one printable HTML page: a bar chart
// (inline SVG) per indicator — units and tonnes collected, trade-ins, the
// share reaching licensed dismantlers, days from booking to pickup, the
// share served on time, and the achievement of forecast and targets — by
// area, or by category when the report has one area; then the tables.
func (rep *Report) WriteHTML(w io.Writer) error {
	header := make([]struct{ Zh, Key string }, len(ReportHeader))
	for i, h := range ReportHeader {
		header[i].Zh, header[i].Key = reportHeaderZh[h], h
	}
	table := func(rows []ReportRow) [][]htmlCell {
		out := make([][]htmlCell, len(rows))
		for i := range rows {
			rec := rows[i].Record(rep.Level)
			out[i] = make([]htmlCell, len(rec))
			for j, s := range rec {
				_, isText := cellValue(ReportHeader[j], s).(string)
				out[i][j] = htmlCell{Text: s, Num: !isText}
			}
		}
		return out
	}
	bars := rep.Totals
	byCat := len(rep.Totals) == 1
	if byCat {
		bars = rep.Rows
	}
	label := func(r *ReportRow) string {
		if byCat {
			return r.Category
		}
		if r.AreaName != "" {
			return r.AreaName
		}
		return r.Area
	}
	type ind struct {
		title, unit string
		v           func(r *ReportRow) *float64
		ref         float64
	}
	num := func(x float64) *float64 { return &x }
	inds := []ind{
		{"回收量 units collected", "台", func(r *ReportRow) *float64 { return num(float64(r.Units)) }, 0},
		{"回收量 tonnes collected", "t", func(r *ReportRow) *float64 { return num(r.Tonnes) }, 0},
		{"以旧换新 trade-ins done", "台", func(r *ReportRow) *float64 { return num(float64(r.TradeIns)) }, 0},
		{"交持证拆解企业 share reaching licensed dismantlers", "%", func(r *ReportRow) *float64 { return r.LicensedPct }, 100},
		{"预约至上门 mean days from booking to pickup", "d", func(r *ReportRow) *float64 { return r.MeanDaysToPickup }, 0},
		{"按时上门 bookings served on time", "%", func(r *ReportRow) *float64 { return r.OnTimePct }, 100},
		{"完成预测 collected / forecast", "%", func(r *ReportRow) *float64 { return r.ForecastPct }, 100},
		{"完成目标 collected / target", "%", func(r *ReportRow) *float64 { return r.TargetPct }, 100},
	}
	var charts []htmlChart
	for k, in := range inds {
		labels := make([]string, len(bars))
		vals := make([]*float64, len(bars))
		any := false
		for i := range bars {
			labels[i], vals[i] = label(&bars[i]), in.v(&bars[i])
			any = any || vals[i] != nil
		}
		if !any {
			continue
		}
		charts = append(charts, htmlChart{Title: in.title, SVG: barChart(fmt.Sprintf("c%d", k), labels, vals, in.unit, in.ref)})
	}
	return reportTmpl.Execute(w, map[string]any{
		"Period": rep.Period, "Level": rep.Level, "From": rep.From, "To": rep.To, "Simulated": rep.Simulated,
		"Totals": rep.Totals, "Charts": charts,
		"TotalTable": map[string]any{"Header": header, "Rows": table(append(append([]ReportRow(nil), rep.Totals...), rep.Total))},
		"RowTable":   map[string]any{"Header": header, "Rows": table(rep.Rows)},
	})
}

// barChart draws a horizontal bar chart as inline SVG: one bar per label,
// its value written at its end ("–" for none), and a dashed reference line
// at ref (e.g. 100 %) when ref > 0. id prefixes nothing global: the chart
// defines no ids, so several charts share a page safely.
func barChart(id string, labels []string, vals []*float64, unit string, ref float64) template.HTML {
	const (
		labelW = 130
		barMax = 260
		rowH   = 20
		pad    = 6
	)
	maxV := ref
	for _, v := range vals {
		if v != nil && *v > maxV {
			maxV = *v
		}
	}
	if maxV <= 0 {
		maxV = 1
	}
	w := labelW + barMax + 80
	h := pad*2 + rowH*len(labels)
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" class="%s" width="%d" height="%d" viewBox="0 0 %d %d" font-size="11" role="img">`, id, w, h, w, h)
	for i, l := range labels {
		y := pad + i*rowH
		fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="end">%s</text>`, labelW-6, y+14, template.HTMLEscapeString(truncate(l, 18)))
		text := "–"
		if v := vals[i]; v != nil {
			bw := math.Max(0, *v/maxV*barMax)
			fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%.1f" height="%d" fill="#4a7ab5"/>`, labelW, y+3, bw, rowH-6)
			text = trimNum(*v, unit) + " " + unit
			fmt.Fprintf(&b, `<text x="%.1f" y="%d">%s</text>`, float64(labelW)+bw+4, y+14, template.HTMLEscapeString(text))
		} else {
			fmt.Fprintf(&b, `<text x="%d" y="%d" fill="#888">%s</text>`, labelW+4, y+14, text)
		}
	}
	if ref > 0 {
		x := float64(labelW) + ref/maxV*barMax
		fmt.Fprintf(&b, `<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#c33" stroke-dasharray="3,3"/>`, x, pad, x, h-pad)
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// trimNum writes a bar's value: whole numbers bare, per cents with one
// decimal, other figures with two below 100.
func trimNum(v float64, unit string) string {
	switch {
	case v == math.Trunc(v) && math.Abs(v) < 1e15:
		return fmt.Sprintf("%.0f", v)
	case unit == "%":
		return fmt.Sprintf("%.1f", v)
	case math.Abs(v) >= 100:
		return fmt.Sprintf("%.0f", v)
	}
	return fmt.Sprintf("%.2f", v)
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
