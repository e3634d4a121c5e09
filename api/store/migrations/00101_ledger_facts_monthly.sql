-- The ledger's facts by month and stripe (owner: ledger). Reports are for
-- months, quarters and years, so monthly facts serve them with a thirtieth
-- of the rows; the stripe (a hash of the appending site) spreads the rows
-- that concurrent appends of different sites add to, so that they do not
-- wait for each other's row locks. Facts are derived from the events:
-- PostgresLedger.RebuildFacts recomputes them. An event's id is unique
-- through (site, seq): its own unique index goes. Counts are integer
-- (a cell is one month of one county, category, producer and stripe), so
-- that their sums stay in fast 64-bit arithmetic.

-- +goose Up
DROP TABLE ledger_facts;
CREATE TABLE ledger_facts (
    month          date NOT NULL,             -- first day of the month, China time
    county         text NOT NULL,             -- where the items were collected
    category       text NOT NULL,
    producer       text NOT NULL,
    subsidy        text NOT NULL,
    stripe         smallint NOT NULL,
    collected_units integer NOT NULL DEFAULT 0,
    collected_kg   double precision NOT NULL DEFAULT 0,
    bookings       integer NOT NULL DEFAULT 0,
    booking_days   double precision NOT NULL DEFAULT 0,
    timed          integer NOT NULL DEFAULT 0,
    on_time        integer NOT NULL DEFAULT 0,
    trade_ins      integer NOT NULL DEFAULT 0,
    handed_units   integer NOT NULL DEFAULT 0,
    handed_kg      double precision NOT NULL DEFAULT 0,
    licensed_units integer NOT NULL DEFAULT 0,
    licensed_kg    double precision NOT NULL DEFAULT 0,
    simulated      integer NOT NULL DEFAULT 0,
    PRIMARY KEY (month, county, category, producer, subsidy, stripe)
);
ALTER TABLE ledger_events DROP CONSTRAINT ledger_events_id_key;

-- +goose Down
ALTER TABLE ledger_events ADD CONSTRAINT ledger_events_id_key UNIQUE (id);
DROP TABLE ledger_facts;
CREATE TABLE ledger_facts (
    day            date NOT NULL,
    county         text NOT NULL,
    category       text NOT NULL,
    producer       text NOT NULL,
    subsidy        text NOT NULL,
    collected_units bigint NOT NULL DEFAULT 0,
    collected_kg   double precision NOT NULL DEFAULT 0,
    bookings       bigint NOT NULL DEFAULT 0,
    booking_days   double precision NOT NULL DEFAULT 0,
    timed          bigint NOT NULL DEFAULT 0,
    on_time        bigint NOT NULL DEFAULT 0,
    trade_ins      bigint NOT NULL DEFAULT 0,
    handed_units   bigint NOT NULL DEFAULT 0,
    handed_kg      double precision NOT NULL DEFAULT 0,
    licensed_units bigint NOT NULL DEFAULT 0,
    licensed_kg    double precision NOT NULL DEFAULT 0,
    simulated      bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (day, county, category, producer, subsidy)
);
