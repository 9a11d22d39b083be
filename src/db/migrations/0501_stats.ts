import type { Kysely } from 'kysely';
import { runScript } from '../sql-script.js';

/**
 * Statistics: one flat row per trace request (stats_trace_facts) holding every dimension the statistics, reports and
 * maps group by, so that a page of figures over half a million traces reads one narrow table instead of joining
 * traces, firearms, recoveries, dealers and people each time (ADR 0005).
 *
 * The facts are kept current by statement-level triggers with transition tables: a batch insert or update of traces
 * costs one set-based statement, not a trigger call per row; updates that do not touch a column the facts read are
 * ignored. interdict_stats_catch_up() adds facts for traces that arrived with triggers off (a bulk load under
 * session_replication_role = replica) and interdict_stats_rebuild() recomputes everything.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
-- ATF's time-to-crime brackets, 0..5: under 3 months; 3 to under 7 months; 7 months to under 1 year; 1 to under
-- 2 years; 2 to under 3 years; 3 years or more. Calendar months when both dates are known (what "3 months" means),
-- else day thresholds (3 months = 91 days ... 3 years = 1095 days). A sale after the recovery is a data error:
-- no bracket.
CREATE FUNCTION interdict_ttc_bracket(sale date, recovered date, days integer) RETURNS smallint
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$
  SELECT CASE
    WHEN sale IS NOT NULL AND recovered IS NOT NULL THEN
      CASE
        WHEN recovered < sale THEN NULL
        WHEN recovered < sale + interval '3 months' THEN 0
        WHEN recovered < sale + interval '7 months' THEN 1
        WHEN recovered < sale + interval '1 year' THEN 2
        WHEN recovered < sale + interval '2 years' THEN 3
        WHEN recovered < sale + interval '3 years' THEN 4
        ELSE 5
      END
    WHEN days IS NULL OR days < 0 THEN NULL
    WHEN days < 91 THEN 0
    WHEN days < 213 THEN 1
    WHEN days < 365 THEN 2
    WHEN days < 730 THEN 3
    WHEN days < 1095 THEN 4
    ELSE 5
  END::smallint
$fn$;

-- What a fact row is made of. The event date is the recovery date (ATF's reports count guns recovered in a year);
-- a trace with no recovery record counts on the day it was submitted.
CREATE VIEW stats_trace_source AS
SELECT
  t.id AS trace_id,
  t.agency_id,
  ev.event_on,
  t.submitted_at,
  t.priority,
  t.status,
  t.not_completed_reason,
  t.due_at,
  t.completed_at,
  CASE WHEN t.completed_at IS NOT NULL
       THEN (extract(epoch FROM t.completed_at - t.submitted_at) / 3600.0)::real END AS turnaround_hours,
  f.firearm_type,
  f.caliber,
  f.maker,
  f.obliterated,
  COALESCE(t.ncic_code, r.ncic_code) AS ncic_code,
  t.recovery_id,
  COALESCE(r.country, 'US') AS rec_country,
  r.state AS rec_state,
  r.mx_state AS rec_mx_state,
  r.city AS rec_city,
  r.lat AS rec_lat,
  r.lon AS rec_lon,
  COALESCE(t.dealer_id, d2.id) AS dealer_id,
  COALESCE(d.licence_number, t.dealer_licence) AS dealer_licence,
  COALESCE(d.state, d2.state) AS dealer_state,
  CASE WHEN ttc.days >= 0 THEN ttc.days END AS ttc_days,
  interdict_ttc_bracket(t.sale_date, r.recovered_on, ttc.days) AS ttc_bracket,
  CASE WHEN p.dob IS NOT NULL AND p.dob <= ev.event_on AND ev.event_on - p.dob < 120 * 366
       THEN extract(year FROM age(ev.event_on, p.dob))::smallint END AS possessor_age,
  p.id AS possessor_record_id,
  t.requester_case_number,
  t.atf_case_number
FROM trace_requests t
JOIN firearms f ON f.id = t.firearm_id
LEFT JOIN recoveries r ON r.id = t.recovery_id
LEFT JOIN dealers d ON d.id = t.dealer_id
LEFT JOIN dealers d2 ON t.dealer_id IS NULL AND d2.licence_number = t.dealer_licence
LEFT JOIN person_records p ON p.id = COALESCE(t.possessor_record_id, r.possessor_record_id)
CROSS JOIN LATERAL (SELECT COALESCE(r.recovered_on, (t.submitted_at AT TIME ZONE 'UTC')::date) AS event_on) ev
CROSS JOIN LATERAL (SELECT COALESCE(t.ttc_days, r.recovered_on - t.sale_date) AS days) ttc;

CREATE TABLE stats_trace_facts (
  trace_id       bigint PRIMARY KEY REFERENCES trace_requests(id) ON DELETE CASCADE,
  agency_id      bigint NOT NULL,
  event_on       date NOT NULL,
  submitted_at   timestamptz NOT NULL,
  priority       text NOT NULL,
  status         text NOT NULL,
  not_completed_reason text,
  due_at         timestamptz NOT NULL,
  completed_at   timestamptz,
  turnaround_hours real,
  firearm_type   text,
  caliber        text,
  maker          text,
  obliterated    boolean NOT NULL,
  ncic_code      text,
  recovery_id    bigint,
  rec_country    text NOT NULL,
  rec_state      text,
  rec_mx_state   text,
  rec_city       text,
  rec_lat        double precision,
  rec_lon        double precision,
  dealer_id      bigint,
  dealer_licence text,
  dealer_state   text,
  ttc_days       integer,
  ttc_bracket    smallint,
  possessor_age  smallint,
  possessor_record_id bigint,
  requester_case_number text,
  atf_case_number text
);
CREATE INDEX stats_facts_event ON stats_trace_facts(event_on);
CREATE INDEX stats_facts_agency ON stats_trace_facts(agency_id, event_on);
CREATE INDEX stats_facts_state ON stats_trace_facts(rec_state, event_on);
CREATE INDEX stats_facts_mx_state ON stats_trace_facts(rec_mx_state, event_on) WHERE rec_mx_state IS NOT NULL;
CREATE INDEX stats_facts_country ON stats_trace_facts(rec_country, event_on);
CREATE INDEX stats_facts_dealer ON stats_trace_facts(dealer_licence) WHERE dealer_licence IS NOT NULL;
CREATE INDEX stats_facts_req_case ON stats_trace_facts(requester_case_number) WHERE requester_case_number IS NOT NULL;
CREATE INDEX stats_facts_atf_case ON stats_trace_facts(atf_case_number) WHERE atf_case_number IS NOT NULL;
CREATE INDEX stats_facts_recovery ON stats_trace_facts(recovery_id);
CREATE INDEX stats_facts_dealer_id ON stats_trace_facts(dealer_id);
CREATE INDEX stats_facts_possessor ON stats_trace_facts(possessor_record_id) WHERE possessor_record_id IS NOT NULL;

CREATE FUNCTION interdict_stats_refresh(ids bigint[]) RETURNS integer LANGUAGE plpgsql AS $fn$
DECLARE n integer;
BEGIN
  IF cardinality(ids) = 0 THEN RETURN 0; END IF;
  DELETE FROM stats_trace_facts WHERE trace_id = ANY(ids);
  INSERT INTO stats_trace_facts SELECT * FROM stats_trace_source WHERE trace_id = ANY(ids);
  GET DIAGNOSTICS n = ROW_COUNT;
  RETURN n;
END
$fn$;

CREATE FUNCTION interdict_stats_catch_up() RETURNS integer LANGUAGE plpgsql AS $fn$
DECLARE n integer;
BEGIN
  INSERT INTO stats_trace_facts
  SELECT s.* FROM stats_trace_source s
  WHERE NOT EXISTS (SELECT 1 FROM stats_trace_facts x WHERE x.trace_id = s.trace_id);
  GET DIAGNOSTICS n = ROW_COUNT;
  RETURN n;
END
$fn$;

CREATE FUNCTION interdict_stats_rebuild() RETURNS integer LANGUAGE plpgsql AS $fn$
DECLARE n integer;
BEGIN
  DELETE FROM stats_trace_facts;
  INSERT INTO stats_trace_facts SELECT * FROM stats_trace_source;
  GET DIAGNOSTICS n = ROW_COUNT;
  RETURN n;
END
$fn$;

CREATE FUNCTION interdict_stats_on_trace_insert() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  INSERT INTO stats_trace_facts
  SELECT s.* FROM stats_trace_source s WHERE s.trace_id IN (SELECT id FROM stats_new_rows)
  ON CONFLICT (trace_id) DO NOTHING;
  RETURN NULL;
END
$fn$;
CREATE TRIGGER stats_trace_insert AFTER INSERT ON trace_requests
  REFERENCING NEW TABLE AS stats_new_rows FOR EACH STATEMENT EXECUTE FUNCTION interdict_stats_on_trace_insert();

CREATE FUNCTION interdict_stats_on_trace_update() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM interdict_stats_refresh(ARRAY(
    SELECT n.id FROM stats_new_rows n JOIN stats_old_rows o ON o.id = n.id
    WHERE (n.agency_id, n.priority, n.status, n.not_completed_reason, n.due_at, n.submitted_at, n.completed_at,
           n.firearm_id, n.recovery_id, n.possessor_record_id, n.ncic_code, n.dealer_id, n.dealer_licence,
           n.sale_date, n.ttc_days, n.requester_case_number, n.atf_case_number)
      IS DISTINCT FROM
          (o.agency_id, o.priority, o.status, o.not_completed_reason, o.due_at, o.submitted_at, o.completed_at,
           o.firearm_id, o.recovery_id, o.possessor_record_id, o.ncic_code, o.dealer_id, o.dealer_licence,
           o.sale_date, o.ttc_days, o.requester_case_number, o.atf_case_number)));
  RETURN NULL;
END
$fn$;
CREATE TRIGGER stats_trace_update AFTER UPDATE ON trace_requests
  REFERENCING OLD TABLE AS stats_old_rows NEW TABLE AS stats_new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION interdict_stats_on_trace_update();

-- The other tables a fact reads: rarely updated, but a corrected recovery place, caliber or birth date must show.
-- Each finds the changed rows first and stops there when none changed, so unrelated updates cost next to nothing.
CREATE FUNCTION interdict_stats_on_recovery_update() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE changed bigint[];
BEGIN
  changed := ARRAY(
    SELECT n.id FROM stats_new_rows n JOIN stats_old_rows o ON o.id = n.id
    WHERE (n.recovered_on, n.city, n.state, n.mx_state, n.country, n.lat, n.lon, n.ncic_code, n.possessor_record_id)
      IS DISTINCT FROM (o.recovered_on, o.city, o.state, o.mx_state, o.country, o.lat, o.lon, o.ncic_code, o.possessor_record_id));
  IF cardinality(changed) > 0 THEN
    PERFORM interdict_stats_refresh(ARRAY(SELECT trace_id FROM stats_trace_facts WHERE recovery_id = ANY(changed)));
  END IF;
  RETURN NULL;
END
$fn$;
CREATE TRIGGER stats_recovery_update AFTER UPDATE ON recoveries
  REFERENCING OLD TABLE AS stats_old_rows NEW TABLE AS stats_new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION interdict_stats_on_recovery_update();

CREATE FUNCTION interdict_stats_on_firearm_update() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE changed bigint[];
BEGIN
  changed := ARRAY(
    SELECT n.id FROM stats_new_rows n JOIN stats_old_rows o ON o.id = n.id
    WHERE (n.firearm_type, n.caliber, n.maker, n.obliterated) IS DISTINCT FROM (o.firearm_type, o.caliber, o.maker, o.obliterated));
  IF cardinality(changed) > 0 THEN
    PERFORM interdict_stats_refresh(ARRAY(SELECT id FROM trace_requests WHERE firearm_id = ANY(changed)));
  END IF;
  RETURN NULL;
END
$fn$;
CREATE TRIGGER stats_firearm_update AFTER UPDATE ON firearms
  REFERENCING OLD TABLE AS stats_old_rows NEW TABLE AS stats_new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION interdict_stats_on_firearm_update();

CREATE FUNCTION interdict_stats_on_dealer_update() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE changed bigint[];
BEGIN
  changed := ARRAY(
    SELECT n.id FROM stats_new_rows n JOIN stats_old_rows o ON o.id = n.id
    WHERE (n.state, n.licence_number) IS DISTINCT FROM (o.state, o.licence_number));
  IF cardinality(changed) > 0 THEN
    PERFORM interdict_stats_refresh(ARRAY(SELECT trace_id FROM stats_trace_facts WHERE dealer_id = ANY(changed)));
  END IF;
  RETURN NULL;
END
$fn$;
CREATE TRIGGER stats_dealer_update AFTER UPDATE ON dealers
  REFERENCING OLD TABLE AS stats_old_rows NEW TABLE AS stats_new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION interdict_stats_on_dealer_update();

-- Possessor ages: only the birth date matters. Retention purges and corrections rewrite it.
CREATE FUNCTION interdict_stats_on_person_update() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE changed bigint[];
BEGIN
  changed := ARRAY(SELECT n.id FROM stats_new_rows n JOIN stats_old_rows o ON o.id = n.id WHERE n.dob IS DISTINCT FROM o.dob);
  IF cardinality(changed) > 0 THEN
    PERFORM interdict_stats_refresh(ARRAY(SELECT trace_id FROM stats_trace_facts WHERE possessor_record_id = ANY(changed)));
  END IF;
  RETURN NULL;
END
$fn$;
CREATE TRIGGER stats_person_update AFTER UPDATE ON person_records
  REFERENCING OLD TABLE AS stats_old_rows NEW TABLE AS stats_new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION interdict_stats_on_person_update();
`,
  );
}
