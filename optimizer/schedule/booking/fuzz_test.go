package booking

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
)

// FuzzReadCSV: any input gives bookings or errors, never a panic; every
// booking read writes back and reads again to the same value.
func FuzzReadCSV(f *testing.F) {
	f.Add(goodCSV)
	f.Add("id,lon,lat,items\nB1,104.1,30.6,\"a:1;b\"\n")
	f.Fuzz(func(t *testing.T, in string) {
		got, err := ReadCSV(strings.NewReader(in), ReadOptions{PlanDate: MustDate("2026-12-01")})
		if err != nil {
			return
		}
		roundTrip(t, got.Bookings)
	})
}

// FuzzReadJSON is FuzzReadCSV for the JSON reader.
func FuzzReadJSON(f *testing.F) {
	f.Add(`[{"id":"A","lon":104.1,"lat":30.6,"items":[{"category":"television","count":2}],"tw_start":"09:00","tw_end":"10:00","earliest":"2026-12-01"}]`)
	f.Add(`{"bookings":[{"id":1,"lon":104.1,"lat":30.6,"items":"refrigerator:1","kind":"trade_in","from":"w"}]}`)
	f.Fuzz(func(t *testing.T, in string) {
		got, err := ReadJSON(strings.NewReader(in), ReadOptions{})
		if err != nil {
			return
		}
		roundTrip(t, got.Bookings)
	})
}

// FuzzReadChanges: the changes readers never panic.
func FuzzReadChanges(f *testing.F) {
	f.Add("action,id,lon,lat,items,status\nadd,N1,104.1,30.6,television:1,\ncancel,B1,,,,\nstatus,B2,,,,done\n", true)
	f.Add(`[{"action":"cancel","id":"B7"},{"action":"add","booking":{"id":"N","lon":104,"lat":30,"items":"television:1"}}]`, false)
	f.Fuzz(func(t *testing.T, in string, csv bool) {
		read := ReadChangesJSON
		if csv {
			read = ReadChangesCSV
		}
		ch, skipped, err := read(strings.NewReader(in), ReadOptions{})
		if err != nil {
			return
		}
		for _, s := range skipped {
			if s.Msg == "" {
				t.Errorf("skipped row without a message: %+v", s)
			}
		}
		for _, c := range ch {
			if c.Booking.ID == "" {
				t.Errorf("change without an id: %+v", c)
			}
		}
	})
}

func roundTrip(t *testing.T, bs []Booking) {
	t.Helper()
	var cbuf, jbuf bytes.Buffer
	if err := WriteCSV(&cbuf, bs); err != nil {
		t.Fatal(err)
	}
	if err := WriteJSON(&jbuf, bs); err != nil {
		t.Fatal(err)
	}
	c2, err := ReadCSV(&cbuf, ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	j2, err := ReadJSON(&jbuf, ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(bs) == 0 {
		bs = nil
	}
	if !reflect.DeepEqual(c2.Bookings, bs) || len(c2.Skipped) > 0 {
		t.Errorf("CSV round trip:\n got %+v (skipped %v)\nwant %+v", c2.Bookings, c2.Skipped, bs)
	}
	if !reflect.DeepEqual(j2.Bookings, bs) || len(j2.Skipped) > 0 {
		t.Errorf("JSON round trip:\n got %+v (skipped %v)\nwant %+v", j2.Bookings, j2.Skipped, bs)
	}
}
