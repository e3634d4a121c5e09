// Package store is the persistence of the service: API keys, user
// scenarios, runs (plan and schedule jobs with their results), bookings,
// day plans and idempotency records. Two implementations share one
// behaviour, checked by one contract suite: Memory (the embedded default,
// no set-up) and Postgres (pgx v5, with migrations embedded in the binary
// and applied by goose).
//
// The store keeps documents it does not interpret (a booking's or a day
// plan's JSON) beside the columns it filters and orders on; the api package
// owns the wire formats and fills those columns. Absent rows are
// ErrNotFound and clashing ones ErrConflict, whatever the implementation
// (pgx.ErrNoRows never leaves this package).
//
// store imports no other package of this module and nothing of api.
package store
