// Package sichuan embeds the built-in Sichuan data: the 183 county-level
// divisions (census 2020 population, households, urban share, seats,
// terrain class, simplified boundaries) and the 3,101 township units with
// their points and the provenance of each point. See README.md beside this
// file for the file formats, the sources (S1–S7) and the derivations.
//
// The embedded files are written by the generator in internal/gen from the
// assembled source data; [Load] parses them once, at first use.
//
// sichuan may import orb and geo only; it must not import scenarios (which
// imports it), optimizer/, api/, cmd/ or benchmarks/.
package sichuan
