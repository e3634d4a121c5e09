package main

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/huishou/huishou/optimizer/schedule"
	"github.com/huishou/huishou/optimizer/schedule/dayplan"
)

func runOK(t *testing.T, args ...string) (string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	if code := run(args, &out, &errb); code != 0 {
		t.Fatalf("%v: exit %d\n%s%s", args, code, out.String(), errb.String())
	}
	return out.String(), errb.String()
}

func readPlanFile(t *testing.T, path string) *dayplan.Plan {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	p, err := dayplan.Read(f)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// gen bookings → schedule → replan, on one county's day.
func TestGenScheduleReplan(t *testing.T) {
	dir := t.TempDir()
	bk := filepath.Join(dir, "bookings.csv")
	_, msg := runOK(t, "gen", "bookings", "--scenario", "sichuan", "--county", "510104", "--date", "2026-12-01", "--seed", "3", "--per-day", "40", "--out", bk)
	if !strings.Contains(msg, "generated") || !strings.Contains(msg, "trade_in") {
		t.Errorf("gen message %q", msg)
	}
	out := filepath.Join(dir, "day")
	stdout, _ := runOK(t, "schedule", "--bookings", bk, "--scenario", "sichuan", "--date", "2026-12-01", "--iterations", "200", "--out", out)
	if !strings.Contains(stdout, "2026-12-01: ") || !strings.Contains(stdout, "served") {
		t.Errorf("schedule output %q", stdout)
	}
	p := readPlanFile(t, filepath.Join(out, "dayplan-2026-12-01.json"))
	for _, err := range schedule.Check(p, nil) {
		t.Error(err)
	}
	if len(p.Routes) == 0 {
		t.Fatal("no routes")
	}
	for _, f := range []string{"sheets-2026-12-01.html", "sheets-2026-12-01.pdf", "routes-2026-12-01.geojson", "route-2026-12-01-" + p.Routes[0].Vehicle + ".csv"} {
		if st, err := os.Stat(filepath.Join(out, f)); err != nil || st.Size() == 0 {
			t.Errorf("%s: %v", f, err)
		}
	}
	// Same input and seed: the same bytes.
	out2 := filepath.Join(dir, "day2")
	runOK(t, "schedule", "--bookings", bk, "--scenario", "sichuan", "--date", "2026-12-01", "--iterations", "200", "--formats", "json,pdf", "--out", out2)
	for _, f := range []string{"dayplan-2026-12-01.json", "sheets-2026-12-01.pdf"} {
		a, _ := os.ReadFile(filepath.Join(out, f))
		b, _ := os.ReadFile(filepath.Join(out2, f))
		if !bytes.Equal(a, b) {
			t.Errorf("%s differs between two runs", f)
		}
	}
	// Re-plan: the first route is on the road, one of its bookings and one
	// of another route are cancelled, one booking is new.
	r0 := p.Routes[0]
	var other string
	for _, r := range p.Routes[1:] {
		for _, s := range r.Stops {
			if s.Type == dayplan.Visit && other == "" {
				other = s.Booking
			}
		}
	}
	ch := "action,id,lon,lat,county,items,earliest,latest,tw_start,tw_end,status\n" +
		"status," + r0.Stops[0].Booking + ",,,,,,,,,dispatched\n" +
		"cancel," + other + ",,,,,,,,,\n" +
		"add,NEW-1,104.085,30.655,510104,television:1,2026-12-01,2026-12-01,13:00,17:00,\n" +
		"add,NEW-2,104.085,30.655,510104,toaster:1,2026-12-01,2026-12-01,,,\n"
	chf := filepath.Join(dir, "changes.csv")
	if err := os.WriteFile(chf, []byte(ch), 0o644); err != nil {
		t.Fatal(err)
	}
	rout := filepath.Join(dir, "replanned")
	stdout, stderr := runOK(t, "replan", "--dayplan", filepath.Join(out, "dayplan-2026-12-01.json"), "--changes", chf, "--iterations", "100", "--out", rout)
	if !strings.Contains(stderr, `changes.csv:5: booking NEW-2: items: unknown category "toaster"`) || !strings.Contains(stderr, "1 rows skipped") {
		t.Errorf("replan stderr %q", stderr)
	}
	if !strings.Contains(stdout, "2026-12-01: kept 1 dispatched routes") || !strings.Contains(stdout, "diff: ") {
		t.Errorf("replan stdout %q", stdout)
	}
	np := readPlanFile(t, filepath.Join(rout, "dayplan-2026-12-01.json"))
	for _, err := range schedule.Check(np, nil) {
		t.Error(err)
	}
	r0.Status = dayplan.Dispatched // marked, otherwise as it was
	for _, r := range np.Routes {
		if r.Vehicle == r0.Vehicle && !reflect.DeepEqual(r, r0) {
			t.Errorf("dispatched route changed:\n%+v\n%+v", r, r0)
		}
	}
	if _, err := os.Stat(filepath.Join(rout, "diff-2026-12-01.json")); err != nil {
		t.Error(err)
	}
}

func TestScheduleBadInput(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "b.csv")
	os.WriteFile(bad, []byte("id,lon,lat,county,items,tw_start,tw_end\nB1,104.08,30.65,510104,television:1,12:00,09:00\nB2,104.08,30.65,510104,television:1,,\n"), 0o644)
	veh := filepath.Join(dir, "v.csv")
	os.WriteFile(veh, []byte("id,depot,kg,litres\nt1,nowhere,1500,14000\n"), 0o644)
	cases := []struct {
		args []string
		msg  string
	}{
		{[]string{"schedule", "--bookings", bad, "--date", "2026-12-01"}, "--bookings and --out are required"},
		{[]string{"schedule", "--bookings", bad, "--date", "1.12.2026", "--out", dir}, `--date: "1.12.2026" is not a date`},
		{[]string{"schedule", "--bookings", filepath.Join(dir, "none.csv"), "--date", "2026-12-01", "--out", dir}, "no such file"},
		{[]string{"schedule", "--bookings", bad, "--date", "2026-12-01", "--vehicles", veh, "--out", dir}, `vehicles[0].depot: unknown depot "nowhere"`},
		{[]string{"gen", "bookings", "--county", "999999", "--date", "2026-12-01"}, `county "999999" is not in region`},
		{[]string{"gen", "bookings", "--county", "510104"}, "--date"},
		{[]string{"replan", "--dayplan", bad, "--changes", bad, "--out", dir}, "dayplan:"},
	}
	for _, c := range cases {
		var out, errb bytes.Buffer
		if code := run(c.args, &out, &errb); code == 0 || !strings.Contains(errb.String(), c.msg) {
			t.Errorf("%v: exit %d, stderr %q; want an error with %q", c.args, code, errb.String(), c.msg)
		}
	}
	// A bad row is reported with file, line and field; the rest plans.
	var out, errb bytes.Buffer
	if code := run([]string{"schedule", "--bookings", bad, "--date", "2026-12-01", "--iterations", "50", "--formats", "json", "--out", filepath.Join(dir, "o")}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	if !strings.Contains(errb.String(), "b.csv:2: booking B1: tw_end: window 12:00–09:00 is reversed or empty") || !strings.Contains(errb.String(), "1 rows skipped") {
		t.Errorf("stderr %q", errb.String())
	}
	if !strings.Contains(out.String(), "1 served") {
		t.Errorf("stdout %q", out.String())
	}
}
