package region

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLoadUserRegion(t *testing.T) {
	geo, err := os.ReadFile(filepath.Join("..", "testdata", "mini", "counties.geojson"))
	if err != nil {
		t.Fatal(err)
	}
	towns, err := os.ReadFile(filepath.Join("..", "testdata", "mini", "townships.csv"))
	if err != nil {
		t.Fatal(err)
	}
	reg, err := Load("mini", strings.NewReader(string(geo)), "c.geojson", strings.NewReader(string(towns)), "t.csv")
	if err != nil {
		t.Fatal(err)
	}
	if len(reg.Counties) != 3 || len(reg.Townships) != 12 || reg.Counties[2].Terrain != TerrainMountain || len(reg.Counties[0].Boundary) == 0 {
		t.Fatalf("region %d counties, %d townships", len(reg.Counties), len(reg.Townships))
	}
	if c := reg.CountyAt(104.45, 30.1); c == nil || c.Adcode != "519903" {
		t.Errorf("CountyAt: %v", c)
	}
	// the same counties as CSV, without boundaries: points go to the nearest seat
	csv := "adcode,name,seat_lon,seat_lat,households,prefecture_adcode,prefecture,terrain\n" +
		"519901,东区,104.1,30.1,200000,519900,测试市,urban\n519902,平原县,104.3,30.1,150000,519900,测试市,plain\n519903,山区县,104.5,30.1,80000,519900,测试市,mountain\n"
	reg, err = Load("mini", strings.NewReader(csv), "c.csv", strings.NewReader(string(towns)), "t.csv")
	if err != nil {
		t.Fatal(err)
	}
	if c := reg.CountyAt(104.48, 30.0); c == nil || c.Adcode != "519903" {
		t.Errorf("CountyAt without boundaries: %v", c)
	}
	bad := []struct {
		name, counties, townships, file, field string
		line                                   int
	}{
		{"bad adcode", "adcode,name,seat_lon,seat_lat,households\n51990,x,104,30,10\n", "", "c.csv", "adcode", 2},
		{"missing households", "adcode,name,seat_lon,seat_lat\n519901,x,104,30\n", "", "c.csv", "households", 1},
		{"urban share", "adcode,name,seat_lon,seat_lat,households,urban_share\n519901,x,104,30,10,1.5\n", "", "c.csv", "urban_share", 2},
		{"terrain", "adcode,name,seat_lon,seat_lat,households,terrain\n519901,x,104,30,10,forest\n", "", "c.csv", "terrain", 2},
		{"repeated county", "adcode,name,seat_lon,seat_lat,households\n519901,x,104,30,10\n519901,y,104,30,10\n", "", "c.csv", "adcode", 3},
		{"township of no county", csv, "code,name,county,lon,lat\n1,a,519909,104.1,30.1\n", "t.csv", "county", 2},
		{"county without township", csv, "code,name,county,lon,lat\n1,a,519901,104.1,30.1\n", "t.csv", "county", 0},
		{"township outside its county", string(geo), "code,name,county,lon,lat\n1,a,519901,104.5,30.1\n", "t.csv", "lon,lat", 2},
	}
	for _, b := range bad {
		tw := b.townships
		if tw == "" {
			tw = string(towns)
		}
		_, err := Load("x", strings.NewReader(b.counties), "c.csv", strings.NewReader(tw), "t.csv")
		var ie *InputError
		if !errors.As(err, &ie) || ie.Field != b.field || ie.File != b.file || ie.Line != b.line {
			t.Errorf("%s: got %v, want %s:%d %s", b.name, err, b.file, b.line, b.field)
		}
	}
	// GeoJSON errors name the feature
	_, err = Load("x", strings.NewReader(`{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[104,30]},"properties":{}}]}`), "c.geojson", strings.NewReader(string(towns)), "t.csv")
	if err == nil || !strings.Contains(err.Error(), "features[0].geometry") {
		t.Errorf("point boundary: got %v", err)
	}
}

func TestLoadRoadsAndSales(t *testing.T) {
	roads, err := LoadRoadsCSV(strings.NewReader("from,to,metres,seconds\na,b,12500,900\n"), "r.csv")
	if err != nil || len(roads) != 1 || roads[0].Km != 12.5 {
		t.Fatalf("roads %v, %v", roads, err)
	}
	sales, err := LoadSalesCSV(strings.NewReader("township,units,note\n510104022,1200,x\n"), "s.csv")
	if err != nil || sales["510104022"] != 1200 {
		t.Fatalf("sales %v, %v", sales, err)
	}
	for _, c := range []struct {
		name, csv, field string
		load             func(string) error
	}{
		{"negative metres", "from,to,metres\na,b,-5\n", "metres", func(s string) error { _, err := LoadRoadsCSV(strings.NewReader(s), "f"); return err }},
		{"repeated pair", "from,to,metres\na,b,5\na,b,6\n", "to", func(s string) error { _, err := LoadRoadsCSV(strings.NewReader(s), "f"); return err }},
		{"no metres column", "from,to,km\na,b,5\n", "metres", func(s string) error { _, err := LoadRoadsCSV(strings.NewReader(s), "f"); return err }},
		{"bad units", "township,units\n1,many\n", "units", func(s string) error { _, err := LoadSalesCSV(strings.NewReader(s), "f"); return err }},
		{"repeated township", "township,units\n1,5\n1,6\n", "township", func(s string) error { _, err := LoadSalesCSV(strings.NewReader(s), "f"); return err }},
	} {
		var ie *InputError
		if err := c.load(c.csv); !errors.As(err, &ie) || ie.Field != c.field {
			t.Errorf("%s: got %v, want an error on %s", c.name, err, c.field)
		}
	}
}

func FuzzLoadUserRegion(f *testing.F) {
	f.Add("adcode,name,seat_lon,seat_lat,households\n519901,x,104,30,10\n", "code,name,county,lon,lat\n1,a,519901,104.1,30.1\n")
	f.Add(`{"type":"FeatureCollection","features":[]}`, "code,name,county,lon,lat\n")
	f.Fuzz(func(t *testing.T, counties, townships string) {
		reg, err := Load("f", strings.NewReader(counties), "c", strings.NewReader(townships), "t")
		if err != nil {
			return
		}
		for _, tw := range reg.Townships {
			if _, ok := reg.County(tw.CountyAdcode); !ok {
				t.Fatalf("township %s of no county", tw.Code)
			}
		}
	})
}
