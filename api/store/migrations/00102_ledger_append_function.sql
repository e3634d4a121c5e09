-- One round trip per ledger append, and facts without row locks (owner:
-- ledger; see PostgresLedger.Append in api/store/ledger.go).
--
-- ledger_append: the client builds the event (its seq, prev and hash,
-- computed in Go exactly as `ledger verify` checks them) on the head it
-- expects and calls the function once, in autocommit. The function locks
-- the site's head row (FOR UPDATE, the row made on the site's first
-- event), answers a stored client id as a retry, refuses an event that
-- does not continue the head it found (status 2, with that head: the
-- client rebuilds and calls again), and otherwise stores the event, moves
-- the head and logs the event's monthly facts, all in one transaction.
-- status: 0 stored, 1 the client id is stored already (stored = its doc),
-- 2 the head moved (head_seq, head_hash: the head found).
--
-- ledger_fact_log: the facts of each append, inserted (no index, no
-- upsert, so concurrent appends never wait for each other's fact rows).
-- Reports read ledger_facts plus the log in one statement. Every append
-- whose event gid is a multiple of 4096 also folds the log into
-- ledger_facts (rows of stripe 0) in its own transaction: what it
-- deletes from the log it adds to the facts, atomically, so that a
-- reader sees each fact exactly once; appends still in flight stay in
-- the log for the next fold. ledger_fold_facts does the same on demand.

-- +goose Up
CREATE TABLE ledger_fact_log (
    month          date NOT NULL,
    county         text NOT NULL,
    category       text NOT NULL,
    producer       text NOT NULL,
    subsidy        text NOT NULL,
    collected_units integer NOT NULL,
    collected_kg   double precision NOT NULL,
    bookings       integer NOT NULL,
    booking_days   double precision NOT NULL,
    timed          integer NOT NULL,
    on_time        integer NOT NULL,
    trade_ins      integer NOT NULL,
    handed_units   integer NOT NULL,
    handed_kg      double precision NOT NULL,
    licensed_units integer NOT NULL,
    licensed_kg    double precision NOT NULL,
    simulated      integer NOT NULL
);

-- +goose StatementBegin
CREATE FUNCTION ledger_fold_facts() RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    n bigint;
BEGIN
    -- One fold at a time (a second would wait on the first's rows); a
    -- fold that finds one running leaves the log to a later one.
    IF NOT pg_try_advisory_xact_lock(hashtext('ledger_fold_facts')) THEN
        RETURN 0;
    END IF;
    WITH moved AS (DELETE FROM ledger_fact_log RETURNING *)
    INSERT INTO ledger_facts AS f (month, county, category, producer, subsidy, stripe,
            collected_units, collected_kg, bookings, booking_days, timed, on_time, trade_ins,
            handed_units, handed_kg, licensed_units, licensed_kg, simulated)
        SELECT month, county, category, producer, subsidy, 0,
            sum(collected_units), sum(collected_kg), sum(bookings), sum(booking_days), sum(timed), sum(on_time), sum(trade_ins),
            sum(handed_units), sum(handed_kg), sum(licensed_units), sum(licensed_kg), sum(simulated)
        FROM moved GROUP BY month, county, category, producer, subsidy
        ORDER BY month, county, category, producer, subsidy
    ON CONFLICT (month, county, category, producer, subsidy, stripe) DO UPDATE SET
        collected_units = f.collected_units + EXCLUDED.collected_units, collected_kg = f.collected_kg + EXCLUDED.collected_kg,
        bookings = f.bookings + EXCLUDED.bookings, booking_days = f.booking_days + EXCLUDED.booking_days,
        timed = f.timed + EXCLUDED.timed, on_time = f.on_time + EXCLUDED.on_time, trade_ins = f.trade_ins + EXCLUDED.trade_ins,
        handed_units = f.handed_units + EXCLUDED.handed_units, handed_kg = f.handed_kg + EXCLUDED.handed_kg,
        licensed_units = f.licensed_units + EXCLUDED.licensed_units, licensed_kg = f.licensed_kg + EXCLUDED.licensed_kg,
        simulated = f.simulated + EXCLUDED.simulated;
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN n;
END
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION ledger_append(
    p_site text, p_client_id text, p_seq bigint, p_prev text, p_hash text, p_id text,
    p_type text, p_time timestamptz, p_county text, p_corrects text, p_doc bytea,
    f_month date[], f_county text[], f_category text[], f_producer text[], f_subsidy text[],
    f_collected_units bigint[], f_collected_kg double precision[], f_bookings bigint[], f_booking_days double precision[],
    f_timed bigint[], f_on_time bigint[], f_trade_ins bigint[], f_handed_units bigint[], f_handed_kg double precision[],
    f_licensed_units bigint[], f_licensed_kg double precision[], f_simulated bigint[],
    OUT status smallint, OUT head_seq bigint, OUT head_hash text, OUT stored bytea)
LANGUAGE plpgsql AS $$
DECLARE
    gid bigint;
BEGIN
    SELECT h.seq, h.hash INTO head_seq, head_hash FROM ledger_heads h WHERE h.site = p_site FOR UPDATE;
    IF NOT FOUND THEN -- the site's first event
        INSERT INTO ledger_heads (site, seq, hash) VALUES (p_site, 0, '') ON CONFLICT (site) DO NOTHING;
        SELECT h.seq, h.hash INTO head_seq, head_hash FROM ledger_heads h WHERE h.site = p_site FOR UPDATE;
    END IF;
    SELECT e.doc INTO stored FROM ledger_events e WHERE e.client_id = p_client_id;
    IF FOUND THEN
        status := 1;
        RETURN;
    END IF;
    IF head_seq <> p_seq - 1 OR head_hash <> p_prev THEN
        status := 2;
        RETURN;
    END IF;
    INSERT INTO ledger_events (id, site, seq, client_id, type, time, county, corrects, hash, prev, doc)
        VALUES (p_id, p_site, p_seq, p_client_id, p_type, p_time, p_county, p_corrects, p_hash, p_prev, p_doc)
        RETURNING ledger_events.gid INTO gid;
    UPDATE ledger_heads SET seq = p_seq, hash = p_hash WHERE site = p_site;
    FOR i IN 1 .. coalesce(cardinality(f_month), 0) LOOP
        INSERT INTO ledger_fact_log VALUES (f_month[i], f_county[i], f_category[i], f_producer[i], f_subsidy[i],
            f_collected_units[i], f_collected_kg[i], f_bookings[i], f_booking_days[i], f_timed[i], f_on_time[i], f_trade_ins[i],
            f_handed_units[i], f_handed_kg[i], f_licensed_units[i], f_licensed_kg[i], f_simulated[i]);
    END LOOP;
    IF gid % 4096 = 0 THEN
        PERFORM ledger_fold_facts();
    END IF;
    status := 0;
    head_seq := p_seq;
    head_hash := p_hash;
END
$$;
-- +goose StatementEnd

-- +goose Down
DROP FUNCTION ledger_append(text, text, bigint, text, text, text, text, timestamptz, text, text, bytea,
    date[], text[], text[], text[], text[], bigint[], double precision[], bigint[], double precision[],
    bigint[], bigint[], bigint[], bigint[], double precision[], bigint[], double precision[], bigint[]);
-- The log's facts go back into the table that reads come from.
SELECT ledger_fold_facts();
DROP FUNCTION ledger_fold_facts();
DROP TABLE ledger_fact_log;
