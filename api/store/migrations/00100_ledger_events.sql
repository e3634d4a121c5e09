-- The work ledger (owner: ledger, api/ledger; see api/store/ledger.go).
-- Events are append-only: the application never updates or deletes a row
-- of ledger_events. ledger_heads holds each site's chain head and is the
-- row every append of the site locks; ledger_facts are the daily facts
-- that reports add up, written in the same transaction as each event.

-- +goose Up
CREATE TABLE ledger_events (
    gid        bigserial PRIMARY KEY,        -- storage order
    id         text NOT NULL UNIQUE,         -- SITE/SEQ
    site       text NOT NULL,
    seq        bigint NOT NULL,
    client_id  text NOT NULL UNIQUE,         -- idempotency
    type       text NOT NULL,
    time       timestamptz NOT NULL,
    county     text NOT NULL,
    corrects   text,
    hash       text NOT NULL,
    prev       text NOT NULL,
    doc        bytea NOT NULL,               -- the event as JSON, fields as in the API
    recorded_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (site, seq)
);
CREATE INDEX ledger_events_time ON ledger_events (time);
CREATE INDEX ledger_events_corrects ON ledger_events (corrects) WHERE corrects IS NOT NULL;

CREATE TABLE ledger_heads (
    site text PRIMARY KEY,
    seq  bigint NOT NULL,
    hash text NOT NULL
);

CREATE TABLE ledger_facts (
    day            date NOT NULL,             -- China time
    county         text NOT NULL,             -- where the items were collected
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

CREATE TABLE ledger_sites (
    id       text PRIMARY KEY,
    kind     text NOT NULL,
    county   text NOT NULL,
    name     text NOT NULL DEFAULT '',
    licensed boolean NOT NULL DEFAULT false
);

-- +goose Down
DROP TABLE ledger_sites;
DROP TABLE ledger_facts;
DROP TABLE ledger_heads;
DROP TABLE ledger_events;
