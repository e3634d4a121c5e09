package api_test

import (
	"strings"
	"testing"

	"github.com/huishou/huishou/api/jobs"
	"github.com/huishou/huishou/api/ledger"
	"github.com/huishou/huishou/api/store"
)

const ledgerSites = `id,kind,county,name,licensed
v1,vehicle,510104,truck 1,false
ts1,transfer_station,510104,锦江区 中转站,false
sc1,sorting_centre,510106,成都 集散中心,false
dp1,dismantler,510112,licensed plant,true
`

func TestLedgerAPI(t *testing.T) { ledgerAPIFlow(t, newEnv(t, nil)) }

// TestLedgerAPIOnPostgres runs the same requests on the PostgreSQL store.
func TestLedgerAPIOnPostgres(t *testing.T) {
	ledgerAPIFlow(t, newEnvOn(t, store.NewPostgres(migratedPool(t)), func() jobs.Runner { return nil }))
}

func ledgerAPIFlow(t *testing.T, e *env) {
	d, v, adm := store.RoleDispatcher, store.RoleViewer, store.RoleAdmin
	// The registry: admin only.
	if r := e.do("PUT", "/v1/ledger/sites", ledgerSites, opt{role: d, ct: "text/csv"}); r.code != 403 {
		t.Errorf("sites by a dispatcher: %d", r.code)
	}
	if r := e.do("PUT", "/v1/ledger/sites", ledgerSites, opt{role: adm, ct: "text/csv"}); r.code != 200 || !strings.Contains(string(r.body), `"dp1"`) {
		t.Fatalf("put sites: %d %s", r.code, r.body)
	}
	collected := `{"client_id":"phone-1","type":"collected","time":"2025-06-02T10:00:00+08:00","site":"v1",
		"items":[{"category":"refrigerator","count":1,"kg":52}],"booking":{"id":"B1","kind":"pickup","booked_at":"2025-05-31T10:00:00+08:00","latest":"2025-06-03"}}`
	r := e.do("POST", "/v1/ledger", collected, opt{role: d})
	var ev ledger.Event
	r.json(t, &ev)
	if r.code != 201 || ev.ID != "v1/1" || ev.County != "510104" || ev.Actor == "" || len(ev.Hash) != 64 || r.hdr.Get("Location") != "/v1/ledger/events/v1/1" {
		t.Fatalf("append: %d %s", r.code, r.body)
	}
	// The phone retries: stored once.
	r = e.do("POST", "/v1/ledger", collected, opt{role: d})
	if r.code != 200 || r.hdr.Get("Idempotent-Replayed") != "true" || !strings.Contains(string(r.body), ev.Hash) {
		t.Errorf("retry: %d %s", r.code, r.body)
	}
	// The same client id on another event: 409.
	if r := e.do("POST", "/v1/ledger", strings.Replace(collected, `"count":1`, `"count":2`, 1), opt{role: d}); r.code != 409 {
		t.Errorf("conflict: %d %s", r.code, r.body)
	}
	// Bad events: 400 naming the field, nothing stored.
	for _, c := range []struct{ edit, field string }{
		{strings.Replace(collected, `"site":"v1"`, `"site":"v9"`, 1), "site"},
		{strings.Replace(collected, `"count":1`, `"count":-1`, 1), "items[0].count"},
		{strings.Replace(collected, `2025-06-02T10:00`, `2099-06-02T10:00`, 1), "time"},
		{strings.Replace(collected, `"client_id"`, `"colour":"red","client_id"`, 1), "colour"},
	} {
		body := strings.Replace(c.edit, "phone-1", "phone-x", 1)
		r := e.do("POST", "/v1/ledger", body, opt{role: d, badInput: true})
		if p := r.problem(t); r.code != 400 || p.Field != c.field {
			t.Errorf("bad event: %d field %q, want 400 %q (%s)", r.code, p.Field, c.field, r.body)
		}
	}
	transfer := `{"client_id":"t-out","type":"transferred","direction":"out","transfer":"T1","time":"2025-06-02T20:00:00+08:00","site":"ts1","peer":"ts1","items":[{"category":"refrigerator","count":1,"kg":52}]}`
	if r := e.do("POST", "/v1/ledger", transfer, opt{role: d}); r.code != 400 || r.problem(t).Field != "peer" {
		t.Errorf("transfer to itself: %d %s", r.code, r.body)
	}
	if r := e.do("POST", "/v1/ledger", collected, opt{role: v}); r.code != 403 {
		t.Errorf("append by a viewer: %d", r.code)
	}
	more := []string{
		`{"client_id":"rcv","type":"received","time":"2025-06-02T18:00:00+08:00","site":"ts1","peer":"v1","items":[{"category":"refrigerator","count":1,"kg":52}]}`,
		strings.Replace(transfer, `"peer":"ts1"`, `"peer":"sc1"`, 1),
		`{"client_id":"t-in","type":"transferred","direction":"in","transfer":"T1","time":"2025-06-02T22:00:00+08:00","site":"sc1","peer":"ts1","items":[{"category":"refrigerator","count":1,"kg":51.8}]}`,
		`{"client_id":"ho","type":"handed_over","receipt":"R-1","time":"2025-06-05T09:00:00+08:00","site":"sc1","peer":"dp1","items":[{"category":"refrigerator","count":1,"kg":51.8,"origin":"510104"}]}`,
		`{"client_id":"adj","type":"adjusted","corrects":"v1/1","time":"2025-06-03T09:00:00+08:00","site":"v1","items":[{"category":"refrigerator","count":1,"kg":51.9}],"note":"re-weighed"}`,
	}
	for _, b := range more {
		if r := e.do("POST", "/v1/ledger", b, opt{role: d}); r.code != 201 {
			t.Fatalf("append %s: %d %s", b, r.code, r.body)
		}
	}
	// List, two at a time.
	var ids []string
	cursor := ""
	for range 5 {
		r := e.do("GET", "/v1/ledger?limit=2"+cursor, nil, opt{role: v})
		var page struct {
			Events []ledger.Event `json:"events"`
			Next   string         `json:"next_cursor"`
		}
		r.json(t, &page)
		for _, x := range page.Events {
			ids = append(ids, x.ID)
		}
		if page.Next == "" {
			break
		}
		cursor = "&cursor=" + page.Next
	}
	if got := strings.Join(ids, ","); got != "v1/1,ts1/1,ts1/2,sc1/1,sc1/2,v1/2" {
		t.Errorf("listing: %s", got)
	}
	if r := e.do("GET", "/v1/ledger?site=sc1&type=handed_over", nil, opt{role: v}); !strings.Contains(string(r.body), `"receipt":"R-1"`) || strings.Contains(string(r.body), `"t-in"`) {
		t.Errorf("filtered listing: %s", r.body)
	}
	if r := e.do("GET", "/v1/ledger/events/sc1/2", nil, opt{role: v}); r.code != 200 || !strings.Contains(string(r.body), `"licensed":true`) {
		t.Errorf("get event: %d %s", r.code, r.body)
	}
	if r := e.do("GET", "/v1/ledger/events/sc1/9", nil, opt{role: v}); r.code != 404 {
		t.Errorf("get missing event: %d", r.code)
	}
	if r := e.do("GET", "/v1/ledger/verify", nil, opt{role: v}); r.code != 200 || !strings.Contains(string(r.body), `"ok":true`) || !strings.Contains(string(r.body), `"events":6`) {
		t.Errorf("verify: %d %s", r.code, r.body)
	}
	r = e.do("GET", "/v1/ledger/balance?period=2025-06", nil, opt{role: v})
	if r.code != 200 || !strings.Contains(string(r.body), `"site":"sc1"`) || strings.Contains(string(r.body), "transfer_mismatch") {
		t.Errorf("balance: %d %s", r.code, r.body)
	}
	if r := e.do("GET", "/v1/ledger/balance?period=June", nil, opt{role: v, badInput: true}); r.code != 400 || r.problem(t).Field != "period" {
		t.Errorf("balance with a bad period: %d %s", r.code, r.body)
	}
	// Reports.
	r = e.do("GET", "/v1/reports?period=2025-06&level=county", nil, opt{role: v})
	var rep ledger.Report
	r.json(t, &rep)
	if r.code != 200 || rep.Total.Units != 1 || rep.Total.Tonnes != 0.052 || rep.Total.LicensedUnits != 1 || rep.Total.Bookings != 1 || rep.Total.ForecastUnits == nil {
		t.Errorf("report: %d %+v", r.code, rep.Total)
	}
	r = e.do("GET", "/v1/reports?period=2025-06&level=county&format=csv&forecast=false", nil, opt{role: v})
	if lines := strings.Split(strings.TrimSpace(string(r.body)), "\n"); r.code != 200 || len(lines) != 2 ||
		!strings.HasPrefix(lines[1], "510104,锦江区,county,2025-06,refrigerator,1,0.052,0,") {
		t.Errorf("report csv: %d %s", r.code, r.body)
	}
	for _, f := range []string{"html", "xlsx"} {
		if r := e.do("GET", "/v1/reports?period=2025-Q2&level=province&format="+f, nil, opt{role: d}); r.code != 200 || len(r.body) < 1000 {
			t.Errorf("report %s: %d, %d bytes", f, r.code, len(r.body))
		}
	}
	r = e.do("POST", "/v1/reports?period=2025-06&level=county&forecast=false", "scope,id,period,category,units\ncounty,510104,2025-06,*,4\n", opt{role: v, ct: "text/csv"})
	r.json(t, &rep)
	if r.code != 200 || len(rep.Totals) != 1 || rep.Totals[0].TargetPct == nil || *rep.Totals[0].TargetPct != 25 {
		t.Errorf("report against targets: %d %s", r.code, r.body)
	}
	if r := e.do("GET", "/v1/reports?period=2025-06&level=city", nil, opt{role: v, badInput: true}); r.code != 400 || r.problem(t).Field != "level" {
		t.Errorf("bad level: %d %s", r.code, r.body)
	}
	if r := e.do("GET", "/v1/reports?period=2025-06", nil, opt{}); r.code != 401 {
		t.Errorf("no key: %d", r.code)
	}
}
