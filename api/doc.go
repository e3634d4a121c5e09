// Package api is the HTTP service of Huishou (echo v4): scenarios and plan
// runs for planners, bookings and schedules for recycling companies, route
// sheets for dispatchers, a VROOM-compatible solve endpoint, the OpenAPI
// document, health checks and Prometheus metrics.
//
// Handlers are thin: bind, validate, call one library function, convert
// back. Every error leaves through one HTTPErrorHandler as RFC 9457
// application/problem+json; input errors of any package (anything with a
// FieldPath method) become 400 naming the field. The store and the job
// runner are interfaces declared here (Store, jobs.Runner) and injected,
// as are the Prometheus registry and the logger.
//
// api may import everything below it; nothing imports api but cmd.
package api
