package sichuan

import (
	"math"
	"strings"
	"testing"

	"github.com/paulmach/orb/planar"
)

func mustLoad(t *testing.T) *Data {
	t.Helper()
	d, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestCounts(t *testing.T) {
	d := mustLoad(t)
	if got, want := len(d.Counties), 183; got != want {
		t.Errorf("counties: got %d, want %d", got, want)
	}
	if got, want := len(d.Townships), 3101; got != want {
		t.Errorf("townships: got %d, want %d", got, want)
	}
	pop, hh := 0, 0
	prefs := map[string]string{}
	types := map[string]int{}
	terrain := map[string]int{}
	for _, c := range d.Counties {
		pop += c.Population
		hh += c.Households
		prefs[c.PrefectureAdcode] = c.Prefecture
		types[c.Type]++
		terrain[c.Terrain]++
		if c.UrbanShare < 0 || c.UrbanShare > 1 || c.AreaKm2 <= 0 || c.Households <= 0 {
			t.Errorf("%s: urban share %v, area %v, households %d", c.Adcode, c.UrbanShare, c.AreaKm2, c.Households)
		}
	}
	if got, want := pop, 83674866; got != want {
		t.Errorf("population: got %d, want %d", got, want)
	}
	if got, want := hh, 30751918; math.Abs(float64(got-want)) > 1000 {
		t.Errorf("households: got %d, want ≈%d", got, want)
	}
	if got, want := len(prefs), 21; got != want {
		t.Errorf("prefectures: got %d, want %d", got, want)
	}
	if types["区"] != 55 || types["县级市"] != 19 || types["县"] != 109 {
		t.Errorf("types: got %v, want 区 55, 县级市 19, 县 109", types)
	}
	for _, k := range []string{TerrainUrban, TerrainPlain, TerrainMountain} {
		if terrain[k] == 0 {
			t.Errorf("no county with terrain %q", k)
		}
	}
	prov := map[string]int{}
	for _, tw := range d.Townships {
		prov[tw.Provenance]++
		if tw.Source == "" {
			t.Errorf("%s: empty source", tw.Code)
		}
		if !strings.HasPrefix(tw.Code, tw.CountyAdcode) {
			t.Errorf("%s: county %s", tw.Code, tw.CountyAdcode)
		}
	}
	want := map[string]int{ProvenanceSeat: 2697, ProvenanceApproximateSeat: 178, ProvenanceVillageCentroid: 44, ProvenancePlaced: 182}
	for k, w := range want {
		if prov[k] != w {
			t.Errorf("provenance %q: got %d, want %d", k, prov[k], w)
		}
	}
}

func TestPointsInsideOwnCounty(t *testing.T) {
	d := mustLoad(t)
	byAd := map[string]*County{}
	for i := range d.Counties {
		c := &d.Counties[i]
		byAd[c.Adcode] = c
		if !planar.MultiPolygonContains(c.Boundary, c.Seat) {
			t.Errorf("seat of %s %s %v outside its boundary", c.Adcode, c.Name, c.Seat)
		}
	}
	for _, tw := range d.Townships {
		if !planar.MultiPolygonContains(byAd[tw.CountyAdcode].Boundary, tw.Point) {
			t.Errorf("township %s %s (%s) %v outside county %s", tw.Code, tw.Name, tw.Provenance, tw.Point, tw.CountyAdcode)
		}
	}
}

func TestSpotValues(t *testing.T) {
	d := mustLoad(t)
	c := d.Counties[0]
	if c.Adcode != "510104" || c.Name != "锦江区" || c.Pinyin != "Jinjiang" || c.Prefecture != "成都市" || c.Terrain != TerrainUrban {
		t.Errorf("first county: got %+v", c)
	}
	if math.Abs(c.Seat[0]-104.0785) > 1e-3 || math.Abs(c.Seat[1]-30.6601) > 1e-3 {
		t.Errorf("锦江区 seat: got %v, want ≈ 104.0785,30.6601", c.Seat)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct{ name, counties, want string }{
		{"header", "x\n", "counties.tsv:1: header"},
		{"fields", countiesHeader + "\n510104\tx\n", "counties.tsv:2: 2 fields"},
		{"number", countiesHeader + "\n510104\ta\tb\tc\t510100\tp\tx\t1\t1\t1\t1\t1\turban\n", "counties.tsv:2: field 7"},
		{"terrain", countiesHeader + "\n510104\ta\tb\tc\t510100\tp\t1\t1\t1\t1\t1\t1\tsea\n", "field 13: unknown terrain"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parse(tt.counties, townshipsHeader+"\n", "")
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want error containing %q", err, tt.want)
			}
		})
	}
}
