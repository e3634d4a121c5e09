// Package schedule turns booked pickups into daily plans: it groups
// bookings by day and depot, builds one routing problem per depot and day
// (matrix from geo, solved by optimizer/route), and returns day plans with
// ordered stops, ETAs, items and loads, unassigned bookings with reasons,
// and printable route sheets.
//
// schedule may import optimizer/route and geo; it must not import
// scenarios, api, cmd or benchmarks.
package schedule
