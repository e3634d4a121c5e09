package report

import (
	"bytes"
	"fmt"
	"html/template"
	"image/color"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/huishou/huishou/scenarios"
	"github.com/huishou/huishou/scenarios/region"
)

// WriteCompareFiles writes a comparison to dir: compare.html, compare.csv
// and compare.json. It returns the paths written.
func WriteCompareFiles(dir string, c *scenarios.Comparison) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	var written []string
	for _, f := range []struct {
		name string
		fill func(io.Writer) error
	}{{"compare.html", func(w io.Writer) error { return WriteCompareHTML(w, c) }}, {"compare.csv", c.WriteCSV}, {"compare.json", c.WriteJSON}} {
		var buf bytes.Buffer
		if err := f.fill(&buf); err != nil {
			return written, err
		}
		path := filepath.Join(dir, f.name)
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			return written, fmt.Errorf("report: %w", err)
		}
		written = append(written, path)
	}
	return written, nil
}

type compareData struct {
	C        *scenarios.Comparison
	Rows     []compareRow
	Charts   []template.HTML
	Pareto   template.HTML
	Maps     []template.HTML
	Notes    map[string][]string
	Baseline string
}

type compareRow struct {
	KPI   scenarios.KPIInfo
	Cells []compareCell
}

type compareCell struct {
	Value, Delta string
	Class        string // "better", "worse" or ""
}

var compareTmpl = template.Must(template.New("compare.html").Funcs(funcs).ParseFS(templateFS, "templates/compare.html"))

// WriteCompareHTML writes the comparison page: the KPI table with deltas
// against the baseline, a bar chart per KPI, annual cost against coverage
// with the Pareto front, and the scenarios' maps side by side with the
// sites opened and closed against the baseline.
func WriteCompareHTML(w io.Writer, c *scenarios.Comparison) error {
	d := compareData{C: c, Baseline: c.Baseline, Notes: map[string][]string{}}
	var base *scenarios.Compared
	for i := range c.Scenarios {
		if c.Scenarios[i].Name == c.Baseline {
			base = &c.Scenarios[i]
		}
	}
	for _, k := range c.KPIs {
		row := compareRow{KPI: k}
		digits := k.Digits
		for _, s := range c.Scenarios {
			v, ok := s.Values[k.Name]
			if !ok {
				row.Cells = append(row.Cells, compareCell{Value: "—"})
				continue
			}
			cell := compareCell{Value: num(v, digits)}
			if dv, ok := s.Deltas[k.Name]; ok && s.Name != c.Baseline {
				cell.Delta = signedNum(dv, digits)
				switch {
				case dv*float64(k.Better) > 0:
					cell.Class = "better"
				case dv*float64(k.Better) < 0:
					cell.Class = "worse"
				}
			}
			row.Cells = append(row.Cells, cell)
		}
		d.Rows = append(d.Rows, row)
		svg, err := barChart(c, k, digits)
		if err != nil {
			return err
		}
		d.Charts = append(d.Charts, svg)
	}
	var err error
	if d.Pareto, err = paretoChart(c); err != nil {
		return err
	}
	if base != nil && sameRegion(c) {
		for i := range c.Scenarios {
			svg, err := svgWithIDs(ChangeMap(&c.Scenarios[i], base, regionOf(c), 420), fmt.Sprintf("map%d-", i+1))
			if err != nil {
				return err
			}
			d.Maps = append(d.Maps, template.HTML(svg))
		}
	}
	for _, s := range c.Scenarios {
		d.Notes[s.Name] = s.Summary().Notes
	}
	return compareTmpl.Execute(w, d)
}

func sameRegion(c *scenarios.Comparison) bool {
	if len(c.Scenarios) == 0 {
		return false
	}
	r0 := c.Scenarios[0].Summary()
	for _, s := range c.Scenarios {
		if r := s.Summary(); r.Region != r0.Region || r.Prefecture != r0.Prefecture {
			return false
		}
	}
	return true
}

// regionOf returns the region of the comparison's maps: a run's own (when
// the comparison was made from runs), else the built-in region of that
// name, else nil (the maps then frame the sites alone).
func regionOf(c *scenarios.Comparison) *region.Region {
	if len(c.Scenarios) == 0 {
		return nil
	}
	if r := c.Scenarios[0].Result(); r != nil {
		return r.Region
	}
	reg, err := region.Builtin(c.Scenarios[0].Summary().Region)
	if err != nil {
		return nil
	}
	return reg
}

func num(v float64, digits int) string {
	s := fmt.Sprintf("%.*f", digits, v)
	if s == "-0" || strings.HasPrefix(s, "-0.") && strings.Trim(s, "-0.") == "" {
		s = s[1:]
	}
	return s
}

func signedNum(v float64, digits int) string {
	s := num(v, digits)
	if !strings.HasPrefix(s, "-") && strings.Trim(s, "0.") != "" {
		s = "+" + s
	}
	return s
}

// chartColors are the bar colours: the baseline grey, the others blue.
var (
	baseColor  = color.RGBA{R: 0x99, G: 0x99, B: 0x99, A: 0xff}
	otherColor = color.RGBA{R: 0x31, G: 0x82, B: 0xbd, A: 0xff}
)

// barChart draws one KPI across the scenarios as SVG.
func barChart(c *scenarios.Comparison, k scenarios.KPIInfo, digits int) (template.HTML, error) {
	p := plot.New()
	p.Title.Text = k.Label
	top := 0.0
	for _, s := range c.Scenarios {
		top = math.Max(top, math.Abs(s.Values[k.Name]))
	}
	scale, unit := 1.0, k.Unit
	switch {
	case top >= 1e6:
		scale, unit = 1e-6, "M "+k.Unit
	case top >= 1e4:
		scale, unit = 1e-3, "k "+k.Unit
	}
	p.Y.Label.Text = unit
	p.Y.Min = 0
	var names []string
	for i, s := range c.Scenarios {
		v := s.Values[k.Name] * scale
		bars, err := plotter.NewBarChart(plotter.Values{v}, vg.Points(18))
		if err != nil {
			return "", fmt.Errorf("report: chart %s: %w", k.Name, err)
		}
		bars.Offset = vg.Points(float64(i-len(c.Scenarios)/2) * 20)
		bars.Color = otherColor
		if s.Name == c.Baseline {
			bars.Color = baseColor
		}
		bars.LineStyle.Width = 0
		p.Add(bars)
		names = append(names, s.Name)
	}
	p.X.Tick.Marker = plot.ConstantTicks(nil)
	p.X.Label.Text = strings.Join(shortNames(names), " · ")
	p.X.Label.TextStyle.Font.Size = vg.Points(7)
	return svgOf(p, 3.4*vg.Inch, 2.3*vg.Inch)
}

// shortNames drops the common prefix of scenario names for chart labels.
func shortNames(names []string) []string {
	if len(names) < 2 {
		return names
	}
	pre := names[0]
	for _, n := range names[1:] {
		for !strings.HasPrefix(n, pre) {
			pre = pre[:len(pre)-1]
		}
	}
	if i := strings.LastIndex(pre, "-"); i >= 0 {
		pre = pre[:i+1]
	} else {
		pre = ""
	}
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = strings.TrimPrefix(n, pre)
	}
	return out
}

// paretoChart draws annual cost against coverage, one labelled point per
// scenario, and the Pareto front as a line.
func paretoChart(c *scenarios.Comparison) (template.HTML, error) {
	p := plot.New()
	p.Title.Text = "annual cost against coverage (Pareto front)"
	p.X.Label.Text = "annual cost, M yuan/yr"
	p.Y.Label.Text = "townships covered, %"
	pts := make(plotter.XYs, len(c.Scenarios))
	labels := make([]string, len(c.Scenarios))
	short := shortNames(names(c))
	for i, s := range c.Scenarios {
		pts[i] = plotter.XY{X: s.Values["annual_cost"] / 1e6, Y: s.Values["coverage_pct"]}
		labels[i] = short[i]
	}
	sc, err := plotter.NewScatter(pts)
	if err != nil {
		return "", fmt.Errorf("report: pareto chart: %w", err)
	}
	sc.GlyphStyle.Shape = draw.CircleGlyph{}
	sc.GlyphStyle.Radius = vg.Points(3)
	sc.GlyphStyle.Color = otherColor
	p.Add(sc)
	lb, err := plotter.NewLabels(plotter.XYLabels{XYs: pts, Labels: labels})
	if err != nil {
		return "", fmt.Errorf("report: pareto chart: %w", err)
	}
	for i := range lb.TextStyle {
		lb.TextStyle[i].Font.Size = vg.Points(7)
		lb.TextStyle[i].XAlign = draw.XLeft
	}
	lb.Offset = vg.Point{X: vg.Points(4), Y: vg.Points(2)}
	p.Add(lb)
	var front plotter.XYs
	for _, name := range c.Pareto {
		for _, s := range c.Scenarios {
			if s.Name == name {
				front = append(front, plotter.XY{X: s.Values["annual_cost"] / 1e6, Y: s.Values["coverage_pct"]})
			}
		}
	}
	if len(front) > 1 {
		l, err := plotter.NewLine(front)
		if err != nil {
			return "", fmt.Errorf("report: pareto chart: %w", err)
		}
		l.LineStyle.Color = color.RGBA{R: 0xd7, G: 0x30, B: 0x27, A: 0xff}
		l.LineStyle.Dashes = []vg.Length{vg.Points(4), vg.Points(2)}
		p.Add(l)
		p.Legend.Add("Pareto front", l)
	}
	// room for the labels
	xmin, xmax, ymin, ymax := math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
	for _, q := range pts {
		xmin, xmax = math.Min(xmin, q.X), math.Max(xmax, q.X)
		ymin, ymax = math.Min(ymin, q.Y), math.Max(ymax, q.Y)
	}
	dx, dy := math.Max(xmax-xmin, 0.05*math.Abs(xmax)+1e-9), math.Max(ymax-ymin, 10)
	p.X.Min, p.X.Max = xmin-0.1*dx, xmax+0.45*dx
	p.Y.Min, p.Y.Max = math.Max(0, ymin-0.15*dy), math.Min(100, ymax+0.15*dy)
	if p.Y.Max-p.Y.Min < 5 {
		p.Y.Min = p.Y.Max - 10
	}
	return svgOf(p, 6*vg.Inch, 3.6*vg.Inch)
}

func names(c *scenarios.Comparison) []string {
	out := make([]string, len(c.Scenarios))
	for i, s := range c.Scenarios {
		out[i] = s.Name
	}
	return out
}

// svgOf renders p as inline SVG (without the XML declaration).
func svgOf(p *plot.Plot, w, h vg.Length) (template.HTML, error) {
	wt, err := p.WriterTo(w, h, "svg")
	if err != nil {
		return "", fmt.Errorf("report: %w", err)
	}
	var b bytes.Buffer
	if _, err := wt.WriteTo(&b); err != nil {
		return "", fmt.Errorf("report: %w", err)
	}
	s := b.String()
	if i := strings.Index(s, "<svg"); i >= 0 {
		s = s[i:]
	}
	return template.HTML(s), nil
}
