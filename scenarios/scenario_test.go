package scenarios

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestBuiltins(t *testing.T) {
	want := []string{"chengdu-daily-ops", "sichuan-2025-baseline", "sichuan-2027-trade-in", "sichuan-front-warehouses", "sichuan-fuel-shock", "sichuan-rural-coverage"}
	if got := Names(); !reflect.DeepEqual(got, want) {
		t.Fatalf("Names() = %v, want %v", got, want)
	}
	for _, n := range want {
		sc, err := Builtin(n)
		if err != nil {
			t.Fatalf("%s: %v", n, err)
		}
		if sc.Name != n || sc.Title == "" || sc.Description == "" || len(sc.Assumptions) == 0 {
			t.Errorf("%s: name %q, title %q, %d assumptions: every built-in states its assumptions", n, sc.Name, sc.Title, len(sc.Assumptions))
		}
		if n != "sichuan-2025-baseline" && sc.Base != "sichuan-2025-baseline" {
			t.Errorf("%s: base %q, want the baseline", n, sc.Base)
		}
	}
	if _, err := Builtin("sichuan-2030"); !errors.Is(err, ErrUnknown) || !strings.Contains(err.Error(), "sichuan-2025-baseline") {
		t.Errorf("unknown built-in: got %v, want ErrUnknown listing the names", err)
	}
}

func TestInheritanceAndOverrides(t *testing.T) {
	base, err := Builtin("sichuan-2025-baseline")
	if err != nil {
		t.Fatal(err)
	}
	fw, err := Builtin("sichuan-front-warehouses")
	if err != nil {
		t.Fatal(err)
	}
	// inherited
	if fw.Year != base.Year || fw.Data.Region != "sichuan" || fw.Solver.Seed != 1 || fw.Solver.TimeCap != base.Solver.TimeCap {
		t.Errorf("inherited fields: year %d, region %q, seed %d, cap %v", fw.Year, fw.Data.Region, fw.Solver.Seed, time.Duration(fw.Solver.TimeCap))
	}
	// overridden and added
	if !fw.FrontWarehouses.Enabled || fw.Levers.Subsidy["all"] != 0.15 || fw.Name != "sichuan-front-warehouses" {
		t.Errorf("overrides: %+v %v", fw.FrontWarehouses, fw.Levers.Subsidy)
	}
	// assumptions accumulate, the base's first
	if len(fw.Assumptions) != len(base.Assumptions)+6 || fw.Assumptions[0] != base.Assumptions[0] {
		t.Errorf("assumptions: %d (base %d)", len(fw.Assumptions), len(base.Assumptions))
	}
	if got := fw.Chain(); !reflect.DeepEqual(got, []string{"sichuan-2025-baseline.yaml", "sichuan-front-warehouses.yaml"}) {
		t.Errorf("chain %v", got)
	}

	// A user file on a built-in base: maps merge key by key, lists
	// replace, null removes.
	doc := `
name: my-scenario
base: sichuan-2027-trade-in
year: 2026
levers:
  subsidy:
    refrigerator: 0.25
  target: null
solver:
  time_cap: 5s
`
	sc, err := Parse([]byte(doc), "my.yaml", nil)
	if err != nil {
		t.Fatal(err)
	}
	wantSub := map[string]float64{"all": 0.15, "refrigerator": 0.25, "washing_machine": 0.2, "air_conditioner": 0.2}
	if !reflect.DeepEqual(sc.Levers.Subsidy, wantSub) {
		t.Errorf("subsidy %v, want %v", sc.Levers.Subsidy, wantSub)
	}
	if sc.Levers.Target != nil {
		t.Errorf("target %+v, want removed by null", sc.Levers.Target)
	}
	if sc.Year != 2026 || time.Duration(sc.Solver.TimeCap) != 5*time.Second || sc.Solver.Seed != 1 {
		t.Errorf("year %d, cap %v, seed %d", sc.Year, time.Duration(sc.Solver.TimeCap), sc.Solver.Seed)
	}
	// The canonical form is the merged document: parsing it gives the
	// same scenario, and two parses give the same bytes.
	again, err := Parse(sc.Canonical(), "canonical.json", nil)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(again.Levers, sc.Levers) || string(again.Canonical()) != string(sc.Canonical()) {
		t.Errorf("canonical round trip differs:\n%s\n%s", sc.Canonical(), again.Canonical())
	}
	// JSON is read as well as YAML.
	js, err := Parse([]byte(`{"name": "j", "base": "sichuan-fuel-shock", "levers": {"fuel_price": 8.5}}`), "j.json", nil)
	if err != nil || *js.Levers.FuelPrice != 8.5 || js.Year != 2025 {
		t.Errorf("JSON scenario: %+v, %v", js, err)
	}
}

func TestFileBase(t *testing.T) {
	sc, err := Load(filepath.Join("testdata", "mini", "fuel.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if sc.Data.Counties != "counties.geojson" || *sc.Levers.FuelPrice != 9.75 || sc.Base != "base.yaml" {
		t.Errorf("file base: data %+v, fuel %v", sc.Data, sc.Levers.FuelPrice)
	}
	// a base in another directory: its data paths resolve against it
	dir := t.TempDir()
	doc := "name: elsewhere\nbase: " + filepath.Join(mustAbs(t, "testdata/mini"), "base.yaml") + "\n"
	if err := os.WriteFile(filepath.Join(dir, "s.yaml"), []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	sc, err = Load(filepath.Join(dir, "s.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	files, err := sc.dataFiles()
	if err != nil {
		t.Fatalf("data files of a base elsewhere: %v", err)
	}
	if len(files["counties"].data) == 0 || len(files["townships"].data) == 0 {
		t.Error("data files not read")
	}
}

func mustAbs(t *testing.T, p string) string {
	a, err := filepath.Abs(p)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// TestValidationNamesFields: every error names the field path and, for a
// file, the line; all problems are reported at once.
func TestValidationNamesFields(t *testing.T) {
	cases := []struct {
		name, doc string
		field     string
		line      int
	}{
		{"no name", "year: 2025\n", "name", 0},
		{"bad name", "name: My Scenario\n", "name", 1},
		{"unknown field", "name: x\nlevers:\n  fuel_prise: 9\n", "levers.fuel_prise", 3},
		{"wrong type", "name: x\nyear: twenty\n", "year", 2},
		{"share above 1", "name: x\nlevers:\n  subsidy:\n    all: 1.5\n", "levers.subsidy.all", 4},
		{"unknown category", "name: x\nlevers:\n  subsidy:\n    fridge: 0.1\n", "levers.subsidy.fridge", 4},
		{"unknown area", "name: x\nlevers:\n  service_radius_km: {forest: 5}\n", "levers.service_radius_km.forest", 3},
		{"bad tier", "name: x\nlevers:\n  sites:\n    add:\n      - {id: a, tier: depot, lon: 104, lat: 30}\n", "levers.sites.add[0].tier", 5},
		{"closed and forced", "name: x\nlevers:\n  sites: {close: [cp-1], force_open: [cp-1]}\n", "levers.sites.close[0]", 3},
		{"bad duration", "name: x\nsolver:\n  time_cap: soon\n", "solver.time_cap", 3},
		{"huge budget", "name: x\nsolver:\n  budget: 5000000000\n", "solver.budget", 3},
		{"bad date", "name: x\nops:\n  date: 16/06/2025\n", "ops.date", 3},
		{"bad county", "name: x\nops:\n  counties: [Chengdu]\n", "ops.counties[0]", 3},
		{"unknown region", "name: x\ndata:\n  region: chongqing\n", "data.region", 3},
		{"counties without townships", "name: x\ndata:\n  counties: c.csv\n", "data.counties", 3},
		{"unknown base", "name: x\nbase: sichuan-2031\n", "base", 2},
		{"base not a string", "name: x\nbase: [a]\n", "base", 2},
		{"not a mapping", "- a\n- b\n", "", 1},
		{"syntax", "name: x\nlevers: [1, 2\n", "", 2},
		{"fuel price zero", "name: x\nlevers:\n  fuel_price: 0\n", "levers.fuel_price", 3},
		{"warehouse candidates", "name: x\nfront_warehouses:\n  candidates: everywhere\n", "front_warehouses.candidates", 3},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse([]byte(c.doc), "s.yaml", nil)
			var ie *InputError
			if !errors.As(err, &ie) {
				t.Fatalf("got %v, want an *InputError", err)
			}
			if ie.Field != c.field || ie.Line != c.line || ie.File != "s.yaml" {
				t.Errorf("got %s:%d field %q (%v), want s.yaml:%d field %q", ie.File, ie.Line, ie.Field, err, c.line, c.field)
			}
			var fp interface{ FieldPath() string }
			if !errors.As(err, &fp) || fp.FieldPath() != c.field {
				t.Errorf("FieldPath() does not give %q", c.field)
			}
		})
	}
	// every problem at once, in document order
	_, err := Parse([]byte("name: x\nyear: 1800\nlevers:\n  subsidy: {all: 2}\n  wage: -1\n"), "s.yaml", nil)
	var es Errors
	if !errors.As(err, &es) || len(es) != 3 {
		t.Fatalf("got %v, want three problems", err)
	}
	var fields []string
	for _, e := range es {
		fields = append(fields, e.Field)
	}
	if want := []string{"year", "levers.subsidy.all", "levers.wage"}; !slices.Equal(fields, want) {
		t.Errorf("fields %v, want %v", fields, want)
	}
	// an error inherited from a base names the base's file
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "b.yaml"), []byte("name: b\nlevers:\n  wage: 0\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "c.yaml"), []byte("name: c\nbase: b.yaml\n"), 0o644)
	_, err = Load(filepath.Join(dir, "c.yaml"))
	var ie *InputError
	if !errors.As(err, &ie) || ie.Field != "levers.wage" || filepath.Base(ie.File) != "b.yaml" || ie.Line != 3 {
		t.Errorf("inherited error: got %v, want b.yaml:3 levers.wage", err)
	}
	// a cycle
	os.WriteFile(filepath.Join(dir, "b.yaml"), []byte("name: b\nbase: c.yaml\n"), 0o644)
	if _, err := Load(filepath.Join(dir, "c.yaml")); err == nil || !strings.Contains(err.Error(), "cycle") {
		t.Errorf("cycle: got %v", err)
	}
}

func TestSweepPoints(t *testing.T) {
	sc, err := Builtin("sichuan-2025-baseline")
	if err != nil {
		t.Fatal(err)
	}
	pts, err := Sweep(sc, "levers.fuel_price", 7.5, 9.5, 0.5)
	if err != nil {
		t.Fatal(err)
	}
	var got []float64
	for _, p := range pts {
		got = append(got, *p.Levers.FuelPrice)
	}
	if want := []float64{7.5, 8, 8.5, 9, 9.5}; !slices.Equal(got, want) {
		t.Errorf("values %v, want %v", got, want)
	}
	if pts[0].Name != "sichuan-2025-baseline-sweep-01" || pts[4].Title != "levers.fuel_price = 9.5" {
		t.Errorf("names %q, %q", pts[0].Name, pts[4].Title)
	}
	if pts[2].Year != 2025 || pts[2].Data.Region != "sichuan" {
		t.Error("a sweep point lost the scenario's other fields")
	}
	sub, err := Sweep(sc, "levers.subsidy.refrigerator", 0, 0.3, 0.1)
	if err != nil || len(sub) != 4 || sub[3].Levers.Subsidy["refrigerator"] != 0.3 {
		t.Fatalf("subsidy sweep: %d points, %v", len(sub), err)
	}
	for _, bad := range []struct {
		path           string
		from, to, step float64
		field          string
	}{
		{"levers.fuel_price", 1, 2, 0, "step"},
		{"levers.fuel_price", 3, 2, 1, "to"},
		{"levers.fuel_price", 0, 1000, 1, "step"},
		{"levers.subsidy.all", 0, 2, 1, "levers.subsidy.all"},
		{"levers.fule_price", 1, 2, 1, "levers.fule_price"},
		{"data.region", 1, 2, 1, "data.region"},
	} {
		_, err := Sweep(sc, bad.path, bad.from, bad.to, bad.step)
		var ie *InputError
		if !errors.As(err, &ie) || ie.Field != bad.field {
			t.Errorf("sweep %s %v…%v by %v: got %v, want an error on %s", bad.path, bad.from, bad.to, bad.step, err, bad.field)
		}
	}
}

// FuzzParse: the scenario decoder never panics or hangs, and what it
// accepts is valid and round-trips through its canonical form.
func FuzzParse(f *testing.F) {
	for _, n := range Names() {
		src, _ := BuiltinSource(n)
		f.Add(src)
	}
	for _, name := range []string{"base.yaml", "fuel.yaml", "warehouses.yaml", "ops.yaml"} {
		if b, err := os.ReadFile(filepath.Join("testdata", "mini", name)); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte(`{"name":"j","levers":{"subsidy":{"all":0.1}}}`))
	f.Add([]byte("name: a\nlevers: &x {wage: 1}\nsolver: *x\n"))
	f.Add([]byte("name: a\nyear: !!str 2025\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		sc, err := Parse(data, "fuzz.yaml", nil)
		if err != nil {
			var fp interface{ FieldPath() string }
			if !errors.As(err, &fp) {
				t.Fatalf("error without a field path: %v", err)
			}
			return
		}
		if !nameRE.MatchString(sc.Name) {
			t.Fatalf("accepted name %q", sc.Name)
		}
		again, err := Parse(sc.Canonical(), "canonical.json", nil)
		if err != nil {
			t.Fatalf("canonical form of an accepted scenario rejected: %v\n%s", err, sc.Canonical())
		}
		if string(again.Canonical()) != string(sc.Canonical()) {
			t.Fatalf("canonical form not stable:\n%s\n%s", sc.Canonical(), again.Canonical())
		}
	})
}

// TestAliasBomb: a document whose aliases expand beyond reason is
// rejected at once, before it is decoded.
func TestAliasBomb(t *testing.T) {
	doc := "name: a\nx0: &a0 [1,1,1,1,1,1,1,1,1,1]\n"
	for i := 1; i < 12; i++ {
		p := "*a" + strconv.Itoa(i-1)
		doc += "x" + strconv.Itoa(i) + ": &a" + strconv.Itoa(i) + " [" + strings.Repeat(p+",", 9) + p + "]\n"
	}
	start := time.Now()
	_, err := Parse([]byte(doc), "bomb.yaml", nil)
	if err == nil || !strings.Contains(err.Error(), "aliases") {
		t.Fatalf("got %v, want an error about expanded aliases", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("took %v", d)
	}
}

func TestOverride(t *testing.T) {
	sc, err := Builtin("sichuan-fuel-shock")
	if err != nil {
		t.Fatal(err)
	}
	o, err := sc.Override([]byte(`{"levers": {"subsidy": {"all": 0.1}}, "solver": {"budget": 1000}}`), "body")
	if err != nil {
		t.Fatal(err)
	}
	if *o.Levers.FuelPrice != 9.75 || o.Levers.Subsidy["all"] != 0.1 || o.Solver.Budget != 1000 || o.Name != sc.Name {
		t.Errorf("override: %+v", o.Levers)
	}
	for _, bad := range []struct{ doc, field string }{
		{`{"name": "x"}`, "name"},
		{`{"levers": {"fuel_price": -1}}`, "levers.fuel_price"},
		{`levers: [1`, ""},
	} {
		_, err := sc.Override([]byte(bad.doc), "body")
		var ie *InputError
		if !errors.As(err, &ie) || ie.Field != bad.field {
			t.Errorf("%s: got %v, want an error on %q", bad.doc, err, bad.field)
		}
	}
}
