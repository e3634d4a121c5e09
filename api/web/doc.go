// Package web is the embedded web page of huishou serve: one page of plain
// ES modules (no build step, no CDN, no map tiles) for planners (network
// runs on a map, KPI cards, two runs compared, live progress), dispatchers
// (day plans, trucks, routes on the map, printable route sheets, bookings,
// re-planning) and county officers (month reports, site ledgers, verify).
//
// It draws its base map from the API's county boundaries and township
// points, and talks to the API only through /v1 with the user's key. The
// package owns the files under static/ and the handler that serves them;
// it imports nothing of the product (the server mounts [Handler]).
package web
