package report

import (
	"bytes"
	"embed"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/huishou/huishou/geo"
	"github.com/huishou/huishou/optimizer/network"
	"github.com/huishou/huishou/optimizer/schedule/booking"
	"github.com/huishou/huishou/optimizer/schedule/dayplan"
	"github.com/huishou/huishou/optimizer/schedule/sheet"
	"github.com/huishou/huishou/scenarios"
	"github.com/huishou/huishou/scenarios/region"
)

// WriteRunFiles writes a run to dir: index.html (maps, KPI tables, the
// scenario's assumptions), summary.json (scenarios.Summary), plan.json,
// plan.geojson, kpis.csv and the route
// sheets of its days of operations — route-<vehicle>.csv for a single day,
// days/<county>-<date>/route-<vehicle>.csv for several. It returns the
// paths written.
func WriteRunFiles(dir string, r *scenarios.Result) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	var written []string
	write := func(name string, fill func(io.Writer) error) error {
		path := filepath.Join(dir, name)
		var buf bytes.Buffer
		if err := fill(&buf); err != nil {
			return err
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return fmt.Errorf("report: %w", err)
		}
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			return fmt.Errorf("report: %w", err)
		}
		written = append(written, path)
		return nil
	}
	if err := write("summary.json", func(w io.Writer) error {
		e := json.NewEncoder(w)
		e.SetIndent("", " ")
		return e.Encode(r.Summary())
	}); err != nil {
		return written, err
	}
	if err := write("plan.json", func(w io.Writer) error {
		e := json.NewEncoder(w)
		e.SetIndent("", " ")
		return e.Encode(r.PlanJSON())
	}); err != nil {
		return written, err
	}
	if err := write("plan.geojson", func(w io.Writer) error { return geo.WriteFeatureCollection(w, r.PlanGeoJSON()) }); err != nil {
		return written, err
	}
	if err := write("kpis.csv", func(w io.Writer) error { return WriteKPIsCSV(w, r.KPIs()) }); err != nil {
		return written, err
	}
	cat := booking.DefaultCatalog()
	for _, dp := range r.Days {
		ix := dp.Index()
		for i, rt := range dp.Routes {
			if err := write(sheetName(r, dp, "route-"+rt.Vehicle+".csv"), func(w io.Writer) error { return dp.WriteSheetCSV(w, i, ix, cat) }); err != nil {
				return written, err
			}
		}
		if err := write(sheetName(r, dp, "routes.html"), func(w io.Writer) error { return sheet.WriteHTML(w, dp, sheet.Options{}) }); err != nil {
			return written, err
		}
	}
	if err := write("index.html", func(w io.Writer) error { return WriteHTML(w, r) }); err != nil {
		return written, err
	}
	return written, nil
}

// sheetName is where a day's file goes, relative to the run's directory:
// beside index.html for a single day, in days/<date>/ for several.
func sheetName(r *scenarios.Result, dp *dayplan.Plan, file string) string {
	if len(r.Days) == 1 {
		return file
	}
	return "days/" + dp.Date.String() + "/" + file
}

// WriteKPIsCSV writes kpis.csv: kpi,value,unit, each value with its
// digits.
func WriteKPIsCSV(w io.Writer, kpis []scenarios.KPI) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"kpi", "value", "unit"})
	for _, k := range kpis {
		cw.Write([]string{k.Name, strconv.FormatFloat(k.Value, 'f', k.Digits, 64), k.Unit})
	}
	cw.Flush()
	return cw.Error()
}

// Summary is the short text printed after a run.
func Summary(r *scenarios.Result) string {
	k := r.Plan.KPI
	tot := r.Forecast.Total()
	var b bytes.Buffer
	fmt.Fprintf(&b, "forecast %d: %.2f M units, %.0f t, %.0f m³ collected per year in %d counties\n",
		r.Forecast.Year, tot.Units/1e6, tot.Tonnes, tot.M3, len(r.Forecast.Areas))
	if r.RateFactor != 1 && r.Scenario.Levers.Target != nil {
		t := r.Scenario.Levers.Target
		fmt.Fprintf(&b, "target: %+.0f %% on %d's tonnes, met by collection rates ×%.3f\n", 100*t.Growth, t.BaseYear, r.RateFactor)
	}
	if r.Prefecture != "" {
		fmt.Fprintf(&b, "planned: prefecture %s, %.0f t/yr from %d demand points\n", r.Prefecture, k.Tonnes, len(r.Network.Demand))
	}
	fmt.Fprintf(&b, "network (%s): %d collection points, %d transfer stations, %d sorting centres, %d dismantlers\n",
		r.Plan.Method, k.SitesOpen[network.CollectionPoint], k.SitesOpen[network.TransferStation], k.SitesOpen[network.SortingCentre], k.SitesOpen[network.Dismantler])
	fmt.Fprintf(&b, "  cost %.1f M yuan/yr (fixed %.1f, handling %.1f, transport %.1f, penalty %.1f), bound %.1f M, gap %.1f %%\n",
		k.TotalCost/1e6, k.FixedCost/1e6, k.HandlingCost/1e6, k.TransportCost/1e6, k.PenaltyCost/1e6, r.Plan.LowerBound/1e6, r.Plan.GapPct)
	fmt.Fprintf(&b, "  coverage %.1f %% of townships, mean %.1f km, p95 %.1f km to the collection point; %.1f M t·km, %.0f t CO₂/yr\n",
		k.CoveragePct, k.MeanDistanceKm, k.P95DistanceKm, k.TonneKm/1e6, k.CO2T)
	if r.Network.Forward != nil {
		fmt.Fprintf(&b, "deliveries: %d front warehouses (%d sharing a transfer station's site, %.1f M yuan/yr saved), %.0f t/yr delivered, %.1f M yuan/yr;\n",
			k.SitesOpen[network.FrontWarehouse], k.SharedSites, k.SharedSaving/1e6, k.DeliveryTonnes, k.DeliveryCost/1e6)
		fmt.Fprintf(&b, "  %.1f %% of deliveries bring a trade-in back; lead time mean %.1f h, p95 %.1f h; recycling %.1f + delivery %.1f = %.1f M yuan/yr\n",
			k.TradeInDeliveryPct, k.MeanLeadH, k.P95LeadH, k.RecyclingCost/1e6, k.DeliveryCost/1e6, k.TotalCost/1e6)
	}
	for _, dp := range r.Days {
		fmt.Fprintf(&b, "pickups in %s on %s (routing engine): %d bookings (%s), %d vehicles used of %d, %.0f km, %d unassigned\n",
			countyNames(r), dp.Date, len(dp.Bookings), kinds(dp), len(dp.Routes), len(dp.Vehicles), dp.Totals.DistanceKm, len(dp.Unassigned))
	}
	return b.String()
}

// reportData feeds the HTML template.
type reportData struct {
	R           *scenarios.Result
	Day         *dayplan.Plan // the first day of operations, drawn and listed
	DayFiles    string        // where its files are (""  or "days/<date>/")
	Counties    string        // the counties operated
	Kinds       string
	Days        []dayRow
	KPIs        []scenarios.KPI
	Notes       []string
	Title       string
	ProvinceMap template.HTML
	CountyMap   template.HTML
	Categories  []catRow
	Total       catRow
	KPI         network.KPI
	Tiers       []tierRow
	Prefectures []prefRow
	Provenance  []provRow
	Routes      []routeRow
	Unassigned  []unRow
	Deliveries  []deliveryRow
	Warehouses  int
}

type deliveryRow struct {
	Township, From                 string
	Km, LeadH, DeliveryT, TradeInT float64
}

type catRow struct {
	ID, Name                  string
	Units, Tonnes, M3, PerDay float64
}
type tierRow struct {
	Tier              string
	Open              int
	ThroughputT       float64
	MeanUtil, MaxUtil float64
}
type prefRow struct {
	Name       string
	CP, TS, SC int
	Tonnes     float64
}
type provRow struct {
	Provenance string
	Count      int
}
type routeRow struct {
	Vehicle, Start, End, File string
	Stops, Pieces, Delivered  int
	Km, Kg                    float64
}
type unRow struct{ Booking, Place, Reason string }
type dayRow struct {
	Date, Kinds, Sheets     string
	Bookings, Trucks, Unass int
	Km                      float64
}

// WriteHTML writes the self-contained report page of a run or a plan.
func WriteHTML(w io.Writer, r *scenarios.Result) error {
	d := reportData{R: r, Title: fmt.Sprintf("Huishou — %s %d", r.Scenario.Name, r.Forecast.Year), KPI: r.Plan.KPI, KPIs: r.KPIs(), Notes: Notes(r)}
	if r.Scenario.Title != "" {
		d.Title = "Huishou — " + r.Scenario.Title
	}
	if len(r.Days) > 0 {
		d.Day = r.Days[0]
		d.DayFiles = strings.TrimSuffix(sheetName(r, d.Day, "x"), "x")
		d.Counties = countyNames(r)
		d.Kinds = kinds(d.Day)
	}
	d.Warehouses = r.Plan.KPI.SitesOpen[network.FrontWarehouse]
	for _, x := range r.Days {
		d.Days = append(d.Days, dayRow{Date: x.Date.String(), Kinds: kinds(x), Sheets: sheetName(r, x, "routes.html"), Bookings: x.Totals.Bookings,
			Trucks: len(x.Routes), Unass: x.Totals.Unassigned, Km: x.Totals.DistanceKm})
	}
	for _, row := range r.Forecast.Totals() {
		c := catRow{ID: row.Category, Units: row.Units, Tonnes: row.Tonnes, M3: row.M3, PerDay: row.PerDay}
		for _, k := range r.Forecast.Categories {
			if k.ID == row.Category {
				c.Name = k.NameZh
			}
		}
		d.Categories = append(d.Categories, c)
		d.Total.Units += c.Units
		d.Total.Tonnes += c.Tonnes
		d.Total.M3 += c.M3
		d.Total.PerDay += c.PerDay
	}
	in, p := r.Network, r.Plan
	for _, t := range []network.Tier{network.CollectionPoint, network.TransferStation, network.SortingCentre, network.Dismantler, network.FrontWarehouse} {
		tr := tierRow{Tier: string(t)}
		for _, o := range p.Open {
			if in.Sites[o.Site].Tier == t {
				tr.Open++
				tr.ThroughputT += o.ThroughputT
				tr.MeanUtil += o.Utilisation
				tr.MaxUtil = max(tr.MaxUtil, o.Utilisation)
			}
		}
		if tr.Open > 0 {
			tr.MeanUtil /= float64(tr.Open)
		}
		if t == network.FrontWarehouse && tr.Open == 0 {
			continue
		}
		d.Tiers = append(d.Tiers, tr)
	}
	prefName := map[string]string{}
	for _, c := range r.Region.Counties {
		prefName[c.PrefectureAdcode] = c.Prefecture
	}
	pref := map[string]*prefRow{}
	for _, o := range p.Open {
		s := in.Sites[o.Site]
		pr := pref[s.Region]
		if pr == nil {
			pr = &prefRow{Name: prefName[s.Region]}
			pref[s.Region] = pr
		}
		switch s.Tier {
		case network.CollectionPoint:
			pr.CP++
			pr.Tonnes += o.ThroughputT
		case network.TransferStation:
			pr.TS++
		case network.SortingCentre:
			pr.SC++
		}
	}
	for _, pr := range pref {
		if pr.Name != "" {
			d.Prefectures = append(d.Prefectures, *pr)
		}
	}
	sort.Slice(d.Prefectures, func(i, j int) bool { return d.Prefectures[i].Tonnes > d.Prefectures[j].Tonnes })
	provCount := map[string]int{}
	for _, t := range r.Region.Townships {
		provCount[t.Provenance]++
	}
	for _, k := range []string{region.ProvenanceSeat, region.ProvenanceApproximateSeat, region.ProvenanceVillageCentroid, region.ProvenancePlaced, region.ProvenanceUser} {
		if provCount[k] > 0 {
			d.Provenance = append(d.Provenance, provRow{k, provCount[k]})
		}
	}
	if dp := d.Day; dp != nil {
		ix, cat := dp.Index(), booking.DefaultCatalog()
		for k, rt := range dp.Routes {
			_, tot := dp.Sheet(k, ix, cat)
			d.Routes = append(d.Routes, routeRow{Vehicle: rt.Vehicle, Start: rt.Start.HM(), End: rt.End.HM(), File: sheetName(r, dp, "route-"+rt.Vehicle+".csv"),
				Stops: tot.Stops, Km: tot.Km, Kg: tot.Kg, Pieces: tot.Pieces, Delivered: tot.Delivered})
		}
		for _, u := range dp.Unassigned {
			place := ""
			if b := ix.Booking[u.Booking]; b != nil {
				place = b.Township
			}
			d.Unassigned = append(d.Unassigned, unRow{u.Booking, place, u.Reason})
		}
	}
	for _, dl := range p.Deliveries {
		dm := in.Demand[dl.Demand]
		d.Deliveries = append(d.Deliveries, deliveryRow{Township: dm.Name, From: in.Sites[dl.From].Name, Km: dl.DistanceKm, LeadH: dl.LeadH,
			DeliveryT: dm.DeliveryT, TradeInT: dm.TradeInT})
	}
	var err error
	if d.ProvinceMap, d.CountyMap, err = maps(r); err != nil {
		return err
	}
	return reportTmpl.Execute(w, d)
}

//go:embed templates/*.html
var templateFS embed.FS

// funcs are the formatting helpers of every report template.
var funcs = template.FuncMap{
	"f0":  func(v float64) string { return fmt.Sprintf("%.0f", v) },
	"f1":  func(v float64) string { return fmt.Sprintf("%.1f", v) },
	"f2":  func(v float64) string { return fmt.Sprintf("%.2f", v) },
	"m":   func(v float64) string { return fmt.Sprintf("%.2f", v/1e6) },
	"pct": func(v float64) string { return fmt.Sprintf("%.0f %%", 100*v) },
	"num": func(v float64, digits int) string { return strconv.FormatFloat(v, 'f', digits, 64) },
	"signed": func(v float64, digits int) string {
		if v > 0 {
			return "+" + strconv.FormatFloat(v, 'f', digits, 64)
		}
		return strconv.FormatFloat(v, 'f', digits, 64)
	},
}

var reportTmpl = template.Must(template.New("report.html").Funcs(funcs).ParseFS(templateFS, "templates/report.html"))

// kinds counts a day's bookings by kind, e.g. "120 pickup, 60 trade_in,
// 3 bulk, 9 service".
func kinds(dp *dayplan.Plan) string {
	n := map[booking.Kind]int{}
	for _, b := range dp.Bookings {
		n[b.Kind]++
	}
	var parts []string
	for _, k := range booking.Kinds {
		if n[k] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n[k], k))
		}
	}
	return strings.Join(parts, ", ")
}

// countyNames joins the names of the counties operated.
func countyNames(r *scenarios.Result) string {
	var names []string
	for _, c := range r.OpsCounties {
		names = append(names, c.Name)
	}
	if len(names) > 4 {
		return fmt.Sprintf("%s and %d more counties", strings.Join(names[:3], ", "), len(names)-3)
	}
	return strings.Join(names, ", ")
}

// Notes says how each part of a run was solved (scenarios.Result.Notes).
func Notes(r *scenarios.Result) []string { return r.Notes() }

// WritePlanFiles writes a plan-only result (scenarios.Plan) to dir:
// plan.json, plan.geojson and report.html. It returns the paths written.
func WritePlanFiles(dir string, r *scenarios.Result) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	var written []string
	write := func(name string, fill func(io.Writer) error) error {
		path := filepath.Join(dir, name)
		f, err := os.Create(path)
		if err != nil {
			return fmt.Errorf("report: %w", err)
		}
		if err := fill(f); err != nil {
			f.Close()
			return err
		}
		if err := f.Close(); err != nil {
			return fmt.Errorf("report: %w", err)
		}
		written = append(written, path)
		return nil
	}
	if err := write("plan.json", func(w io.Writer) error {
		e := json.NewEncoder(w)
		e.SetIndent("", " ")
		return e.Encode(r.PlanJSON())
	}); err != nil {
		return written, err
	}
	if err := write("plan.geojson", func(w io.Writer) error { return geo.WriteFeatureCollection(w, r.PlanGeoJSON()) }); err != nil {
		return written, err
	}
	if err := write("report.html", func(w io.Writer) error { return WriteHTML(w, r) }); err != nil {
		return written, err
	}
	return written, nil
}
