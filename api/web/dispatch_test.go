package web_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/huishou/huishou/optimizer/schedule/booking"
	"github.com/huishou/huishou/optimizer/schedule/dayplan"
	"github.com/huishou/huishou/optimizer/schedule/gen"
	"github.com/huishou/huishou/optimizer/supply"
	"github.com/huishou/huishou/scenarios/region"
	"github.com/huishou/huishou/scenarios/stage"
)

const (
	dispatchCounty = "511802" // 雨城区, in the prefecture the planner test planned
	dispatchDate   = "2025-06-18"
)

// post calls POST path and decodes its JSON answer into v (if not nil).
func (s *site) post(path, ct string, body []byte, v any) {
	s.t.Helper()
	code, b := s.request("POST", path, ct, body)
	if code >= 300 {
		s.t.Fatalf("POST %s: %d %s", path, code, b)
	}
	if v != nil {
		if err := json.Unmarshal(b, v); err != nil {
			s.t.Fatal(err)
		}
	}
}

// seedBookings stores a day of generated bookings of one county (as a
// booking platform would send them).
func (s *site) seedBookings(n int) []booking.Booking {
	s.t.Helper()
	reg, err := region.Builtin("sichuan")
	if err != nil {
		s.t.Fatal(err)
	}
	fc, err := stage.Forecast(reg, supply.Options{})
	if err != nil {
		s.t.Fatal(err)
	}
	towns, rate, err := stage.BookingSource(reg, fc, []string{dispatchCounty})
	if err != nil {
		s.t.Fatal(err)
	}
	d, _ := booking.ParseDate(dispatchDate)
	bs, err := gen.Bookings(gen.Options{Date: d, Days: 1, Seed: 7, Townships: towns, Rate: rate, TradeInShare: -1, ServiceShare: -1, BulkPerDay: -1})
	if err != nil {
		s.t.Fatal(err)
	}
	if len(bs) < n {
		s.t.Fatalf("generated %d bookings, want at least %d", len(bs), n)
	}
	bs = bs[:n]
	for i := range bs {
		bs[i].Earliest, bs[i].Latest = d, d
	}
	var buf bytes.Buffer
	if err := booking.WriteJSON(&buf, bs); err != nil {
		s.t.Fatal(err)
	}
	var res struct {
		Imported int `json:"imported"`
	}
	s.post("/v1/bookings/import", "application/json", buf.Bytes(), &res)
	if res.Imported != n {
		s.t.Fatalf("imported %d of %d bookings", res.Imported, n)
	}
	return bs
}

func (s *site) dayPlan(date string) *dayplan.Plan {
	s.t.Helper()
	var raw json.RawMessage
	s.get("/v1/schedules/"+date, &raw)
	p, err := dayplan.Read(bytes.NewReader(raw))
	if err != nil {
		s.t.Fatal(err)
	}
	return p
}

func visits(r dayplan.Route) []string {
	var ids []string
	for _, st := range r.Stops {
		if st.Type == dayplan.Visit {
			ids = append(ids, st.Booking)
		}
	}
	return ids
}

func testDispatch(s *site) {
	t := s.t
	bs := s.seedBookings(24)

	// the day opens without a plan; the dispatcher plans it from the page
	s.open("#/dispatch?date="+dispatchDate, "dispatch")
	if eval[bool](s, `document.getElementById('no-plan') === null`) {
		t.Fatalf("a day without a plan shows no 'no plan' note")
	}
	if n := eval[int](s, `document.querySelectorAll('[data-table="bookings"] tr[data-booking]').length`); n != len(bs) {
		t.Errorf("bookings table shows %d bookings, %d stored", n, len(bs))
	}
	s.do("plan the day", chromedp.Click(chromedp.ID("replan")))
	s.wait("day planned", `document.querySelector('main[data-ready="1"][data-view="dispatch"]') !== null && document.getElementById('no-plan') === null && document.querySelectorAll('[data-table="trucks"] tr[data-vehicle]').length > 0`, 90*time.Second)
	p := s.dayPlan(dispatchDate)
	var used []dayplan.Route
	for _, r := range p.Routes {
		if len(r.Stops) > 0 {
			used = append(used, r)
		}
	}
	rows := eval[[]string](s, `[...document.querySelectorAll('[data-table="trucks"] tr[data-vehicle]')].map(e => e.dataset.vehicle)`)
	if len(rows) != len(used) {
		t.Errorf("trucks table lists %v, the plan has %d routes", rows, len(used))
	}
	if n := eval[int](s, `document.querySelectorAll('[data-map="day"] [data-layer="routes"] path[data-route]').length`); n != len(used) {
		t.Errorf("map draws %d routes, the plan has %d", n, len(used))
	}
	colours := eval[[]string](s, `[...document.querySelectorAll('[data-map="day"] [data-layer="routes"] path[data-route]')].map(e => e.getAttribute('stroke'))`)
	if c := slices.Compact(slices.Sorted(slices.Values(colours))); len(c) != len(colours) {
		t.Errorf("route colours %v are not one per truck", colours)
	}
	km := eval[string](s, fmt.Sprintf(`document.querySelector('[data-table="trucks"] tr[data-vehicle=%q] [data-col="km"]').textContent`, used[0].Vehicle))
	if want := fmt.Sprintf("%.1f", float64(used[0].DistanceM)/1000); km != want {
		t.Errorf("truck %s: %s km shown, plan %s", used[0].Vehicle, km, want)
	}
	if days := eval[[]string](s, `[...document.querySelectorAll('#planned-days a[data-day]')].map(a => a.dataset.day)`); !slices.Equal(days, []string{dispatchDate}) {
		t.Errorf("days with a plan: %v, want [%s]", days, dispatchDate)
	}
	s.shot("dispatch-day")

	// the route sheet of the first truck lists its stops in order (printed
	// in Chinese, as the drivers read it)
	s.setLang("zh")
	first := used[0]
	s.open("#/sheet?date="+dispatchDate+"&vehicle="+first.Vehicle, "sheet")
	got := eval[[]string](s, `[...document.querySelectorAll('[data-sheet] tr[data-type="visit"]')].map(e => e.dataset.stop)`)
	if want := visits(first); !slices.Equal(got, want) {
		t.Errorf("route sheet of %s lists %v, the route visits %v", first.Vehicle, got, want)
	}
	eta := eval[string](s, `document.querySelector('[data-sheet] tr[data-type="visit"] td:nth-child(2)').textContent`)
	for _, st := range first.Stops {
		if st.Type == dayplan.Visit {
			if want := st.Arrival.String()[:5]; eta != want {
				t.Errorf("first stop's ETA %q, plan %q", eta, want)
			}
			break
		}
	}
	s.shot("route-sheet")
	pdf, err := chromedp.Run(s.ctx, chromedp.PrintToPDF(chromedp.PDFPaper(chromedp.PaperA4), chromedp.PDFPrintBackground(), chromedp.PDFPreferCSSPageSize()))
	if err != nil {
		t.Fatalf("print route sheet: %v", err)
	}
	if err := os.WriteFile(filepath.Join(s.dir, "route-sheet.pdf"), pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	// all sheets: one A4 page per truck
	s.open("#/sheet?date="+dispatchDate, "sheet")
	if n := eval[int](s, `document.querySelectorAll('section.sheet').length`); n != len(used) {
		t.Errorf("%d sheets for %d trucks", n, len(used))
	}
	pdfAll, err := chromedp.Run(s.ctx, chromedp.PrintToPDF(chromedp.PDFPaper(chromedp.PaperA4), chromedp.PDFPrintBackground(), chromedp.PDFPreferCSSPageSize()))
	if err != nil {
		t.Fatalf("print route sheets: %v", err)
	}
	if err := os.WriteFile(filepath.Join(s.dir, "route-sheets-all.pdf"), pdfAll, 0o644); err != nil {
		t.Fatal(err)
	}
	// a page break after each sheet: at least one A4 page per truck
	if pages := len(regexp.MustCompile(`/Type\s*/Page[^s]`).FindAll(pdfAll, -1)); pages < len(used) {
		t.Errorf("the PDF of %d sheets has %d pages", len(used), pages)
	}

	s.setLang("en")

	// dispatch the first truck from the page
	s.open("#/dispatch?date="+dispatchDate, "dispatch")
	s.do("select truck", chromedp.Click(chromedp.CSS(fmt.Sprintf(`input[data-vehicle=%q]`, first.Vehicle))), chromedp.Click(chromedp.ID("dispatch-selected")))
	s.wait("dispatched", fmt.Sprintf(`document.querySelector('main[data-ready="1"]') !== null && document.querySelector('[data-table="trucks"] tr[data-vehicle=%q]')?.dataset.status === 'dispatched'`, first.Vehicle), 20*time.Second)
	before := s.dayPlan(dispatchDate)
	var locked dayplan.Route
	for _, r := range before.Routes {
		if r.Vehicle == first.Vehicle {
			locked = r
		}
	}
	if locked.Status != dayplan.Dispatched {
		t.Fatalf("route %s is %s after dispatch", first.Vehicle, locked.Status)
	}

	// add a booking from the page: a click on the map sets its position
	frame := eval[[]float64](s, `(() => { const r = document.querySelector('[data-map="day"] .map-frame').getBoundingClientRect(); return [r.left + r.width * 0.45, r.top + r.height * 0.55]; })()`)
	s.do("pick on map", chromedp.MouseClickXY(frame[0], frame[1]))
	s.wait("position filled", `document.getElementById('bk-lon').value !== ''`, 5*time.Second)
	s.do("fill booking",
		chromedp.SetValue(chromedp.ID("bk-id"), "web-added-1"),
		chromedp.SetValue(chromedp.ID("bk-category"), "television"),
		chromedp.SetValue(chromedp.ID("bk-count"), "2"),
		chromedp.SetValue(chromedp.ID("bk-note"), "网页新增 · added on the page"),
		chromedp.Click(chromedp.ID("bk-submit")))
	s.wait("booking added", `document.querySelector('main[data-ready="1"]') !== null && document.querySelector('[data-table="bookings"] tr[data-booking="web-added-1"]') !== null`, 20*time.Second)
	var stored booking.Booking
	s.get("/v1/bookings/web-added-1", &stored)
	if stored.County != dispatchCounty || stored.Earliest.String() != dispatchDate || len(stored.Items) != 1 || stored.Items[0].Count != 2 {
		t.Errorf("stored booking %+v", stored)
	}

	// move one booking of a planned route to the next day (re-plans the day)
	var moved string
	for _, r := range before.Routes {
		if r.Status != dayplan.Dispatched && len(visits(r)) > 0 {
			moved = visits(r)[0]
			break
		}
	}
	if moved == "" {
		t.Fatalf("no planned route besides the dispatched one: nothing to move")
	}
	s.do("move booking", chromedp.Click(chromedp.CSS(fmt.Sprintf(`button[data-move=%q]`, moved))))
	s.wait("moved and re-planned", fmt.Sprintf(`location.hash.includes('moved=') && document.querySelector('main[data-ready="1"]') !== null && document.querySelector('[data-table="bookings"] tr[data-booking=%q]') === null`, moved), 90*time.Second)
	var mb booking.Booking
	s.get("/v1/bookings/"+moved, &mb)
	if want := addDay(dispatchDate); mb.Earliest.String() != want || mb.Latest.String() != want {
		t.Errorf("moved booking %s: %s–%s, want %s", moved, mb.Earliest, mb.Latest, want)
	}

	// re-plan from the page: the new booking joins the day, the moved one
	// leaves it, the dispatched route stays as it was
	s.do("re-plan", chromedp.Click(chromedp.ID("replan")))
	s.wait("re-planned", `location.hash.includes('r=') && document.querySelector('main[data-ready="1"]') !== null`, 90*time.Second)
	after := s.dayPlan(dispatchDate)
	in := func(p *dayplan.Plan, id string) bool {
		return slices.ContainsFunc(p.Bookings, func(b booking.Booking) bool { return b.ID == id && b.Status != booking.Cancelled })
	}
	if !in(after, "web-added-1") || in(after, moved) {
		t.Errorf("after re-planning: added booking in the day %v, moved booking in the day %v", in(after, "web-added-1"), in(after, moved))
	}
	routed := false
	for _, r := range after.Routes {
		if slices.Contains(visits(r), "web-added-1") {
			routed = true
		}
		if slices.Contains(visits(r), moved) {
			t.Errorf("moved booking %s still routed on %s by %s", moved, dispatchDate, r.Vehicle)
		}
		if r.Vehicle == locked.Vehicle {
			a, _ := json.Marshal(locked)
			b, _ := json.Marshal(r)
			if !bytes.Equal(a, b) {
				t.Errorf("dispatched route %s changed by re-planning:\nbefore %s\nafter  %s", r.Vehicle, a, b)
			}
		}
	}
	if !routed && !slices.ContainsFunc(after.Unassigned, func(u dayplan.Unassigned) bool { return u.Booking == "web-added-1" }) {
		t.Errorf("the added booking is neither routed nor unassigned")
	}
	if got := eval[string](s, fmt.Sprintf(`document.querySelector('[data-table="trucks"] tr[data-vehicle=%q]').dataset.status`, locked.Vehicle)); got != "dispatched" {
		t.Errorf("page shows route %s as %q after re-planning", locked.Vehicle, got)
	}
	if !strings.Contains(eval[string](s, `document.getElementById('day-totals').textContent`), "") {
		t.Errorf("no day totals")
	}
	s.shot("dispatch-replanned")
}

func addDay(d string) string {
	x, _ := booking.ParseDate(d)
	return x.AddDays(1).String()
}
