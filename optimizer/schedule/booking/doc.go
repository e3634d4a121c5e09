// Package booking is the booking model of daily operations and its files:
// one Booking for every visit a truck makes (a pickup of old appliances, a
// trade-in that delivers a new appliance and takes the old one, a bulk
// collection from a store or collection point, an after-sales service
// visit), its CSV and JSON forms, the changes file of re-planning, and the
// handling of each appliance category (weight, volume, minutes, crew and
// skills, from optimizer/supply).
//
// Readers keep going past bad rows: every row that cannot be used is
// reported as a *RowError naming the file, the line and the field, and the
// rest of the file loads. Dates are civil dates (Date), times of day are
// seconds after midnight (Clock).
//
// booking is a leaf of the operations packages: optimizer/schedule (the
// engine), optimizer/schedule/dayplan (day plans), the API and the ledger
// import it. It imports optimizer/supply only, and must not import
// optimizer/route, scenarios, api or cmd.
package booking
