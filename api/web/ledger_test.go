package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/huishou/huishou/api/ledger"
	"github.com/huishou/huishou/api/ledger/simulate"
	"github.com/huishou/huishou/scenarios/region"
)

// status answers the HTTP status of an admin's request.
func (s *site) status(method, path string, body []byte) int {
	s.t.Helper()
	req, _ := http.NewRequest(method, s.srv.URL+path, bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+s.key)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	res.Body.Close()
	return res.StatusCode
}

func testLedger(s *site) {
	t := s.t
	const period, county = "2025-06", dispatchCounty
	reportPath := "/v1/reports?period=" + period + "&level=county&area=" + county
	if s.status("GET", reportPath, nil) == http.StatusNotFound {
		// the view says so instead of failing quietly
		s.open("#/ledger?period="+period+"&level=county&area="+county, "ledger")
		if msg := eval[string](s, `document.getElementById('report-error')?.textContent || ''`); msg == "" {
			t.Errorf("the ledger view shows no note that GET /v1/reports is missing")
		}
		s.shot("ledger-no-endpoint")
		t.Skip("GET /v1/reports is not served yet (ledger, issue #14): the ledger view is built against the contract in coord/web-needs.md")
	}

	// a simulated month of events, if the server takes events
	reg, err := region.Builtin("sichuan")
	if err != nil {
		t.Fatal(err)
	}
	sim, err := simulate.Run(context.Background(), reg, simulate.Options{Counties: []string{county}, From: time.Date(2025, 6, 1, 0, 0, 0, 0, ledger.China), Days: 10, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	var evs []ledger.Event
	_ = sim.Store.Scan(context.Background(), func(e ledger.Event) error { evs = append(evs, e); return nil })
	body, _ := json.Marshal(map[string]any{"events": evs})
	if code := s.status("POST", "/v1/ledger", body); code >= 300 {
		t.Logf("POST /v1/ledger: %d: the report is checked on what the server holds", code)
	}

	var rep ledger.Report
	s.get(reportPath, &rep)
	s.open("#/ledger?period="+period+"&level=county&area="+county, "ledger")
	for key, want := range map[string]float64{"units": float64(rep.Total.Units), "tonnes": rep.Total.Tonnes, "trade_ins": float64(rep.Total.TradeIns), "bookings": float64(rep.Total.Bookings)} {
		raw := eval[string](s, fmt.Sprintf(`document.querySelector('[data-kpis="report"] [data-kpi=%q]').dataset.value`, key))
		if got, _ := strconv.ParseFloat(raw, 64); got != want {
			t.Errorf("report card %s shows %s, GET /v1/reports total %v", key, raw, want)
		}
	}
	if n := eval[int](s, `document.querySelectorAll('[data-table="report"] tbody tr:not(.total)').length`); n != len(rep.Rows) {
		t.Errorf("report table has %d category rows, the report %d", n, len(rep.Rows))
	}
	s.shot("ledger-report")
	if s.status("GET", "/v1/ledger/verify", nil) == http.StatusOK {
		s.do("verify", chromedp.Click(chromedp.ID("verify")))
		s.wait("verified", `document.querySelector('#verify-result [data-verify]') !== null`, 20*time.Second)
		if got := eval[string](s, `document.querySelector('#verify-result [data-verify]').dataset.verify`); got != "ok" {
			t.Errorf("verify shows %q on an untouched ledger", got)
		}
	}
}
