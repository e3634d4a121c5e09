// Package stage holds the stages of a scenario run, each a function of its
// inputs that can run and be tested on its own: the returns forecast of a
// region (Forecast), the network-design problem built from it
// (NetworkInput, BuildNetwork), the design itself (Design), and what daily
// operations need of a region and a plan (BookingSource for the booking
// generator of optimizer/schedule/gen, Depots, Sources). Package scenarios
// chains them and caches their results.
//
// stage may import optimizer/..., geo, scenarios/region and scenarios/wire
// (plan.json); it must not import scenarios, api/, cmd/ or benchmarks/.
package stage
