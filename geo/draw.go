package geo

import (
	"fmt"
	"math"

	"github.com/paulmach/orb"
)

// DrawOptions configures DrawFeatures. The zero value works.
type DrawOptions struct {
	Title   string // map title; "" draws none
	WidthPx int    // SVG width; 0 means 1000
	// Property keys; "" means the default in brackets.
	TierKey  string // points layer name of a Point feature ["tier"]
	ValueKey string // symbol size of a Point feature ["volume"]
	LabelKey string // label of a Point or Polygon feature ["name"]
	GroupKey string // route group (vehicle) of a LineString feature ["vehicle"]
}

// DrawFeatures lays out the features of ff on a Map fitted to their
// bounds (plus 5 % each side): polygons form one layer "areas"; points
// form one layer per distinct tier value, in order of first appearance,
// each with its own shape (circle, square, triangle, diamond) and colour;
// line strings form one layer "routes", coloured by group in order of
// first appearance. Features without geometry are skipped; property
// values of the wrong type are *InputError naming the feature.
func DrawFeatures(ff *FeatureFile, opt DrawOptions) (*Map, error) {
	key := func(k, def string) string {
		if k == "" {
			return def
		}
		return k
	}
	tierKey, valueKey := key(opt.TierKey, "tier"), key(opt.ValueKey, "volume")
	labelKey, groupKey := key(opt.LabelKey, "name"), key(opt.GroupKey, "vehicle")
	width := opt.WidthPx
	if width == 0 {
		width = 1000
	}

	var polys []MapPolygon
	var tiers []string
	points := map[string][]MapPoint{}
	var lines []MapLine
	groups := map[string]int{}
	bound := orb.Bound{Min: orb.Point{math.Inf(1), math.Inf(1)}, Max: orb.Point{math.Inf(-1), math.Inf(-1)}}
	for i := range ff.Len() {
		g := ff.Feature(i).Geometry
		if g == nil {
			continue
		}
		label, err := ff.String(i, labelKey, "")
		if err != nil {
			return nil, err
		}
		switch g := g.(type) {
		case orb.Polygon, orb.MultiPolygon:
			polys = append(polys, MapPolygon{Geom: g, Label: label})
		case orb.Point:
			tier, err := ff.String(i, tierKey, "sites")
			if err != nil {
				return nil, err
			}
			v, err := ff.Float(i, valueKey, 0)
			if err != nil {
				return nil, err
			}
			if _, ok := points[tier]; !ok {
				tiers = append(tiers, tier)
			}
			points[tier] = append(points[tier], MapPoint{Pt: g, Value: v, Label: label})
		case orb.LineString, orb.MultiLineString:
			name, err := ff.String(i, groupKey, "")
			if err != nil {
				return nil, err
			}
			k, ok := groups[name]
			if !ok {
				k = len(groups)
				groups[name] = k
			}
			mls, ok := g.(orb.MultiLineString)
			if !ok {
				mls = orb.MultiLineString{g.(orb.LineString)}
			}
			for _, ls := range mls {
				lines = append(lines, MapLine{Path: ls, Group: k, Label: name})
			}
		default:
			continue
		}
		b := g.Bound()
		bound = bound.Union(b)
	}
	if bound.Min[0] > bound.Max[0] {
		return nil, &InputError{File: ff.File, Field: "features", Msg: "nothing to draw"}
	}
	dx, dy := (bound.Max[0]-bound.Min[0])*0.05, (bound.Max[1]-bound.Min[1])*0.05
	bound.Min[0], bound.Min[1] = bound.Min[0]-dx, bound.Min[1]-dy
	bound.Max[0], bound.Max[1] = bound.Max[0]+dx, bound.Max[1]+dy

	m := NewMap(bound, width)
	m.Title = opt.Title
	if len(polys) > 0 {
		m.Polygons("areas", polys, PolygonStyle{})
	}
	if len(lines) > 0 {
		m.Lines("routes", lines, LineStyle{})
	}
	for k, tier := range tiers {
		m.Points(tier, points[tier], PointStyle{Shape: Shape(k % 4)})
	}
	return m, nil
}

// String returns the shape's name.
func (s Shape) String() string {
	switch s {
	case Circle:
		return "circle"
	case Square:
		return "square"
	case Triangle:
		return "triangle"
	case Diamond:
		return "diamond"
	}
	return fmt.Sprintf("Shape(%d)", int(s))
}
