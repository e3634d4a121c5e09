package geo

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
)

const sampleGeoJSON = `{
  "type": "FeatureCollection",
  "features": [
    {"type": "Feature", "geometry": {"type": "Point", "coordinates": [104.07, 30.57]},
     "properties": {"name": "成都", "volume": 120, "speed": "60"}},
    {"type": "Feature", "geometry": null, "properties": null},
    {"type": "Feature",
     "geometry": {"type": "LineString", "coordinates": [[104, 30], [104.1, 30.1]]},
     "properties": {"highway": "primary", "bad": [1]}}
  ]
}`

func TestReadFeatureCollection(t *testing.T) {
	ff, err := ReadFeatureCollection(strings.NewReader(sampleGeoJSON), "s.geojson")
	if err != nil {
		t.Fatal(err)
	}
	if ff.Len() != 3 {
		t.Fatalf("Len = %d, want 3", ff.Len())
	}
	if want := []int{4, 6, 7}; len(ff.Lines) != 3 || ff.Lines[0] != want[0] || ff.Lines[1] != want[1] || ff.Lines[2] != want[2] {
		t.Errorf("Lines = %v, want %v", ff.Lines, want)
	}
	if p, ok := ff.Feature(0).Geometry.(orb.Point); !ok || p != (orb.Point{104.07, 30.57}) {
		t.Errorf("feature 0 geometry = %v", ff.Feature(0).Geometry)
	}
	if v, err := ff.Float(0, "volume", 0); err != nil || v != 120 {
		t.Errorf("Float(volume) = %v, %v; want 120", v, err)
	}
	if v, err := ff.Float(0, "speed", 0); err != nil || v != 60 {
		t.Errorf("Float(speed) = %v, %v; want 60", v, err)
	}
	if v, err := ff.Float(1, "speed", 7); err != nil || v != 7 {
		t.Errorf("Float on null properties = %v, %v; want default 7", v, err)
	}
	if s, err := ff.String(0, "name", ""); err != nil || s != "成都" {
		t.Errorf("String(name) = %q, %v", s, err)
	}
	_, err = ff.Float(0, "name", 0)
	var ie *InputError
	if !errors.As(err, &ie) || ie.Field != "features[0].properties.name" || ie.Line != 4 {
		t.Errorf("Float(name) err = %v, want InputError at line 4 naming features[0].properties.name", err)
	}
	if _, err := ff.Points(); !errors.As(err, &ie) || ie.Field != "features[1].geometry" || ie.Line != 6 {
		t.Errorf("Points err = %v, want InputError at line 6 for features[1].geometry", err)
	}
	_, err = ff.String(2, "bad", "")
	if !errors.As(err, &ie) || ie.Field != "features[2].properties.bad" || ie.Line != 7 {
		t.Errorf("String(bad) err = %v", err)
	}
}

func TestReadFeatureCollectionSingle(t *testing.T) {
	for _, in := range []string{
		`{"type":"Feature","geometry":{"type":"Point","coordinates":[1,2]},"properties":{}}`,
		`{"type":"Point","coordinates":[1,2]}`,
	} {
		ff, err := ReadFeatureCollection(strings.NewReader(in), "x")
		if err != nil {
			t.Fatalf("%s: %v", in, err)
		}
		if ff.Len() != 1 || ff.Feature(0).Geometry != (orb.Point{1, 2}) {
			t.Errorf("%s: got %d features", in, ff.Len())
		}
	}
}

func TestReadFeatureCollectionErrors(t *testing.T) {
	tests := []struct {
		name, in string
		line     int
		field    string
	}{
		{"syntax", "{\"type\":\"FeatureCollection\",\n\"features\":[\n{]}", 3, ""},
		{"not object", `[1]`, 1, ""},
		{"no type", `{"features":[]}`, 1, "type"},
		{"bad type", `{"type":"Thing"}`, 1, "type"},
		{"no features", `{"type":"FeatureCollection"}`, 1, "features"},
		{"features not array", `{"type":"FeatureCollection","features":3}`, 1, "features"},
		{"not a feature", "{\"type\":\"FeatureCollection\",\"features\":[\n{\"type\":\"Feature\",\"geometry\":null},\n {\"type\":\"Point\"}]}", 3, "features[1]"},
		{"latitude", "{\"type\":\"FeatureCollection\",\"features\":[\n{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[104,95]}}]}", 2, "features[0].geometry"},
		{"short line", `{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"LineString","coordinates":[[1,1]]}}]}`, 1, "features[0].geometry"},
		{"open ring", `{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1]]]}}]}`, 1, "features[0].geometry"},
		{"trailing", `{"type":"FeatureCollection","features":[]} {}`, 1, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadFeatureCollection(strings.NewReader(tt.in), "g.json")
			var ie *InputError
			if !errors.As(err, &ie) {
				t.Fatalf("err = %v, want *InputError", err)
			}
			if ie.File != "g.json" || ie.Line != tt.line || ie.Field != tt.field {
				t.Errorf("got line %d field %q, want line %d field %q (%v)", ie.Line, ie.Field, tt.line, tt.field, err)
			}
		})
	}
}

func TestFeatureCollectionRoundTrip(t *testing.T) {
	fc := PointFeatures([]orb.Point{{104.07, 30.57}, {101.96, 30.05}}, func(i int) map[string]any {
		return map[string]any{"name": []string{"成都", "康定"}[i], "tier": float64(i)}
	})
	ls := geojson.NewFeature(orb.LineString{{104, 30}, {104.5, 30.5}})
	ls.Properties["vehicle"] = "V1"
	fc.Append(ls)
	var buf bytes.Buffer
	if err := WriteFeatureCollection(&buf, fc); err != nil {
		t.Fatal(err)
	}
	first := buf.String()
	ff, err := ReadFeatureCollection(&buf, "rt")
	if err != nil {
		t.Fatal(err)
	}
	var again bytes.Buffer
	if err := WriteFeatureCollection(&again, ff.Collection); err != nil {
		t.Fatal(err)
	}
	if again.String() != first {
		t.Errorf("round trip differs:\n%s\n%s", first, again.String())
	}
	if s, _ := ff.String(1, "name", ""); s != "康定" {
		t.Errorf("name = %q", s)
	}
}

func FuzzReadFeatureCollection(f *testing.F) {
	f.Add(sampleGeoJSON)
	f.Add(`{"type":"Point","coordinates":[1,2]}`)
	f.Add(`{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]},"properties":{"a":1}}`)
	f.Fuzz(func(t *testing.T, in string) {
		ff, err := ReadFeatureCollection(strings.NewReader(in), "f.json")
		if err != nil {
			var ie *InputError
			if !errors.As(err, &ie) {
				t.Fatalf("error %v is not an *InputError", err)
			}
			return
		}
		if len(ff.Lines) != ff.Len() {
			t.Fatalf("%d lines for %d features", len(ff.Lines), ff.Len())
		}
		for i := range ff.Len() {
			ff.Float(i, "a", 0)
			ff.String(i, "a", "")
		}
		var buf bytes.Buffer
		if err := WriteFeatureCollection(&buf, ff.Collection); err != nil {
			t.Fatal(err)
		}
	})
}
