// Command gen writes the embedded Sichuan data of package sichuan
// (counties.tsv, townships.tsv, boundaries.txt) from the assembled source
// files in ../shared/data/sichuan. It is run by hand, never by tests:
//
//	go run ./scenarios/sichuan/internal/gen -src ../shared/data/sichuan -out scenarios/sichuan
//
// It simplifies the county boundaries (shared borders once, so neighbours
// stay gap-free), checks that every county seat and township point lies
// inside its own simplified county polygon (lowering the tolerance of a
// county until it does), classifies terrain, and places the townships that
// have no point (best-candidate sampling with a fixed seed). See README.md
// beside the package for the format and the derivations.
package main

import (
	"bytes"
	"encoding/csv"
	"flag"
	"fmt"
	"log"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
	"github.com/paulmach/orb/planar"

	"github.com/huishou/huishou/geo"
)

// Defaults documented in README.md.
const (
	defaultTolerance = 0.008 // degrees, Douglas–Peucker
	defaultSeed      = 20201101
	defaultK         = 32
	minPolygonDeg2   = 2e-5 // parts smaller than this (≈0.2 km²) without a point are dropped
)

type county struct {
	adcode, name, pinyin, typ, prefAdcode, pref string
	seat                                        orb.Point
	pop, households                             int
	urban, area, density                        float64
	terrain, seatNote                           string
	orig                                        orb.MultiPolygon
	simple                                      orb.MultiPolygon
}

type township struct {
	code, county, typ, name, pinyin string
	pt                              orb.Point
	has                             bool
	provenance, source              string
}

func main() {
	src := flag.String("src", "../shared/data/sichuan", "directory with counties.csv, counties.geojson, townships.csv, townships_coords.csv")
	out := flag.String("out", "scenarios/sichuan", "directory to write counties.tsv, townships.tsv, boundaries.txt")
	tol := flag.Float64("tolerance", defaultTolerance, "Douglas–Peucker tolerance in degrees")
	seed := flag.Uint64("seed", defaultSeed, "seed for placing townships without a point")
	k := flag.Int("k", defaultK, "candidates per placed township")
	flag.Parse()
	log.SetFlags(0)

	counties, err := readCounties(filepath.Join(*src, "counties.csv"))
	if err != nil {
		log.Fatal(err)
	}
	byAd := map[string]*county{}
	for _, c := range counties {
		byAd[c.adcode] = c
	}
	if err := readBoundaries(filepath.Join(*src, "counties.geojson"), byAd); err != nil {
		log.Fatal(err)
	}
	towns, err := readTownships(filepath.Join(*src, "townships.csv"), filepath.Join(*src, "townships_coords.csv"), byAd)
	if err != nil {
		log.Fatal(err)
	}

	for _, c := range counties {
		if !planar.MultiPolygonContains(c.orig, c.seat) {
			old := c.seat
			c.seat = snapInside(c.orig, c.seat)
			c.seatNote = fmt.Sprintf("S3 seat %s,%s lies outside the S3 polygon; moved to %s,%s", f(old[0], 6), f(old[1], 6), f(c.seat[0], 6), f(c.seat[1], 6))
			log.Printf("%s %s: %s (%.0f m)", c.adcode, c.name, c.seatNote, geo.GreatCircle(old, c.seat))
		}
	}
	// Points that must stay inside their own county.
	pts := map[string][]orb.Point{}
	for _, c := range counties {
		pts[c.adcode] = append(pts[c.adcode], c.seat)
	}
	for _, t := range towns {
		if t.has {
			pts[t.county] = append(pts[t.county], t.pt)
		}
	}
	simplifyAll(counties, pts, *tol)

	placed := 0
	for _, c := range counties {
		var missing []*township
		for _, t := range towns {
			if t.county == c.adcode && !t.has {
				missing = append(missing, t)
			}
		}
		if len(missing) == 0 {
			continue
		}
		ad, _ := strconv.ParseUint(c.adcode, 10, 64)
		got := place(c.simple, pts[c.adcode], len(missing), *seed, ad, *k)
		for i, t := range missing {
			t.pt, t.has = got[i], true
			t.provenance = "placed"
			t.source = fmt.Sprintf("generator: best of %d candidates in the county polygon, seed %d", *k, *seed)
			placed++
		}
	}
	// Final check.
	for _, c := range counties {
		if !planar.MultiPolygonContains(c.simple, c.seat) {
			log.Fatalf("seat of %s outside", c.adcode)
		}
	}
	for _, t := range towns {
		if !planar.MultiPolygonContains(byAd[t.county].simple, t.pt) {
			log.Fatalf("township %s %s outside its county", t.code, t.name)
		}
	}

	classify(counties)
	if err := writeCounties(filepath.Join(*out, "counties.tsv"), counties); err != nil {
		log.Fatal(err)
	}
	if err := writeTownships(filepath.Join(*out, "townships.tsv"), towns); err != nil {
		log.Fatal(err)
	}
	if err := writeBoundaries(filepath.Join(*out, "boundaries.txt"), counties); err != nil {
		log.Fatal(err)
	}
	nv := 0
	terr := map[string]int{}
	for _, c := range counties {
		terr[c.terrain]++
		for _, p := range c.simple {
			for _, r := range p {
				nv += len(r) - 1
			}
		}
	}
	log.Printf("%d counties, %d vertices after simplification, terrain %v; %d townships, %d placed", len(counties), nv, terr, len(towns), placed)
}

func readCSV(path string) ([]map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	var rows []map[string]string
	for _, r := range recs[1:] {
		m := map[string]string{}
		for i, h := range recs[0] {
			m[h] = r[i]
		}
		rows = append(rows, m)
	}
	return rows, nil
}

func num(s string) float64 {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		log.Fatalf("bad number %q", s)
	}
	return v
}

func readCounties(path string) ([]*county, error) {
	rows, err := readCSV(path)
	if err != nil {
		return nil, err
	}
	var cs []*county
	for _, r := range rows {
		cs = append(cs, &county{
			adcode: r["adcode"], name: r["name_zh"], pinyin: r["name_pinyin"], typ: r["type"],
			prefAdcode: r["prefecture_adcode"], pref: r["prefecture_name"],
			seat:       orb.Point{num(r["lon"]), num(r["lat"])},
			pop:        int(num(r["pop_2020_incl_devzone"])),
			households: int(num(r["households_2020_est"])),
			urban:      num(r["urban_share_2020"]),
			area:       num(r["area_km2"]),
			density:    num(r["pop_density_per_km2"]),
		})
	}
	return cs, nil
}

func readBoundaries(path string, byAd map[string]*county) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	fc, err := geojson.UnmarshalFeatureCollection(b)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	for _, f := range fc.Features {
		ad := f.Properties.MustString("adcode")
		c := byAd[ad]
		if c == nil {
			return fmt.Errorf("%s: unknown adcode %s", path, ad)
		}
		switch g := f.Geometry.(type) {
		case orb.MultiPolygon:
			c.orig = g
		case orb.Polygon:
			c.orig = orb.MultiPolygon{g}
		default:
			return fmt.Errorf("%s: %s: geometry %T", path, ad, g)
		}
	}
	for ad, c := range byAd {
		if c.orig == nil {
			return fmt.Errorf("%s: no boundary for %s", path, ad)
		}
	}
	return nil
}

func readTownships(path, coordsPath string, byAd map[string]*county) ([]*township, error) {
	rows, err := readCSV(path)
	if err != nil {
		return nil, err
	}
	crows, err := readCSV(coordsPath)
	if err != nil {
		return nil, err
	}
	coords := map[string]map[string]string{}
	for _, r := range crows {
		coords[r["code"]] = r
	}
	var ts []*township
	for _, r := range rows {
		if r["is_township_unit"] != "1" {
			continue
		}
		if byAd[r["county_adcode"]] == nil {
			return nil, fmt.Errorf("township %s: unknown county %s", r["code"], r["county_adcode"])
		}
		t := &township{code: r["code"], county: r["county_adcode"], typ: r["type"], name: r["name_zh"], pinyin: r["name_pinyin"]}
		c := coords[t.code]
		if c == nil {
			return nil, fmt.Errorf("township %s: not in %s", t.code, coordsPath)
		}
		if c["lon"] != "" {
			t.pt, t.has = orb.Point{num(c["lon"]), num(c["lat"])}, true
			src := strings.TrimPrefix(c["coord_source"], "vonng2016:")
			// "510524210000 合乐苗族乡 (name match)": drop the 2016 name
			// where it is the township's own name.
			if code, rest, ok := strings.Cut(src, " "); ok {
				if name, how, ok := strings.Cut(rest, " ("); ok && (name == t.name || name == t.name+"办事处") {
					src = code + " (" + how
				}
			}
			src = "S6 " + src
			switch {
			case c["coord_kind"] == "centroid":
				t.provenance = "village centroid"
			case c["coord_kind"] == "seat" && strings.Contains(src, "predecessor via"):
				t.provenance = "approximate seat"
			case c["coord_kind"] == "seat":
				t.provenance = "seat"
			default:
				return nil, fmt.Errorf("township %s: coord_kind %q", t.code, c["coord_kind"])
			}
			t.source = src
		}
		ts = append(ts, t)
	}
	return ts, nil
}

// classify sets the terrain of each county; the rule is documented in README.md.
func classify(cs []*county) {
	for _, c := range cs {
		switch {
		case c.prefAdcode == "513200" || c.prefAdcode == "513300" || c.prefAdcode == "513400":
			c.terrain = "mountain"
		case c.urban >= 0.85 && c.density >= 1000:
			c.terrain = "urban"
		case c.density < 150:
			c.terrain = "mountain"
		default:
			c.terrain = "plain"
		}
	}
}

func writeFile(path string, b []byte) error {
	return os.WriteFile(path, b, 0o644)
}

func writeCounties(path string, cs []*county) error {
	var b bytes.Buffer
	b.WriteString("adcode\tname\tpinyin\ttype\tprefecture_adcode\tprefecture\tseat_lon\tseat_lat\tpopulation\turban_share\thouseholds\tarea_km2\tterrain\n")
	for _, c := range cs {
		fmt.Fprintf(&b, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%d\t%s\t%d\t%s\t%s\n",
			c.adcode, c.name, c.pinyin, c.typ, c.prefAdcode, c.pref,
			f(c.seat[0], 6), f(c.seat[1], 6), c.pop, f(c.urban, 4), c.households, f(c.area, 1), c.terrain)
	}
	return writeFile(path, b.Bytes())
}

func f(v float64, prec int) string { return strconv.FormatFloat(v, 'f', prec, 64) }

func writeTownships(path string, ts []*township) error {
	var b bytes.Buffer
	b.WriteString("code\tcounty\ttype\tname\tpinyin\tlon\tlat\tprovenance\tsource\n")
	for _, t := range ts {
		fmt.Fprintf(&b, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n",
			t.code, t.county, t.typ, t.name, t.pinyin, f(t.pt[0], 5), f(t.pt[1], 5), t.provenance, t.source)
	}
	return writeFile(path, b.Bytes())
}

// writeBoundaries writes one line per county: adcode, a tab, then its
// polygons separated by '|', rings by ';', vertices by ' ' as "x,y" in
// integer 1e-4 degrees, the first vertex of a ring absolute and the others
// as differences from the previous vertex; the closing vertex is omitted.
func writeBoundaries(path string, cs []*county) error {
	var b bytes.Buffer
	for _, c := range cs {
		b.WriteString(c.adcode)
		b.WriteByte('\t')
		for pi, p := range c.simple {
			if pi > 0 {
				b.WriteByte('|')
			}
			for ri, r := range p {
				if ri > 0 {
					b.WriteByte(';')
				}
				var px, py int64
				for i, pt := range r[:len(r)-1] {
					x, y := q(pt[0]), q(pt[1])
					if i > 0 {
						b.WriteByte(' ')
					}
					fmt.Fprintf(&b, "%d,%d", x-px, y-py)
					px, py = x, y
				}
			}
		}
		b.WriteByte('\n')
	}
	return writeFile(path, b.Bytes())
}

// q quantises degrees to integer 1e-4 degrees.
func q(v float64) int64 { return int64(math.Round(v * 1e4)) }

// snapInside returns the point 50 m inside mp beyond the point of mp's
// boundary nearest to p (for a p outside mp).
func snapInside(mp orb.MultiPolygon, p orb.Point) orb.Point {
	var best orb.Point
	bestD := math.Inf(1)
	for _, poly := range mp {
		for _, r := range poly {
			for i := 0; i+1 < len(r); i++ {
				a, b := r[i], r[i+1]
				dx, dy := b[0]-a[0], b[1]-a[1]
				t := 0.0
				if l := dx*dx + dy*dy; l > 0 {
					t = max(0, min(1, ((p[0]-a[0])*dx+(p[1]-a[1])*dy)/l))
				}
				c := orb.Point{a[0] + t*dx, a[1] + t*dy}
				if d := planar.DistanceSquared(c, p); d < bestD {
					best, bestD = c, d
				}
			}
		}
	}
	d := math.Sqrt(bestD)
	for step := 0.0005; step < 0.01; step += 0.0005 {
		s := orb.Point{round6(best[0] + (best[0]-p[0])/d*step), round6(best[1] + (best[1]-p[1])/d*step)}
		if planar.MultiPolygonContains(mp, s) {
			return s
		}
	}
	log.Fatalf("cannot snap %v inside", p)
	return p
}

func round6(v float64) float64 { return math.Round(v*1e6) / 1e6 }
