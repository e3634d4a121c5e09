package geo

import (
	"bytes"
	"encoding/xml"
	"flag"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/paulmach/orb"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata")

// sampleMap draws three made-up counties, two tiers of sites and two
// vehicle routes around Chengdu, with text that needs escaping.
func sampleMap() *Map {
	m := NewMap(orb.Bound{Min: orb.Point{103.4, 30.2}, Max: orb.Point{104.9, 31.1}}, 900)
	m.Title = `Chengdu <plain> & "hills"`
	county := func(x0, y0, x1, y1 float64) orb.Polygon {
		return orb.Polygon{{{x0, y0}, {x1, y0 + 0.05}, {x1 - 0.05, y1}, {x0 + 0.05, y1 - 0.04}, {x0, y0}}}
	}
	m.Polygons("counties", []MapPolygon{
		{Geom: county(103.45, 30.25, 104.05, 30.75), Label: "Qionglai"},
		{Geom: county(104.05, 30.3, 104.85, 30.7), Label: "Jianyang"},
		{Geom: orb.MultiPolygon{
			{{{103.6, 30.75}, {104.4, 30.75}, {104.4, 31.05}, {103.6, 31.05}, {103.6, 30.75}},
				{{103.9, 30.85}, {104.0, 30.85}, {104.0, 30.95}, {103.9, 30.95}, {103.9, 30.85}}}, // hole
		}, Label: "Pengzhou & Dujiangyan"},
	}, PolygonStyle{})
	m.Lines("routes", []MapLine{
		{Path: orb.LineString{{104.07, 30.67}, {103.8, 30.5}, {103.6, 30.4}, {104.07, 30.67}}, Group: 0, Label: "truck 1"},
		{Path: orb.LineString{{104.07, 30.67}, {104.4, 30.5}, {104.7, 30.45}, {104.07, 30.67}}, Group: 1, Label: "truck 2"},
		{Path: orb.LineString{{104.07, 30.67}, {103.9, 30.9}, {104.2, 31.0}, {104.07, 30.67}}, Group: 2, Label: "truck <3>"},
	}, LineStyle{})
	m.Points("collection points", []MapPoint{
		{Pt: orb.Point{103.8, 30.5}, Value: 40, Label: "A"},
		{Pt: orb.Point{103.6, 30.4}, Value: 10},
		{Pt: orb.Point{104.4, 30.5}, Value: 90, Label: "B"},
		{Pt: orb.Point{104.7, 30.45}, Value: 160},
		{Pt: orb.Point{103.9, 30.9}, Value: 60},
		{Pt: orb.Point{104.2, 31.0}, Value: 0, Label: "C"},
	}, PointStyle{})
	m.Points("transfer stations", []MapPoint{{Pt: orb.Point{104.07, 30.67}, Value: 1, Label: "Chengdu hub"}}, PointStyle{Shape: Square, MaxRadius: 9})
	m.Points("sorting centres", []MapPoint{{Pt: orb.Point{104.3, 30.85}, Value: 1, Label: "East"}}, PointStyle{Shape: Triangle, MaxRadius: 10})
	return m
}

func TestMapGolden(t *testing.T) {
	var buf bytes.Buffer
	if err := sampleMap().WriteSVG(&buf); err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "map.golden.svg")
	if *update {
		if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./geo -run TestMapGolden -update)", err)
	}
	if !bytes.Equal(buf.Bytes(), want) {
		t.Errorf("SVG differs from %s; rerun with -update and inspect the diff", golden)
	}
	var again bytes.Buffer
	sampleMap().WriteSVG(&again)
	if !bytes.Equal(buf.Bytes(), again.Bytes()) {
		t.Error("two renderings differ")
	}
}

func TestMapWellFormed(t *testing.T) {
	var buf bytes.Buffer
	if err := sampleMap().WriteSVG(&buf); err != nil {
		t.Fatal(err)
	}
	svg := buf.String()
	dec := xml.NewDecoder(strings.NewReader(svg))
	layers := map[string]bool{}
	var texts []string
	var inText bool
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("not well-formed XML: %v", err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			inText = tok.Name.Local == "text" || tok.Name.Local == "title"
			for _, a := range tok.Attr {
				if a.Name.Local == "data-layer" {
					layers[a.Value] = true
				}
			}
		case xml.CharData:
			if inText {
				texts = append(texts, string(tok))
			}
		case xml.EndElement:
			inText = false
		}
	}
	for _, l := range []string{"counties", "counties labels", "routes", "collection points", "transfer stations", "sorting centres", "labels", "legend", "scale-bar", "north-arrow"} {
		if !layers[l] {
			t.Errorf("no layer %q", l)
		}
	}
	all := strings.Join(texts, "|")
	for _, want := range []string{`Chengdu <plain> & "hills"`, "Legend", "truck 1", "truck <3>", "collection points", "Pengzhou & Dujiangyan", "Chengdu hub", "20 km", "N"} {
		if !strings.Contains(all, want) {
			t.Errorf("text %q missing from %q", want, all)
		}
	}
}

func TestPointRadius(t *testing.T) {
	st := PointStyle{MaxRadius: 10, MinRadius: 2}.withDefaults([]MapPoint{{Value: 100}, {Value: 25}})
	tests := []struct{ v, want float64 }{{100, 10}, {25, 5}, {1, 2}, {0, 2}, {-3, 2}, {400, 10}}
	for _, tt := range tests {
		if got := st.radius(tt.v); got != tt.want {
			t.Errorf("radius(%v) = %v, want %v", tt.v, got, tt.want)
		}
	}
}

func TestNiceLength(t *testing.T) {
	tests := []struct{ in, want float64 }{{1, 1}, {1.9, 1}, {2.1, 2}, {7, 5}, {49999, 20000}, {50000, 50000}, {0.3, 0.2}}
	for _, tt := range tests {
		if got := niceLength(tt.in); got != tt.want {
			t.Errorf("niceLength(%v) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestMapProjection(t *testing.T) {
	m := NewMap(orb.Bound{Min: orb.Point{100, 30}, Max: orb.Point{102, 31}}, 800)
	x0, y0 := m.Project(orb.Point{100, 31})
	x1, y1 := m.Project(orb.Point{102, 30})
	if x0 != framePad || y0 != framePad {
		t.Errorf("top-left at (%v,%v), want (%v,%v)", x0, y0, framePad, framePad)
	}
	if d := x1 - (m.frameW - framePad); d*d > 1e-12 {
		t.Errorf("right edge at %v, want %v", x1, m.frameW-framePad)
	}
	// Equal ground distance, equal pixels at lat0.
	mx := GreatCircle(orb.Point{100, 30.5}, orb.Point{101, 30.5})
	my := GreatCircle(orb.Point{101, 30}, orb.Point{101, 31})
	ratio := ((x1 - x0) / 2 / mx) / ((y1 - y0) / my)
	if ratio < 0.999 || ratio > 1.001 {
		t.Errorf("px per metre x/y = %v, want 1", ratio)
	}
}

// A page with several maps (a report, route sheets printed several to a
// sheet) must not repeat an id: each map's clip path gets its own.
func TestMapIDsUniqueOnAPage(t *testing.T) {
	var page bytes.Buffer
	page.WriteString("<html><body>")
	for k := range 4 {
		m := NewMap(orb.Bound{Min: orb.Point{104, 30}, Max: orb.Point{104.1 + 0.05*float64(k), 30.1}}, 400)
		m.Lines("route", []MapLine{{Path: orb.LineString{{104, 30}, {104.05, 30.05 + 0.01*float64(k)}}}}, LineStyle{})
		if k == 3 {
			m.ID = "truck-07"
		}
		if err := m.WriteSVG(&page); err != nil {
			t.Fatal(err)
		}
	}
	page.WriteString("</body></html>")
	ids := regexp.MustCompile(`\bid="([^"]*)"`).FindAllStringSubmatch(page.String(), -1)
	if len(ids) != 4 {
		t.Fatalf("got %d ids, want one per map", len(ids))
	}
	seen := map[string]bool{}
	for _, m := range ids {
		if seen[m[1]] {
			t.Errorf("id %q appears twice on the page", m[1])
		}
		seen[m[1]] = true
		if !strings.Contains(page.String(), `url(#`+m[1]+`)`) {
			t.Errorf("id %q is not referenced by its map", m[1])
		}
	}
	if !seen["truck-07-frame"] {
		t.Errorf("Map.ID not used: ids %v", seen)
	}
}
