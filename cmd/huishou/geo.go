package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/huishou/huishou/geo"
)

func init() {
	register(&command{
		Name:    "geo-matrix",
		Summary: "build a distance/duration matrix for GeoJSON points (estimate or road network)",
		Usage:   "huishou geo-matrix --points FILE [--roads FILE] [--format csv|osrm] [--out FILE]",
		Example: "huishou geo-matrix --points sites.geojson --roads roads.geojson --format csv --out matrix.csv",
		Run:     runGeoMatrix,
	})
	register(&command{
		Name:    "geo-map",
		Summary: "draw GeoJSON areas, sites (by tier) and routes (by vehicle) as an SVG map",
		Usage:   "huishou geo-map --in FILE [--title T] [--width PX] [--out FILE]",
		Example: "huishou geo-map --in plan.geojson --title 'Chengdu network' --out plan.svg",
		Run:     runGeoMap,
	})
}

// geoOpenOut returns the output writer for path ("" or "-" is stdout) and
// a function closing it.
func geoOpenOut(path string, stdout io.Writer) (io.Writer, func() error, error) {
	if path == "" || path == "-" {
		return stdout, func() error { return nil }, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, nil, err
	}
	return f, f.Close, nil
}

func geoReadFeatures(path string) (*geo.FeatureFile, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return geo.ReadFeatureCollection(f, path)
}

func runGeoMatrix(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet(commands["geo-matrix"], stderr)
	points := fs.String("points", "", "GeoJSON Point features; optional properties id, area (urban|plain|mountain)")
	roads := fs.String("roads", "", "GeoJSON road network (LineStrings with highway/maxspeed/oneway); default: estimate from great-circle × circuity")
	format := fs.String("format", "csv", "output format: csv or osrm")
	out := fs.String("out", "", "output file (default stdout)")
	if err := parseFlags(fs, args); err != nil {
		if err == flag.ErrHelp {
			return err
		}
		return errUsage
	}
	if *points == "" || (*format != "csv" && *format != "osrm") {
		fs.Usage()
		return errUsage
	}
	ff, err := geoReadFeatures(*points)
	if err != nil {
		return err
	}
	areas := map[string]int{"urban": 0, "plain": 1, "mountain": 2}
	pts, err := ff.Points()
	if err != nil {
		return err
	}
	ids := make([]string, len(pts))
	areaOf := make([]int, len(pts))
	for i := range pts {
		if ids[i], err = ff.String(i, "id", fmt.Sprint(i)); err != nil {
			return err
		}
		a, err := ff.String(i, "area", "plain")
		if err != nil {
			return err
		}
		k, ok := areas[strings.ToLower(a)]
		if !ok {
			return ff.Errorf(i, "properties.area", "%q is not urban, plain or mountain", a)
		}
		areaOf[i] = k
	}

	ctx := context.Background()
	var m *geo.Matrix
	if *roads == "" {
		m, err = geo.Estimate(ctx, pts, geo.EstimateOptions{Areas: []geo.Area{geo.Urban, geo.Plain, geo.Mountain}, AreaOf: areaOf})
	} else {
		var rf *geo.FeatureFile
		if rf, err = geoReadFeatures(*roads); err != nil {
			return err
		}
		var rd *geo.Roads
		if rd, err = geo.NewRoads(rf, geo.RoadOptions{}); err != nil {
			return err
		}
		var snaps []geo.Snap
		m, snaps, err = rd.Matrix(ctx, pts, geo.RoadMatrixOptions{})
		if err == nil {
			worst := 0
			for i, s := range snaps {
				if s.Metres > snaps[worst].Metres {
					worst = i
				}
			}
			if len(snaps) > 0 {
				fmt.Fprintf(stderr, "%d road vertices; farthest snap: point %s, %.0f m\n", len(rd.Vertices), ids[worst], snaps[worst].Metres)
			}
		}
	}
	if err != nil {
		return err
	}
	w, closeOut, err := geoOpenOut(*out, stdout)
	if err != nil {
		return err
	}
	if *format == "csv" {
		err = geo.WriteCSV(w, m, ids)
	} else {
		err = geo.WriteOSRMTable(w, m)
	}
	if cerr := closeOut(); err == nil {
		err = cerr
	}
	return err
}

func runGeoMap(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet(commands["geo-map"], stderr)
	in := fs.String("in", "", "GeoJSON: Polygons (name), Points (tier, volume, name), LineStrings (vehicle)")
	title := fs.String("title", "", "map title")
	width := fs.Int("width", 1000, "SVG width in pixels")
	out := fs.String("out", "", "output SVG file (default stdout)")
	if err := parseFlags(fs, args); err != nil {
		if err == flag.ErrHelp {
			return err
		}
		return errUsage
	}
	if *in == "" {
		fs.Usage()
		return errUsage
	}
	ff, err := geoReadFeatures(*in)
	if err != nil {
		return err
	}
	m, err := geo.DrawFeatures(ff, geo.DrawOptions{Title: *title, WidthPx: *width})
	if err != nil {
		return err
	}
	w, closeOut, err := geoOpenOut(*out, stdout)
	if err != nil {
		return err
	}
	err = m.WriteSVG(w)
	if cerr := closeOut(); err == nil {
		err = cerr
	}
	return err
}
