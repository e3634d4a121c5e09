// Package sichuan embeds the built-in Sichuan data: the 183 county-level
// divisions (census 2020 population, households, urban share, seats,
// simplified boundaries) and the 3,101 townships with their points and the
// provenance of each point. See README.md beside this file for sources.
//
// sichuan may import geo only; it must not import optimizer/, api/, cmd/ or
// benchmarks/.
package sichuan
