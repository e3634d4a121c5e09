package geo

import (
	"context"
	"fmt"
	"io"
	"math"
	"runtime"
	"slices"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/quadtree"
	"golang.org/x/sync/errgroup"
	"gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/simple"
)

// DefaultRoadSpeeds gives the travel speed in km/h per OSM highway class,
// used for roads without a maxspeed. The figures are average speeds for a
// loaded light truck, below the legal limits; *_link classes take their
// parent's speed less 10 km/h.
var DefaultRoadSpeeds = map[string]float64{
	"motorway":      90,
	"trunk":         70,
	"primary":       55,
	"secondary":     45,
	"tertiary":      35,
	"unclassified":  30,
	"residential":   25,
	"living_street": 10,
	"service":       15,
	"track":         15,
	"road":          30,
}

// RoadOptions configures ReadRoads and NewRoads. The zero value works.
type RoadOptions struct {
	// SpeedKmh maps highway classes to travel speeds (km/h) for roads
	// without a maxspeed. Nil means DefaultRoadSpeeds.
	SpeedKmh map[string]float64
	// DefaultSpeedKmh is the speed of roads with neither maxspeed nor a
	// known highway class; 0 means 30 km/h.
	DefaultSpeedKmh float64
}

// Roads is a road network: a directed graph whose vertices are the
// distinct positions of the input line strings (roads connect only where
// they share a position, as OSM ways share nodes) and whose edges are the
// segments between consecutive positions, weighted by travel time.
//
// Graph represents the network with gonum; node IDs are vertex indices and
// each edge is a RoadEdge carrying its length. Shortest paths run on a
// flat compressed-sparse-row copy of the same edges.
type Roads struct {
	Graph    *simple.WeightedDirectedGraph // the network; node ID = vertex index
	Vertices []orb.Point                   // vertex i is at Vertices[i]

	// CSR adjacency: the out-edges of u are k in [start[u], start[u+1]),
	// to head[k], taking secs[k] seconds over metres[k] metres. Sorted by
	// head within a vertex, so results do not depend on map order.
	start  []int32
	head   []int32
	secs   []float64
	metres []float64

	index  *quadtree.Quadtree // over vertices projected by proj
	coslat float64            // cos of the mean latitude, for projection
}

// RoadEdge is an edge of Roads.Graph: one road segment, weighted by its
// travel time in seconds.
type RoadEdge struct {
	F, T    simple.Node // tail and head vertices
	Seconds float64     // travel time, the edge weight
	Metres  float64     // great-circle length of the segment
}

// From returns the tail of the edge.
func (e RoadEdge) From() graph.Node { return e.F }

// To returns the head of the edge.
func (e RoadEdge) To() graph.Node { return e.T }

// ReversedEdge returns the edge with its ends swapped.
func (e RoadEdge) ReversedEdge() graph.Edge { e.F, e.T = e.T, e.F; return e }

// Weight returns the travel time in seconds.
func (e RoadEdge) Weight() float64 { return e.Seconds }

// ReadRoads reads a road network from GeoJSON (see ReadFeatureCollection
// and NewRoads).
func ReadRoads(r io.Reader, file string, opt RoadOptions) (*Roads, error) {
	ff, err := ReadFeatureCollection(r, file)
	if err != nil {
		return nil, err
	}
	return NewRoads(ff, opt)
}

// NewRoads builds a road network from the features of ff, which must be
// LineStrings or MultiLineStrings. Properties read:
//
//   - maxspeed: travel speed in km/h, a number or a string such as "60",
//     "60 km/h" or "40 mph"; used as the average speed.
//   - highway: OSM class ("primary", "residential", …); gives the speed
//     (opt.SpeedKmh) when maxspeed is absent.
//   - oneway: "yes", "true", "1" or true for travel along the line only,
//     "-1" for against it; anything else means both ways.
//
// Segment length is the great-circle distance between consecutive
// positions; repeated positions are skipped. Between two vertices the
// fastest segment is kept. Bad input is an *InputError naming the
// feature, its line and the property.
func NewRoads(ff *FeatureFile, opt RoadOptions) (*Roads, error) {
	speeds := opt.SpeedKmh
	if speeds == nil {
		speeds = DefaultRoadSpeeds
	}
	def := opt.DefaultSpeedKmh
	if def == 0 {
		def = 30
	}
	if !(def > 0) || math.IsInf(def, 0) {
		return nil, &InputError{File: ff.File, Field: "default_speed_kmh", Msg: fmt.Sprintf("%v is not a positive speed", def)}
	}
	g := simple.NewWeightedDirectedGraph(0, math.Inf(1))
	rd := &Roads{Graph: g}
	vid := make(map[orb.Point]int64)
	vertex := func(p orb.Point) simple.Node {
		id, ok := vid[p]
		if !ok {
			id = int64(len(rd.Vertices))
			vid[p] = id
			rd.Vertices = append(rd.Vertices, p)
			g.AddNode(simple.Node(id))
		}
		return simple.Node(id)
	}
	addEdge := func(a, b simple.Node, secs, metres float64) {
		if old := g.WeightedEdge(int64(a), int64(b)); old != nil {
			o := old.(RoadEdge)
			if o.Seconds < secs || (o.Seconds == secs && o.Metres <= metres) {
				return
			}
		}
		g.SetWeightedEdge(RoadEdge{F: a, T: b, Seconds: secs, Metres: metres})
	}

	for i := range ff.Len() {
		f := ff.Feature(i)
		var lines orb.MultiLineString
		switch geom := f.Geometry.(type) {
		case orb.LineString:
			lines = orb.MultiLineString{geom}
		case orb.MultiLineString:
			lines = geom
		default:
			return nil, ff.Errorf(i, "geometry", "want LineString or MultiLineString, have %s", geometryName(f.Geometry))
		}
		speed, err := roadSpeed(ff, i, speeds, def)
		if err != nil {
			return nil, err
		}
		fwd, back, err := roadDirections(ff, i)
		if err != nil {
			return nil, err
		}
		for _, ls := range lines {
			for k := 1; k < len(ls); k++ {
				if ls[k] == ls[k-1] {
					continue
				}
				a, b := vertex(ls[k-1]), vertex(ls[k])
				m := GreatCircle(ls[k-1], ls[k])
				s := m / (speed / 3.6)
				if fwd {
					addEdge(a, b, s, m)
				}
				if back {
					addEdge(b, a, s, m)
				}
			}
		}
	}
	rd.buildCSR()
	rd.buildIndex()
	return rd, nil
}

func geometryName(g orb.Geometry) string {
	if g == nil {
		return "null"
	}
	return g.GeoJSONType()
}

// roadSpeed returns the speed of feature i in km/h.
func roadSpeed(ff *FeatureFile, i int, speeds map[string]float64, def float64) (float64, error) {
	props := ff.Feature(i).Properties
	if v, ok := props["maxspeed"]; ok && v != nil {
		var kmh float64
		switch v := v.(type) {
		case float64:
			kmh = v
		case string:
			s := strings.ToLower(strings.TrimSpace(v))
			factor := 1.0
			switch {
			case strings.HasSuffix(s, "mph"):
				s, factor = strings.TrimSpace(strings.TrimSuffix(s, "mph")), 1.609344
			case strings.HasSuffix(s, "km/h"):
				s = strings.TrimSpace(strings.TrimSuffix(s, "km/h"))
			case strings.HasSuffix(s, "kmh"):
				s = strings.TrimSpace(strings.TrimSuffix(s, "kmh"))
			}
			x, err := strconv.ParseFloat(s, 64)
			if err != nil {
				return 0, ff.Errorf(i, "properties.maxspeed", "%q is not a speed (want e.g. 60, \"60 km/h\" or \"40 mph\")", v)
			}
			kmh = x * factor
		default:
			return 0, ff.Errorf(i, "properties.maxspeed", "want a number or string, have %T", v)
		}
		if !(kmh > 0) || kmh > 300 {
			return 0, ff.Errorf(i, "properties.maxspeed", "%v km/h is not in (0, 300]", kmh)
		}
		return kmh, nil
	}
	class, err := ff.String(i, "highway", "")
	if err != nil {
		return 0, err
	}
	if s, ok := speeds[class]; ok {
		if !(s > 0) || math.IsInf(s, 0) {
			return 0, ff.Errorf(i, "properties.highway", "class %q has speed %v km/h in the options, want > 0", class, s)
		}
		return s, nil
	}
	if base, ok := strings.CutSuffix(class, "_link"); ok {
		if s, ok := speeds[base]; ok && s > 10 {
			return s - 10, nil
		}
	}
	return def, nil
}

// roadDirections reads the oneway property of feature i.
func roadDirections(ff *FeatureFile, i int) (fwd, back bool, err error) {
	v, ok := ff.Feature(i).Properties["oneway"]
	if !ok || v == nil {
		return true, true, nil
	}
	switch v := v.(type) {
	case bool:
		return true, !v, nil
	case float64:
		switch v {
		case 1:
			return true, false, nil
		case -1:
			return false, true, nil
		}
		return true, true, nil
	case string:
		switch strings.ToLower(strings.TrimSpace(v)) {
		case "yes", "true", "1":
			return true, false, nil
		case "-1", "reverse":
			return false, true, nil
		}
		return true, true, nil
	}
	return false, false, ff.Errorf(i, "properties.oneway", "want a string, number or boolean, have %T", v)
}

// buildCSR copies the gonum graph into flat adjacency slices.
func (rd *Roads) buildCSR() {
	n := len(rd.Vertices)
	rd.start = make([]int32, n+1)
	for u := range n {
		rd.start[u+1] = rd.start[u] + int32(rd.Graph.From(int64(u)).Len())
	}
	m := int(rd.start[n])
	rd.head = make([]int32, m)
	rd.secs = make([]float64, m)
	rd.metres = make([]float64, m)
	for u := range n {
		k := rd.start[u]
		to := rd.Graph.From(int64(u))
		for to.Next() {
			rd.head[k] = int32(to.Node().ID())
			k++
		}
		hs := rd.head[rd.start[u]:k]
		slices.Sort(hs)
		for j, v := range hs {
			e := rd.Graph.WeightedEdge(int64(u), int64(v)).(RoadEdge)
			rd.secs[int(rd.start[u])+j] = e.Seconds
			rd.metres[int(rd.start[u])+j] = e.Metres
		}
	}
}

// snapVertex is a vertex in the snapping index, at projected coordinates.
type snapVertex struct {
	p orb.Point
	i int32
}

// Point returns the projected position, for the quadtree.
func (s *snapVertex) Point() orb.Point { return s.p }

func (rd *Roads) buildIndex() {
	var lat float64
	for _, p := range rd.Vertices {
		lat += p[1]
	}
	if len(rd.Vertices) > 0 {
		lat /= float64(len(rd.Vertices))
	}
	rd.coslat = math.Cos(lat * math.Pi / 180)
	rd.index = quadtree.New(orb.Bound{Min: orb.Point{-180, -90}, Max: orb.Point{180, 90}})
	for i, p := range rd.Vertices {
		rd.index.Add(&snapVertex{p: rd.project(p), i: int32(i)})
	}
}

func (rd *Roads) project(p orb.Point) orb.Point { return orb.Point{p[0] * rd.coslat, p[1]} }

// Snap is where a point joins the road network.
type Snap struct {
	Vertex int     // index into Roads.Vertices
	Metres float64 // great-circle distance from the point to the vertex
}

// Snap returns the road vertex nearest to p. Candidates are the 8 nearest
// in an equirectangular projection at the network's mean latitude; the
// closest of them by great-circle distance wins (ties: lower index). It
// returns Vertex -1 for an empty network.
func (rd *Roads) Snap(p orb.Point) Snap {
	best := Snap{Vertex: -1, Metres: math.Inf(1)}
	var buf [8]orb.Pointer
	for _, c := range rd.index.KNearest(buf[:0], rd.project(p), len(buf)) {
		v := c.(*snapVertex)
		d := GreatCircle(p, rd.Vertices[v.i])
		if d < best.Metres || (d == best.Metres && int(v.i) < best.Vertex) {
			best = Snap{Vertex: int(v.i), Metres: d}
		}
	}
	return best
}

// RoadMatrixOptions configures Roads.Matrix. The zero value works.
type RoadMatrixOptions struct {
	// AccessSpeedKmh is the speed of the straight leg between a point and
	// the road vertex it snaps to (an unmapped lane or yard); 0 means
	// 15 km/h.
	AccessSpeedKmh float64
	// MaxSnapMetres, when > 0, makes a point farther than this from every
	// road vertex an *InputError.
	MaxSnapMetres float64
	// Workers is the number of goroutines running shortest-path searches;
	// 0 means runtime.GOMAXPROCS(0). The result does not depend on it.
	Workers int
}

// Matrix returns the travel matrix between pts over the network, and
// where each point snapped.
//
// Each point snaps to its nearest road vertex (Roads.Snap); the straight
// leg to it is added at both ends of a trip, its length to the distance
// and its length at opt.AccessSpeedKmh to the duration. Between the two
// vertices the path is the fastest one (ties: the shorter); the distance
// is that path's length, not the shortest length. Points snapping to the
// same vertex travel through it. The diagonal is zero.
//
// One Dijkstra search (binary heap on flat slices, O((V+E) log V)) runs
// per distinct snapped vertex, in parallel; a search stops once every
// snapped vertex is settled. A pair with no path is an *UnreachableError
// (the one with the lowest from index, then to index, whatever the
// worker count).
func (rd *Roads) Matrix(ctx context.Context, pts []orb.Point, opt RoadMatrixOptions) (*Matrix, []Snap, error) {
	access := opt.AccessSpeedKmh
	if access == 0 {
		access = 15
	}
	if !(access > 0) || math.IsInf(access, 0) {
		return nil, nil, &InputError{Field: "access_speed_kmh", Msg: fmt.Sprintf("%v is not a positive speed", access)}
	}
	if len(rd.Vertices) == 0 && len(pts) > 0 {
		return nil, nil, &InputError{Field: "roads", Msg: "road network has no vertices"}
	}
	snaps := make([]Snap, len(pts))
	for i, p := range pts {
		if !ValidPoint(p) {
			return nil, nil, &InputError{Field: fmt.Sprintf("points[%d]", i), Msg: fmt.Sprintf("%v is not a valid lon/lat", p)}
		}
		snaps[i] = rd.Snap(p)
		if opt.MaxSnapMetres > 0 && snaps[i].Metres > opt.MaxSnapMetres {
			return nil, nil, &InputError{Field: fmt.Sprintf("points[%d]", i), Msg: fmt.Sprintf("nearest road vertex is %.0f m away, more than the %.0f m allowed", snaps[i].Metres, opt.MaxSnapMetres)}
		}
	}
	// Group points by snapped vertex, sources in order of first point.
	n := len(pts)
	groupOf := make(map[int]int)
	var srcVertex []int32
	var members [][]int
	targets := make([]int32, 0, n)
	for i, s := range snaps {
		g, ok := groupOf[s.Vertex]
		if !ok {
			g = len(srcVertex)
			groupOf[s.Vertex] = g
			srcVertex = append(srcVertex, int32(s.Vertex))
			members = append(members, nil)
			targets = append(targets, int32(s.Vertex))
		}
		members[g] = append(members[g], i)
	}
	accessSecs := make([]float64, n)
	for i, s := range snaps {
		accessSecs[i] = s.Metres / (access / 3.6)
	}

	m := NewMatrix(n)
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = max(1, min(workers, len(srcVertex)))
	errs := make([]*UnreachableError, len(srcVertex))
	g, gctx := errgroup.WithContext(ctx)
	next := make(chan int)
	g.Go(func() error {
		defer close(next)
		for s := range srcVertex {
			select {
			case next <- s:
			case <-gctx.Done():
				return gctx.Err()
			}
		}
		return nil
	})
	for range workers {
		g.Go(func() error {
			sp := newSearch(len(rd.Vertices))
			for s := range next {
				if err := gctx.Err(); err != nil {
					return err
				}
				sp.run(rd, srcVertex[s], targets)
				errs[s] = fillRows(m, sp, members[s], snaps, accessSecs)
			}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, nil, fmt.Errorf("geo: road matrix: %w", err)
	}
	var first *UnreachableError
	for _, e := range errs {
		if e != nil && (first == nil || e.From < first.From || (e.From == first.From && e.To < first.To)) {
			first = e
		}
	}
	if first != nil {
		return nil, snaps, first
	}
	return m, snaps, nil
}

// fillRows writes the rows of the points in from, whose snapped vertex was
// the source of sp. It returns the first unreachable pair, if any.
func fillRows(m *Matrix, sp *search, from []int, snaps []Snap, accessSecs []float64) *UnreachableError {
	n := m.N
	var bad *UnreachableError
	for _, i := range from {
		dist := m.Dist[i*n : i*n+n]
		dur := m.Dur[i*n : i*n+n]
		for j, s := range snaps {
			if j == i {
				continue
			}
			t := sp.time[s.Vertex]
			if math.IsInf(t, 1) {
				if bad == nil || i < bad.From {
					bad = &UnreachableError{From: i, To: j, Reason: fmt.Sprintf("no path in road network from vertex %d to vertex %d", snaps[i].Vertex, s.Vertex)}
				}
				continue
			}
			dist[j] = float32(snaps[i].Metres + sp.length[s.Vertex] + s.Metres)
			dur[j] = float32(accessSecs[i] + t + accessSecs[j])
		}
	}
	return bad
}

// search is the scratch state of one Dijkstra worker: flat slices indexed
// by vertex, reused between sources.
type search struct {
	time    []float64 // seconds from the source; +Inf if not reached
	length  []float64 // metres along the fastest path
	pred    []int32   // previous vertex on the fastest path; -1 at the source
	done    []bool
	touched []int32 // vertices whose entries to reset
	heap    []heapItem
	target  []bool
}

type heapItem struct {
	t float64
	v int32
}

func newSearch(n int) *search {
	sp := &search{time: make([]float64, n), length: make([]float64, n), pred: make([]int32, n), done: make([]bool, n), target: make([]bool, n)}
	for v := range sp.time {
		sp.time[v] = math.Inf(1)
	}
	return sp
}

// run computes fastest paths from src, stopping when every target vertex
// is settled. It allocates only to grow its buffers.
func (sp *search) run(rd *Roads, src int32, targets []int32) {
	for _, v := range sp.touched {
		sp.time[v], sp.length[v], sp.done[v] = math.Inf(1), 0, false
	}
	sp.touched = sp.touched[:0]
	left := 0
	for _, v := range targets {
		if !sp.target[v] {
			sp.target[v] = true
			left++
		}
	}
	defer func() {
		for _, v := range targets {
			sp.target[v] = false
		}
	}()
	sp.time[src], sp.length[src], sp.pred[src] = 0, 0, -1
	sp.touched = append(sp.touched, src)
	sp.heap = append(sp.heap[:0], heapItem{0, src})
	for len(sp.heap) > 0 && left > 0 {
		it := sp.pop()
		u := it.v
		if sp.done[u] {
			continue
		}
		sp.done[u] = true
		if sp.target[u] {
			left--
		}
		tu, lu := sp.time[u], sp.length[u]
		for k := rd.start[u]; k < rd.start[u+1]; k++ {
			v := rd.head[k]
			if sp.done[v] {
				continue
			}
			t, l := tu+rd.secs[k], lu+rd.metres[k]
			if tv := sp.time[v]; t < tv || (t == tv && l < sp.length[v]) {
				if math.IsInf(tv, 1) {
					sp.touched = append(sp.touched, v)
				}
				sp.time[v], sp.length[v], sp.pred[v] = t, l, u
				sp.push(heapItem{t, v})
			}
		}
	}
}

func (sp *search) push(it heapItem) {
	h := append(sp.heap, it)
	k := len(h) - 1
	for k > 0 {
		p := (k - 1) / 2
		if !less(h[k], h[p]) {
			break
		}
		h[k], h[p] = h[p], h[k]
		k = p
	}
	sp.heap = h
}

func (sp *search) pop() heapItem {
	h := sp.heap
	top := h[0]
	last := len(h) - 1
	h[0] = h[last]
	h = h[:last]
	k := 0
	for {
		c := 2*k + 1
		if c >= len(h) {
			break
		}
		if c+1 < len(h) && less(h[c+1], h[c]) {
			c++
		}
		if !less(h[c], h[k]) {
			break
		}
		h[k], h[c] = h[c], h[k]
		k = c
	}
	sp.heap = h
	return top
}

func less(a, b heapItem) bool { return a.t < b.t || (a.t == b.t && a.v < b.v) }

// Route is the fastest trip between two points over a road network.
type Route struct {
	Path    orb.LineString // from the start point, along the roads, to the end point
	Metres  float64        // length, access legs included
	Seconds float64        // duration, access legs included
}

// Route returns the fastest trip from a to b, with the same snapping,
// access legs and tie-breaking as Matrix, for drawing a route on the roads
// (Map.Lines) or checking a matrix entry. No path is an *UnreachableError
// with From 0 and To 1.
func (rd *Roads) Route(a, b orb.Point, opt RoadMatrixOptions) (Route, error) {
	m, snaps, err := rd.Matrix(context.Background(), []orb.Point{a, b}, RoadMatrixOptions{AccessSpeedKmh: opt.AccessSpeedKmh, MaxSnapMetres: opt.MaxSnapMetres, Workers: 1})
	if err != nil {
		return Route{}, err
	}
	sp := newSearch(len(rd.Vertices))
	sp.run(rd, int32(snaps[0].Vertex), []int32{int32(snaps[1].Vertex)})
	var rev []orb.Point
	for v := int32(snaps[1].Vertex); v >= 0; v = sp.pred[v] {
		rev = append(rev, rd.Vertices[v])
	}
	path := make(orb.LineString, 0, len(rev)+2)
	path = append(path, a)
	for k := len(rev) - 1; k >= 0; k-- {
		path = append(path, rev[k])
	}
	path = append(path, b)
	return Route{Path: path, Metres: m.Distance(0, 1), Seconds: m.Duration(0, 1)}, nil
}
