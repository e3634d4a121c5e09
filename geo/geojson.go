package geo

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
)

// FeatureFile is a GeoJSON FeatureCollection read by ReadFeatureCollection,
// with what is needed to name a feature in an error.
type FeatureFile struct {
	File       string                     // file name as given to the reader
	Collection *geojson.FeatureCollection // the features, in file order
	Lines      []int                      // 1-based line on which feature i starts
}

// ReadFeatureCollection reads GeoJSON (RFC 7946) from r. The top-level
// object may be a FeatureCollection, a single Feature or a bare geometry;
// the latter two are wrapped in a one-feature collection. Every feature
// must have type "Feature"; a null geometry is allowed (RFC 7946 §3.2).
// Coordinates must be finite longitudes in [-180, 180] and latitudes in
// [-90, 90]; line strings need two positions and polygon rings four, with
// the last equal to the first.
//
// Errors are *InputError naming file, line and field path, for example
// "roads.geojson:12: features[3].geometry.coordinates: …".
func ReadFeatureCollection(r io.Reader, file string) (*FeatureFile, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, &InputError{File: file, Msg: "read failed", Err: err}
	}
	ff := &FeatureFile{File: file, Collection: geojson.NewFeatureCollection()}
	dec := json.NewDecoder(bytes.NewReader(data))
	tok, err := dec.Token()
	if err != nil {
		return nil, streamError(file, data, err)
	}
	if tok != json.Delim('{') {
		return nil, &InputError{File: file, Line: lineAt(data, dec.InputOffset()), Msg: "top level is not a JSON object"}
	}
	var typ string
	sawFeatures := false
	for dec.More() {
		kt, err := dec.Token()
		if err != nil {
			return nil, streamError(file, data, err)
		}
		key, _ := kt.(string)
		if key != "features" {
			var raw json.RawMessage
			if err := dec.Decode(&raw); err != nil {
				return nil, streamError(file, data, err)
			}
			if key == "type" {
				if err := json.Unmarshal(raw, &typ); err != nil {
					return nil, &InputError{File: file, Line: lineAt(data, dec.InputOffset()), Field: "type", Msg: "not a string"}
				}
			}
			continue
		}
		sawFeatures = true
		tok, err := dec.Token()
		if err != nil {
			return nil, streamError(file, data, err)
		}
		if tok == nil {
			continue // "features": null
		}
		if tok != json.Delim('[') {
			return nil, &InputError{File: file, Line: lineAt(data, dec.InputOffset()), Field: "features", Msg: "not an array"}
		}
		for dec.More() {
			start := skipSpaceComma(data, dec.InputOffset())
			var raw json.RawMessage
			if err := dec.Decode(&raw); err != nil {
				return nil, streamError(file, data, err)
			}
			k := len(ff.Lines)
			line := lineAt(data, start)
			f, err := geojson.UnmarshalFeature(raw)
			if err != nil {
				return nil, &InputError{File: file, Line: line, Field: fmt.Sprintf("features[%d]", k), Msg: "not a valid GeoJSON feature", Err: err}
			}
			if err := checkGeometry(f.Geometry); err != nil {
				return nil, &InputError{File: file, Line: line, Field: fmt.Sprintf("features[%d].geometry", k), Msg: err.Error()}
			}
			ff.Collection.Append(f)
			ff.Lines = append(ff.Lines, line)
		}
		if _, err := dec.Token(); err != nil {
			return nil, streamError(file, data, err)
		}
	}
	if _, err := dec.Token(); err != nil {
		return nil, streamError(file, data, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, &InputError{File: file, Line: lineAt(data, dec.InputOffset()), Msg: "data after the top-level object"}
	}

	switch typ {
	case "FeatureCollection":
		if !sawFeatures {
			return nil, &InputError{File: file, Line: 1, Field: "features", Msg: "missing"}
		}
	case "Feature":
		f, err := geojson.UnmarshalFeature(data)
		if err != nil {
			return nil, &InputError{File: file, Line: 1, Msg: "not a valid GeoJSON feature", Err: err}
		}
		if err := checkGeometry(f.Geometry); err != nil {
			return nil, &InputError{File: file, Line: 1, Field: "geometry", Msg: err.Error()}
		}
		// A "features" member of a Feature is foreign: drop what it gave.
		ff.Collection = geojson.NewFeatureCollection().Append(f)
		ff.Lines = []int{1}
	case "Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon", "GeometryCollection":
		g, err := geojson.UnmarshalGeometry(data)
		if err != nil {
			return nil, &InputError{File: file, Line: 1, Msg: "not a valid GeoJSON geometry", Err: err}
		}
		if err := checkGeometry(g.Geometry()); err != nil {
			return nil, &InputError{File: file, Line: 1, Field: "coordinates", Msg: err.Error()}
		}
		ff.Collection = geojson.NewFeatureCollection().Append(geojson.NewFeature(g.Geometry()))
		ff.Lines = []int{1}
	case "":
		return nil, &InputError{File: file, Line: 1, Field: "type", Msg: "missing"}
	default:
		return nil, &InputError{File: file, Line: 1, Field: "type", Msg: fmt.Sprintf("%q is not a GeoJSON type", typ)}
	}
	return ff, nil
}

// streamError is jsonError for errors of a json.Decoder, whose syntax
// error offsets are not relative to the start of data: the whole input is
// validated again to find the offending line.
func streamError(file string, data []byte, err error) error {
	var raw json.RawMessage
	if verr := json.Unmarshal(data, &raw); verr != nil {
		return jsonError(file, data, verr)
	}
	return jsonError(file, data, err)
}

// skipSpaceComma returns the offset of the first byte at or after off that
// is neither JSON whitespace nor a comma.
func skipSpaceComma(data []byte, off int64) int64 {
	for off < int64(len(data)) {
		switch data[off] {
		case ' ', '\t', '\r', '\n', ',':
			off++
		default:
			return off
		}
	}
	return off
}

// checkGeometry validates coordinates and the minimum sizes of RFC 7946.
func checkGeometry(g orb.Geometry) error {
	switch g := g.(type) {
	case nil:
		return nil
	case orb.Point:
		if !ValidPoint(g) {
			return fmt.Errorf("position %v is not a valid lon/lat", [2]float64(g))
		}
	case orb.MultiPoint:
		for k, p := range g {
			if err := checkGeometry(p); err != nil {
				return fmt.Errorf("coordinates[%d]: %w", k, err)
			}
		}
	case orb.LineString:
		if len(g) < 2 {
			return fmt.Errorf("line string has %d positions, want at least 2", len(g))
		}
		return checkGeometry(orb.MultiPoint(g))
	case orb.MultiLineString:
		for k, ls := range g {
			if err := checkGeometry(ls); err != nil {
				return fmt.Errorf("coordinates[%d]: %w", k, err)
			}
		}
	case orb.Ring:
		if len(g) < 4 || g[0] != g[len(g)-1] {
			return fmt.Errorf("ring has %d positions or is not closed, want at least 4 with the last equal to the first", len(g))
		}
		return checkGeometry(orb.MultiPoint(g))
	case orb.Polygon:
		for k, r := range g {
			if err := checkGeometry(r); err != nil {
				return fmt.Errorf("coordinates[%d]: %w", k, err)
			}
		}
	case orb.MultiPolygon:
		for k, p := range g {
			if err := checkGeometry(p); err != nil {
				return fmt.Errorf("coordinates[%d]: %w", k, err)
			}
		}
	case orb.Collection:
		for k, c := range g {
			if err := checkGeometry(c); err != nil {
				return fmt.Errorf("geometries[%d]: %w", k, err)
			}
		}
	case orb.Bound:
		return checkGeometry(orb.MultiPoint{g.Min, g.Max})
	default:
		return fmt.Errorf("unsupported geometry %T", g)
	}
	return nil
}

// Len returns the number of features.
func (ff *FeatureFile) Len() int { return len(ff.Collection.Features) }

// Feature returns feature i.
func (ff *FeatureFile) Feature(i int) *geojson.Feature { return ff.Collection.Features[i] }

// Errorf returns an *InputError for feature i, naming its line and the
// field path "features[i]." + field.
func (ff *FeatureFile) Errorf(i int, field, format string, args ...any) *InputError {
	e := &InputError{File: ff.File, Field: fmt.Sprintf("features[%d]", i), Msg: fmt.Sprintf(format, args...)}
	if field != "" {
		e.Field += "." + field
	}
	if i >= 0 && i < len(ff.Lines) {
		e.Line = ff.Lines[i]
	}
	return e
}

// Float returns the numeric property key of feature i, or def when it is
// absent or null. A string holding a number ("60") is accepted. Anything
// else, or a non-finite number, is an *InputError naming
// "features[i].properties.key".
func (ff *FeatureFile) Float(i int, key string, def float64) (float64, error) {
	v, ok := ff.Feature(i).Properties[key]
	if !ok || v == nil {
		return def, nil
	}
	var x float64
	switch v := v.(type) {
	case float64:
		x = v
	case string:
		var err error
		if x, err = strconv.ParseFloat(strings.TrimSpace(v), 64); err != nil {
			return 0, ff.Errorf(i, "properties."+key, "%q is not a number", v)
		}
	default:
		return 0, ff.Errorf(i, "properties."+key, "want a number, have %T", v)
	}
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return 0, ff.Errorf(i, "properties."+key, "%v is not finite", x)
	}
	return x, nil
}

// String returns the string property key of feature i, or def when it is
// absent or null. Numbers and booleans are formatted; arrays and objects
// are an *InputError naming "features[i].properties.key".
func (ff *FeatureFile) String(i int, key string, def string) (string, error) {
	v, ok := ff.Feature(i).Properties[key]
	if !ok || v == nil {
		return def, nil
	}
	switch v := v.(type) {
	case string:
		return v, nil
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64), nil
	case bool:
		return strconv.FormatBool(v), nil
	}
	return "", ff.Errorf(i, "properties."+key, "want a string, have %T", v)
}

// Points returns the positions of the features, which must all be
// Points; any other geometry is an *InputError naming the feature.
func (ff *FeatureFile) Points() ([]orb.Point, error) {
	pts := make([]orb.Point, ff.Len())
	for i := range pts {
		p, ok := ff.Feature(i).Geometry.(orb.Point)
		if !ok {
			return nil, ff.Errorf(i, "geometry", "want a Point, have %s", geometryName(ff.Feature(i).Geometry))
		}
		pts[i] = p
	}
	return pts, nil
}

// WriteFeatureCollection writes fc as RFC 7946 GeoJSON followed by a
// newline. Property keys are written in sorted order, so the output is
// deterministic.
func WriteFeatureCollection(w io.Writer, fc *geojson.FeatureCollection) error {
	b, err := json.Marshal(fc)
	if err != nil {
		return fmt.Errorf("geo: write GeoJSON: %w", err)
	}
	b = append(b, '\n')
	if _, err := w.Write(b); err != nil {
		return fmt.Errorf("geo: write GeoJSON: %w", err)
	}
	return nil
}

// PointFeatures returns a FeatureCollection with one Point feature per
// point; props, when non-nil, gives the properties of feature i (it may
// return nil).
func PointFeatures(pts []orb.Point, props func(i int) map[string]any) *geojson.FeatureCollection {
	fc := geojson.NewFeatureCollection()
	for i, p := range pts {
		f := geojson.NewFeature(p)
		if props != nil {
			if m := props(i); m != nil {
				f.Properties = m
			}
		}
		fc.Append(f)
	}
	return fc
}
