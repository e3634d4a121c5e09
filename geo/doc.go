// Package geo owns points, great-circle and road distances, the dense
// distance/duration Matrix and its sources (haversine × circuity, CSV,
// OSRM table JSON, road-network shortest paths), GeoJSON in and out, and
// map projection with SVG drawing.
//
// Coordinates are WGS84 longitude/latitude as orb.Point{lon, lat};
// distances are metres and durations seconds.
//
// # Matrices
//
// A Matrix is N×N, flat and row-major, float32 (8·N² bytes: 800 MB for
// 10,000 points). Its sources:
//
//   - Estimate: great-circle distance × the circuity of an Area, at the
//     area's average speed; per point area, mixed pairs by MixArea. Built
//     in parallel, O(N²) without per-pair trigonometry.
//   - ReadOSRMTable / WriteOSRMTable: an OSRM table service response.
//   - ReadCSV / WriteCSV: rows "from,to,metres,seconds".
//   - Roads.Matrix: fastest paths over a road network read from GeoJSON
//     line strings (ReadRoads), held as a gonum graph and searched with a
//     flat-slice Dijkstra per source, in parallel.
//
// # Errors
//
// Loaders return *InputError naming the file, line and field path
// (errors.Is(err, ErrBadInput)); pairs without a route give
// *UnreachableError (errors.Is(err, ErrUnreachable)), or an *InputError
// wrapping ErrUnreachable for a null OSRM cell; a CSV missing pairs wraps
// ErrMissingPair.
//
// # GeoJSON and maps
//
// ReadFeatureCollection reads RFC 7946 GeoJSON with orb, keeping each
// feature's line for errors; WriteFeatureCollection writes it back. Map
// draws polygons, sized point symbols per tier, coloured routes, a legend,
// a scale bar and a north arrow to SVG.
//
// geo must not import any other package of this module: it is the bottom
// layer. It may import orb and gonum.
package geo
