// Package jobs runs the service's long solves — network plans of a
// scenario, schedules of the stored bookings — as jobs: in an in-process
// pool (Pool, the embedded default) or on River over PostgreSQL (River, and
// `huishou worker` on as many machines as needed).
//
// A job is a store.Run. Its kind names a Func in a Registry; the API
// creates the run (queued) and enqueues its id; whoever takes the job calls
// Execute, which claims the run, calls the Func with a progress callback,
// and stores the result or the failure. Pool and River share Execute, so a
// run gives the same bytes wherever it runs.
//
// jobs may import api/store, scenarios/... and optimizer/...; never api.
package jobs
