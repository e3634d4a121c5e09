package scenarios

import (
	"bytes"
	"fmt"
	"html/template"
	"io"
	"os"
	"path/filepath"
	"sort"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/huishou/huishou/geo"
	"github.com/huishou/huishou/optimizer/network"
	"github.com/huishou/huishou/optimizer/schedule"
)

// PlanGeoJSON returns the network plan and the routed day as GeoJSON:
// open sites (tier, size, capacity, throughput, utilisation, note), demand
// points (supply, collection point, distance, provenance of the point),
// assignment lines, flow lines between tiers, and the day's routes (one
// LineString per truck).
func (r *Result) PlanGeoJSON() *geojson.FeatureCollection {
	fc := geojson.NewFeatureCollection()
	in, p := r.Network, r.Plan
	prov := map[string]string{}
	for _, t := range r.Scenario.Townships {
		prov[t.Code] = t.Provenance
	}
	for _, o := range p.Open {
		s := in.Sites[o.Site]
		z := s.Sizes[o.Size]
		f := geojson.NewFeature(s.Point)
		f.Properties = geojson.Properties{"kind": "site", "id": s.ID, "name": s.Name, "tier": string(s.Tier), "size": z.Name,
			"capacity_t": z.CapacityT, "throughput_t": round(o.ThroughputT, 3), "utilisation": round(o.Utilisation, 4), "storage_utilisation": round(o.StorageUtilisation, 4),
			"county": s.Group, "note": s.Note}
		fc.Append(f)
	}
	for i, a := range p.Assign {
		d := in.Demand[i]
		if a.Site < 0 {
			continue
		}
		s := in.Sites[a.Site]
		f := geojson.NewFeature(d.Point)
		f.Properties = geojson.Properties{"kind": "demand", "id": d.ID, "name": d.Name, "supply_t": round(d.Tonnes, 3),
			"assigned_to": s.ID, "distance_km": round(a.DistanceKm, 3), "covered": a.Covered, "county": d.Group,
			"provenance": prov[d.ID]}
		fc.Append(f)
		if a.DistanceKm > 0 {
			l := geojson.NewFeature(orb.LineString{d.Point, s.Point})
			l.Properties = geojson.Properties{"kind": "assignment", "from": d.ID, "to": s.ID, "tonnes": round(d.Tonnes, 3), "distance_km": round(a.DistanceKm, 3)}
			fc.Append(l)
		}
	}
	for _, fl := range p.Flows {
		a, b := in.Sites[fl.From], in.Sites[fl.To]
		f := geojson.NewFeature(orb.LineString{a.Point, b.Point})
		f.Properties = geojson.Properties{"kind": "flow", "from": a.ID, "to": b.ID, "from_tier": string(a.Tier), "to_tier": string(b.Tier),
			"tonnes": round(fl.Tonnes, 3), "distance_km": round(fl.DistanceKm, 3)}
		fc.Append(f)
	}
	if r.DayPlan != nil {
		for _, rt := range r.DayPlan.Routes {
			v := r.Day.Fleet[rt.Vehicle]
			ls := orb.LineString{v.Depot}
			for _, s := range rt.Stops {
				ls = append(ls, r.Day.Bookings[s.Booking].Point)
			}
			ls = append(ls, v.Depot)
			f := geojson.NewFeature(ls)
			f.Properties = geojson.Properties{"kind": "route", "vehicle": v.ID, "date": r.Day.Date, "stops": len(rt.Stops),
				"distance_km": round(rt.DistanceKm, 3), "start": schedule.Clock(rt.Start), "end": schedule.Clock(rt.End)}
			fc.Append(f)
		}
	}
	return fc
}

func round(v float64, digits int) float64 {
	p := 1.0
	for range digits {
		p *= 10
	}
	if v < 0 {
		return -float64(int64(-v*p+0.5)) / p
	}
	return float64(int64(v*p+0.5)) / p
}

// WriteFiles writes the result to dir: index.html (maps and KPI tables),
// plan.geojson, and one CSV route sheet per truck (route-<vehicle>.csv).
// It returns the paths written.
func (r *Result) WriteFiles(dir string) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("scenarios: %w", err)
	}
	var written []string
	write := func(name string, fill func(io.Writer) error) error {
		path := filepath.Join(dir, name)
		var buf bytes.Buffer
		if err := fill(&buf); err != nil {
			return err
		}
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			return fmt.Errorf("scenarios: %w", err)
		}
		written = append(written, path)
		return nil
	}
	if err := write("plan.geojson", func(w io.Writer) error { return geo.WriteFeatureCollection(w, r.PlanGeoJSON()) }); err != nil {
		return written, err
	}
	for i, rt := range r.DayPlan.Routes {
		name := "route-" + r.Day.Fleet[rt.Vehicle].ID + ".csv"
		if err := write(name, func(w io.Writer) error { return schedule.WriteSheetCSV(w, r.Day, r.DayPlan, i) }); err != nil {
			return written, err
		}
	}
	if err := write("index.html", r.WriteHTML); err != nil {
		return written, err
	}
	return written, nil
}

// Summary is the short text printed after a run.
func (r *Result) Summary() string {
	k := r.Plan.KPI
	tot := r.Forecast.Total()
	var b bytes.Buffer
	fmt.Fprintf(&b, "forecast %d: %.2f M units, %.0f t, %.0f m³ collected per year in %d counties\n",
		r.Forecast.Year, tot.Units/1e6, tot.Tonnes, tot.M3, len(r.Forecast.Areas))
	if r.Prefecture != "" {
		fmt.Fprintf(&b, "planned: prefecture %s, %.0f t/yr from %d demand points\n", r.Prefecture, k.Tonnes, len(r.Network.Demand))
	}
	fmt.Fprintf(&b, "network (%s): %d collection points, %d transfer stations, %d sorting centres, %d dismantlers\n",
		r.Plan.Method, k.SitesOpen[network.CollectionPoint], k.SitesOpen[network.TransferStation], k.SitesOpen[network.SortingCentre], k.SitesOpen[network.Dismantler])
	fmt.Fprintf(&b, "  cost %.1f M yuan/yr (fixed %.1f, handling %.1f, transport %.1f, penalty %.1f), bound %.1f M, gap %.1f %%\n",
		k.TotalCost/1e6, k.FixedCost/1e6, k.HandlingCost/1e6, k.TransportCost/1e6, k.PenaltyCost/1e6, r.Plan.LowerBound/1e6, r.Plan.GapPct)
	fmt.Fprintf(&b, "  coverage %.1f %% of townships, mean %.1f km, p95 %.1f km to the collection point; %.1f M t·km, %.0f t CO₂/yr\n",
		k.CoveragePct, k.MeanDistanceKm, k.P95DistanceKm, k.TonneKm/1e6, k.CO2T)
	dp := r.DayPlan
	if dp == nil {
		return b.String()
	}
	fmt.Fprintf(&b, "pickups in %s on %s (%s): %d bookings, %d trucks used of %d, %.0f km, %d unassigned\n",
		r.County.Name, r.Day.Date, dp.Method, len(r.Day.Bookings), len(dp.Routes), len(r.Day.Fleet), dp.DistanceKm, len(dp.Unassigned))
	return b.String()
}

// reportData feeds the HTML template.
type reportData struct {
	R           *Result
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
	Stops                     int
	Km, Kg, L                 float64
	Late                      int
}
type unRow struct{ Booking, Place, Reason string }

// WriteHTML writes the self-contained report page.
func (r *Result) WriteHTML(w io.Writer) error {
	d := reportData{R: r, Title: fmt.Sprintf("Huishou — %s %d", r.Scenario.Name, r.Forecast.Year), KPI: r.Plan.KPI}
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
	for _, t := range []network.Tier{network.CollectionPoint, network.TransferStation, network.SortingCentre, network.Dismantler} {
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
		d.Tiers = append(d.Tiers, tr)
	}
	prefName := map[string]string{}
	for _, c := range r.Scenario.Counties {
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
	for _, t := range r.Scenario.Townships {
		provCount[t.Provenance]++
	}
	for _, k := range []string{ProvenanceSeat, ProvenanceApproximateSeat, ProvenanceVillageCentroid, ProvenancePlaced, ProvenanceUser} {
		if provCount[k] > 0 {
			d.Provenance = append(d.Provenance, provRow{k, provCount[k]})
		}
	}
	for _, rt := range r.dayRoutes() {
		v := r.Day.Fleet[rt.Vehicle]
		rr := routeRow{Vehicle: v.ID, Start: schedule.Clock(rt.Start), End: schedule.Clock(rt.End), File: "route-" + v.ID + ".csv",
			Stops: len(rt.Stops), Km: rt.DistanceKm}
		for _, s := range rt.Stops {
			rr.Kg, rr.L = s.LoadKg, s.LoadL
			if s.Late {
				rr.Late++
			}
		}
		d.Routes = append(d.Routes, rr)
	}
	for _, u := range r.dayUnassigned() {
		b := r.Day.Bookings[u.Booking]
		d.Unassigned = append(d.Unassigned, unRow{b.ID, b.Place, u.Reason})
	}
	var err error
	if d.ProvinceMap, d.CountyMap, err = r.maps(); err != nil {
		return err
	}
	return reportTmpl.Execute(w, d)
}

var reportTmpl = template.Must(template.New("report").Funcs(template.FuncMap{
	"f0":  func(v float64) string { return fmt.Sprintf("%.0f", v) },
	"f1":  func(v float64) string { return fmt.Sprintf("%.1f", v) },
	"f2":  func(v float64) string { return fmt.Sprintf("%.2f", v) },
	"m":   func(v float64) string { return fmt.Sprintf("%.2f", v/1e6) },
	"pct": func(v float64) string { return fmt.Sprintf("%.0f %%", 100*v) },
}).Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{.Title}}</title>
<style>
body{font-family:system-ui,"Noto Sans CJK SC",sans-serif;margin:1.5rem auto;max-width:1150px;color:#222}
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #ccc}
table{border-collapse:collapse;margin:.5rem 0;font-size:.9rem}td,th{padding:.2rem .6rem;border-bottom:1px solid #eee;text-align:right}
th{background:#f4f4f4}td:first-child,th:first-child{text-align:left}.maps{display:flex;flex-wrap:wrap;gap:1rem}
.note{color:#666;font-size:.85rem}svg{border:1px solid #ddd;background:#fff;max-width:100%;height:auto}
@media print{.maps{display:block}}
</style></head><body>
<h1>{{.Title}}</h1>
{{if .R.DayPlan}}<p class="note">Forecast → network plan → one day of pickups in {{.R.County.Name}} ({{.R.Day.Date}}). Network method: {{.R.Plan.Method}}; routing: {{.R.DayPlan.Method}}. Figures marked as assumptions in the README are defaults to replace with local data.</p>
{{else}}<p class="note">Forecast → network plan{{if .R.Prefecture}} for prefecture {{.R.Prefecture}}{{end}}. Method: {{.R.Plan.Method}}. Figures marked as assumptions in the README are defaults to replace with local data.</p>{{end}}
<div class="maps"><div>{{.ProvinceMap}}</div>{{if .CountyMap}}<div>{{.CountyMap}}</div>{{end}}</div>

<h2>Network KPIs</h2>
<table>
<tr><th>annual cost (M yuan)</th><td>{{m .KPI.TotalCost}}</td></tr>
<tr><th>· fixed</th><td>{{m .KPI.FixedCost}}</td></tr>
<tr><th>· handling</th><td>{{m .KPI.HandlingCost}}</td></tr>
<tr><th>· transport</th><td>{{m .KPI.TransportCost}}</td></tr>
<tr><th>· coverage penalty</th><td>{{m .KPI.PenaltyCost}}</td></tr>
<tr><th>lower bound (M yuan) / gap</th><td>{{m .R.Plan.LowerBound}} / {{f1 .R.Plan.GapPct}} %</td></tr>
<tr><th>tonnes handled per year</th><td>{{f0 .KPI.Tonnes}}</td></tr>
<tr><th>tonne-km per year (M)</th><td>{{m .KPI.TonneKm}}</td></tr>
<tr><th>CO₂ from transport (t/yr)</th><td>{{f0 .KPI.CO2T}}</td></tr>
<tr><th>townships within coverage</th><td>{{f1 .KPI.CoveragePct}} %</td></tr>
<tr><th>distance to collection point: mean / p95 (km)</th><td>{{f1 .KPI.MeanDistanceKm}} / {{f1 .KPI.P95DistanceKm}}</td></tr>
</table>
<table><tr><th>tier</th><th>open</th><th>throughput (t/yr)</th><th>mean utilisation</th><th>max utilisation</th></tr>
{{range .Tiers}}<tr><td>{{.Tier}}</td><td>{{.Open}}</td><td>{{f0 .ThroughputT}}</td><td>{{pct .MeanUtil}}</td><td>{{pct .MaxUtil}}</td></tr>
{{end}}</table>

<h2>Forecast returns {{.R.Forecast.Year}}</h2>
<table><tr><th>category</th><th></th><th>units/yr</th><th>tonnes/yr</th><th>m³/yr</th><th>units/day</th></tr>
{{range .Categories}}<tr><td>{{.ID}}</td><td>{{.Name}}</td><td>{{f0 .Units}}</td><td>{{f0 .Tonnes}}</td><td>{{f0 .M3}}</td><td>{{f0 .PerDay}}</td></tr>
{{end}}<tr><th>total</th><th></th><th>{{f0 .Total.Units}}</th><th>{{f0 .Total.Tonnes}}</th><th>{{f0 .Total.M3}}</th><th>{{f0 .Total.PerDay}}</th></tr></table>

<h2>Sites per prefecture</h2>
<table><tr><th>prefecture</th><th>collection points</th><th>transfer stations</th><th>sorting centres</th><th>tonnes/yr collected</th></tr>
{{range .Prefectures}}<tr><td>{{.Name}}</td><td>{{.CP}}</td><td>{{.TS}}</td><td>{{.SC}}</td><td>{{f0 .Tonnes}}</td></tr>
{{end}}</table>

{{if .R.DayPlan}}<h2>Pickups in {{.R.County.Name}} on {{.R.Day.Date}}</h2>
<p>{{len .R.Day.Bookings}} bookings, {{len .R.DayPlan.Routes}} trucks used of {{len .R.Day.Fleet}}, {{f1 .R.DayPlan.DistanceKm}} km, {{len .R.DayPlan.Unassigned}} unassigned.</p>
<table><tr><th>truck</th><th>stops</th><th>km</th><th>leaves</th><th>returns</th><th>load kg</th><th>load L</th><th>late stops</th><th>route sheet</th></tr>
{{range .Routes}}<tr><td>{{.Vehicle}}</td><td>{{.Stops}}</td><td>{{f1 .Km}}</td><td>{{.Start}}</td><td>{{.End}}</td><td>{{f0 .Kg}}</td><td>{{f0 .L}}</td><td>{{.Late}}</td><td><a href="{{.File}}">{{.File}}</a></td></tr>
{{end}}</table>
{{if .Unassigned}}<table><tr><th>unassigned booking</th><th>place</th><th>reason</th></tr>
{{range .Unassigned}}<tr><td>{{.Booking}}</td><td>{{.Place}}</td><td style="text-align:left">{{.Reason}}</td></tr>
{{end}}</table>{{end}}{{end}}

<h2>Where the township points come from</h2>
<table><tr><th>provenance</th><th>townships</th></tr>
{{range .Provenance}}<tr><td>{{.Provenance}}</td><td>{{.Count}}</td></tr>
{{end}}</table>
<p class="note">"placed" points are estimates inside the county polygon; replace them with real coordinates (huishou demo --townships FILE.csv).</p>
</body></html>
`))

func (r *Result) dayRoutes() []schedule.Route {
	if r.DayPlan == nil {
		return nil
	}
	return r.DayPlan.Routes
}

func (r *Result) dayUnassigned() []schedule.Unassigned {
	if r.DayPlan == nil {
		return nil
	}
	return r.DayPlan.Unassigned
}
