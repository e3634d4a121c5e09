package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/labstack/echo/v4"

	"github.com/huishou/huishou/api/jobs"
	"github.com/huishou/huishou/api/store"
	"github.com/huishou/huishou/optimizer/schedule/booking"
	"github.com/huishou/huishou/optimizer/schedule/dayplan"
	"github.com/huishou/huishou/optimizer/schedule/sheet"
)

// createSchedule starts a schedule run over the stored bookings: 202 with
// the run. The depots come from the plan of "run", by default the latest
// finished plan run (without one, each county's seat).
func (s *Server) createSchedule(c echo.Context) error {
	var p jobs.ScheduleParams
	if err := decodeJSON(c, &p); err != nil {
		return err
	}
	first, _, err := p.Check()
	if err != nil {
		return badPlan(err, "")
	}
	ctx := c.Request().Context()
	if err := s.checkScheduleSize(ctx, first, p.Days); err != nil {
		return err
	}
	if p.Run == "" {
		latest, err := s.store.ListRuns(ctx, store.RunFilter{Kind: store.KindPlan, Status: store.StatusDone, Limit: 1})
		if err != nil {
			return err
		}
		if len(latest) == 1 {
			p.Run = latest[0].ID
		}
	} else {
		r, err := s.store.GetRun(ctx, p.Run)
		if errors.Is(err, store.ErrNotFound) {
			return badField("run", "no run %q", p.Run)
		}
		if err != nil {
			return err
		}
		if r.Kind != store.KindPlan || r.Status != store.StatusDone {
			return badField("run", "%s is a %s run, %s: want a finished plan run", r.ID, r.Kind, r.Status)
		}
	}
	pj, err := json.Marshal(p)
	if err != nil {
		return err
	}
	r, err := s.store.CreateRun(ctx, store.Run{ID: newID("sch_"), Kind: store.KindSchedule, Params: pj})
	if err != nil {
		return err
	}
	if err := s.runner.Enqueue(ctx, r.ID); err != nil {
		_ = s.store.FailRun(ctx, r.ID, "not queued: "+err.Error())
		return fmt.Errorf("api: enqueue run %s: %w", r.ID, err)
	}
	c.Response().Header().Set(echo.HeaderLocation, "/v1/runs/"+r.ID)
	return c.JSON(http.StatusAccepted, runOut(r, false))
}

// planCache keeps parsed day plans by date and version: route sheets are
// read far more often than plans change.
type planCache struct {
	mu sync.Mutex
	m  map[string]*cachedPlan
}

type cachedPlan struct {
	date    string
	run     string
	version int64
	plan    *dayplan.Plan
	ix      dayplan.Index
	// sheets holds rendered JSON route sheets by vehicle: a plan version
	// never changes, so neither do its sheets.
	mu     sync.Mutex
	sheets map[string][]byte
}

// cachedDayPlan returns the parsed plan of the path's date from the cache
// when its version is current (one cheap store read), else reads it.
func (s *Server) cachedDayPlan(c echo.Context) (*cachedPlan, error) {
	ds := c.Param("date")
	d, err := booking.ParseDate(ds)
	if err != nil || d.IsZero() {
		return nil, badField("date", "%q: want YYYY-MM-DD", ds)
	}
	v, err := s.store.DayPlanVersion(c.Request().Context(), d.String())
	if errors.Is(err, store.ErrNotFound) {
		return nil, problem(http.StatusNotFound, fmt.Sprintf("no day plan for %s: POST /v1/schedules first", d))
	}
	if err != nil {
		return nil, err
	}
	s.plans.mu.Lock()
	cp, ok := s.plans.m[d.String()]
	s.plans.mu.Unlock()
	if ok && cp.version == v {
		return cp, nil
	}
	if _, _, _, err := s.dayPlan(c); err != nil {
		return nil, err
	}
	s.plans.mu.Lock()
	cp = s.plans.m[d.String()]
	s.plans.mu.Unlock()
	return cp, nil
}

// dayPlan returns the stored plan of the path's date, parsed.
func (s *Server) dayPlan(c echo.Context) (store.DayPlan, *dayplan.Plan, dayplan.Index, error) {
	ds := c.Param("date")
	d, err := booking.ParseDate(ds)
	if err != nil || d.IsZero() {
		return store.DayPlan{}, nil, dayplan.Index{}, badField("date", "%q: want YYYY-MM-DD", ds)
	}
	sp, err := s.store.GetDayPlan(c.Request().Context(), d.String())
	if errors.Is(err, store.ErrNotFound) {
		return sp, nil, dayplan.Index{}, problem(http.StatusNotFound, fmt.Sprintf("no day plan for %s: POST /v1/schedules first", d))
	}
	if err != nil {
		return sp, nil, dayplan.Index{}, err
	}
	s.plans.mu.Lock()
	cp, ok := s.plans.m[sp.Date]
	s.plans.mu.Unlock()
	if ok && cp.version == sp.Version {
		return sp, cp.plan, cp.ix, nil
	}
	p, err := dayplan.Read(bytes.NewReader(sp.Doc))
	if err != nil {
		return sp, nil, dayplan.Index{}, fmt.Errorf("api: stored day plan %s: %w", sp.Date, err)
	}
	ix := p.Index()
	s.plans.mu.Lock()
	if s.plans.m == nil || len(s.plans.m) > 366 {
		s.plans.m = map[string]*cachedPlan{}
	}
	s.plans.m[sp.Date] = &cachedPlan{date: sp.Date, run: sp.Run, version: sp.Version, plan: p, ix: ix, sheets: map[string][]byte{}}
	s.plans.mu.Unlock()
	return sp, p, ix, nil
}

func (s *Server) getSchedule(c echo.Context) error {
	sp, _, _, err := s.dayPlan(c)
	if err != nil {
		return err
	}
	c.Response().Header().Set("ETag", strconv.Quote(strconv.FormatInt(sp.Version, 10)))
	return c.Blob(http.StatusOK, echo.MIMEApplicationJSON, sp.Doc)
}

// dispatch fixes routes of a day: their trucks have left. Re-planning
// keeps them as they are. Body {"vehicles": [...]}; none or empty means
// every route with stops.
func (s *Server) dispatch(c echo.Context) error {
	var in struct {
		Vehicles []string `json:"vehicles"`
	}
	if c.Request().ContentLength != 0 {
		if err := decodeJSON(c, &in); err != nil && !isEmptyBody(err) {
			return err
		}
	}
	sp, _, _, err := s.dayPlan(c)
	if err != nil {
		return err
	}
	// work on a copy: the cached plan is shared
	p, err := dayplan.Read(bytes.NewReader(sp.Doc))
	if err != nil {
		return err
	}
	idx := map[string]int{}
	for i, r := range p.Routes {
		idx[r.Vehicle] = i
	}
	sel := in.Vehicles
	if len(sel) == 0 {
		for _, r := range p.Routes {
			if len(r.Stops) > 0 {
				sel = append(sel, r.Vehicle)
			}
		}
	}
	var ids []string
	disp := slices.Clone(sp.Dispatched)
	for k, v := range sel {
		i, ok := idx[v]
		if !ok {
			return badField(fmt.Sprintf("vehicles[%d]", k), "no route of vehicle %q on %s", v, sp.Date)
		}
		r := &p.Routes[i]
		r.Status = dayplan.Dispatched
		for _, st := range r.Stops {
			if st.Type == dayplan.Visit {
				ids = append(ids, st.Booking)
			}
		}
		if !slices.Contains(disp, v) {
			disp = append(disp, v)
		}
	}
	for i := range p.Bookings {
		if slices.Contains(ids, p.Bookings[i].ID) && p.Bookings[i].Status.Open() {
			p.Bookings[i].Status = booking.Dispatched
		}
	}
	var buf bytes.Buffer
	if err := dayplan.Write(&buf, p); err != nil {
		return err
	}
	ctx := c.Request().Context()
	out, err := s.store.PutDayPlan(ctx, store.DayPlan{Date: sp.Date, Run: sp.Run, Doc: buf.Bytes(), Dispatched: disp}, sp.Version)
	if errors.Is(err, store.ErrConflict) {
		return problem(http.StatusConflict, fmt.Sprintf("the plan of %s changed meanwhile: read it again", sp.Date))
	}
	if err != nil {
		return err
	}
	slices.Sort(ids)
	if _, err := s.store.SetBookingStatus(ctx, ids, string(booking.Dispatched)); err != nil {
		return err
	}
	c.Response().Header().Set("ETag", strconv.Quote(strconv.FormatInt(out.Version, 10)))
	return c.Blob(http.StatusOK, echo.MIMEApplicationJSON, out.Doc)
}

// RouteSheet is the JSON form of one vehicle's route sheet.
type RouteSheet struct {
	Date    string              `json:"date"`
	Vehicle string              `json:"vehicle"`
	Depot   string              `json:"depot"`
	Status  string              `json:"status"`
	Rows    []dayplan.SheetRow  `json:"rows"`
	Totals  dayplan.SheetTotals `json:"totals"`
}

// sheetFormats maps ?format= values and Accept types to formats.
var sheetFormats = map[string]string{
	"json": "json", "csv": "csv", "html": "html", "pdf": "pdf", "geojson": "geojson",
	echo.MIMEApplicationJSON: "json", "text/csv": "csv", echo.MIMETextHTML: "html", "application/pdf": "pdf", "application/geo+json": "geojson",
}

// sheetFormat picks the format: ?format= first, else the first Accept
// type we serve, else JSON.
func sheetFormat(c echo.Context) (string, error) {
	if f := c.QueryParam("format"); f != "" {
		if v, ok := sheetFormats[f]; ok && !strings.Contains(f, "/") {
			return v, nil
		}
		return "", badField("format", "%q: want json, csv, html, pdf or geojson", f)
	}
	accept := c.Request().Header.Get("Accept")
	if accept == "" {
		return "json", nil
	}
	for _, part := range strings.Split(accept, ",") {
		mt := strings.TrimSpace(strings.SplitN(part, ";", 2)[0])
		if v, ok := sheetFormats[mt]; ok && strings.Contains(mt, "/") {
			return v, nil
		}
		if mt == "*/*" || mt == "application/*" {
			return "json", nil
		}
	}
	return "", problem(http.StatusNotAcceptable, "Accept: want application/json, text/csv, text/html, application/pdf or application/geo+json")
}

// routeSheet serves one vehicle's route sheet of a day.
func (s *Server) routeSheet(c echo.Context) error {
	format, err := sheetFormat(c)
	if err != nil {
		return err
	}
	cp, err := s.cachedDayPlan(c)
	if err != nil {
		return err
	}
	p, ix := cp.plan, cp.ix
	sp := store.DayPlan{Date: cp.date, Version: cp.version}
	v := c.Param("vehicle")
	ri := slices.IndexFunc(p.Routes, func(r dayplan.Route) bool { return r.Vehicle == v })
	if ri < 0 {
		return problem(http.StatusNotFound, fmt.Sprintf("no route of vehicle %q on %s", v, sp.Date))
	}
	c.Response().Header().Set("ETag", strconv.Quote(strconv.FormatInt(sp.Version, 10)))
	c.Response().Header().Set("Vary", "Accept")
	opt := sheet.Options{Routes: []int{ri}}
	var buf bytes.Buffer
	switch format {
	case "json":
		cp.mu.Lock()
		body, ok := cp.sheets[v]
		cp.mu.Unlock()
		if !ok {
			rows, tot := p.Sheet(ri, ix, booking.DefaultCatalog())
			r := p.Routes[ri]
			if body, err = json.Marshal(RouteSheet{Date: sp.Date, Vehicle: r.Vehicle, Depot: r.Depot, Status: r.Status, Rows: rows, Totals: tot}); err != nil {
				return err
			}
			body = append(body, '\n')
			cp.mu.Lock()
			cp.sheets[v] = body
			cp.mu.Unlock()
		}
		return c.JSONBlob(http.StatusOK, body)
	case "csv":
		if err := sheet.WriteCSV(&buf, p, ri, opt); err != nil {
			return err
		}
		c.Response().Header().Set(echo.HeaderContentDisposition, fmt.Sprintf(`inline; filename="route-%s-%s.csv"`, sp.Date, v))
		return c.Blob(http.StatusOK, "text/csv; charset=utf-8", buf.Bytes())
	case "html":
		if err := sheet.WriteHTML(&buf, p, opt); err != nil {
			return err
		}
		return c.Blob(http.StatusOK, echo.MIMETextHTMLCharsetUTF8, buf.Bytes())
	case "pdf":
		if err := sheet.WritePDF(&buf, p, opt); err != nil {
			return err
		}
		c.Response().Header().Set(echo.HeaderContentDisposition, fmt.Sprintf(`inline; filename="route-%s-%s.pdf"`, sp.Date, v))
		return c.Blob(http.StatusOK, "application/pdf", buf.Bytes())
	default: // geojson
		if err := sheet.WriteGeoJSON(&buf, p, opt); err != nil {
			return err
		}
		return c.Blob(http.StatusOK, "application/geo+json", buf.Bytes())
	}
}
