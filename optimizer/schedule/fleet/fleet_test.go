package fleet

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
)

func TestReadDepotsCSV(t *testing.T) {
	in := "id,name,kind,lon,lat,county,area,parent,storage_litres,stock\n" +
		"ts,锦江 中转站,transfer_station,104.08,30.65,510104,urban,,,\n" +
		"cp1,春熙路 回收站点,collection_point,104.07,30.66,510104,urban,ts,20000,television:20;refrigerator:3\n" +
		"bad,x,depot,104.07,30.66,,,,,\n" +
		"far,x,,4.07,30.66,,,,,\n" +
		"ts,dup,,104.07,30.66,,,,,\n" +
		"m,x,,104.07,30.66,,hills,,,\n"
	got, err := ReadDepotsCSV(strings.NewReader(in), "d.csv")
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Items) != 2 || got.Items[1].Parent != "ts" || got.Items[1].StorageL != 20000 || got.Items[1].Stock.String() != "television:20;refrigerator:3" || got.Items[1].ClearAt != DefaultClearAt {
		t.Errorf("got %+v", got.Items)
	}
	want := []string{`d.csv:4: depot bad: kind: unknown kind "depot"`, "d.csv:5: depot far: lon: 4.07,30.66 is outside China",
		"d.csv:6: depot ts: id: duplicate id (first on line 2)", `d.csv:7: depot m: area: unknown area "hills"`}
	if len(got.Skipped) != len(want) {
		t.Fatalf("skipped %v", got.Skipped)
	}
	for i, w := range want {
		if !strings.HasPrefix(got.Skipped[i].Error(), w) {
			t.Errorf("skipped[%d] = %q, want %q", i, got.Skipped[i], w)
		}
	}
}

func TestReadVehiclesCSV(t *testing.T) {
	in := "id,depot,kg,litres,pieces,crew,skills,shift_start,shift_end,break_start,break_end,break_min,fixed_cost,per_km\n" +
		"t1,ts,1500,14000,20,2,ac_uninstall;repair,08:00,18:00,11:30,13:30,30,450,2.2\n" +
		"t2,ts,800,6000,,,,,,,,,300,1.5\n" +
		"t3,ts,0,6000,,,,,,,,,,\n" +
		"t4,ts,800,6000,,,,18:00,08:00,,,,,\n" +
		"t5,ts,800,6000,,12,,,,,,,,\n" +
		"t6,,800,6000,,,,,,,,,,\n"
	got, err := ReadVehiclesCSV(strings.NewReader(in), "v.csv")
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Items) != 2 {
		t.Fatalf("got %+v", got.Items)
	}
	v := got.Items[0]
	if v.Crew != 2 || !reflect.DeepEqual(v.Skills, []string{"ac_uninstall", "repair"}) || len(v.Breaks) != 1 || v.Breaks[0].Minutes != 30 || v.ShiftEnd != 18*3600 {
		t.Errorf("t1 %+v", v)
	}
	if v := got.Items[1]; v.Crew != 1 || v.ShiftStart != 8*3600 || v.ShiftEnd != 18*3600 {
		t.Errorf("t2 defaults %+v", v)
	}
	want := []string{"kg: capacity must be positive", "shift_end: shift 18:00–08:00 is reversed", "crew: 12 outside 1…9", "depot: empty"}
	if len(got.Skipped) != len(want) {
		t.Fatalf("skipped %v", got.Skipped)
	}
	for i, w := range want {
		if !strings.Contains(got.Skipped[i].Error(), w) || got.Skipped[i].Line != i+4 {
			t.Errorf("skipped[%d] = %q, want line %d with %q", i, got.Skipped[i], i+4, w)
		}
	}
	var buf bytes.Buffer
	if err := WriteVehiclesCSV(&buf, got.Items); err != nil {
		t.Fatal(err)
	}
	again, err := ReadVehiclesCSV(&buf, "again")
	if err != nil || !reflect.DeepEqual(again.Items, got.Items) {
		t.Errorf("round trip: %v\n%+v\n%+v", err, again.Items, got.Items)
	}
}

func TestReadJSON(t *testing.T) {
	_, _, err := ReadJSON(strings.NewReader(`{"depots":[{"id":"ts","lon":104,"lat":30}],"vehicles":[{"id":"t","depot":"ts","kg":1,"litres":1,"crew":0},{"id":"u","depot":"ts","kg":1,"litres":-1}]}`))
	if err == nil || !strings.Contains(err.Error(), "vehicles[1].litres: capacity must be positive") {
		t.Errorf("got %v", err)
	}
}

func FuzzReadCSV(f *testing.F) {
	f.Add("id,depot,kg,litres,crew,shift_start\nt1,ts,1500,14000,2,08:00\n", true)
	f.Add("id,lon,lat,kind,storage_litres\ncp,104,30,collection_point,100\n", false)
	f.Fuzz(func(t *testing.T, in string, vehicles bool) {
		if vehicles {
			got, err := ReadVehiclesCSV(strings.NewReader(in), "f")
			if err == nil {
				for _, v := range got.Items {
					if v.Check() != nil || v.Kg <= 0 {
						t.Errorf("bad vehicle loaded: %+v", v)
					}
				}
			}
			return
		}
		got, err := ReadDepotsCSV(strings.NewReader(in), "f")
		if err == nil {
			for _, d := range got.Items {
				if d.Check() != nil {
					t.Errorf("bad depot loaded: %+v", d)
				}
			}
		}
	})
}

// FuzzReadJSON: a fleet document is read into checked depots and vehicles
// or rejected with an error, never a panic.
func FuzzReadJSON(f *testing.F) {
	f.Add(`{"depots":[{"id":"ts","lon":104,"lat":30.6,"kind":"transfer_station"}],"vehicles":[{"id":"t","depot":"ts","kg":1500,"litres":14000,"crew":2,"shift_start":"08:00","shift_end":"18:00","breaks":[{"start":"11:30","end":"13:30","minutes":30}]}]}`)
	f.Add(`{"depots":[{"id":"cp","lon":104,"lat":30.6,"kind":"collection_point","storage_litres":6000,"stock":"television:3","inflow":[{"category":"microwave","count":1}]}]}`)
	f.Fuzz(func(t *testing.T, in string) {
		ds, vs, err := ReadJSON(strings.NewReader(in))
		if err != nil {
			return
		}
		for _, d := range ds {
			if d.Check() != nil {
				t.Errorf("bad depot read: %+v", d)
			}
		}
		for _, v := range vs {
			if v.Check() != nil {
				t.Errorf("bad vehicle read: %+v", v)
			}
		}
	})
}
