-- A digest of what the tracing, recovery and suspect-gun imports store, to compare two imports of the same world
-- (bench/ingest/tracing-writers.ts). Row ids, timestamps and the order rows went in may differ between two correct
-- imports; so every row is described by natural keys (trace numbers, source refs, entry refs) instead of ids, and
-- each table is summarised as a count and an md5 over its sorted descriptions.
-- Usage: psql -At -f bench/ingest/tracing-digest.sql DATABASE
WITH
person AS (SELECT id, concat_ws('|', role, source_ref, surname, given_name, dob, id_number, street_raw, city, state) AS d FROM person_records),
gun AS (SELECT id, concat_ws('|', source_ref, serial_raw, serial_key, maker, model, caliber) AS d FROM firearms),
tr AS (SELECT id, trace_number AS n FROM trace_requests),
parts(name, n, h) AS (
  SELECT 'trace_requests', count(*), md5(string_agg(concat_ws('|', t.trace_number, t.request_ref, t.status, t.not_completed_reason, t.dealer_licence,
      t.dealer_name, t.sale_date, t.ttc_days, t.ttc_bracket, t.result_flags::text, t.answered_by_source, t.answered_by_ref, b.d, d.n, t.dealer_id),
      E'\n' ORDER BY t.trace_number))
  FROM trace_requests t LEFT JOIN person b ON b.id = t.buyer_record_id LEFT JOIN tr d ON d.id = t.duplicate_of
  UNION ALL
  SELECT 'trace_hops', count(*), md5(string_agg(concat_ws('|', tr.n, h.seq, h.role, h.licence_number, h.name, h.received_on, h.disposed_on, h.state,
      h.country, p.d, h.source_kind, h.source_ref), E'\n' ORDER BY tr.n, h.seq))
  FROM trace_hops h JOIN tr ON tr.id = h.trace_id LEFT JOIN person p ON p.id = h.person_record_id
  UNION ALL
  -- Events of one trace keep their order (row_number by id within the trace).
  SELECT 'trace_events', count(*), md5(string_agg(x, E'\n' ORDER BY x)) FROM (
    SELECT concat_ws('|', tr.n, row_number() OVER (PARTITION BY e.trace_id ORDER BY e.id), e.from_status, e.to_status,
      regexp_replace(e.note, 'due \S+', 'due ...')) AS x
    FROM trace_events e JOIN tr ON tr.id = e.trace_id) s
  UNION ALL
  SELECT 'trace_late_results', count(*), md5(string_agg(concat_ws('|', tr.n, l.row_hash, l.kind, l.trace_status, l.hop_seq, l.role, l.licence_number,
      l.name, l.received_on, l.disposed_on, p.d, l.not_completed_reason, l.conflicts::text, l.review_status, l.alert_id IS NOT NULL, l.source_ref),
      E'\n' ORDER BY tr.n, l.row_hash))
  FROM trace_late_results l JOIN tr ON tr.id = l.trace_id LEFT JOIN person p ON p.id = l.buyer_record_id
  UNION ALL
  SELECT 'pending_trace_results', count(*), md5(string_agg(concat_ws('|', request_ref, hop_seq, row_data::text, source_ref), E'\n' ORDER BY request_ref, hop_seq))
  FROM pending_trace_results
  UNION ALL
  SELECT 'person_records', count(*), md5(string_agg(d, E'\n' ORDER BY d)) FROM person
  UNION ALL
  SELECT 'firearms', count(*), md5(string_agg(d, E'\n' ORDER BY d)) FROM gun
  UNION ALL
  SELECT 'recoveries', count(*), md5(string_agg(concat_ws('|', r.recovery_ref, r.agency_id, g.d, r.recovered_on, r.city, r.state, r.mx_state, r.country,
      r.lat, r.lon, r.ncic_code, p.d, r.source_kind, r.source_ref), E'\n' ORDER BY r.source_ref, r.recovery_ref))
  FROM recoveries r JOIN gun g ON g.id = r.firearm_id LEFT JOIN person p ON p.id = r.possessor_record_id
  UNION ALL
  SELECT 'suspect_guns', count(*), md5(string_agg(concat_ws('|', s.entry_ref, s.agency_id, s.case_id, g.d, s.reason, s.reason_detail, s.investigator_id,
      s.investigator_name, s.status, s.review_on, s.referred_on, s.serial_key, s.serial_partial, s.key_len, s.maker, s.importer, s.source_ref),
      E'\n' ORDER BY s.agency_id, s.entry_ref))
  FROM suspect_guns s JOIN gun g ON g.id = s.firearm_id
  UNION ALL
  SELECT 'suspect_serial_variants', count(*), md5(string_agg(concat_ws('|', s.agency_id, s.entry_ref, v.variant), E'\n' ORDER BY s.agency_id, s.entry_ref, v.variant))
  FROM suspect_serial_variants v JOIN suspect_guns s ON s.id = v.suspect_gun_id
  UNION ALL
  SELECT 'suspect_matches', count(*), md5(string_agg(concat_ws('|', s.entry_ref, g.d, tr.n, r.recovery_ref, m.score, m.alert_id IS NOT NULL), E'\n'
      ORDER BY s.entry_ref, g.d))
  FROM suspect_matches m JOIN suspect_guns s ON s.id = m.suspect_gun_id JOIN gun g ON g.id = m.firearm_id
    LEFT JOIN tr ON tr.id = m.trace_id LEFT JOIN recoveries r ON r.id = m.recovery_id
  UNION ALL
  -- Alert titles and reasons name ids (evidence); the kind, severity, status, case and trace say what was raised.
  SELECT 'alerts', count(*), md5(string_agg(x, E'\n' ORDER BY x)) FROM (
    SELECT concat_ws('|', a.kind, a.severity, a.status, a.case_id, tr.n, a.score, a.agency_id, a.assigned_to, a.escalated_to,
      regexp_replace(a.title, '\d+', '#', 'g'), jsonb_array_length(a.reasons),
      (SELECT string_agg(concat(r.user_id, ':', r.reason), ',' ORDER BY r.user_id) FROM alert_recipients r WHERE r.alert_id = a.id)) AS x
    FROM alerts a LEFT JOIN tr ON tr.id = a.trace_id) s
  UNION ALL
  SELECT 'audit_events', count(*), md5(string_agg(x, E'\n' ORDER BY x)) FROM (
    SELECT concat_ws('|', action, target_type, CASE WHEN target_type = 'trace' THEN target_id END, reason, actor_label) AS x
    FROM audit_events WHERE action NOT LIKE 'import.%') s
  UNION ALL
  SELECT 'audit_chain_links', count(*), md5(string_agg((prev_hash = lag_hash)::text, '' ORDER BY id)) FROM (
    SELECT id, prev_hash, coalesce(lag(hash) OVER (ORDER BY id), prev_hash) AS lag_hash FROM audit_events) s
)
SELECT name || ' ' || n || ' ' || coalesce(h, '-') FROM parts;
