package geo

import (
	"bufio"
	"bytes"
	"encoding/xml"
	"fmt"
	"hash/fnv"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// Palette is the qualitative colour palette (Tableau 10) giving each
// route group (vehicle) of a lines layer its colour, cycling after ten.
var Palette = []string{
	"#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f",
	"#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac",
}

// TierPalette gives the default fill of the k-th points layer (Dark2),
// so tiers differ from each other and from route colours.
var TierPalette = []string{"#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02"}

// Shape is the symbol of a points layer.
type Shape int

// Shapes for points layers. The zero value is Circle.
const (
	Circle Shape = iota
	Square
	Triangle
	Diamond
)

// MapPolygon is one area of a polygons layer, such as a county.
type MapPolygon struct {
	Geom  orb.Geometry // orb.Polygon, orb.MultiPolygon, orb.Ring or orb.Bound
	Label string       // drawn at the centroid when non-empty
}

// PolygonStyle styles a polygons layer. The zero value works.
type PolygonStyle struct {
	Fill        string  // fill colour; "" means "#eef1e6"
	Stroke      string  // outline colour; "" means "#8c8c8c"
	StrokeWidth float64 // outline width in px; 0 means 0.8
}

// MapPoint is one site of a points layer.
type MapPoint struct {
	Pt    orb.Point // position
	Value float64   // sizes the symbol (e.g. volume); <= 0 draws the smallest
	Label string    // drawn beside the symbol when non-empty
}

// PointStyle styles a points layer. The zero value works.
type PointStyle struct {
	Shape     Shape   // symbol; zero is Circle
	Fill      string  // "" means TierPalette[k] for the k-th points layer
	Stroke    string  // "" means "#222222"
	MinRadius float64 // px; 0 means 2.5
	MaxRadius float64 // px; 0 means 12
	// MaxValue is the value drawn at MaxRadius; 0 means the largest in
	// the layer. Radius grows with the square root of the value, so the
	// symbol's area is proportional to it, and never falls below
	// MinRadius.
	MaxValue float64
}

// MapLine is one route of a lines layer.
type MapLine struct {
	Path  orb.LineString // the route's positions in travel order
	Group int            // colour index in the palette, e.g. the vehicle
	Label string         // names the group in the legend (first label of a group wins)
}

// LineStyle styles a lines layer. The zero value works.
type LineStyle struct {
	Width  float64  // px; 0 means 2
	Colors []string // nil means Palette
	Dash   string   // SVG stroke-dasharray, e.g. "4 3"; "" is solid
}

// Map draws geographic layers to an SVG document: a map frame with the
// layers in the order they were added, clipped to the frame, a north
// arrow, a scale bar, a legend to the right and an optional title.
//
// The projection is equirectangular, scaled by cos(lat0) at the bound's
// central latitude lat0, so shapes keep their proportions around lat0 and
// a pixel covers the same ground distance in x and y there; over a
// province-sized area (Sichuan spans 26–34°N) the scale error at the
// edges stays within a few per cent, which the scale bar states at lat0.
//
// Output is deterministic: the same calls give the same bytes.
type Map struct {
	// Title, when non-empty, is drawn above the map and set as the SVG
	// <title>.
	Title string
	// ID names the map's clip path ("ID-frame"). Ids must be unique on a
	// page, and a page may hold several maps (a report, route sheets
	// printed several to a sheet of paper). Empty means an id made from a
	// hash of the drawing itself: the same map always gives the same
	// bytes, and different maps get different ids.
	ID string

	bound       orb.Bound
	width       int     // total width, px
	frameW      float64 // map frame size, px
	frameH      float64
	scale       float64 // px per degree of (lon·cos lat0) and of lat
	coslat      float64
	layers      []mapLayer
	pointLayers int
}

type mapLayer struct {
	name  string
	kind  int // 0 polygons, 1 points, 2 lines
	polys []MapPolygon
	pst   PolygonStyle
	pts   []MapPoint
	ptst  PointStyle
	lines []MapLine
	lst   LineStyle
}

// Layout constants, px.
const (
	mapMargin  = 12
	legendW    = 190
	titleH     = 34
	framePad   = 8 // inside the frame, around the bound
	labelSize  = 11
	legendSize = 12
)

// NewMap returns a map of bound widthPx pixels wide (at least 300); the
// height follows from the projection. A bound of zero width or height is
// widened by 0.01° so it can be drawn.
func NewMap(bound orb.Bound, widthPx int) *Map {
	widthPx = max(widthPx, 300)
	if bound.Max[0]-bound.Min[0] < 1e-9 {
		bound.Min[0] -= 0.005
		bound.Max[0] += 0.005
	}
	if bound.Max[1]-bound.Min[1] < 1e-9 {
		bound.Min[1] -= 0.005
		bound.Max[1] += 0.005
	}
	m := &Map{bound: bound, width: widthPx}
	lat0 := (bound.Min[1] + bound.Max[1]) / 2
	m.coslat = math.Cos(lat0 * math.Pi / 180)
	m.frameW = float64(widthPx - legendW - 2*mapMargin)
	m.scale = (m.frameW - 2*framePad) / ((bound.Max[0] - bound.Min[0]) * m.coslat)
	m.frameH = (bound.Max[1]-bound.Min[1])*m.scale + 2*framePad
	return m
}

// Project returns the SVG coordinates (px, y down) of p, relative to the
// map frame's top-left corner.
func (m *Map) Project(p orb.Point) (x, y float64) {
	x = framePad + (p[0]-m.bound.Min[0])*m.coslat*m.scale
	y = framePad + (m.bound.Max[1]-p[1])*m.scale
	return x, y
}

// Size returns the width and height of the SVG document in px.
func (m *Map) Size() (w, h int) {
	top := mapMargin
	if m.Title != "" {
		top += titleH
	}
	return m.width, top + int(math.Ceil(max(m.frameH, m.legendHeight()))) + mapMargin
}

// legendHeight returns the height the legend needs, px.
func (m *Map) legendHeight() float64 {
	h := 34.0
	for _, l := range m.layers {
		if l.kind != 2 {
			h += 22
			continue
		}
		h += 20
		seen := map[int]bool{}
		for _, ln := range l.lines {
			if !seen[ln.Group] {
				seen[ln.Group] = true
				h += 22
			}
		}
	}
	return h
}

// Polygons adds a layer of areas, such as county boundaries, drawn with a
// light fill and a thin outline.
func (m *Map) Polygons(layer string, polys []MapPolygon, style PolygonStyle) {
	m.layers = append(m.layers, mapLayer{name: layer, kind: 0, polys: polys, pst: style})
}

// Points adds a layer of sites, such as one tier of the network, drawn as
// symbols sized by value (see PointStyle).
func (m *Map) Points(layer string, pts []MapPoint, style PointStyle) {
	if style.Fill == "" {
		style.Fill = TierPalette[m.pointLayers%len(TierPalette)]
	}
	m.pointLayers++
	m.layers = append(m.layers, mapLayer{name: layer, kind: 1, pts: pts, ptst: style})
}

// Lines adds a layer of routes, each coloured by its group.
func (m *Map) Lines(layer string, lines []MapLine, style LineStyle) {
	m.layers = append(m.layers, mapLayer{name: layer, kind: 2, lines: lines, lst: style})
}

// svgWriter accumulates the document; the first write error sticks.
type svgWriter struct {
	w   *bufio.Writer
	err error
}

func (s *svgWriter) printf(format string, args ...any) {
	if s.err == nil {
		_, s.err = fmt.Fprintf(s.w, format, args...)
	}
}

// esc escapes s for XML text and attribute values.
func esc(s string) string {
	var b bytes.Buffer
	xml.EscapeText(&b, []byte(s))
	return b.String()
}

// num formats a coordinate with at most one decimal.
func num(x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return "0"
	}
	s := strconv.FormatFloat(x, 'f', 1, 64)
	s = strings.TrimSuffix(s, ".0")
	if s == "-0" {
		s = "0"
	}
	return s
}

// clipToken stands for the clip path's id while the drawing is made; it
// is replaced once the drawing (and so its hash) is known.
const clipToken = "\x00clip\x00"

// WriteSVG writes the map as a standalone SVG 1.1 document. Its only id
// is that of the clip path of the map frame (see Map.ID).
func (m *Map) WriteSVG(w io.Writer) error {
	var body bytes.Buffer
	if err := m.writeSVG(&body); err != nil {
		return err
	}
	id := m.ID
	if id == "" {
		h := fnv.New64a()
		h.Write(body.Bytes())
		id = fmt.Sprintf("map%016x", h.Sum64())
	}
	out := bytes.ReplaceAll(body.Bytes(), []byte(clipToken), []byte(esc(id)+"-frame"))
	if _, err := w.Write(out); err != nil {
		return fmt.Errorf("geo: write SVG: %w", err)
	}
	return nil
}

func (m *Map) writeSVG(w io.Writer) error {
	s := &svgWriter{w: bufio.NewWriter(w)}
	W, H := m.Size()
	fx, fy := float64(mapMargin), float64(mapMargin)
	if m.Title != "" {
		fy += titleH
	}
	s.printf("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
	s.printf("<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"Noto Sans, Noto Sans CJK SC, Microsoft YaHei, PingFang SC, DejaVu Sans, sans-serif\">\n", W, H, W, H)
	if m.Title != "" {
		s.printf("<title>%s</title>\n", esc(m.Title))
	}
	s.printf("<defs><clipPath id=\"%s\"><rect x=\"0\" y=\"0\" width=\"%s\" height=\"%s\"/></clipPath></defs>\n", clipToken, num(m.frameW), num(m.frameH))
	s.printf("<rect width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>\n", W, H)
	if m.Title != "" {
		s.printf("<text x=\"%d\" y=\"%d\" font-size=\"18\" font-weight=\"bold\" fill=\"#222222\">%s</text>\n", mapMargin, mapMargin+20, esc(m.Title))
	}
	s.printf("<g transform=\"translate(%s %s)\">\n", num(fx), num(fy))
	s.printf("<rect width=\"%s\" height=\"%s\" fill=\"#f7f9fb\"/>\n", num(m.frameW), num(m.frameH))
	s.printf("<g clip-path=\"url(#%s)\">\n", clipToken)
	for _, l := range m.layers {
		switch l.kind {
		case 0:
			m.writePolygons(s, l)
			m.writePolygonLabels(s, l)
		case 1:
			m.writePoints(s, l)
		case 2:
			m.writeLines(s, l)
		}
	}
	// Point labels last, above every layer.
	m.writeLabels(s)
	s.printf("</g>\n")
	s.printf("<rect width=\"%s\" height=\"%s\" fill=\"none\" stroke=\"#555555\" stroke-width=\"1\"/>\n", num(m.frameW), num(m.frameH))
	m.writeNorthArrow(s)
	m.writeScaleBar(s)
	s.printf("</g>\n")
	m.writeLegend(s, fx+m.frameW+mapMargin, fy)
	s.printf("</svg>\n")
	if s.err != nil {
		return fmt.Errorf("geo: write SVG: %w", s.err)
	}
	if err := s.w.Flush(); err != nil {
		return fmt.Errorf("geo: write SVG: %w", err)
	}
	return nil
}

func (m *Map) ringPath(b *strings.Builder, r orb.Ring) {
	for k, p := range r {
		x, y := m.Project(p)
		if k == 0 {
			b.WriteByte('M')
		} else {
			b.WriteByte('L')
		}
		b.WriteString(num(x))
		b.WriteByte(' ')
		b.WriteString(num(y))
	}
	b.WriteByte('Z')
}

func polygonsOf(g orb.Geometry) []orb.Polygon {
	switch g := g.(type) {
	case orb.Polygon:
		return []orb.Polygon{g}
	case orb.MultiPolygon:
		return g
	case orb.Ring:
		return []orb.Polygon{{g}}
	case orb.Bound:
		return []orb.Polygon{g.ToPolygon()}
	}
	return nil
}

func (st PolygonStyle) withDefaults() PolygonStyle {
	if st.Fill == "" {
		st.Fill = "#eef1e6"
	}
	if st.Stroke == "" {
		st.Stroke = "#8c8c8c"
	}
	if st.StrokeWidth == 0 {
		st.StrokeWidth = 0.8
	}
	return st
}

func (m *Map) writePolygons(s *svgWriter, l mapLayer) {
	st := l.pst.withDefaults()
	s.printf("<g data-layer=\"%s\" fill=\"%s\" stroke=\"%s\" stroke-width=\"%s\" fill-rule=\"evenodd\" stroke-linejoin=\"round\">\n", esc(l.name), esc(st.Fill), esc(st.Stroke), num(st.StrokeWidth))
	var b strings.Builder
	for _, pg := range l.polys {
		b.Reset()
		for _, poly := range polygonsOf(pg.Geom) {
			for _, r := range poly {
				if len(r) > 0 {
					m.ringPath(&b, r)
				}
			}
		}
		if b.Len() > 0 {
			s.printf("<path d=\"%s\"/>\n", b.String())
		}
	}
	s.printf("</g>\n")
}

func (st PointStyle) withDefaults(pts []MapPoint) PointStyle {
	if st.Stroke == "" {
		st.Stroke = "#222222"
	}
	if st.MinRadius <= 0 {
		st.MinRadius = 2.5
	}
	if st.MaxRadius <= 0 {
		st.MaxRadius = 12
	}
	st.MaxRadius = max(st.MaxRadius, st.MinRadius)
	if !(st.MaxValue > 0) {
		st.MaxValue = 0
		for _, p := range pts {
			if p.Value > st.MaxValue && !math.IsInf(p.Value, 1) {
				st.MaxValue = p.Value
			}
		}
	}
	return st
}

// radius is the symbol radius of value v: sqrt scaling, so area ∝ value.
func (st PointStyle) radius(v float64) float64 {
	if !(v > 0) || !(st.MaxValue > 0) {
		return st.MinRadius
	}
	r := st.MaxRadius * math.Sqrt(min(v, st.MaxValue)/st.MaxValue)
	return max(r, st.MinRadius)
}

// symbol writes one shape of radius r centred at (x, y).
func symbol(s *svgWriter, shape Shape, x, y, r float64, attrs string) {
	switch shape {
	case Square:
		a := r * 0.886 // same area as the circle
		s.printf("<rect x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\"%s/>\n", num(x-a), num(y-a), num(2*a), num(2*a), attrs)
	case Triangle:
		a := r * 1.347 // same area as the circle
		s.printf("<path d=\"M%s %sL%s %sL%s %sZ\"%s/>\n", num(x), num(y-a), num(x+a*0.866), num(y+a/2), num(x-a*0.866), num(y+a/2), attrs)
	case Diamond:
		a := r * 1.253
		s.printf("<path d=\"M%s %sL%s %sL%s %sL%s %sZ\"%s/>\n", num(x), num(y-a), num(x+a), num(y), num(x), num(y+a), num(x-a), num(y), attrs)
	default:
		s.printf("<circle cx=\"%s\" cy=\"%s\" r=\"%s\"%s/>\n", num(x), num(y), num(r), attrs)
	}
}

func (m *Map) writePoints(s *svgWriter, l mapLayer) {
	st := l.ptst.withDefaults(l.pts)
	s.printf("<g data-layer=\"%s\" fill=\"%s\" fill-opacity=\"0.85\" stroke=\"%s\" stroke-width=\"0.8\">\n", esc(l.name), esc(st.Fill), esc(st.Stroke))
	for _, p := range l.pts {
		x, y := m.Project(p.Pt)
		symbol(s, st.Shape, x, y, st.radius(p.Value), "")
	}
	s.printf("</g>\n")
}

func (st LineStyle) withDefaults() LineStyle {
	if st.Width <= 0 {
		st.Width = 2
	}
	if len(st.Colors) == 0 {
		st.Colors = Palette
	}
	return st
}

func groupColor(colors []string, g int) string {
	k := g % len(colors)
	if k < 0 {
		k += len(colors)
	}
	return colors[k]
}

func (m *Map) writeLines(s *svgWriter, l mapLayer) {
	st := l.lst.withDefaults()
	dash := ""
	if st.Dash != "" {
		dash = fmt.Sprintf(" stroke-dasharray=\"%s\"", esc(st.Dash))
	}
	s.printf("<g data-layer=\"%s\" fill=\"none\" stroke-width=\"%s\" stroke-linejoin=\"round\" stroke-linecap=\"round\" stroke-opacity=\"0.9\"%s>\n", esc(l.name), num(st.Width), dash)
	var b strings.Builder
	for _, ln := range l.lines {
		if len(ln.Path) < 2 {
			continue
		}
		b.Reset()
		for k, p := range ln.Path {
			x, y := m.Project(p)
			if k > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(num(x))
			b.WriteByte(',')
			b.WriteString(num(y))
		}
		s.printf("<polyline points=\"%s\" stroke=\"%s\"/>\n", b.String(), esc(groupColor(st.Colors, ln.Group)))
	}
	s.printf("</g>\n")
}

// writePolygonLabels draws the labels of a polygons layer at the
// polygons' centroids, under the points and lines drawn later.
func (m *Map) writePolygonLabels(s *svgWriter, l mapLayer) {
	started := false
	for _, pg := range l.polys {
		if pg.Label == "" || polygonsOf(pg.Geom) == nil {
			continue
		}
		c, _ := planar.CentroidArea(pg.Geom)
		if !ValidPoint(c) {
			continue
		}
		if !started {
			s.printf("<g data-layer=\"%s labels\" font-size=\"%d\" fill=\"#666666\" text-anchor=\"middle\">\n", esc(l.name), labelSize)
			started = true
		}
		x, y := m.Project(c)
		s.printf("<text x=\"%s\" y=\"%s\">%s</text>\n", num(x), num(y+4), esc(pg.Label))
	}
	if started {
		s.printf("</g>\n")
	}
}

// writeLabels draws point labels to the right of their symbols, with a
// white halo, above every layer.
func (m *Map) writeLabels(s *svgWriter) {
	started := false
	for _, l := range m.layers {
		if l.kind != 1 {
			continue
		}
		st := l.ptst.withDefaults(l.pts)
		for _, p := range l.pts {
			if p.Label == "" {
				continue
			}
			if !started {
				s.printf("<g data-layer=\"labels\" font-size=\"%d\" fill=\"#222222\" stroke=\"#ffffff\" stroke-width=\"3\" stroke-linejoin=\"round\" paint-order=\"stroke\">\n", labelSize)
				started = true
			}
			x, y := m.Project(p.Pt)
			s.printf("<text x=\"%s\" y=\"%s\">%s</text>\n", num(x+st.radius(p.Value)+3), num(y+4), esc(p.Label))
		}
	}
	if started {
		s.printf("</g>\n")
	}
}

func (m *Map) writeNorthArrow(s *svgWriter) {
	x, y := 26.0, 14.0
	s.printf("<g data-layer=\"north-arrow\" stroke=\"#222222\" stroke-width=\"1\">\n")
	s.printf("<path d=\"M%s %sL%s %sL%s %sZ\" fill=\"#222222\"/>\n", num(x), num(y+6), num(x+7), num(y+30), num(x), num(y+25))
	s.printf("<path d=\"M%s %sL%s %sL%s %sZ\" fill=\"#ffffff\"/>\n", num(x), num(y+6), num(x-7), num(y+30), num(x), num(y+25))
	s.printf("<text x=\"%s\" y=\"%s\" text-anchor=\"middle\" font-size=\"13\" font-weight=\"bold\" stroke=\"none\" fill=\"#222222\">N</text>\n", num(x), num(y+3))
	s.printf("</g>\n")
}

// niceLength returns the largest 1, 2 or 5 × 10^k not above x (x > 0).
func niceLength(x float64) float64 {
	p := math.Pow(10, math.Floor(math.Log10(x)))
	for _, f := range []float64{5, 2, 1} {
		if f*p <= x {
			return f * p
		}
	}
	return p
}

// MetresPerPixel returns the ground distance of one pixel at the map's
// central latitude.
func (m *Map) MetresPerPixel() float64 {
	return EarthRadius * math.Pi / 180 / m.scale
}

func (m *Map) writeScaleBar(s *svgWriter) {
	mpp := m.MetresPerPixel()
	metres := niceLength(mpp * m.frameW / 5)
	px := metres / mpp
	x, y := 14.0, m.frameH-16
	label := fmt.Sprintf("%s km", strconv.FormatFloat(metres/1000, 'f', -1, 64))
	if metres < 1000 {
		label = fmt.Sprintf("%s m", strconv.FormatFloat(metres, 'f', -1, 64))
	}
	s.printf("<g data-layer=\"scale-bar\" font-size=\"11\" fill=\"#222222\">\n")
	s.printf("<rect x=\"%s\" y=\"%s\" width=\"%s\" height=\"26\" fill=\"#ffffff\" fill-opacity=\"0.8\"/>\n", num(x-6), num(y-16), num(px+12+8*float64(len(label))))
	s.printf("<rect x=\"%s\" y=\"%s\" width=\"%s\" height=\"5\" fill=\"#222222\" stroke=\"#222222\" stroke-width=\"0.8\"/>\n", num(x), num(y), num(px/2))
	s.printf("<rect x=\"%s\" y=\"%s\" width=\"%s\" height=\"5\" fill=\"#ffffff\" stroke=\"#222222\" stroke-width=\"0.8\"/>\n", num(x+px/2), num(y), num(px/2))
	s.printf("<text x=\"%s\" y=\"%s\" text-anchor=\"middle\">0</text>\n", num(x), num(y-4))
	s.printf("<text x=\"%s\" y=\"%s\">%s</text>\n", num(x+px+4), num(y+6), label)
	s.printf("</g>\n")
}

func (m *Map) writeLegend(s *svgWriter, x, y float64) {
	s.printf("<g data-layer=\"legend\" transform=\"translate(%s %s)\" font-size=\"%d\" fill=\"#222222\">\n", num(x), num(y), legendSize)
	s.printf("<text x=\"0\" y=\"12\" font-weight=\"bold\">Legend</text>\n")
	row := 34.0
	entry := func(text string) {
		s.printf("<text x=\"30\" y=\"%s\">%s</text>\n", num(row+4), esc(text))
		row += 22
	}
	for _, l := range m.layers {
		switch l.kind {
		case 0:
			st := l.pst.withDefaults()
			s.printf("<rect x=\"2\" y=\"%s\" width=\"18\" height=\"12\" fill=\"%s\" stroke=\"%s\" stroke-width=\"%s\"/>\n", num(row-6), esc(st.Fill), esc(st.Stroke), num(st.StrokeWidth))
			entry(l.name)
		case 1:
			st := l.ptst.withDefaults(l.pts)
			symbol(s, st.Shape, 11, row, 6, fmt.Sprintf(" fill=\"%s\" fill-opacity=\"0.85\" stroke=\"%s\" stroke-width=\"0.8\"", esc(st.Fill), esc(st.Stroke)))
			entry(l.name)
		case 2:
			st := l.lst.withDefaults()
			s.printf("<text x=\"0\" y=\"%s\" font-style=\"italic\">%s</text>\n", num(row+4), esc(l.name))
			row += 20
			seen := map[int]bool{}
			for _, ln := range l.lines {
				if seen[ln.Group] {
					continue
				}
				seen[ln.Group] = true
				s.printf("<line x1=\"2\" y1=\"%s\" x2=\"20\" y2=\"%s\" stroke=\"%s\" stroke-width=\"%s\"/>\n", num(row), num(row), esc(groupColor(st.Colors, ln.Group)), num(st.Width))
				label := ln.Label
				if label == "" {
					label = "#" + strconv.Itoa(ln.Group)
				}
				entry(label)
			}
		}
	}
	s.printf("</g>\n")
}
