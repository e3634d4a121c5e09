// Package routefile reads a vehicle-routing instance in any format that
// `huishou route` accepts — CVRPLIB .vrp, Solomon, Li & Lim and Cordeau
// text (benchmark sets), VROOM and Huishou's native JSON — tells the format
// from a file's name and content, picks the writer of its solutions, and
// re-checks a solution against both the engine's and the benchmark set's
// rules.
//
// It sits under benchmarks/ because it reads the benchmark sets' formats;
// library code below cmd/ must not import it. A server that speaks only
// VROOM or native JSON uses optimizer/route/routeio directly.
package routefile
