-- ledger_append with one statement less (owner: ledger; replaces the body
-- of 00102's, same signature and answers). The head is no longer read
-- FOR UPDATE and then updated: one conditional UPDATE moves it from the
-- head the client built on (seq - 1, prev) to the new event, taking the
-- row's lock; a concurrent append of the site that commits first makes
-- PostgreSQL re-check the condition on the new head, which then fails,
-- so exactly one event continues each head. The client-id lookup comes
-- first, without the lock: it finds every committed retry; a retry that
-- commits after the lookup is caught by the unique client_id index (the
-- insert waits for it and fails; the client answers it as a retry) or,
-- on the same site, moves the head first (status 2, and the client's
-- next call finds it). A site's first event inserts its head row.

-- +goose Up
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION ledger_append(
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
    SELECT e.doc, e.seq, e.hash INTO stored, head_seq, head_hash FROM ledger_events e WHERE e.client_id = p_client_id;
    IF FOUND THEN -- head_seq, head_hash: the stored event's, a head the site has had
        status := 1;
        RETURN;
    END IF;
    UPDATE ledger_heads SET seq = p_seq, hash = p_hash WHERE site = p_site AND seq = p_seq - 1 AND hash = p_prev;
    IF NOT FOUND THEN
        IF p_seq = 1 THEN -- the site's first event, unless another came first
            INSERT INTO ledger_heads (site, seq, hash) VALUES (p_site, p_seq, p_hash) ON CONFLICT (site) DO NOTHING;
        END IF;
        IF p_seq <> 1 OR NOT FOUND THEN
            SELECT h.seq, h.hash INTO head_seq, head_hash FROM ledger_heads h WHERE h.site = p_site;
            IF NOT FOUND THEN
                head_seq := 0;
                head_hash := '';
            END IF;
            status := 2;
            RETURN;
        END IF;
    END IF;
    INSERT INTO ledger_events (id, site, seq, client_id, type, time, county, corrects, hash, prev, doc)
        VALUES (p_id, p_site, p_seq, p_client_id, p_type, p_time, p_county, p_corrects, p_hash, p_prev, p_doc)
        RETURNING ledger_events.gid INTO gid;
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
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION ledger_append(
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
    IF NOT FOUND THEN
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
