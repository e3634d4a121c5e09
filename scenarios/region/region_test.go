package region

import (
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/paulmach/orb/planar"

	"github.com/huishou/huishou/geo"
)

func sichuanT(t testing.TB) *Region {
	t.Helper()
	s, err := Builtin("sichuan")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestBuiltinNames(t *testing.T) {
	if got, want := BuiltinNames(), []string{"sichuan"}; !reflect.DeepEqual(got, want) {
		t.Errorf("BuiltinNames: got %v, want %v", got, want)
	}
	_, err := Builtin("chongqing")
	if !errors.Is(err, ErrUnknown) || !strings.Contains(err.Error(), "sichuan") {
		t.Errorf("Builtin(unknown): got %v, want an error listing sichuan", err)
	}
}

func TestSichuanCounts(t *testing.T) {
	s := sichuanT(t)
	if got, want := len(s.Counties), 183; got != want {
		t.Errorf("counties: got %d, want %d", got, want)
	}
	if got, want := len(s.Prefectures()), 21; got != want {
		t.Errorf("prefectures: got %d, want %d", got, want)
	}
	pop, hh := 0, 0
	for _, c := range s.Counties {
		pop += c.Population
		hh += c.Households
	}
	if got, want := pop, 83674866; got != want {
		t.Errorf("population: got %d, want %d", got, want)
	}
	if got, want := hh, 30751918; math.Abs(float64(got-want)) > 0.001*float64(want) {
		t.Errorf("households: got %d, want ≈%d", got, want)
	}
	if got, want := len(s.Townships), 3101; got != want {
		t.Errorf("townships: got %d, want %d", got, want)
	}
	prov := map[string]int{}
	for _, tw := range s.Townships {
		prov[tw.Provenance]++
	}
	sourced := prov[ProvenanceSeat] + prov[ProvenanceApproximateSeat] + prov[ProvenanceVillageCentroid]
	if sourced != 2919 {
		t.Errorf("townships with a source point: got %d, want 2919 (%v)", sourced, prov)
	}
	if got, want := prov[ProvenancePlaced], 3101-2919; got != want {
		t.Errorf("placed: got %d, want %d", got, want)
	}
	n := 0
	for _, c := range s.Counties {
		n += len(s.TownshipsOf(c.Adcode))
	}
	if n != len(s.Townships) {
		t.Errorf("sum of TownshipsOf: got %d, want %d", n, len(s.Townships))
	}
}

func TestSichuanPointsInside(t *testing.T) {
	s := sichuanT(t)
	for _, c := range s.Counties {
		if !planar.MultiPolygonContains(c.Boundary, c.Seat) {
			t.Errorf("seat of %s %s outside its county", c.Adcode, c.Name)
		}
		for _, tw := range s.TownshipsOf(c.Adcode) {
			if !planar.MultiPolygonContains(c.Boundary, tw.Point) {
				t.Errorf("township %s %s (%s) outside %s", tw.Code, tw.Name, tw.Provenance, c.Adcode)
			}
		}
	}
}

func TestBuiltinFreshCopy(t *testing.T) {
	a, b := sichuanT(t), sichuanT(t)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("two loads differ")
	}
	a.Counties[0].Boundary[0][0][0][0] = 0
	a.Townships[0].Point[0] = 0
	a.Counties[0].Name = "x"
	c := sichuanT(t)
	if !reflect.DeepEqual(b, c) {
		t.Error("modifying one copy changed another")
	}
}

func TestCountyLookupAndArea(t *testing.T) {
	s := sichuanT(t)
	c, ok := s.County("510104")
	if !ok || c.Name != "锦江区" || c.Prefecture != "成都市" {
		t.Fatalf("County(510104): got %v %v", c, ok)
	}
	if got := c.Area(); got != geo.Urban {
		t.Errorf("锦江区 area: got %v, want %v", got, geo.Urban)
	}
	k, _ := s.County("513301") // 康定市, 甘孜
	if got := k.Area(); got != geo.Mountain {
		t.Errorf("康定市 area: got %v, want %v", got, geo.Mountain)
	}
	if _, ok := s.County("999999"); ok {
		t.Error("County(999999): found")
	}
	terr := map[geo.Area]int{}
	for i := range s.Counties {
		terr[s.Counties[i].Area()]++
	}
	if len(terr) != 3 {
		t.Errorf("areas in use: got %v, want all three", terr)
	}
}

func TestGeoJSON(t *testing.T) {
	s := sichuanT(t)
	cf := s.CountiesGeoJSON()
	if len(cf.Features) != 183 {
		t.Fatalf("county features: got %d, want 183", len(cf.Features))
	}
	for _, k := range []string{"adcode", "name", "pinyin", "prefecture", "population", "households", "urban_share", "terrain"} {
		if _, ok := cf.Features[0].Properties[k]; !ok {
			t.Errorf("county feature lacks property %q", k)
		}
	}
	tf := s.TownshipsGeoJSON()
	if len(tf.Features) != 3101 {
		t.Fatalf("township features: got %d, want 3101", len(tf.Features))
	}
	for _, k := range []string{"code", "name", "county", "type", "provenance", "source"} {
		if _, ok := tf.Features[0].Properties[k]; !ok {
			t.Errorf("township feature lacks property %q", k)
		}
	}
	if _, err := tf.MarshalJSON(); err != nil {
		t.Error(err)
	}
}
