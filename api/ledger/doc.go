// Package ledger is the work ledger (工作台账): an append-only record of
// the custody of old appliances from the household to the dismantler, and
// the periodic reports (定期报送) a county submits from it.
//
// # Events
//
// An [Event] is one of collected (a booking served, with what was really
// taken), delivered (a trade-in's new appliance handed over), received (at
// a collection point, transfer station or sorting centre, from a vehicle
// or a household), transferred (between sites, one event at each end,
// joined by a transfer id), handed_over (to a dismantler, with its receipt
// number) and adjusted (a correction naming the event it corrects; its
// items replace that event's, and the difference posts on the
// adjustment's day). Events are never edited or deleted.
//
// [Ledger.Append] validates an event against the site registry ([Sites])
// and the rules of its type: an unknown site, a negative count, a
// transfer to itself, a time in the future (beyond [Options.MaxSkew]) and
// the like are an [*InputError] naming the field, and nothing is stored.
// A retry with the same client_id is stored once (idempotency); the same
// client_id on a different event is [ErrConflict].
//
// # Tamper evidence
//
// Every site (or vehicle) has a hash chain: an event carries seq (its
// position in the site's chain, from 1), prev (the hash of the site's
// previous event, "" for the first) and hash, the hex SHA-256 of its
// canonical encoding (see [Canonical]: a JSON object with a fixed key
// order, every field present, times in UTC with six fractional digits,
// kg rounded to grams). Its id is "SITE/SEQ". An edit made behind the
// ledger (in the file or the database) changes the event's hash or
// breaks the next event's prev; [Verify] names the first broken event.
// Removing a site's last events leaves a shorter valid chain: compare the
// heads ([Verification.Heads]) with heads saved earlier to see it.
//
// # Storage
//
// A [Store] keeps the events: [Memory] (in memory), [File] (a JSON-lines
// file, one event per line, fields named as in the API, written with one
// append per event under an exclusive file lock) and the PostgreSQL store
// in package ledger/pg. Package ledgertest holds the contract tests every
// store passes.
//
// # Mass balance and reports
//
// [Balance] computes per site, period and category, in pieces and kg,
// opening + in − out = closing, and flags transfers whose ends differ
// beyond a tolerance or lack an end, negative stock, receipts used twice
// and bookings collected twice. [Aggregate] turns events into daily facts
// (per day, county of origin, category, producer, subsidy class), the
// pre-aggregation that [BuildReport] adds up to a county, prefecture,
// province or producer report, compared with the optimizer/supply forecast
// and user targets ([ReadTargetsCSV]); the report is written as CSV, JSON,
// XLSX or HTML with a chart per indicator.
//
// Periods, dates and booking windows are China time (UTC+8).
//
// ledger may import optimizer/supply and geo; it must not import scenarios,
// api (other than its own subpackages), cmd or benchmarks, and it does no
// HTTP.
package ledger
