package region

import (
	"errors"
	"strings"
	"testing"

	"github.com/huishou/huishou/optimizer/network"
)

func TestLoadDemandCSV(t *testing.T) {
	sc := sichuanT(t)
	ds, err := sc.LoadDemandCSV(strings.NewReader("id,lon,lat,tonnes,name\na,104.07,30.66,120,成都\nb,104.7,31.46,80,\n"), "d.csv")
	if err != nil {
		t.Fatal(err)
	}
	if len(ds) != 2 || ds[0].Region != "510100" || ds[1].Tonnes != 80 || ds[1].Name != "b" {
		t.Errorf("got %+v", ds)
	}
	cases := []struct{ name, csv, field string }{
		{"missing column", "id,lon,lat\na,104,30\n", "tonnes"},
		{"negative tonnes", "id,lon,lat,tonnes\na,104.07,30.66,-1\n", "tonnes"},
		{"outside every polygon", "id,lon,lat,tonnes\na,116.4,39.9,5\n", "lon,lat"},
		{"bad lat", "id,lon,lat,tonnes\na,104,95,5\n", "lat"},
		{"repeated id", "id,lon,lat,tonnes\na,104.07,30.66,1\na,104.07,30.66,1\n", "id"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := sc.LoadDemandCSV(strings.NewReader(c.csv), "d.csv")
			var ie *InputError
			if !errors.As(err, &ie) || ie.Field != c.field || ie.File != "d.csv" {
				t.Fatalf("got %v, want an InputError on d.csv field %s", err, c.field)
			}
		})
	}
}

func TestLoadDismantlersCSV(t *testing.T) {
	sc := sichuanT(t)
	ds, err := sc.LoadDismantlersCSV(strings.NewReader("id,name,lon,lat,capacity_t\nx,厂,104.7,31.46,50000\n"), "p.csv")
	if err != nil || len(ds) != 1 || ds[0].Sizes[0].CapacityT != 50000 {
		t.Fatalf("got %+v, %v", ds, err)
	}
	_, err = sc.LoadDismantlersCSV(strings.NewReader("id,lon,lat,capacity_t\nx,104.7,31.46,0\n"), "p.csv")
	var ie *InputError
	if !errors.As(err, &ie) || ie.Field != "capacity_t" || ie.Line != 2 {
		t.Fatalf("got %v, want an InputError on p.csv:2 capacity_t", err)
	}
}

func FuzzLoadDemandCSV(f *testing.F) {
	f.Add("id,lon,lat,tonnes\na,104.07,30.66,120\n")
	f.Add("id,lon,lat,tonnes,m3\na,104.07,30.66,1e3,NaN\n")
	f.Add("\ufeffID, LON ,lat,tonnes\n\"a\",104,30,\n")
	sc := sichuanT(f)
	f.Fuzz(func(t *testing.T, s string) {
		ds, err := sc.LoadDemandCSV(strings.NewReader(s), "f.csv")
		if err != nil {
			var ie *InputError
			if !errors.As(err, &ie) && !strings.HasPrefix(err.Error(), "region: ") {
				t.Fatalf("untyped error %v", err)
			}
			return
		}
		for _, d := range ds {
			if d.Tonnes < 0 || d.ID == "" || d.Group == "" {
				t.Fatalf("bad point accepted: %+v", d)
			}
		}
	})
}

func FuzzLoadDismantlersCSV(f *testing.F) {
	f.Add("id,lon,lat,capacity_t\nx,104.7,31.46,50000\n")
	f.Add("id,lon,lat,capacity_t,handling_per_t\nx,104.7,31.46,5,-3\n")
	sc := sichuanT(f)
	f.Fuzz(func(t *testing.T, s string) {
		ds, err := sc.LoadDismantlersCSV(strings.NewReader(s), "f.csv")
		if err != nil {
			return
		}
		for _, d := range ds {
			if z := d.Sizes[0]; !(z.CapacityT > 0) || z.HandlingPerT < 0 || z.FixedCost < 0 {
				t.Fatalf("bad plant accepted: %+v", d)
			}
		}
	})
}

func TestLoadCandidatesCSV(t *testing.T) {
	sc := sichuanT(t)
	good := "id,tier,lon,lat,name\nind-1,transfer_station,103.95,30.99,彭州工业园\n"
	sites, err := sc.LoadCandidatesCSV(strings.NewReader(good), "cands.csv")
	if err != nil {
		t.Fatal(err)
	}
	if len(sites) != 1 || sites[0].Group != "510182" || sites[0].Tier != network.TransferStation || len(sites[0].Sizes) == 0 {
		t.Fatalf("got %+v, want one transfer-station candidate in 彭州市 (510182) with sizes", sites)
	}
	bad := []struct{ csv, field string }{
		{"id,tier,lon,lat\nx,depot,104,30.6\n", "tier"},
		{"id,tier,lon,lat\nx,transfer_station,104,30.6\nx,transfer_station,104,30.6\n", "id"},
		{"id,tier,lon\nx,transfer_station,104\n", "lat"},
	}
	for _, b := range bad {
		_, err := sc.LoadCandidatesCSV(strings.NewReader(b.csv), "c.csv")
		var ie *InputError
		if !errors.As(err, &ie) || ie.Field != b.field {
			t.Errorf("%q: got %v, want an InputError on %s", b.csv, err, b.field)
		}
	}
}

func FuzzLoadCandidatesCSV(f *testing.F) {
	sc := sichuanT(f)
	f.Add("id,tier,lon,lat\nind-1,transfer_station,103.95,30.99\n")
	f.Add("id,tier,lon,lat,name\n1,sorting_centre,104.06,30.66,x\n")
	f.Fuzz(func(t *testing.T, data string) {
		sites, err := sc.LoadCandidatesCSV(strings.NewReader(data), "fuzz.csv")
		if err == nil && len(sites) == 0 {
			t.Fatal("no error and no sites")
		}
	})
}
