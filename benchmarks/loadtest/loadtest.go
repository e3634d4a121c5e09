// Package loadtest sends a mixed workload to a running Huishou service at
// a fixed rate (`huishou loadtest`): bookings written, ledger events
// appended, day plans read, route sheets fetched and schedule runs
// started, with vegeta as the load generator. It reports throughput,
// latency percentiles and errors per kind of request, samples the
// server's heap from /metrics while it runs, and reads back every booking
// and ledger event the server acknowledged, so that a lost write shows.
//
// Traffic goes only to the URL given, which must be a loopback address:
// the attack is bounded in rate and time and stops by itself.
package loadtest

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// Kinds of request of the mix, in report order.
const (
	KindBooking  = "booking"  // POST /v1/bookings
	KindLedger   = "ledger"   // POST /v1/ledger
	KindSchedule = "schedule" // GET /v1/schedules/{date}
	KindSheet    = "sheet"    // GET /v1/schedules/{date}/routes/{vehicle}?format=json
	KindRun      = "run"      // POST /v1/schedules (a schedule run of the day)
)

// Kinds lists the kinds in report order.
var Kinds = []string{KindBooking, KindLedger, KindSchedule, KindSheet, KindRun}

// DefaultMix is the share of each kind: bookings and ledger events
// written, plans and sheets read, now and then a schedule run.
var DefaultMix = map[string]float64{KindBooking: 0.35, KindLedger: 0.25, KindSchedule: 0.15, KindSheet: 0.24, KindRun: 0.01}

// Options configure Run. URL and Key are required.
type Options struct {
	URL string // base URL of the service, e.g. http://127.0.0.1:8080 (loopback only)
	Key string // an admin key (the set-up writes the ledger's load-test sites)
	// Rate is the requests per second of the attack (default 50) and
	// Duration its length (default 60 s).
	Rate     float64
	Duration time.Duration
	// Mix weighs the kinds of request (default DefaultMix).
	Mix map[string]float64
	// Date is the day whose plan and sheets are read and re-planned
	// (default 2026-12-01); the set-up books and plans it when it has no
	// plan. Iterations is the routing budget of those schedule runs
	// (default 300).
	Date       string
	Iterations int
	// Seed makes the sequence of requests repeatable (default 1).
	Seed uint64
	// SampleEvery is the period of the heap samples from /metrics
	// (default 10 s; negative: none).
	SampleEvery time.Duration
	// Workers is the attack's initial worker count (default 16).
	Workers uint64
	// NoVerify skips the read-back of acknowledged writes.
	NoVerify bool
	// Log receives progress lines; nil discards them.
	Log io.Writer
}

// KindStats are the figures of one kind of request.
type KindStats struct {
	Kind     string         `json:"kind"`
	Requests int            `json:"requests"`
	OK       int            `json:"ok"`
	Errors   int            `json:"errors"`
	P50Ms    float64        `json:"p50_ms"`
	P90Ms    float64        `json:"p90_ms"`
	P99Ms    float64        `json:"p99_ms"`
	MaxMs    float64        `json:"max_ms"`
	Statuses map[string]int `json:"statuses"` // status code (or "error") → count
}

// HeapSample is one reading of the server's /metrics.
type HeapSample struct {
	Seconds     float64 `json:"seconds"` // since the attack began
	HeapAllocMB float64 `json:"heap_alloc_mb"`
	HeapInuseMB float64 `json:"heap_inuse_mb"`
	RSSMB       float64 `json:"rss_mb"`
	Goroutines  int     `json:"goroutines"`
}

// Report is what Run measured.
type Report struct {
	URL        string      `json:"url"`
	Started    time.Time   `json:"started"`
	Rate       float64     `json:"rate"`
	Seconds    float64     `json:"seconds"`
	Requests   int         `json:"requests"`
	Throughput float64     `json:"throughput"` // successful requests per second
	Errors     int         `json:"errors"`     // requests without a 2xx answer
	Total      KindStats   `json:"total"`
	Kinds      []KindStats `json:"kinds"`
	// ErrorSamples are a few error answers, to say what went wrong.
	ErrorSamples []string     `json:"error_samples,omitempty"`
	Heap         []HeapSample `json:"heap"`
	// HeapSlopeMBPerMin is the least-squares slope of the heap in use over
	// the samples after the first minute (or the second half, for a short
	// run): flat memory is near 0.
	HeapSlopeMBPerMin float64 `json:"heap_slope_mb_per_min"`
	// Writes acknowledged (201) and found again afterwards.
	BookingsAcked    int `json:"bookings_acked"`
	BookingsReadBack int `json:"bookings_read_back"`
	EventsAcked      int `json:"events_acked"`
	EventsReadBack   int `json:"events_read_back"`
	// Runs started and how they ended (by status at the end).
	Runs map[string]int `json:"runs"`
}

// Lost is the number of acknowledged writes not found afterwards.
func (r *Report) Lost() int {
	return r.BookingsAcked - r.BookingsReadBack + r.EventsAcked - r.EventsReadBack
}

// ledgerSites are the vehicles the load test's events are appended at:
// several chains, as on a real day.
var ledgerSites = []string{"lt-v1", "lt-v2", "lt-v3", "lt-v4", "lt-v5", "lt-v6", "lt-v7", "lt-v8"}

// client talks to the service.
type client struct {
	base string
	key  string
	http *http.Client
}

// do sends one request; a 429 is retried after its Retry-After (up to
// ten times).
func (c *client) do(ctx context.Context, method, path, ct string, body []byte) (int, []byte, error) {
	for try := 0; ; try++ {
		code, b, wait, err := c.once(ctx, method, path, ct, body)
		if err != nil || code != http.StatusTooManyRequests || try == 10 {
			return code, b, err
		}
		select {
		case <-ctx.Done():
			return 0, nil, ctx.Err()
		case <-time.After(wait):
		}
	}
}

func (c *client) once(ctx context.Context, method, path, ct string, body []byte) (int, []byte, time.Duration, error) {
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, bytes.NewReader(body))
	if err != nil {
		return 0, nil, 0, err
	}
	req.Header.Set("Authorization", "Bearer "+c.key)
	if body != nil {
		req.Header.Set("Content-Type", ct)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return 0, nil, 0, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	wait := time.Second
	if n, err := strconv.Atoi(resp.Header.Get("Retry-After")); err == nil && n > 0 {
		wait = time.Duration(n) * time.Second
	}
	return resp.StatusCode, b, wait, err
}

// must is do that wants status want.
func (c *client) must(ctx context.Context, want int, method, path, ct string, body []byte) ([]byte, error) {
	code, b, err := c.do(ctx, method, path, ct, body)
	if err != nil {
		return nil, err
	}
	if code != want {
		return nil, fmt.Errorf("%s %s: %d %.300s", method, path, code, b)
	}
	return b, nil
}

// checkLoopback refuses any target that is not on this machine.
func checkLoopback(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("loadtest: --url %q: want http://127.0.0.1:PORT", raw)
	}
	host := u.Hostname()
	if host == "localhost" {
		return u, nil
	}
	ip := net.ParseIP(host)
	if ip == nil || !ip.IsLoopback() {
		return nil, fmt.Errorf("loadtest: --url %q: only loopback addresses (127.0.0.0/8, ::1, localhost) may be load-tested", raw)
	}
	return u, nil
}

func (o *Options) defaults() error {
	if o.Rate <= 0 {
		o.Rate = 50
	}
	if o.Duration <= 0 {
		o.Duration = time.Minute
	}
	if o.Mix == nil {
		o.Mix = DefaultMix
	}
	sum := 0.0
	for k, w := range o.Mix {
		if !slices.Contains(Kinds, k) || w < 0 || math.IsNaN(w) || math.IsInf(w, 0) {
			return fmt.Errorf("loadtest: mix %s=%g: want kinds %v with weights ≥ 0", k, w, Kinds)
		}
		sum += w
	}
	if sum <= 0 {
		return errors.New("loadtest: the mix has no weight")
	}
	if o.Date == "" {
		o.Date = "2026-12-01"
	}
	if _, err := time.Parse("2006-01-02", o.Date); err != nil {
		return fmt.Errorf("loadtest: date %q: want YYYY-MM-DD", o.Date)
	}
	if o.Iterations <= 0 {
		o.Iterations = 300
	}
	if o.Seed == 0 {
		o.Seed = 1
	}
	if o.SampleEvery == 0 {
		o.SampleEvery = 10 * time.Second
	}
	if o.Workers == 0 {
		o.Workers = 16
	}
	if o.Log == nil {
		o.Log = io.Discard
	}
	return nil
}

// Run prepares the service (ledger sites, a planned day) and attacks it.
func Run(ctx context.Context, opt Options) (*Report, error) {
	if err := opt.defaults(); err != nil {
		return nil, err
	}
	u, err := checkLoopback(opt.URL)
	if err != nil {
		return nil, err
	}
	base := strings.TrimRight(u.String(), "/")
	c := &client{base: base, key: opt.Key, http: &http.Client{Timeout: 30 * time.Second}}
	vehicles, err := setup(ctx, c, &opt)
	if err != nil {
		return nil, fmt.Errorf("loadtest: set-up: %w", err)
	}
	fmt.Fprintf(opt.Log, "loadtest: %s planned with %d routes; attacking %s at %g/s for %s\n", opt.Date, len(vehicles), base, opt.Rate, opt.Duration)

	run := strconv.FormatInt(time.Now().UnixNano(), 36)
	tg := newTargeter(base, opt, run, vehicles)
	rep := &Report{URL: base, Started: time.Now().UTC(), Rate: opt.Rate, Runs: map[string]int{}}

	// heap samples while the attack runs
	sctx, stopSampling := context.WithCancel(ctx)
	var heap []HeapSample
	var sampling sync.WaitGroup
	if opt.SampleEvery > 0 {
		sampling.Add(1)
		go func() {
			defer sampling.Done()
			start := time.Now()
			t := time.NewTicker(opt.SampleEvery)
			defer t.Stop()
			for {
				if s, err := sampleHeap(sctx, c); err == nil {
					s.Seconds = time.Since(start).Seconds()
					heap = append(heap, s)
					fmt.Fprintf(opt.Log, "loadtest: %5.0fs heap in use %.1f MB, RSS %.1f MB, %d goroutines\n", s.Seconds, s.HeapInuseMB, s.RSSMB, s.Goroutines)
				}
				select {
				case <-sctx.Done():
					return
				case <-t.C:
				}
			}
		}()
	}

	atk := vegeta.NewAttacker(vegeta.Timeout(30*time.Second), vegeta.KeepAlive(true), vegeta.Workers(opt.Workers),
		vegeta.MaxWorkers(opt.Workers*16), vegeta.MaxBody(1<<16), vegeta.Connections(64))
	per := map[string]*vegeta.Metrics{}
	stat := map[string]*KindStats{}
	for _, k := range Kinds {
		per[k] = &vegeta.Metrics{}
		stat[k] = &KindStats{Kind: k, Statuses: map[string]int{}}
	}
	var total vegeta.Metrics
	var acked []string // booking ids
	ackedEvents := map[string]int{}
	var runIDs []string
	rate := vegeta.Rate{Freq: int(math.Round(opt.Rate)), Per: time.Second}
	if opt.Rate < 1 {
		rate = vegeta.Rate{Freq: 1, Per: time.Duration(float64(time.Second) / opt.Rate)}
	}
	for res := range atk.Attack(tg.target, rate, opt.Duration, "huishou") {
		if ctx.Err() != nil {
			atk.Stop()
		}
		k := tg.kindOf(res)
		per[k].Add(res)
		total.Add(res)
		ks := stat[k]
		ks.Requests++
		code := strconv.Itoa(int(res.Code))
		if res.Code == 0 {
			code = "error"
		}
		ks.Statuses[code]++
		if res.Code >= 200 && res.Code < 300 {
			ks.OK++
		} else {
			ks.Errors++
			if len(rep.ErrorSamples) < 10 {
				rep.ErrorSamples = append(rep.ErrorSamples, fmt.Sprintf("%s %s: %d %s %.200s", res.Method, res.URL, res.Code, res.Error, res.Body))
			}
		}
		switch {
		case k == KindBooking && res.Code == http.StatusCreated:
			var b struct{ ID string }
			if json.Unmarshal(res.Body, &b) == nil && b.ID != "" {
				acked = append(acked, b.ID)
			}
		case k == KindLedger && res.Code == http.StatusCreated:
			var e struct{ Site string }
			if json.Unmarshal(res.Body, &e) == nil && e.Site != "" {
				ackedEvents[e.Site]++
			}
		case k == KindRun && res.Code == http.StatusAccepted:
			var r struct{ ID string }
			if json.Unmarshal(res.Body, &r) == nil && r.ID != "" {
				runIDs = append(runIDs, r.ID)
			}
		}
	}
	total.Close()
	stopSampling()
	sampling.Wait()
	rep.Heap = heap
	rep.HeapSlopeMBPerMin = heapSlope(heap)
	rep.Seconds = total.Duration.Seconds()
	rep.Requests = int(total.Requests)
	rep.Throughput = total.Throughput
	for _, k := range Kinds {
		m := per[k]
		m.Close()
		ks := stat[k]
		fillLatencies(ks, m)
		rep.Errors += ks.Errors
		rep.Kinds = append(rep.Kinds, *ks)
	}
	rep.Total = KindStats{Kind: "total", Requests: rep.Requests, OK: rep.Requests - rep.Errors, Errors: rep.Errors, Statuses: map[string]int{}}
	for _, ks := range rep.Kinds {
		for s, n := range ks.Statuses {
			rep.Total.Statuses[s] += n
		}
	}
	fillLatencies(&rep.Total, &total)

	rep.BookingsAcked = len(acked)
	for _, n := range ackedEvents {
		rep.EventsAcked += n
	}
	for _, id := range runIDs {
		var r struct{ Status string }
		b, err := c.must(ctx, 200, "GET", "/v1/runs/"+id, "", nil)
		if err != nil || json.Unmarshal(b, &r) != nil {
			rep.Runs["unreadable"]++
			continue
		}
		rep.Runs[r.Status]++
	}
	if !opt.NoVerify {
		if rep.BookingsReadBack, err = readBackBookings(ctx, c, run, acked); err != nil {
			return rep, fmt.Errorf("loadtest: reading back bookings: %w", err)
		}
		if rep.EventsReadBack, err = readBackEvents(ctx, c, run, ackedEvents); err != nil {
			return rep, fmt.Errorf("loadtest: reading back ledger events: %w", err)
		}
	}
	return rep, nil
}

func fillLatencies(ks *KindStats, m *vegeta.Metrics) {
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	if m.Requests == 0 {
		return
	}
	ks.P50Ms, ks.P90Ms, ks.P99Ms, ks.MaxMs = ms(m.Latencies.P50), ms(m.Latencies.P90), ms(m.Latencies.P99), ms(m.Latencies.Max)
}

// targeter builds the requests: a seeded choice of kind per request.
type targeter struct {
	base, run string
	opt       Options
	vehicles  []string
	kinds     []string
	cum       []float64
	hdr       http.Header

	mu  sync.Mutex
	rng *rand.Rand
	n   int
}

func newTargeter(base string, opt Options, run string, vehicles []string) *targeter {
	t := &targeter{base: base, run: run, opt: opt, vehicles: vehicles, rng: rand.New(rand.NewPCG(opt.Seed, 0x6c6f6164))}
	sum := 0.0
	for _, k := range Kinds {
		w := opt.Mix[k]
		if (k == KindSheet || k == KindSchedule) && len(vehicles) == 0 {
			w = 0
		}
		if w > 0 {
			sum += w
			t.kinds = append(t.kinds, k)
			t.cum = append(t.cum, sum)
		}
	}
	for i := range t.cum {
		t.cum[i] /= sum
	}
	t.hdr = http.Header{"Authorization": {"Bearer " + opt.Key}}
	return t
}

func (t *targeter) target(tgt *vegeta.Target) error {
	t.mu.Lock()
	x := t.rng.Float64()
	n := t.n
	t.n++
	lon, lat := 103.95+0.25*t.rng.Float64(), 30.55+0.2*t.rng.Float64()
	day := 1 + t.rng.IntN(365)
	veh := ""
	if len(t.vehicles) > 0 {
		veh = t.vehicles[t.rng.IntN(len(t.vehicles))]
	}
	site := ledgerSites[t.rng.IntN(len(ledgerSites))]
	t.mu.Unlock()
	k := t.kinds[min(sort.SearchFloat64s(t.cum, x), len(t.kinds)-1)]
	hdr := t.hdr.Clone()
	*tgt = vegeta.Target{Header: hdr}
	switch k {
	case KindBooking:
		// bookings of 2027, outside the planned day: they load the store,
		// not the day's routing problem
		d := time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, day-1).Format("2006-01-02")
		tgt.Method, tgt.URL = "POST", t.base+"/v1/bookings"
		tgt.Body = fmt.Appendf(nil, `{"id":"lt-%s-%d","lon":%.5f,"lat":%.5f,"county":"510104","items":"television:1;washing_machine:1","earliest":"%s","latest":"%s","tw_start":"09:00","tw_end":"17:00","note":"load test"}`,
			t.run, n, lon, lat, d, d)
		hdr.Set("Content-Type", "application/json")
		hdr.Set("Idempotency-Key", fmt.Sprintf("lt-%s-%d", t.run, n))
	case KindLedger:
		tgt.Method, tgt.URL = "POST", t.base+"/v1/ledger"
		tgt.Body = fmt.Appendf(nil, `{"client_id":"lt-%s-%d","type":"collected","time":"2026-12-01T10:00:00+08:00","site":"%s","items":[{"category":"television","count":1,"kg":%d}]}`,
			t.run, n, site, 18+n%10)
		hdr.Set("Content-Type", "application/json")
	case KindSchedule:
		tgt.Method, tgt.URL = "GET", t.base+"/v1/schedules/"+t.opt.Date
	case KindSheet:
		tgt.Method, tgt.URL = "GET", t.base+"/v1/schedules/"+t.opt.Date+"/routes/"+url.PathEscape(veh)+"?format=json"
	case KindRun:
		tgt.Method, tgt.URL = "POST", t.base+"/v1/schedules"
		tgt.Body = fmt.Appendf(nil, `{"date":"%s","days":1,"seed":1,"iterations":%d}`, t.opt.Date, t.opt.Iterations)
		hdr.Set("Content-Type", "application/json")
	}
	return nil
}

// kindOf tells the kind of a result from its method and URL.
func (t *targeter) kindOf(r *vegeta.Result) string {
	p := strings.TrimPrefix(r.URL, t.base)
	switch {
	case r.Method == "POST" && p == "/v1/bookings":
		return KindBooking
	case r.Method == "POST" && p == "/v1/ledger":
		return KindLedger
	case r.Method == "POST" && p == "/v1/schedules":
		return KindRun
	case strings.Contains(p, "/routes/"):
		return KindSheet
	}
	return KindSchedule
}

// setup registers the load test's ledger sites and makes sure the day has
// a plan with routes; it returns the vehicles with stops.
func setup(ctx context.Context, c *client, opt *Options) ([]string, error) {
	b, err := c.must(ctx, 200, "GET", "/v1/whoami", "", nil)
	if err != nil {
		return nil, err
	}
	var who struct{ Role string }
	if err := json.Unmarshal(b, &who); err != nil || who.Role != "admin" {
		return nil, fmt.Errorf("the key's role is %q: the load test needs an admin key (it registers its ledger sites)", who.Role)
	}
	// ledger sites: keep the registry, add ours
	b, err = c.must(ctx, 200, "GET", "/v1/ledger/sites", "", nil)
	if err != nil {
		return nil, err
	}
	var reg struct {
		Sites []map[string]any `json:"sites"`
	}
	if err := json.Unmarshal(b, &reg); err != nil {
		return nil, err
	}
	have := map[string]bool{}
	for _, s := range reg.Sites {
		have[fmt.Sprint(s["id"])] = true
	}
	added := false
	for i, id := range ledgerSites {
		if !have[id] {
			reg.Sites = append(reg.Sites, map[string]any{"id": id, "kind": "vehicle", "county": "510104", "name": fmt.Sprintf("load-test truck %d", i+1)})
			added = true
		}
	}
	if added {
		body, _ := json.Marshal(reg)
		if _, err := c.must(ctx, 200, "PUT", "/v1/ledger/sites", "application/json", body); err != nil {
			return nil, err
		}
	}
	// the day's plan
	vehicles, err := planVehicles(ctx, c, opt.Date)
	if err == nil && len(vehicles) > 0 {
		return vehicles, nil
	}
	var csv bytes.Buffer
	csv.WriteString("id,lon,lat,county,items,earliest,latest,tw_start,tw_end\n")
	rng := rand.New(rand.NewPCG(opt.Seed, 7))
	for i := range 60 {
		fmt.Fprintf(&csv, "ltday-%s-%d,%.5f,%.5f,510104,refrigerator:1,%s,%s,09:00,17:00\n", opt.Date, i, 104.03+0.12*rng.Float64(), 30.60+0.08*rng.Float64(), opt.Date, opt.Date)
	}
	if _, err := c.must(ctx, 200, "POST", "/v1/bookings/import", "text/csv", csv.Bytes()); err != nil {
		return nil, err
	}
	b, err = c.must(ctx, 202, "POST", "/v1/schedules", "application/json", fmt.Appendf(nil, `{"date":"%s","days":1,"seed":1,"iterations":%d}`, opt.Date, opt.Iterations))
	if err != nil {
		return nil, err
	}
	var r struct{ ID, Status, Error string }
	if err := json.Unmarshal(b, &r); err != nil {
		return nil, err
	}
	deadline := time.Now().Add(5 * time.Minute)
	for r.Status != "done" {
		if r.Status == "failed" {
			return nil, fmt.Errorf("schedule run %s failed: %s", r.ID, r.Error)
		}
		if time.Now().After(deadline) {
			return nil, fmt.Errorf("schedule run %s still %s after 5 minutes (is a `huishou worker` running?)", r.ID, r.Status)
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(500 * time.Millisecond):
		}
		if b, err = c.must(ctx, 200, "GET", "/v1/runs/"+r.ID, "", nil); err != nil {
			return nil, err
		}
		if err := json.Unmarshal(b, &r); err != nil {
			return nil, err
		}
	}
	return planVehicles(ctx, c, opt.Date)
}

// planVehicles lists the vehicles with stops in the day plan of date.
func planVehicles(ctx context.Context, c *client, date string) ([]string, error) {
	b, err := c.must(ctx, 200, "GET", "/v1/schedules/"+date, "", nil)
	if err != nil {
		return nil, err
	}
	var p struct {
		Routes []struct {
			Vehicle string
			Stops   []json.RawMessage
		}
	}
	if err := json.Unmarshal(b, &p); err != nil {
		return nil, err
	}
	var out []string
	for _, r := range p.Routes {
		if len(r.Stops) > 0 {
			out = append(out, r.Vehicle)
		}
	}
	return out, nil
}

// readBackBookings counts the acknowledged bookings that the listing
// holds (paged, 1000 at a time).
func readBackBookings(ctx context.Context, c *client, run string, acked []string) (int, error) {
	want := make(map[string]bool, len(acked))
	for _, id := range acked {
		want[id] = true
	}
	found, cursor := 0, ""
	for {
		p := "/v1/bookings?limit=1000"
		if cursor != "" {
			p += "&cursor=" + url.QueryEscape(cursor)
		}
		b, err := c.must(ctx, 200, "GET", p, "", nil)
		if err != nil {
			return found, err
		}
		var page struct {
			Bookings []struct {
				ID string `json:"id"`
			}
			NextCursor string `json:"next_cursor"`
		}
		if err := json.Unmarshal(b, &page); err != nil {
			return found, err
		}
		for _, bk := range page.Bookings {
			if want[bk.ID] {
				found++
				delete(want, bk.ID)
			}
		}
		if page.NextCursor == "" {
			return found, nil
		}
		cursor = page.NextCursor
	}
}

// readBackEvents counts the run's events at each site (by client id).
func readBackEvents(ctx context.Context, c *client, run string, acked map[string]int) (int, error) {
	found := 0
	prefix := "lt-" + run + "-"
	for site := range acked {
		cursor := ""
		for {
			p := "/v1/ledger?limit=1000&site=" + url.QueryEscape(site)
			if cursor != "" {
				p += "&cursor=" + url.QueryEscape(cursor)
			}
			b, err := c.must(ctx, 200, "GET", p, "", nil)
			if err != nil {
				return found, err
			}
			var page struct {
				Events []struct {
					ClientID string `json:"client_id"`
				}
				NextCursor string `json:"next_cursor"`
			}
			if err := json.Unmarshal(b, &page); err != nil {
				return found, err
			}
			for _, e := range page.Events {
				if strings.HasPrefix(e.ClientID, prefix) {
					found++
				}
			}
			if page.NextCursor == "" {
				break
			}
			cursor = page.NextCursor
		}
	}
	return found, nil
}

// sampleHeap reads the Go heap and process figures from /metrics.
func sampleHeap(ctx context.Context, c *client) (HeapSample, error) {
	code, b, err := c.do(ctx, "GET", "/metrics", "", nil)
	if err != nil {
		return HeapSample{}, err
	}
	if code != 200 {
		return HeapSample{}, fmt.Errorf("/metrics: %d", code)
	}
	var s HeapSample
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		name, val, ok := strings.Cut(sc.Text(), " ")
		if !ok {
			continue
		}
		v, err := strconv.ParseFloat(strings.TrimSpace(val), 64)
		if err != nil {
			continue
		}
		switch name {
		case "go_memstats_heap_alloc_bytes":
			s.HeapAllocMB = v / (1 << 20)
		case "go_memstats_heap_inuse_bytes":
			s.HeapInuseMB = v / (1 << 20)
		case "process_resident_memory_bytes":
			s.RSSMB = v / (1 << 20)
		case "go_goroutines":
			s.Goroutines = int(v)
		}
	}
	return s, sc.Err()
}

// heapSlope is the least-squares slope (MB per minute) of the heap in use
// over the samples after the first minute, or over the second half of a
// shorter run.
func heapSlope(h []HeapSample) float64 {
	var xs, ys []float64
	for _, s := range h {
		if s.Seconds >= 60 {
			xs, ys = append(xs, s.Seconds/60), append(ys, s.HeapInuseMB)
		}
	}
	if len(xs) < 3 {
		xs, ys = nil, nil
		for _, s := range h[len(h)/2:] {
			xs, ys = append(xs, s.Seconds/60), append(ys, s.HeapInuseMB)
		}
	}
	n := float64(len(xs))
	if n < 2 {
		return 0
	}
	var sx, sy, sxx, sxy float64
	for i := range xs {
		sx += xs[i]
		sy += ys[i]
		sxx += xs[i] * xs[i]
		sxy += xs[i] * ys[i]
	}
	den := n*sxx - sx*sx
	if den == 0 {
		return 0
	}
	return (n*sxy - sx*sy) / den
}

// WriteText prints r as a table.
func (r *Report) WriteText(w io.Writer) {
	fmt.Fprintf(w, "%s at %g/s for %.0fs: %d requests, %.1f ok/s, %d errors\n", r.URL, r.Rate, r.Seconds, r.Requests, r.Throughput, r.Errors)
	fmt.Fprintf(w, "%-9s %8s %8s %7s %9s %9s %9s %9s  %s\n", "kind", "requests", "ok", "errors", "p50 ms", "p90 ms", "p99 ms", "max ms", "statuses")
	for _, k := range append(append([]KindStats{}, r.Kinds...), r.Total) {
		codes := make([]string, 0, len(k.Statuses))
		for c, n := range k.Statuses {
			codes = append(codes, fmt.Sprintf("%s×%d", c, n))
		}
		sort.Strings(codes)
		fmt.Fprintf(w, "%-9s %8d %8d %7d %9.2f %9.2f %9.2f %9.2f  %s\n", k.Kind, k.Requests, k.OK, k.Errors, k.P50Ms, k.P90Ms, k.P99Ms, k.MaxMs, strings.Join(codes, " "))
	}
	if len(r.Heap) > 0 {
		lo, hi := math.Inf(1), math.Inf(-1)
		for _, s := range r.Heap {
			lo, hi = math.Min(lo, s.HeapInuseMB), math.Max(hi, s.HeapInuseMB)
		}
		last := r.Heap[len(r.Heap)-1]
		fmt.Fprintf(w, "heap in use: %d samples, %.1f–%.1f MB, slope %+.2f MB/min; last: heap %.1f MB, RSS %.1f MB, %d goroutines\n",
			len(r.Heap), lo, hi, r.HeapSlopeMBPerMin, last.HeapInuseMB, last.RSSMB, last.Goroutines)
	}
	fmt.Fprintf(w, "writes: bookings %d acknowledged, %d read back; ledger events %d acknowledged, %d read back; lost %d\n",
		r.BookingsAcked, r.BookingsReadBack, r.EventsAcked, r.EventsReadBack, r.Lost())
	if len(r.Runs) > 0 {
		var s []string
		for st, n := range r.Runs {
			s = append(s, fmt.Sprintf("%s %d", st, n))
		}
		sort.Strings(s)
		fmt.Fprintf(w, "schedule runs started: %s\n", strings.Join(s, ", "))
	}
	for _, e := range r.ErrorSamples {
		fmt.Fprintf(w, "error: %s\n", e)
	}
}
