// Package benchmarks holds the readers for standard instance sets (CVRPLIB,
// OR-Library, Holmberg, Solomon, …) and the runners behind `huishou bench`,
// which re-check every answer independently of the solvers. Results measured
// with them are recorded in RESULTS.md beside this file.
//
// Nothing in this module but cmd/ imports benchmarks.
package benchmarks
