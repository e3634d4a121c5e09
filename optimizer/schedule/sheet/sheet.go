// Package sheet prints the route sheets of a day plan, one per vehicle:
// printable HTML (A4, one truck per page, with a small route map; the
// template is an embedded file), PDF (codeberg.org/go-pdf/fpdf with an
// embedded CJK TrueType font, so Chinese place names and notes print on
// any machine), GeoJSON (routes and stops) and CSV (dayplan's rows).
//
// sheet may import the operations leaf packages (booking, fleet, dayplan)
// and geo (maps); it must not import optimizer/schedule, scenarios, api or
// cmd.
package sheet

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io"
	"strings"

	"github.com/paulmach/orb"

	"github.com/huishou/huishou/geo"
	"github.com/huishou/huishou/optimizer/schedule/booking"
	"github.com/huishou/huishou/optimizer/schedule/dayplan"
	"github.com/huishou/huishou/optimizer/schedule/fleet"
)

// Options control the writers. The zero value works.
type Options struct {
	// Catalog names the categories (nil: booking.DefaultCatalog()).
	Catalog booking.Catalog
	// Title heads every sheet; "" means "Route sheet 路线单".
	Title string
	// Routes selects routes by index into Plan.Routes; nil means all.
	Routes []int
	// Font is a TrueType font (or collection: its first face is used) with
	// CJK and Latin glyphs for the PDF; nil means the embedded WenQuanYi
	// Micro Hei. CFF-based OpenType fonts (Noto CJK) cannot be embedded.
	Font []byte
	// NoMap leaves the route maps out (smaller files).
	NoMap bool
}

func (o *Options) fill(p *dayplan.Plan) {
	if o.Catalog == nil {
		o.Catalog = booking.DefaultCatalog()
	}
	if o.Title == "" {
		o.Title = "Route sheet 路线单"
	}
	if o.Routes == nil {
		o.Routes = make([]int, len(p.Routes))
		for i := range o.Routes {
			o.Routes[i] = i
		}
	}
}

// page is one vehicle's sheet.
type page struct {
	Title    string
	Date     string
	Route    *dayplan.Route
	Vehicle  *fleet.Vehicle
	Depot    string
	Rows     []dayplan.SheetRow
	Tot      dayplan.SheetTotals
	Map      template.HTML
	Crew     string
	Capacity string
	Shift    string
}

func pages(p *dayplan.Plan, opt Options, withMap bool) ([]page, error) {
	ix := p.Index()
	var out []page
	for _, r := range opt.Routes {
		if r < 0 || r >= len(p.Routes) {
			return nil, fmt.Errorf("sheet: route %d of %d", r, len(p.Routes))
		}
		rt := &p.Routes[r]
		rows, tot := p.Sheet(r, ix, opt.Catalog)
		pg := page{Title: opt.Title, Date: p.Date.String(), Route: rt, Vehicle: ix.Vehicle[rt.Vehicle], Depot: rt.Depot, Rows: rows, Tot: tot,
			Crew:     fmt.Sprintf("%d", rt.Crew),
			Capacity: fmt.Sprintf("%.0f kg, %.0f L", rt.Capacity.Kg, rt.Capacity.Litres)}
		if rt.Capacity.Pieces > 0 {
			pg.Capacity += fmt.Sprintf(", %d pieces", rt.Capacity.Pieces)
		}
		if d := ix.Depot[rt.Depot]; d != nil && d.Name != "" {
			pg.Depot = d.Name + " (" + d.ID + ")"
		}
		if v := pg.Vehicle; v != nil {
			pg.Shift = v.ShiftStart.String() + "–" + v.ShiftEnd.String()
			if len(v.Skills) > 0 {
				pg.Crew += " (" + strings.Join(v.Skills, ", ") + ")"
			}
		}
		if withMap {
			m, err := routeMap(rows, rt.Vehicle)
			if err != nil {
				return nil, err
			}
			pg.Map = m
		}
		out = append(out, pg)
	}
	return out, nil
}

// routeMap draws a route's stops as a small SVG map, its clip path named
// after the vehicle so that many sheets can share a page.
func routeMap(rows []dayplan.SheetRow, vehicle string) (template.HTML, error) {
	var b orb.Bound
	var ls orb.LineString
	var stops []geo.MapPoint
	var depot []geo.MapPoint
	for i, r := range rows {
		if r.Type == dayplan.Break {
			continue
		}
		pt := orb.Point{r.Lon, r.Lat}
		if i == 0 {
			b = pt.Bound()
		}
		b = b.Extend(pt)
		ls = append(ls, pt)
		switch r.Type {
		case "depart":
			depot = append(depot, geo.MapPoint{Pt: pt, Label: "depot"})
		case dayplan.Visit, dayplan.Load:
			stops = append(stops, geo.MapPoint{Pt: pt, Value: 1, Label: fmt.Sprint(r.Seq)})
		}
	}
	m := geo.NewMap(b.Pad(0.004), 520)
	m.ID = "sheet-" + vehicle
	m.Lines("route", []geo.MapLine{{Path: ls, Label: vehicle}}, geo.LineStyle{Width: 1.5})
	m.Points("stops", stops, geo.PointStyle{Fill: "#ffffff", MinRadius: 3, MaxRadius: 3})
	m.Points("depot", depot, geo.PointStyle{Shape: geo.Square, Fill: "#333333", MinRadius: 4, MaxRadius: 4})
	var buf bytes.Buffer
	if err := m.WriteSVG(&buf); err != nil {
		return "", err
	}
	s := buf.Bytes()
	if i := bytes.Index(s, []byte("<svg")); i > 0 { // drop the XML declaration inside HTML
		s = s[i:]
	}
	return template.HTML(s), nil
}

//go:embed templates/*.html
var templates embed.FS

var funcs = template.FuncMap{
	"f0": func(v float64) string { return fmt.Sprintf("%.0f", v) },
	"f1": func(v float64) string { return fmt.Sprintf("%.1f", v) },
	"hm": func(t dayplan.Time) string {
		if t == 0 {
			return ""
		}
		return t.HM()
	},
	"isStop": func(r dayplan.SheetRow) bool {
		return r.Type == dayplan.Visit || r.Type == dayplan.Load || r.Type == dayplan.Break
	},
}

var htmlTmpl = template.Must(template.New("sheets.html").Funcs(funcs).ParseFS(templates, "templates/sheets.html"))

// WriteHTML writes the route sheets as one printable HTML page: A4, one
// vehicle per printed page, each with its route map, stops in order (ETA
// window, place, booking, items, load after the stop, note) and totals.
func WriteHTML(w io.Writer, p *dayplan.Plan, opt Options) error {
	opt.fill(p)
	ps, err := pages(p, opt, !opt.NoMap)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := htmlTmpl.Execute(&buf, struct {
		Title string
		Date  string
		Pages []page
	}{opt.Title, p.Date.String(), ps}); err != nil {
		return fmt.Errorf("sheet: %w", err)
	}
	_, err = w.Write(buf.Bytes())
	return err
}

// WriteCSV writes the route sheet of p.Routes[r] as CSV
// (dayplan.SheetColumns, a totals row last).
func WriteCSV(w io.Writer, p *dayplan.Plan, r int, opt Options) error {
	opt.fill(p)
	return p.WriteSheetCSV(w, r, p.Index(), opt.Catalog)
}
