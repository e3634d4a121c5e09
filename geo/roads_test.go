package geo

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
	"gonum.org/v1/gonum/graph/path"
	"gonum.org/v1/gonum/graph/simple"
)

// gridPt is vertex (x, y) of the 3×3 test grid, 0.01° apart.
func gridPt(x, y int) orb.Point { return orb.Point{104 + 0.01*float64(x), 30 + 0.01*float64(y)} }

// gridRoads: rows at 60 km/h (maxspeed), columns residential (25 km/h
// by default), and a one-way motorway diagonal (0,0)→(2,2) at 100 km/h
// with a middle vertex shared with nothing.
func gridRoads() string {
	var fs []string
	line := func(props string, pts ...orb.Point) {
		var cs []string
		for _, p := range pts {
			cs = append(cs, fmt.Sprintf("[%v,%v]", p[0], p[1]))
		}
		fs = append(fs, fmt.Sprintf(`{"type":"Feature","properties":%s,"geometry":{"type":"LineString","coordinates":[%s]}}`, props, strings.Join(cs, ",")))
	}
	for y := range 3 {
		line(`{"maxspeed":60}`, gridPt(0, y), gridPt(1, y), gridPt(2, y))
	}
	for x := range 3 {
		line(`{"highway":"residential"}`, gridPt(x, 0), gridPt(x, 1), gridPt(x, 2))
	}
	line(`{"highway":"motorway","maxspeed":"100 km/h","oneway":"yes"}`, gridPt(0, 0), orb.Point{104.01, 30.0101}, gridPt(2, 2))
	line(`{"highway":"track"}`, orb.Point{110, 35}, orb.Point{110.01, 35}) // island
	return `{"type":"FeatureCollection","features":[` + strings.Join(fs, ",\n") + "]}"
}

func TestRoadsGrid(t *testing.T) {
	rd, err := ReadRoads(strings.NewReader(gridRoads()), "grid.geojson", RoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(rd.Vertices), 9+1+2; got != want {
		t.Fatalf("%d vertices, want %d", got, want)
	}
	const kmh = 1 / 3.6
	h := func(y int) float64 { return GreatCircle(gridPt(0, y), gridPt(1, y)) } // one row segment
	v := GreatCircle(gridPt(0, 0), gridPt(0, 1))                                // one column segment
	mid := orb.Point{104.01, 30.0101}
	diag := GreatCircle(gridPt(0, 0), mid) + GreatCircle(mid, gridPt(2, 2))

	off := 0.0005 // points 0.0005° west of their vertex
	pts := []orb.Point{
		{104 - off, 30},       // 0: at (0,0)
		{104.02 - off, 30.02}, // 1: at (2,2)
		{104.02 - off, 30.0},  // 2: at (2,0)
		{104 - off/2, 30},     // 3: also at (0,0)
	}
	snapM := []float64{GreatCircle(pts[0], gridPt(0, 0)), GreatCircle(pts[1], gridPt(2, 2)), GreatCircle(pts[2], gridPt(2, 0)), GreatCircle(pts[3], gridPt(0, 0))}
	m, snaps, err := rd.Matrix(context.Background(), pts, RoadMatrixOptions{AccessSpeedKmh: 10})
	if err != nil {
		t.Fatal(err)
	}
	for i, s := range snaps {
		if math.Abs(s.Metres-snapM[i]) > 1e-6 {
			t.Errorf("snap %d: %v m, want %v", i, s.Metres, snapM[i])
		}
	}
	acc := func(i int) float64 { return snapM[i] / (10 * kmh) }
	tests := []struct {
		from, to     int
		metres, secs float64
	}{
		// Motorway one way: (0,0)→(2,2).
		{0, 1, diag, diag / (100 * kmh)},
		// Back: all monotone grid paths take 2 row and 2 column segments;
		// the row at y=2 is shortest (highest latitude), hence fastest.
		{1, 0, 2*h(2) + 2*v, 2*h(2)/(60*kmh) + 2*v/(25*kmh)},
		// Along row 0.
		{0, 2, 2 * h(0), 2 * h(0) / (60 * kmh)},
		// Same vertex: only the access legs.
		{0, 3, 0, 0},
		{3, 1, diag, diag / (100 * kmh)},
	}
	for _, tt := range tests {
		wantM := snapM[tt.from] + tt.metres + snapM[tt.to]
		wantS := acc(tt.from) + tt.secs + acc(tt.to)
		if got := m.Distance(tt.from, tt.to); math.Abs(got-wantM) > 1e-3*wantM {
			t.Errorf("Distance(%d,%d) = %v, want %v", tt.from, tt.to, got, wantM)
		}
		if got := m.Duration(tt.from, tt.to); math.Abs(got-wantS) > 1e-4*wantS {
			t.Errorf("Duration(%d,%d) = %v, want %v", tt.from, tt.to, got, wantS)
		}
	}
	for i := range pts {
		if m.Distance(i, i) != 0 || m.Duration(i, i) != 0 {
			t.Errorf("diagonal %d not zero", i)
		}
	}

	// The fastest way back runs west along row 2, then south down column 0.
	r, err := rd.Route(pts[1], pts[0], RoadMatrixOptions{AccessSpeedKmh: 10})
	if err != nil {
		t.Fatal(err)
	}
	wantPath := orb.LineString{pts[1], gridPt(2, 2), gridPt(1, 2), gridPt(0, 2), gridPt(0, 1), gridPt(0, 0), pts[0]}
	if !r.Path.Equal(wantPath) {
		t.Errorf("Route path = %v, want %v", r.Path, wantPath)
	}
	if r.Metres != m.Distance(1, 0) || r.Seconds != m.Duration(1, 0) {
		t.Errorf("Route = %v m %v s, matrix %v m %v s", r.Metres, r.Seconds, m.Distance(1, 0), m.Duration(1, 0))
	}

	// The island is unreachable.
	_, _, err = rd.Matrix(context.Background(), append(pts, orb.Point{110.001, 35}), RoadMatrixOptions{})
	var ue *UnreachableError
	if !errors.As(err, &ue) || ue.From != 0 || ue.To != 4 || !errors.Is(err, ErrUnreachable) {
		t.Errorf("err = %v, want UnreachableError 0→4", err)
	}
	// Too far to snap.
	_, _, err = rd.Matrix(context.Background(), []orb.Point{{104, 30}, {104.5, 30}}, RoadMatrixOptions{MaxSnapMetres: 1000})
	var ie *InputError
	if !errors.As(err, &ie) || ie.Field != "points[1]" {
		t.Errorf("err = %v, want InputError for points[1]", err)
	}
}

// TestRoadsMatchGonum checks the flat Dijkstra against gonum's on a random
// network, for any worker count.
func TestRoadsMatchGonum(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	fc := geojson.NewFeatureCollection()
	const side = 12
	pt := func(x, y int) orb.Point { return orb.Point{103 + 0.02*float64(x), 30 + 0.02*float64(y)} }
	classes := []string{"primary", "secondary", "residential", "track"}
	// A slow two-way backbone (row 0 and every column) keeps every vertex
	// reachable; random faster roads, some one-way, make the paths.
	backbone := orb.LineString{}
	for x := range side {
		backbone = append(backbone, pt(x, 0))
		col := orb.LineString{}
		for y := range side {
			col = append(col, pt(x, y))
		}
		f := geojson.NewFeature(col)
		f.Properties["highway"] = "track"
		fc.Append(f)
	}
	fb := geojson.NewFeature(backbone)
	fb.Properties["highway"] = "track"
	fc.Append(fb)
	for k := 0; k < 300; k++ {
		x, y := rng.IntN(side), rng.IntN(side)
		dx, dy := rng.IntN(3)-1, rng.IntN(3)-1
		if x+dx < 0 || x+dx >= side || y+dy < 0 || y+dy >= side || (dx == 0 && dy == 0) {
			continue
		}
		f := geojson.NewFeature(orb.LineString{pt(x, y), pt(x+dx, y+dy)})
		f.Properties["highway"] = classes[rng.IntN(len(classes))]
		if rng.IntN(5) == 0 {
			f.Properties["oneway"] = "yes"
		}
		fc.Append(f)
	}
	rd, err := NewRoads(&FeatureFile{File: "rand", Collection: fc}, RoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	pts := make([]orb.Point, len(rd.Vertices))
	copy(pts, rd.Vertices)
	var ref [][]float64
	for _, u := range pts {
		sp := path.DijkstraFrom(simple.Node(rd.Snap(u).Vertex), rd.Graph)
		row := make([]float64, len(pts))
		for j, v := range pts {
			row[j] = sp.WeightTo(int64(rd.Snap(v).Vertex))
		}
		ref = append(ref, row)
	}
	for _, workers := range []int{1, 3} {
		m, _, err := rd.Matrix(context.Background(), pts, RoadMatrixOptions{Workers: workers})
		if err != nil {
			t.Fatalf("workers=%d: %v", workers, err)
		}
		for i := range pts {
			for j := range pts {
				if i == j {
					continue
				}
				if got, want := m.Duration(i, j), ref[i][j]; math.Abs(got-want) > 1e-4*want {
					t.Fatalf("workers=%d: Duration(%d,%d) = %v, gonum %v", workers, i, j, got, want)
				}
			}
		}
	}
}

func TestRoadsErrors(t *testing.T) {
	feat := func(geom, props string) string {
		return `{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"LineString","coordinates":[[104,30],[104.1,30]]},"properties":{}},` + "\n" +
			`{"type":"Feature","geometry":` + geom + `,"properties":` + props + `}]}`
	}
	line := `{"type":"LineString","coordinates":[[104,30],[104,30.1]]}`
	tests := []struct {
		name, in, field string
	}{
		{"point", feat(`{"type":"Point","coordinates":[104,30]}`, `{}`), "features[1].geometry"},
		{"null geometry", feat(`null`, `{}`), "features[1].geometry"},
		{"maxspeed text", feat(line, `{"maxspeed":"fast"}`), "features[1].properties.maxspeed"},
		{"maxspeed zero", feat(line, `{"maxspeed":0}`), "features[1].properties.maxspeed"},
		{"maxspeed type", feat(line, `{"maxspeed":[60]}`), "features[1].properties.maxspeed"},
		{"highway type", feat(line, `{"highway":{"a":1}}`), "features[1].properties.highway"},
		{"oneway type", feat(line, `{"oneway":[1]}`), "features[1].properties.oneway"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadRoads(strings.NewReader(tt.in), "r.geojson", RoadOptions{})
			var ie *InputError
			if !errors.As(err, &ie) {
				t.Fatalf("err = %v, want *InputError", err)
			}
			if ie.Field != tt.field || ie.Line != 2 || ie.File != "r.geojson" {
				t.Errorf("got %s:%d field %q, want r.geojson:2 field %q", ie.File, ie.Line, ie.Field, tt.field)
			}
		})
	}
}

func TestRoadSpeeds(t *testing.T) {
	tests := []struct {
		props map[string]any
		want  float64
	}{
		{map[string]any{"maxspeed": 80.0}, 80},
		{map[string]any{"maxspeed": "40 mph", "highway": "primary"}, 40 * 1.609344},
		{map[string]any{"maxspeed": "50km/h"}, 50},
		{map[string]any{"highway": "primary"}, DefaultRoadSpeeds["primary"]},
		{map[string]any{"highway": "primary_link"}, DefaultRoadSpeeds["primary"] - 10},
		{map[string]any{"highway": "footway"}, 30},
		{map[string]any{}, 30},
	}
	for _, tt := range tests {
		f := geojson.NewFeature(orb.LineString{{0, 0}, {1, 0}})
		f.Properties = tt.props
		ff := &FeatureFile{Collection: &geojson.FeatureCollection{Features: []*geojson.Feature{f}}}
		got, err := roadSpeed(ff, 0, DefaultRoadSpeeds, 30)
		if err != nil || math.Abs(got-tt.want) > 1e-9 {
			t.Errorf("roadSpeed(%v) = %v, %v; want %v", tt.props, got, err, tt.want)
		}
	}
}

func TestSearchAllocs(t *testing.T) {
	rd, err := ReadRoads(strings.NewReader(gridRoads()), "grid", RoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	sp := newSearch(len(rd.Vertices))
	targets := []int32{0, 4, 8}
	sp.run(rd, 0, targets) // grow buffers
	if a := testing.AllocsPerRun(20, func() { sp.run(rd, 0, targets) }); a != 0 {
		t.Errorf("search.run allocates %v times, want 0", a)
	}
}

func FuzzReadRoads(f *testing.F) {
	f.Add(gridRoads())
	f.Add(`{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"MultiLineString","coordinates":[[[104,30],[104.1,30]],[[104.1,30],[104.1,30.1]]]},"properties":{"oneway":-1,"maxspeed":"30 mph"}}]}`)
	f.Fuzz(func(t *testing.T, in string) {
		rd, err := ReadRoads(strings.NewReader(in), "f.geojson", RoadOptions{})
		if err != nil {
			var ie *InputError
			if !errors.As(err, &ie) {
				t.Fatalf("error %v is not an *InputError", err)
			}
			return
		}
		if len(rd.Vertices) > 200 {
			return
		}
		m, _, err := rd.Matrix(context.Background(), []orb.Point{{104, 30}, {104.02, 30.02}, {0, 0}}, RoadMatrixOptions{})
		if err != nil {
			if !errors.Is(err, ErrUnreachable) && !errors.Is(err, ErrBadInput) {
				t.Fatalf("unexpected error %v", err)
			}
			return
		}
		if err := m.Validate(); err != nil {
			t.Fatal(err)
		}
	})
}

// benchRoads returns a side×side grid network around Chengdu, rows and
// columns alternating primary and residential, and n random points on it.
func benchRoads(b *testing.B, side, n int) (*Roads, []orb.Point) {
	fc := geojson.NewFeatureCollection()
	pt := func(x, y int) orb.Point { return orb.Point{103.5 + 0.01*float64(x), 30.2 + 0.01*float64(y)} }
	for k := range side {
		row, col := orb.LineString{}, orb.LineString{}
		for j := range side {
			row = append(row, pt(j, k))
			col = append(col, pt(k, j))
		}
		class := []string{"primary", "residential"}[k%2]
		for _, ls := range []orb.LineString{row, col} {
			f := geojson.NewFeature(ls)
			f.Properties["highway"] = class
			fc.Append(f)
		}
	}
	rd, err := NewRoads(&FeatureFile{File: "bench", Collection: fc}, RoadOptions{})
	if err != nil {
		b.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(9, 9))
	pts := make([]orb.Point, n)
	for i := range pts {
		pts[i] = orb.Point{103.5 + 0.01*float64(side-1)*rng.Float64(), 30.2 + 0.01*float64(side-1)*rng.Float64()}
	}
	return rd, pts
}

func BenchmarkRoadsMatrix(b *testing.B) {
	rd, pts := benchRoads(b, 70, 300) // 4,900 vertices, 19,320 edges
	b.Run("flat", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, _, err := rd.Matrix(context.Background(), pts, RoadMatrixOptions{}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("gonum-naive", func(b *testing.B) {
		// Baseline: gonum's Dijkstra per source on the graph, one goroutine.
		b.ReportAllocs()
		for b.Loop() {
			m := NewMatrix(len(pts))
			for i, p := range pts {
				sp := path.DijkstraFrom(simple.Node(rd.Snap(p).Vertex), rd.Graph)
				for j, q := range pts {
					m.Dur[i*m.N+j] = float32(sp.WeightTo(int64(rd.Snap(q).Vertex)))
				}
			}
		}
	})
}
