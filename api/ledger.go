package api

import (
	"bufio"
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/huishou/huishou/api/ledger"
	"github.com/huishou/huishou/api/ledger/regional"
	"github.com/huishou/huishou/api/store"
	"github.com/huishou/huishou/scenarios/region"
)

// ledgerStore is the ledger's store as the API needs it: the events
// (ledger.Store) and the site registry. store.PostgresLedger provides it;
// memLedger keeps both in memory.
type ledgerStore interface {
	ledger.Store
	Sites(ctx context.Context) (*ledger.Sites, error)
	PutSites(ctx context.Context, s *ledger.Sites) error
}

// memLedger is the embedded default: events and registry in memory.
type memLedger struct {
	*ledger.Memory
	mu    sync.RWMutex
	sites *ledger.Sites
}

func (m *memLedger) Sites(context.Context) (*ledger.Sites, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return m.sites, nil
}

func (m *memLedger) PutSites(_ context.Context, s *ledger.Sites) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.sites = s
	return nil
}

// ledgerAPI serves /v1/ledger and /v1/reports.
type ledgerAPI struct {
	store ledgerStore
	// sites caches the registry for sitesTTL (several servers share the
	// database's).
	mu      sync.Mutex
	sites   *ledger.Sites
	sitesAt time.Time
	regOnce sync.Once
	reg     *region.Region
	regErr  error
}

const sitesTTL = 5 * time.Second

// newLedgerAPI returns the ledger API over st's ledger: PostgreSQL's when
// st has one, else one in memory.
func newLedgerAPI(st Store) *ledgerAPI {
	if p, ok := st.(interface{ Ledger() *store.PostgresLedger }); ok {
		return &ledgerAPI{store: p.Ledger()}
	}
	empty, _ := ledger.NewSites(nil)
	return &ledgerAPI{store: &memLedger{Memory: ledger.NewMemory(), sites: empty}}
}

func (a *ledgerAPI) registry(ctx context.Context) (*ledger.Sites, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.sites != nil && time.Since(a.sitesAt) < sitesTTL {
		return a.sites, nil
	}
	s, err := a.store.Sites(ctx)
	if err != nil {
		return nil, err
	}
	a.sites, a.sitesAt = s, time.Now()
	return s, nil
}

func (a *ledgerAPI) region() (*region.Region, error) {
	a.regOnce.Do(func() { a.reg, a.regErr = region.Builtin("sichuan") })
	return a.reg, a.regErr
}

// routes registers the ledger's routes on the /v1 group.
func (a *ledgerAPI) routes(v1 *echo.Group) {
	write := allow(store.RoleDispatcher)
	read := allow(store.RoleDispatcher, store.RolePlanner, store.RoleViewer)
	v1.POST("/ledger", a.appendEvent, write)
	v1.GET("/ledger", a.listEvents, read)
	v1.GET("/ledger/events/:site/:seq", a.getEvent, read)
	v1.GET("/ledger/verify", a.verify, read)
	v1.GET("/ledger/balance", a.balance, read)
	v1.GET("/ledger/sites", a.getSites, read)
	v1.PUT("/ledger/sites", a.putSites, allow())
	v1.GET("/reports", a.report, read)
	v1.POST("/reports", a.report, read)
}

// appendEvent appends one event (the JSON of ledger.Event): 201 with the
// stored event, or 200 with it and Idempotent-Replayed: true when the
// client id was stored already; 409 when the client id names another
// event; 400 naming the field of a bad event (nothing stored).
func (a *ledgerAPI) appendEvent(c echo.Context) error {
	data, err := io.ReadAll(c.Request().Body)
	if err != nil {
		return err
	}
	ev, err := ledger.DecodeEvent(data)
	if err != nil {
		return err
	}
	ev.Actor = caller(c).ID
	ctx := c.Request().Context()
	sites, err := a.registry(ctx)
	if err != nil {
		return err
	}
	got, dup, err := ledger.New(a.store, sites, ledger.Options{}).Append(ctx, ev)
	if errors.Is(err, ledger.ErrConflict) {
		return problem(http.StatusConflict, err.Error())
	}
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderLocation, "/v1/ledger/events/"+got.Site+"/"+strconv.FormatInt(got.Seq, 10))
	if dup {
		c.Response().Header().Set("Idempotent-Replayed", "true")
		return c.JSON(http.StatusOK, got)
	}
	return c.JSON(http.StatusCreated, got)
}

func (a *ledgerAPI) getEvent(c echo.Context) error {
	id := c.Param("site") + "/" + c.Param("seq")
	e, err := a.store.Get(c.Request().Context(), id)
	if errors.Is(err, ledger.ErrNotFound) {
		return problem(http.StatusNotFound, fmt.Sprintf("no event %s", id))
	}
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, e)
}

// eventPage is a page of GET /v1/ledger.
type eventPage struct {
	Events     []ledger.Event `json:"events"`
	NextCursor string         `json:"next_cursor,omitempty"`
}

func (a *ledgerAPI) listEvents(c echo.Context) error {
	q := c.QueryParams()
	f := ledger.Filter{Site: q.Get("site"), County: q.Get("county"), Limit: 100}
	if v := q.Get("type"); v != "" {
		if !ledger.Type(v).Valid() {
			return badField("type", "%q is not an event type", v)
		}
		f.Type = ledger.Type(v)
	}
	for _, d := range []struct {
		name string
		t    *time.Time
		add  int
	}{{"from", &f.From, 0}, {"to", &f.To, 1}} {
		v := q.Get(d.name)
		if v == "" {
			continue
		}
		t, err := time.ParseInLocation("2006-01-02", v, ledger.China)
		if err != nil {
			return badField(d.name, "%q: want YYYY-MM-DD (China time)", v)
		}
		*d.t = t.AddDate(0, 0, d.add)
	}
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 1000 {
			return badField("limit", "%q: want 1…1000", v)
		}
		f.Limit = n
	}
	if v := q.Get("cursor"); v != "" {
		raw, err := base64.RawURLEncoding.DecodeString(v)
		pos, err2 := strconv.ParseInt(strings.TrimPrefix(string(raw), "pos:"), 10, 64)
		if err != nil || err2 != nil || !strings.HasPrefix(string(raw), "pos:") || pos < 0 {
			return badField("cursor", "not a cursor of this listing")
		}
		f.After = pos
	}
	events, next, err := ledger.List(c.Request().Context(), a.store, f)
	if err != nil {
		return err
	}
	page := eventPage{Events: events}
	if page.Events == nil {
		page.Events = []ledger.Event{}
	}
	if next > 0 {
		page.NextCursor = base64.RawURLEncoding.EncodeToString([]byte("pos:" + strconv.FormatInt(next, 10)))
	}
	return c.JSON(http.StatusOK, page)
}

// verify checks every chain: 200 with the verification ("ok": false and
// the first broken events when a chain is broken).
func (a *ledgerAPI) verify(c echo.Context) error {
	v, err := ledger.Verify(c.Request().Context(), a.store, nil)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, struct {
		OK bool `json:"ok"`
		*ledger.Verification
	}{v.OK(), v})
}

func (a *ledgerAPI) balance(c echo.Context) error {
	p, err := ledger.ParsePeriod(c.QueryParam("period"))
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	sites, err := a.registry(ctx)
	if err != nil {
		return err
	}
	sh, err := ledger.Balance(ctx, a.store, sites, ledger.BalanceOptions{Period: p, Site: c.QueryParam("site")})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, sh)
}

func (a *ledgerAPI) getSites(c echo.Context) error {
	s, err := a.store.Sites(c.Request().Context())
	if err != nil {
		return err
	}
	list := s.List()
	if list == nil {
		list = []ledger.Site{}
	}
	return c.JSON(http.StatusOK, map[string][]ledger.Site{"sites": list})
}

// putSites replaces the site registry (admin): CSV (text/csv, the format
// of `huishou gen ledger`'s .sites.csv) or JSON {"sites": [...]}.
func (a *ledgerAPI) putSites(c echo.Context) error {
	data, err := io.ReadAll(c.Request().Body)
	if err != nil {
		return err
	}
	var s *ledger.Sites
	if strings.HasPrefix(c.Request().Header.Get(echo.HeaderContentType), "text/csv") {
		s, err = ledger.ReadSitesCSV(bytes.NewReader(data), "body")
	} else {
		var body struct {
			Sites []ledger.Site `json:"sites"`
		}
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.DisallowUnknownFields()
		if err = dec.Decode(&body); err != nil {
			return jsonProblem(err)
		}
		s, err = ledger.NewSites(body.Sites)
	}
	if err != nil {
		return err
	}
	if len(s.List()) == 0 {
		return badField("sites", "no sites: the registry needs at least one (a PUT replaces it whole)")
	}
	if err := a.store.PutSites(c.Request().Context(), s); err != nil {
		return err
	}
	a.mu.Lock()
	a.sites, a.sitesAt = s, time.Now()
	a.mu.Unlock()
	return c.JSON(http.StatusOK, map[string][]ledger.Site{"sites": s.List()})
}

// report answers the periodic report (GET, or POST with a targets CSV
// body): ?period=2025-06|2025-Q2|2025&level=county|prefecture|province|producer
// &format=json|csv|xlsx|html&area=CODE&forecast=false.
func (a *ledgerAPI) report(c echo.Context) error {
	q := c.QueryParams()
	p, err := ledger.ParsePeriod(q.Get("period"))
	if err != nil {
		return err
	}
	level := ledger.County
	if v := q.Get("level"); v != "" {
		if level, err = ledger.ParseLevel(v); err != nil {
			return err
		}
	}
	format := q.Get("format")
	if format == "" {
		format = "json"
	}
	ctypes := map[string]string{"json": "application/json", "csv": "text/csv; charset=utf-8", "html": "text/html; charset=utf-8",
		"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
	ct, ok := ctypes[format]
	if !ok {
		return badField("format", "%q is not one of json, csv, xlsx, html", format)
	}
	reg, err := a.region()
	if err != nil {
		return err
	}
	opt, err := regional.Options(reg, p, level, q.Get("forecast") == "false")
	if err != nil {
		return err
	}
	opt.Area = q.Get("area")
	if c.Request().Method == http.MethodPost {
		if opt.Targets, err = ledger.ReadTargetsCSV(c.Request().Body, "targets"); err != nil {
			return err
		}
	}
	rep, err := ledger.BuildStoreReport(c.Request().Context(), a.store, opt)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	w := bufio.NewWriter(&buf)
	switch format {
	case "json":
		err = rep.WriteJSON(w)
	case "csv":
		err = rep.WriteCSV(w)
	case "html":
		err = rep.WriteHTML(w)
	case "xlsx":
		err = rep.WriteXLSX(w)
		c.Response().Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="report-%s-%s.xlsx"`, p.Label, level))
	}
	if err == nil {
		err = w.Flush()
	}
	if err != nil {
		return err
	}
	return c.Blob(http.StatusOK, ct, buf.Bytes())
}
