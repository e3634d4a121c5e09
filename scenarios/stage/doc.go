// Package stage holds the stages of a scenario run, each a function of its
// inputs that can run and be tested on its own: the returns forecast of a
// region (Forecast), the network-design problem built from it
// (NetworkInput, BuildNetwork), the design itself (Design), and one day of
// sampled pickups (SampleDay, until optimizer/schedule owns the booking
// generator). Package scenarios chains them and caches their results.
//
// stage may import optimizer/..., geo and scenarios/region; it must not
// import scenarios, api/, cmd/ or benchmarks/.
package stage
