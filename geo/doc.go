// Package geo owns points, great-circle and road distances, the dense
// distance/duration Matrix and its sources (haversine × circuity, CSV,
// OSRM table JSON, road-network shortest paths), GeoJSON in and out, and
// map projection with SVG drawing.
//
// Coordinates are WGS84 longitude/latitude as orb.Point{lon, lat};
// distances are metres and durations seconds.
//
// geo must not import any other package of this module: it is the bottom
// layer. It may import orb and gonum.
package geo
