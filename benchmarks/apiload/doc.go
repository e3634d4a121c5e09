// Package apiload measures the HTTP service under load with vegeta (as a
// library), on loopback, against servers it starts itself in the same
// process: `huishou bench api`.
//
//   - Sheet: GET of one truck's route sheet (JSON) from the memory store at
//     a fixed rate (latency percentiles), then the highest throughput of
//     that endpoint and of a bare echo handler returning the same bytes as
//     static JSON, measured in the same run, and their ratio.
//   - Bookings: POST /v1/bookings on the PostgreSQL store at a fixed rate
//     (errors, latency), then a read-back that every acknowledged booking
//     is stored.
//
// Traffic goes only to 127.0.0.1; every attack is bounded in rate and time.
package apiload
