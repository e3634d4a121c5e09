package region

import (
	"github.com/paulmach/orb/geojson"
)

// CountiesGeoJSON returns one feature per county: its boundary with the
// properties adcode, name, pinyin, type, prefecture_adcode, prefecture,
// population, households, urban_share, area_km2 and terrain. The geometry
// is shared with s, not copied.
func (s *Region) CountiesGeoJSON() *geojson.FeatureCollection {
	fc := geojson.NewFeatureCollection()
	for _, c := range s.Counties {
		f := geojson.NewFeature(c.Boundary)
		f.Properties = geojson.Properties{
			"adcode":            c.Adcode,
			"name":              c.Name,
			"pinyin":            c.Pinyin,
			"type":              c.Type,
			"prefecture_adcode": c.PrefectureAdcode,
			"prefecture":        c.Prefecture,
			"population":        c.Population,
			"households":        c.Households,
			"urban_share":       c.UrbanShare,
			"area_km2":          c.AreaKm2,
			"terrain":           c.Terrain,
		}
		fc.Append(f)
	}
	return fc
}

// TownshipsGeoJSON returns one point feature per township with the
// properties code, name, pinyin, county (adcode), type, provenance and
// source.
func (s *Region) TownshipsGeoJSON() *geojson.FeatureCollection {
	fc := geojson.NewFeatureCollection()
	for _, t := range s.Townships {
		f := geojson.NewFeature(t.Point)
		f.Properties = geojson.Properties{
			"code":       t.Code,
			"name":       t.Name,
			"pinyin":     t.Pinyin,
			"county":     t.CountyAdcode,
			"type":       t.Type,
			"provenance": t.Provenance,
			"source":     t.Source,
		}
		fc.Append(f)
	}
	return fc
}
