package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/huishou/huishou/api/ledger"
	"github.com/huishou/huishou/api/store"
	"github.com/huishou/huishou/api/store/pgtest"
	"github.com/xuri/excelize/v2"
)

func runCmd(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(args, &out, &errb)
	return code, out.String(), errb.String()
}

func mustRun(t *testing.T, args ...string) string {
	t.Helper()
	code, out, errs := runCmd(t, args...)
	if code != 0 {
		t.Fatalf("huishou %s: exit %d, stderr %q", strings.Join(args, " "), code, errs)
	}
	return out
}

// TestGenLedgerReportVerify: gen ledger → report (CSV, XLSX, HTML, JSON)
// → verify, then an edit in the file makes verify exit 1 naming the
// edited event, and ledger append stores a retried event once.
func TestGenLedgerReportVerify(t *testing.T) {
	dir := t.TempDir()
	lp := filepath.Join(dir, "ledger.jsonl")
	out := mustRun(t, "gen", "ledger", "--scenario", "sichuan", "--county", "510104", "--from", "2025-06-01", "--days", "8", "--iterations", "200", "--out", lp)
	if !strings.Contains(out, "all marked simulated") {
		t.Errorf("gen output: %s", out)
	}
	if _, err := os.Stat(filepath.Join(dir, "ledger.sites.csv")); err != nil {
		t.Fatal(err)
	}
	if out := mustRun(t, "ledger", "verify", "--ledger", lp); !strings.HasPrefix(out, "ok: ") {
		t.Errorf("verify: %s", out)
	}

	csvOut := mustRun(t, "report", "--ledger", lp, "--period", "2025-06", "--level", "county", "--format", "csv")
	recs, err := csv.NewReader(strings.NewReader(csvOut)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(recs[0][:8], ","); got != "area,area_name,level,period,category,units,tonnes,trade_ins" {
		t.Errorf("header %s", got)
	}
	units, tradeIns := 0, 0
	for _, r := range recs[1:] {
		if r[0] != "510104" || r[3] != "2025-06" {
			t.Errorf("row %v", r)
		}
		u, _ := strconv.Atoi(r[5])
		ti, _ := strconv.Atoi(r[7])
		units, tradeIns = units+u, tradeIns+ti
	}
	// The same totals from the events themselves (all in June: an
	// adjustment's items replace its event's).
	count := func(items []ledger.Item) int {
		n := 0
		for _, it := range items {
			n += it.Count
		}
		return n
	}
	collected := map[string]int{}
	wantUnits, wantTI := 0, 0
	readLedger(lp, func(_ int, e ledger.Event) error {
		switch e.Type {
		case ledger.Collected:
			collected[e.ID] = count(e.Items)
			wantUnits += collected[e.ID]
		case ledger.Delivered:
			wantTI += count(e.Items)
		case ledger.Adjusted:
			if n, ok := collected[e.Corrects]; ok {
				wantUnits += count(e.Items) - n
				collected[e.Corrects] = count(e.Items)
			}
		}
		return nil
	})
	if units != wantUnits || tradeIns != wantTI || units == 0 {
		t.Errorf("report: %d units, %d trade-ins; events: %d, %d", units, tradeIns, wantUnits, wantTI)
	}
	for _, f := range []string{"xlsx", "html", "json"} {
		p := filepath.Join(dir, "r."+f)
		mustRun(t, "report", "--ledger", lp, "--period", "2025-06", "--level", "prefecture", "--format", f, "--out", p)
		b, _ := os.ReadFile(p)
		if len(b) < 500 {
			t.Errorf("%s: %d bytes", f, len(b))
		}
		if f == "xlsx" {
			x, err := excelize.OpenFile(p)
			if err != nil {
				t.Fatal(err)
			}
			rows, _ := x.GetRows("合计 totals")
			if len(rows) != 2 || rows[1][0] != "510100" || rows[1][1] != "成都市" {
				t.Errorf("xlsx totals: %v", rows)
			}
		}
	}
	mustRun(t, "ledger", "balance", "--ledger", lp, "--period", "2025-06", "--strict", "--format", "csv")

	// Append: a new event and its retry; one stored.
	ev := filepath.Join(dir, "new.jsonl")
	line := `{"client_id":"phone-1","type":"collected","time":"2025-06-09T10:00:00+08:00","site":"ts-510104-t01","items":[{"category":"television","count":1,"kg":14.2}]}` + "\n"
	os.WriteFile(ev, []byte(line+line), 0o644)
	if out := mustRun(t, "ledger", "append", "--ledger", lp, "--in", ev); !strings.Contains(out, "1 stored, 1 already stored (retries), 0 rejected") {
		t.Errorf("append: %s", out)
	}
	// A bad event: rejected with its field, nothing stored, exit 1.
	os.WriteFile(ev, []byte(`{"client_id":"phone-2","type":"collected","time":"2025-06-09T10:00:00+08:00","site":"ts-510104-t01","items":[{"category":"television","count":-1,"kg":14.2}]}`+"\n"), 0o644)
	code, out, errs := runCmd(t, "ledger", "append", "--ledger", lp, "--in", ev)
	if code != 1 || !strings.Contains(errs, "new.jsonl:1: rejected: ledger: items[0].count: negative count -1") || !strings.Contains(out, "0 stored") {
		t.Errorf("bad event: exit %d, out %q, err %q", code, out, errs)
	}

	// Tamper with the 5th line: verify exits 1 naming it.
	b, _ := os.ReadFile(lp)
	lines := bytes.SplitAfter(b, []byte("\n"))
	e, _ := ledger.DecodeEvent(lines[4])
	e.Items[0].Kg += 10
	lines[4] = ledger.AppendLine(nil, &e)
	os.WriteFile(lp, bytes.Join(lines, nil), 0o644)
	code, out, errs = runCmd(t, "ledger", "verify", "--ledger", lp)
	if code != 1 || !strings.Contains(errs, "first broken event "+e.ID+" at "+lp+":5") || !strings.Contains(out, "was edited") {
		t.Errorf("verify after an edit: exit %d, stdout %q, stderr %q", code, out, errs)
	}
}

func TestLedgerCommandErrors(t *testing.T) {
	t.Setenv("DATABASE_URL", "") // else the commands without --ledger read the database
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"ledger"}, 2, "usage: huishou ledger SUB"},
		{[]string{"ledger", "nope"}, 1, `unknown subcommand "nope"`},
		{[]string{"ledger", "verify"}, 2, "--ledger FILE is required"},
		{[]string{"ledger", "verify", "--ledger", "/nonexistent.jsonl"}, 1, "no such file"},
		{[]string{"report", "--ledger", "x", "--period", "2025-13"}, 1, "--period"},
		{[]string{"report", "--ledger", "x", "--period", "2025", "--level", "city"}, 1, "--level"},
		{[]string{"report", "--ledger", "x", "--period", "2025", "--format", "pdf"}, 1, "--format"},
		{[]string{"gen", "ledger", "--out", "x", "--county", "999999"}, 1, `"999999" is not a county`},
		{[]string{"gen", "nope"}, 1, `unknown kind "nope"`},
	} {
		code, out, errs := runCmd(t, c.args...)
		if code != c.code || !strings.Contains(out+errs, c.want) {
			t.Errorf("huishou %s: exit %d, output %q; want exit %d and %q", strings.Join(c.args, " "), code, out+errs, c.code, c.want)
		}
	}
}

// TestLedgerOnPostgres: a file ledger imported into PostgreSQL verifies
// and reports the same as the file (report, verify and balance without
// --ledger read the database at DATABASE_URL).
func TestLedgerOnPostgres(t *testing.T) {
	url := pgtest.URL(t)
	ctx := context.Background()
	pool, err := store.OpenPool(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	if _, err := store.Migrate(ctx, pool, nil); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	lp := filepath.Join(dir, "ledger.jsonl")
	mustRun(t, "gen", "ledger", "--county", "510104", "--from", "2025-06-01", "--days", "4", "--iterations", "100", "--out", lp)
	t.Setenv("DATABASE_URL", url)
	if out := mustRun(t, "ledger", "import", "--ledger", lp); !strings.HasPrefix(out, "imported ") {
		t.Errorf("import: %s", out)
	}
	if out := mustRun(t, "ledger", "verify"); !strings.HasPrefix(out, "ok: ") {
		t.Errorf("verify: %s", out)
	}
	fromFile := mustRun(t, "report", "--ledger", lp, "--period", "2025-06", "--format", "json")
	fromDB := mustRun(t, "report", "--period", "2025-06", "--format", "json")
	if fromFile != fromDB || !strings.Contains(fromDB, `"units"`) {
		t.Errorf("report from PostgreSQL differs from the file's:\n%s\n%s", fromDB, fromFile)
	}
	mustRun(t, "ledger", "balance", "--period", "2025-06", "--strict", "--format", "csv")
	// Append to the database: its registry came with the import.
	ev := filepath.Join(dir, "new.jsonl")
	os.WriteFile(ev, []byte(`{"client_id":"db-1","type":"collected","time":"2025-06-05T10:00:00+08:00","site":"ts-510104-t01","items":[{"category":"television","count":1,"kg":14.2}]}`+"\n"), 0o644)
	if out := mustRun(t, "ledger", "append", "--in", ev); !strings.Contains(out, "1 stored") {
		t.Errorf("append to PostgreSQL: %s", out)
	}
}
