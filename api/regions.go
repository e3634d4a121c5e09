package api

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"

	"github.com/labstack/echo/v4"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/huishou/huishou/optimizer/network"
	"github.com/huishou/huishou/scenarios/region"
)

// The base map of the web page: county boundaries and township points of a
// built-in region, with what the map needs to draw coverage radii (each
// county's terrain, radius and circuity). Built once per region and filter.

// basemapDigits is the decimals kept of each coordinate (~10 m).
const basemapDigits = 4

type basemapCache struct {
	mu sync.Mutex
	m  map[string]basemapDoc
}

// basemapDoc is one base map, plain and gzipped (a province is ~1 MB of
// JSON, ~0.25 MB gzipped: it matters to a tablet on a mobile network).
type basemapDoc struct {
	plain, gz []byte
}

var basemaps basemapCache

// basemap returns the GeoJSON of region name cut to one prefecture or
// county (both "" = all).
func basemap(name, prefecture, county string) (basemapDoc, error) {
	key := name + "|" + prefecture + "|" + county
	basemaps.mu.Lock()
	defer basemaps.mu.Unlock()
	if b, ok := basemaps.m[key]; ok {
		return b, nil
	}
	reg, err := region.Builtin(name)
	if err != nil {
		return basemapDoc{}, err
	}
	if prefecture != "" && !containsFunc(reg.Counties, func(c region.County) bool { return c.PrefectureAdcode == prefecture }) {
		return basemapDoc{}, badField("prefecture", "%q is not a prefecture of %s", prefecture, name)
	}
	if county != "" {
		if _, ok := reg.County(county); !ok {
			return basemapDoc{}, badField("county", "%q is not a county of %s", county, name)
		}
	}
	keep := func(c *region.County) bool {
		return (prefecture == "" || c.PrefectureAdcode == prefecture) && (county == "" || c.Adcode == county)
	}
	rules := network.DefaultRules()
	fc := geojson.NewFeatureCollection()
	kept := map[string]bool{}
	for i := range reg.Counties {
		c := &reg.Counties[i]
		if !keep(c) {
			continue
		}
		kept[c.Adcode] = true
		cover, ok := rules.CoverageKm[c.Terrain]
		if !ok {
			cover = network.DefaultCoverageKm
		}
		f := geojson.NewFeature(orb.Round(c.Boundary.Clone(), pow10(basemapDigits)))
		f.Properties = geojson.Properties{
			"kind": "county", "adcode": c.Adcode, "name": c.Name, "pinyin": c.Pinyin, "type": c.Type,
			"prefecture_adcode": c.PrefectureAdcode, "prefecture": c.Prefecture,
			"population": c.Population, "households": c.Households, "area_km2": round(c.AreaKm2, 1),
			"terrain": c.Terrain, "coverage_km": cover, "circuity": c.Area().Circuity,
			"seat": []float64{round(c.Seat[0], basemapDigits), round(c.Seat[1], basemapDigits)},
		}
		fc.Append(f)
	}
	for _, tw := range reg.Townships {
		if !kept[tw.CountyAdcode] {
			continue
		}
		f := geojson.NewFeature(orb.Point{round(tw.Point[0], basemapDigits), round(tw.Point[1], basemapDigits)})
		f.Properties = geojson.Properties{"kind": "township", "code": tw.Code, "name": tw.Name, "county": tw.CountyAdcode, "type": tw.Type}
		fc.Append(f)
	}
	var buf, gz bytes.Buffer
	if err := json.NewEncoder(&buf).Encode(fc); err != nil {
		return basemapDoc{}, err
	}
	zw, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression)
	if _, err := zw.Write(buf.Bytes()); err != nil {
		return basemapDoc{}, err
	}
	if err := zw.Close(); err != nil {
		return basemapDoc{}, err
	}
	if basemaps.m == nil || len(basemaps.m) > 64 {
		basemaps.m = map[string]basemapDoc{}
	}
	doc := basemapDoc{plain: buf.Bytes(), gz: gz.Bytes()}
	basemaps.m[key] = doc
	return doc, nil
}

func containsFunc[T any](s []T, f func(T) bool) bool {
	for _, v := range s {
		if f(v) {
			return true
		}
	}
	return false
}

func pow10(n int) int {
	p := 1
	for range n {
		p *= 10
	}
	return p
}

func round(v float64, digits int) float64 {
	p := float64(pow10(digits))
	if v < 0 {
		return -float64(int64(-v*p+0.5)) / p
	}
	return float64(int64(v*p+0.5)) / p
}

// getBasemap answers GET /v1/regions/{name}/basemap.geojson.
func (s *Server) getBasemap(c echo.Context) error {
	name := c.Param("name")
	b, err := basemap(name, c.QueryParam("prefecture"), c.QueryParam("county"))
	if errors.Is(err, region.ErrUnknown) {
		return problem(http.StatusNotFound, fmt.Sprintf("no region %q (built-in: %v)", name, region.BuiltinNames()))
	}
	if err != nil {
		return err
	}
	h := c.Response().Header()
	h.Set("Cache-Control", "private, max-age=3600")
	h.Add("Vary", "Accept-Encoding")
	if acceptsGzip(c.Request().Header.Get("Accept-Encoding")) {
		h.Set("Content-Encoding", "gzip")
		return c.Blob(http.StatusOK, "application/geo+json", b.gz)
	}
	return c.Blob(http.StatusOK, "application/geo+json", b.plain)
}

// acceptsGzip tells whether an Accept-Encoding header takes gzip (and does
// not refuse it with q=0).
func acceptsGzip(h string) bool {
	for _, part := range strings.Split(h, ",") {
		enc, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(enc), "gzip") {
			q := strings.ReplaceAll(strings.TrimSpace(params), " ", "")
			return q != "q=0" && q != "q=0.0" && q != "q=0.00" && q != "q=0.000"
		}
	}
	return false
}

// whoami answers GET /v1/whoami: the caller's key id, name and role, so
// that a client shows only what the role may use.
func (s *Server) whoami(c echo.Context) error {
	k := caller(c)
	return c.JSON(http.StatusOK, map[string]string{"id": k.ID, "name": k.Name, "role": string(k.Role)})
}
