package region

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

func TestReplaceTownshipPoints(t *testing.T) {
	s := sichuanT(t)
	jj, _ := s.County("510104") // 锦江区
	tw := s.TownshipsOf("510104")[0]
	other := s.TownshipsOf("510105")[0] // 青羊区
	qy, _ := s.County("510105")
	in := fmt.Sprintf("name,lat,code,lon\nx,%v,%s,%v\n\ny,%v,%s,%v\n",
		jj.Seat[1], tw.Code, jj.Seat[0], qy.Seat[1], other.Code, qy.Seat[0])
	n, err := s.ReplaceTownshipPoints(strings.NewReader(in), "points.csv")
	if err != nil || n != 2 {
		t.Fatalf("got %d, %v; want 2, nil", n, err)
	}
	for _, c := range []struct {
		code, src string
		lon       float64
	}{{tw.Code, "points.csv:2", jj.Seat[0]}, {other.Code, "points.csv:4", qy.Seat[0]}} {
		for _, got := range s.Townships {
			if got.Code == c.code && (got.Provenance != ProvenanceUser || got.Source != c.src || got.Point[0] != c.lon) {
				t.Errorf("%s: got %s %q %v, want user %q lon %v", c.code, got.Provenance, got.Source, got.Point, c.src, c.lon)
			}
		}
	}
}

func TestReplaceTownshipPointsErrors(t *testing.T) {
	s := sichuanT(t)
	tw := s.TownshipsOf("510104")[0]
	jj, _ := s.County("510104")
	ok := fmt.Sprintf("%s,%v,%v", tw.Code, jj.Seat[0], jj.Seat[1])
	tests := []struct {
		name, in string
		line     int
		field    string
	}{
		{"empty", "", 1, ""},
		{"no lat column", "code,lon\n", 1, "lat"},
		{"unknown code", "code,lon,lat\n" + ok + "\n999999999,104,30\n", 3, "code"},
		{"repeated code", "code,lon,lat\n" + ok + "\n" + ok + "\n", 3, "code"},
		{"bad lon", "code,lon,lat\n" + tw.Code + ",abc,30.6\n", 2, "lon"},
		{"NaN lat", "code,lon,lat\n" + tw.Code + ",104.08,NaN\n", 2, "lat"},
		{"lon out of range", "code,lon,lat\n" + tw.Code + ",204.08,30.6\n", 2, "lon"},
		{"lat out of range", "code,lon,lat\n" + tw.Code + ",104.08,-95\n", 2, "lat"},
		{"outside county", "code,lon,lat\n" + tw.Code + ",101.96,30.05\n", 2, "lon,lat"},
		{"short line", "code,lon,lat\n" + ok + "\n" + tw.Code + ",104\n", 3, ""},
		{"bad quote", "code,lon,lat\n" + ok + "\n\"x,1,2\n", 3, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := s.Townships[0]
			n, err := s.ReplaceTownshipPoints(strings.NewReader(tt.in), "p.csv")
			var ie *InputError
			if !errors.As(err, &ie) {
				t.Fatalf("got %d, %v; want an *InputError", n, err)
			}
			if ie.File != "p.csv" || ie.Line != tt.line || ie.Field != tt.field {
				t.Errorf("got %s:%d field %q (%v), want p.csv:%d field %q", ie.File, ie.Line, ie.Field, err, tt.line, tt.field)
			}
			if !strings.Contains(err.Error(), fmt.Sprintf("p.csv:%d", tt.line)) {
				t.Errorf("message %q does not name p.csv:%d", err, tt.line)
			}
			if s.Townships[0] != before {
				t.Error("failed call changed the region")
			}
		})
	}
}

func FuzzReplaceTownshipPoints(f *testing.F) {
	s := sichuanT(f)
	tw := s.Townships[0]
	jj, _ := s.County(tw.CountyAdcode)
	f.Add(fmt.Sprintf("code,lon,lat\n%s,%v,%v\n", tw.Code, jj.Seat[0], jj.Seat[1]))
	f.Add("code,lon,lat\n999,1,2\n")
	f.Add("lat,code\n")
	f.Add("\ufeffCode, Lon, Lat ,x\n" + tw.Code + ",1e400,-0\n")
	f.Add("code,lon,lat\n\"a\"\"b,1,2\n")
	f.Fuzz(func(t *testing.T, in string) {
		n, err := s.ReplaceTownshipPoints(strings.NewReader(in), "f.csv")
		if err != nil && n != 0 {
			t.Errorf("error %v with n = %d", err, n)
		}
	})
}
