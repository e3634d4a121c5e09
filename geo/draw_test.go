package geo

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

func TestDrawFeatures(t *testing.T) {
	in := `{"type":"FeatureCollection","features":[
{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[103,30],[104,30],[104,31],[103,30]]]},"properties":{"name":"county"}},
{"type":"Feature","geometry":{"type":"Point","coordinates":[103.5,30.5]},"properties":{"tier":"collection","volume":20,"name":"a"}},
{"type":"Feature","geometry":{"type":"Point","coordinates":[103.6,30.4]},"properties":{"tier":"transfer","volume":50}},
{"type":"Feature","geometry":{"type":"LineString","coordinates":[[103.5,30.5],[103.6,30.4]]},"properties":{"vehicle":"V1"}},
{"type":"Feature","geometry":null,"properties":{}}
]}`
	ff, err := ReadFeatureCollection(strings.NewReader(in), "plan.geojson")
	if err != nil {
		t.Fatal(err)
	}
	m, err := DrawFeatures(ff, DrawOptions{Title: "plan"})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := m.WriteSVG(&buf); err != nil {
		t.Fatal(err)
	}
	svg := buf.String()
	for _, want := range []string{`data-layer="areas"`, `data-layer="collection"`, `data-layer="transfer"`, `data-layer="routes"`, ">V1<", ">county<", "<rect x="} {
		if !strings.Contains(svg, want) {
			t.Errorf("SVG lacks %q", want)
		}
	}

	bad := strings.Replace(in, `"volume":50`, `"volume":"lots"`, 1)
	ff, err = ReadFeatureCollection(strings.NewReader(bad), "plan.geojson")
	if err != nil {
		t.Fatal(err)
	}
	_, err = DrawFeatures(ff, DrawOptions{})
	var ie *InputError
	if !errors.As(err, &ie) || ie.Field != "features[2].properties.volume" || ie.Line != 4 {
		t.Errorf("err = %v, want InputError at line 4 for features[2].properties.volume", err)
	}
}

func TestSubset(t *testing.T) {
	m := &Matrix{N: 3, Dist: []float32{0, 1, 2, 3, 0, 5, 6, 7, 0}, Dur: []float32{0, 10, 20, 30, 0, 50, 60, 70, 0}}
	s := m.Subset([]int{2, 0})
	want := &Matrix{N: 2, Dist: []float32{0, 6, 2, 0}, Dur: []float32{0, 60, 20, 0}}
	sameMatrix(t, s, want)
}
