-- Core tables of the service (owner: api/store). Versions 00001–00099 are
-- the service's, 00100–00199 the ledger's (see /work/coord/service-api.md).

-- +goose Up
CREATE TABLE api_keys (
    id         text PRIMARY KEY,
    name       text NOT NULL DEFAULT '',
    role       text NOT NULL CHECK (role IN ('admin', 'planner', 'dispatcher', 'viewer')),
    hash       bytea NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE scenarios (
    name        text PRIMARY KEY,
    base        text NOT NULL,
    description text NOT NULL DEFAULT '',
    spec        bytea NOT NULL,
    version     bigint NOT NULL,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL
);

CREATE TABLE runs (
    id          text PRIMARY KEY,
    kind        text NOT NULL,
    scenario    text NOT NULL DEFAULT '',
    params      bytea,
    status      text NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
    progress    double precision NOT NULL DEFAULT 0,
    best_cost   double precision,
    bound       double precision,
    error       text NOT NULL DEFAULT '',
    result      bytea,
    geojson     bytea,
    attempt     integer NOT NULL DEFAULT 0,
    created_at  timestamptz NOT NULL,
    started_at  timestamptz,
    finished_at timestamptz
);
CREATE INDEX runs_kind_status_created ON runs (kind, status, created_at DESC);
CREATE INDEX runs_status_created ON runs (status, created_at);

CREATE TABLE bookings (
    seq        bigserial PRIMARY KEY,
    id         text NOT NULL UNIQUE,
    earliest   text NOT NULL,
    latest     text NOT NULL,
    county     text NOT NULL DEFAULT '',
    status     text NOT NULL,
    kind       text NOT NULL,
    doc        bytea NOT NULL,
    version    bigint NOT NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
);
CREATE INDEX bookings_dates ON bookings (earliest, latest);
CREATE INDEX bookings_county_seq ON bookings (county, seq);
CREATE INDEX bookings_status_seq ON bookings (status, seq);

CREATE TABLE idempotency_keys (
    key          text PRIMARY KEY,
    request_hash bytea NOT NULL,
    status       integer NOT NULL,
    body         bytea NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE day_plans (
    date       text PRIMARY KEY,
    run        text NOT NULL DEFAULT '',
    doc        bytea NOT NULL,
    dispatched text[] NOT NULL DEFAULT '{}',
    version    bigint NOT NULL,
    updated_at timestamptz NOT NULL
);

-- +goose Down
DROP TABLE day_plans;
DROP TABLE idempotency_keys;
DROP TABLE bookings;
DROP TABLE runs;
DROP TABLE scenarios;
DROP TABLE api_keys;
