// Package scenarios runs what-if scenarios: it chains the stages of a run
// (scenarios/stage: forecast → network design → a day of pickups) on the
// base data of a region (scenarios/region) and gathers their results in a
// Result, whose wire forms live in scenarios/wire and whose reports live in
// scenarios/report.
//
// Plan forecasts and designs the network; Run adds one county's day of
// pickups.
//
// scenarios may import optimizer/..., geo and its own subpackages but
// scenarios/report (which imports it); it must not import api/, cmd/ or
// benchmarks/.
package scenarios
