package apiload

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/prometheus/client_golang/prometheus"
	vegeta "github.com/tsenart/vegeta/v12/lib"

	"github.com/huishou/huishou/api"
	"github.com/huishou/huishou/api/jobs"
	"github.com/huishou/huishou/api/store"
	"github.com/huishou/huishou/optimizer/schedule/booking"
)

// Stats are the figures of one attack.
type Stats struct {
	Name       string  `json:"name"`
	Rate       float64 `json:"rate"` // requested per second (0: as fast as possible)
	Seconds    float64 `json:"seconds"`
	Requests   uint64  `json:"requests"`
	Throughput float64 `json:"throughput"` // successful requests per second
	Success    float64 `json:"success"`    // share of 2xx
	P50Ms      float64 `json:"p50_ms"`
	P90Ms      float64 `json:"p90_ms"`
	P99Ms      float64 `json:"p99_ms"`
	MaxMs      float64 `json:"max_ms"`
	Errors     int     `json:"errors"`
}

func (s Stats) String() string {
	rate := "max"
	if s.Rate > 0 {
		rate = fmt.Sprintf("%.0f/s", s.Rate)
	}
	return fmt.Sprintf("%-22s rate %-7s %6d req in %4.1fs  %8.0f ok/s  success %6.2f%%  p50 %6.2f ms  p90 %6.2f ms  p99 %6.2f ms  max %7.2f ms  errors %d",
		s.Name, rate, s.Requests, s.Seconds, s.Throughput, 100*s.Success, s.P50Ms, s.P90Ms, s.P99Ms, s.MaxMs, s.Errors)
}

// attack runs one vegeta attack and sums it up; each result is also
// passed to seen (may be nil).
func attack(name string, tr vegeta.Targeter, rate float64, d time.Duration, workers uint64, seen func(*vegeta.Result)) Stats {
	opts := []func(*vegeta.Attacker){vegeta.Timeout(10 * time.Second), vegeta.KeepAlive(true)}
	var r vegeta.Rate
	if rate > 0 {
		r = vegeta.Rate{Freq: int(rate), Per: time.Second}
		opts = append(opts, vegeta.Workers(workers), vegeta.MaxWorkers(4*workers))
	} else {
		opts = append(opts, vegeta.Workers(workers), vegeta.MaxWorkers(workers))
	}
	a := vegeta.NewAttacker(opts...)
	var m vegeta.Metrics
	for res := range a.Attack(tr, r, d, name) {
		m.Add(res)
		if seen != nil {
			seen(res)
		}
	}
	m.Close()
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	return Stats{Name: name, Rate: rate, Seconds: m.Duration.Seconds(), Requests: m.Requests, Throughput: m.Throughput, Success: m.Success,
		P50Ms: ms(m.Latencies.P50), P90Ms: ms(m.Latencies.P90), P99Ms: ms(m.Latencies.P99), MaxMs: ms(m.Latencies.Max), Errors: len(m.Errors)}
}

// serve starts h on an ephemeral loopback port.
func serve(h http.Handler) (string, func(), error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	return "http://" + ln.Addr().String(), func() { _ = srv.Close() }, nil
}

// server builds the API on st with an admin key; it returns the handler,
// the key and the store's job registry runner.
func server(st interface {
	api.Store
	jobs.ScheduleStore
	jobs.Store
}) (http.Handler, string, error) {
	secret, k, err := api.NewKey(store.RoleAdmin, "bench")
	if err != nil {
		return nil, "", err
	}
	if err := st.CreateKey(context.Background(), k); err != nil {
		return nil, "", err
	}
	reg := prometheus.NewRegistry()
	pool := jobs.NewPool(st, jobs.DefaultRegistry(st), 1, nil, nil)
	// RateLimit -1: the benchmark measures the service's capacity with one
	// key; a deployment sets per-key limits with serve --rate-limit.
	srv, err := api.New(api.Config{Store: st, Runner: pool, Registry: reg, Logger: slog.New(slog.DiscardHandler), RateLimit: -1})
	if err != nil {
		return nil, "", err
	}
	return srv.Handler(), secret, nil
}

// SheetOptions configure Sheet.
type SheetOptions struct {
	Bookings int           // bookings of the day (default 300)
	Rate     float64       // fixed rate of the latency attack (default 2000)
	Duration time.Duration // of each attack (default 10 s)
	Workers  uint64        // attack workers (default 32)
	Log      io.Writer     // progress lines; may be nil
}

// SheetReport is what Sheet measured.
type SheetReport struct {
	Vehicle    string  `json:"vehicle"`
	Stops      int     `json:"stops"`
	BodyBytes  int     `json:"body_bytes"`
	Fixed      Stats   `json:"fixed_rate"`
	SheetMax   Stats   `json:"sheet_max"`
	BareMax    Stats   `json:"bare_max"`
	Ratio      float64 `json:"throughput_ratio"` // SheetMax / BareMax
	SetupSecs  float64 `json:"setup_seconds"`
	Iterations int     `json:"iterations"`
}

// Sheet plans a day of bookings in 锦江区 on the memory store, then
// measures GET /v1/schedules/{date}/routes/{vehicle} (the longest route's
// sheet as JSON) and a bare echo handler returning the same bytes.
func Sheet(ctx context.Context, opt SheetOptions) (*SheetReport, error) {
	if opt.Bookings <= 0 {
		opt.Bookings = 300
	}
	if opt.Rate <= 0 {
		opt.Rate = 2000
	}
	if opt.Duration <= 0 {
		opt.Duration = 10 * time.Second
	}
	if opt.Workers == 0 {
		opt.Workers = 32
	}
	logf := func(format string, a ...any) {
		if opt.Log != nil {
			fmt.Fprintf(opt.Log, format+"\n", a...)
		}
	}
	start := time.Now()
	st := store.NewMemory()
	h, key, err := server(st)
	if err != nil {
		return nil, err
	}
	base, stop, err := serve(h)
	if err != nil {
		return nil, err
	}
	defer stop()
	hdr := http.Header{"Authorization": {"Bearer " + key}}
	// a day of bookings, scheduled through the API
	var csv strings.Builder
	csv.WriteString("id,lon,lat,county,items,earliest,latest,tw_start,tw_end\n")
	cats := []string{"refrigerator:1", "television:2", "washing_machine:1", "microwave:1", "air_conditioner:1", "computer:1"}
	for i := range opt.Bookings {
		win := []string{",", "09:00,12:00", "13:00,17:00", "08:00,18:00"}[i%4]
		fmt.Fprintf(&csv, "b%04d,%.5f,%.5f,510104,%s,2026-12-01,2026-12-01,%s\n", i, 104.05+0.0007*float64(i%41), 30.62+0.0009*float64((i*7)%37), cats[i%len(cats)], win)
	}
	if _, err := do(base, hdr, "POST", "/v1/bookings/import", "text/csv", csv.String(), 200); err != nil {
		return nil, err
	}
	body, err := do(base, hdr, "POST", "/v1/schedules", "application/json", `{"date":"2026-12-01","days":1,"seed":1,"time_limit":"120s"}`, 202)
	if err != nil {
		return nil, err
	}
	var run struct{ ID, Status, Error string }
	json.Unmarshal(body, &run)
	for run.Status != "done" && run.Status != "failed" {
		time.Sleep(100 * time.Millisecond)
		body, err = do(base, hdr, "GET", "/v1/runs/"+run.ID, "", "", 200)
		if err != nil {
			return nil, err
		}
		json.Unmarshal(body, &run)
	}
	if run.Status != "done" {
		return nil, fmt.Errorf("apiload: schedule run failed: %s", run.Error)
	}
	body, err = do(base, hdr, "GET", "/v1/schedules/2026-12-01", "", "", 200)
	if err != nil {
		return nil, err
	}
	var dp struct {
		Iterations int
		Routes     []struct {
			Vehicle string
			Stops   []struct{ Type string }
		}
	}
	json.Unmarshal(body, &dp)
	rep := &SheetReport{Iterations: dp.Iterations}
	for _, r := range dp.Routes {
		if len(r.Stops) > rep.Stops {
			rep.Vehicle, rep.Stops = r.Vehicle, len(r.Stops)
		}
	}
	if rep.Vehicle == "" {
		return nil, fmt.Errorf("apiload: the day has no route")
	}
	path := "/v1/schedules/2026-12-01/routes/" + rep.Vehicle
	sheet, err := do(base, hdr, "GET", path, "", "", 200)
	if err != nil {
		return nil, err
	}
	rep.BodyBytes = len(sheet)
	rep.SetupSecs = time.Since(start).Seconds()
	logf("route sheet of %s: %d stops, %d bytes (set-up %.1fs)", rep.Vehicle, rep.Stops, rep.BodyBytes, rep.SetupSecs)

	// the bare echo handler: the same bytes as static JSON
	bare := echo.New()
	bare.HideBanner, bare.HidePort = true, true
	bare.GET("/static", func(c echo.Context) error { return c.JSONBlob(http.StatusOK, sheet) })
	bareBase, stopBare, err := serve(bare)
	if err != nil {
		return nil, err
	}
	defer stopBare()

	sheetT := vegeta.NewStaticTargeter(vegeta.Target{Method: "GET", URL: base + path, Header: hdr})
	bareT := vegeta.NewStaticTargeter(vegeta.Target{Method: "GET", URL: bareBase + "/static"})
	// warm up both
	attack("warm-up", sheetT, 500, time.Second, opt.Workers, nil)
	attack("warm-up", bareT, 500, time.Second, opt.Workers, nil)
	rep.Fixed = attack("sheet fixed rate", sheetT, opt.Rate, opt.Duration, opt.Workers, nil)
	logf("%s", rep.Fixed)
	rep.BareMax = attack("bare echo max", bareT, 0, opt.Duration, opt.Workers, nil)
	logf("%s", rep.BareMax)
	rep.SheetMax = attack("sheet max", sheetT, 0, opt.Duration, opt.Workers, nil)
	logf("%s", rep.SheetMax)
	if rep.BareMax.Throughput > 0 {
		rep.Ratio = rep.SheetMax.Throughput / rep.BareMax.Throughput
	}
	logf("sheet / bare throughput: %.1f %%", 100*rep.Ratio)
	return rep, ctx.Err()
}

// do sends one request and checks its status.
func do(base string, hdr http.Header, method, path, ct, body string, want int) ([]byte, error) {
	req, err := http.NewRequest(method, base+path, strings.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header = hdr.Clone()
	if ct != "" {
		req.Header.Set("Content-Type", ct)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != want {
		return b, fmt.Errorf("apiload: %s %s: %d %s", method, path, resp.StatusCode, b)
	}
	return b, nil
}

// BookingsOptions configure Bookings.
type BookingsOptions struct {
	DatabaseURL string        // a migrated schema (the caller makes one)
	Rate        float64       // default 1000
	Duration    time.Duration // default 10 s
	Workers     uint64        // default 64
	Log         io.Writer
}

// BookingsReport is what Bookings measured.
type BookingsReport struct {
	Post     Stats   `json:"post"`
	Acked    int     `json:"acknowledged"`
	ReadBack int     `json:"read_back"`
	Missing  int     `json:"missing"`
	ReadSecs float64 `json:"read_seconds"`
}

// Bookings posts bookings with unique ids at a fixed rate to the API on
// PostgreSQL, then lists every stored booking and checks that each
// acknowledged (201) one is there.
func Bookings(ctx context.Context, opt BookingsOptions) (*BookingsReport, error) {
	if opt.Rate <= 0 {
		opt.Rate = 1000
	}
	if opt.Duration <= 0 {
		opt.Duration = 10 * time.Second
	}
	if opt.Workers == 0 {
		opt.Workers = 64
	}
	pool, err := store.OpenPool(ctx, opt.DatabaseURL)
	if err != nil {
		return nil, err
	}
	defer pool.Close()
	if _, err := store.Migrate(ctx, pool, nil); err != nil {
		return nil, err
	}
	st := store.NewPostgres(pool)
	h, key, err := server(st)
	if err != nil {
		return nil, err
	}
	base, stop, err := serve(h)
	if err != nil {
		return nil, err
	}
	defer stop()
	hdr := http.Header{"Authorization": {"Bearer " + key}, "Content-Type": {"application/json"}}
	var n atomic.Int64
	cats := []string{"refrigerator:1", "television:2", "washing_machine:1"}
	tr := func(t *vegeta.Target) error {
		i := n.Add(1)
		t.Method, t.URL, t.Header = "POST", base+"/v1/bookings", hdr
		t.Body = fmt.Appendf(nil, `{"id":"load-%07d","lon":%.5f,"lat":%.5f,"county":"510104","items":%q,"earliest":"2026-12-01","latest":"2026-12-07"}`,
			i, 104.05+0.0001*float64(i%500), 30.62+0.0001*float64(i%300), cats[i%3])
		return nil
	}
	acked := map[string]bool{}
	seen := func(r *vegeta.Result) {
		if r.Code == http.StatusCreated {
			var b booking.Booking
			if json.Unmarshal(r.Body, &b) == nil {
				acked[b.ID] = true
			}
		}
	}
	attack("warm-up", vegeta.NewStaticTargeter(vegeta.Target{Method: "GET", URL: base + "/readyz"}), 200, time.Second, 8, nil)
	rep := &BookingsReport{Post: attack("POST /v1/bookings", tr, opt.Rate, opt.Duration, opt.Workers, seen)}
	rep.Acked = len(acked)
	if opt.Log != nil {
		fmt.Fprintln(opt.Log, rep.Post)
	}
	t0 := time.Now()
	cursor := ""
	for {
		q := "/v1/bookings?limit=1000"
		if cursor != "" {
			q += "&cursor=" + cursor
		}
		body, err := do(base, hdr, "GET", q, "", "", 200)
		if err != nil {
			return nil, err
		}
		var page struct {
			Bookings []struct {
				ID string `json:"id"`
			} `json:"bookings"`
			Next string `json:"next_cursor"`
		}
		if err := json.Unmarshal(body, &page); err != nil {
			return nil, err
		}
		for _, b := range page.Bookings {
			if acked[b.ID] {
				rep.ReadBack++
			}
		}
		if page.Next == "" {
			break
		}
		cursor = page.Next
	}
	rep.ReadSecs = time.Since(t0).Seconds()
	rep.Missing = rep.Acked - rep.ReadBack
	if opt.Log != nil {
		fmt.Fprintf(opt.Log, "acknowledged %d, read back %d, missing %d (read in %.1fs)\n", rep.Acked, rep.ReadBack, rep.Missing, rep.ReadSecs)
	}
	return rep, nil
}

// Report is one saved run of `huishou bench api --json`: its target, when
// and where it ran, and what it measured.
type Report struct {
	Target   string          `json:"target"`
	Date     string          `json:"date"`
	Machine  string          `json:"machine"`
	Load     string          `json:"load_average"`
	Sheet    *SheetReport    `json:"sheet,omitempty"`
	Bookings *BookingsReport `json:"bookings,omitempty"`
}

// WriteTable writes saved reports as the Markdown tables of RESULTS.md.
func WriteTable(w io.Writer, reps []Report) error {
	fmt.Fprintln(w, "| date | load avg | route sheet p50 / p99 ms at fixed rate | sheet max req/s | bare echo max req/s | sheet / bare |")
	fmt.Fprintln(w, "|---|---|---|---|---|---|")
	for _, r := range reps {
		if s := r.Sheet; s != nil {
			fmt.Fprintf(w, "| %s | %s | %.2f / %.2f at %.0f/s (%.2f%% ok) | %.0f | %.0f | %.1f %% |\n", r.Date, r.Load, s.Fixed.P50Ms, s.Fixed.P99Ms, s.Fixed.Rate,
				100*s.Fixed.Success, s.SheetMax.Throughput, s.BareMax.Throughput, 100*s.Ratio)
		}
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| date | load avg | POST /v1/bookings rate | ok/s | success | p50 / p99 ms | errors | acknowledged | read back | missing |")
	fmt.Fprintln(w, "|---|---|---|---|---|---|---|---|---|---|")
	for _, r := range reps {
		if b := r.Bookings; b != nil {
			fmt.Fprintf(w, "| %s | %s | %.0f/s | %.0f | %.2f %% | %.2f / %.2f | %d | %d | %d | %d |\n", r.Date, r.Load, b.Post.Rate, b.Post.Throughput,
				100*b.Post.Success, b.Post.P50Ms, b.Post.P99Ms, b.Post.Errors, b.Acked, b.ReadBack, b.Missing)
		}
	}
	return nil
}
