-- What a detection run decided, as a few digests: compare them before and after a change that must not alter results
-- (a performance change). Run after bench.ts or world.ts on the same world:
--   psql -h 127.0.0.1 -U postgres -d DB -At -f bench/detection/fingerprint.sql
-- Ids of runs, findings and alerts differ between databases and are left out.
SELECT 'subjects', count(*), md5(string_agg(person_record_id || ':' || subject_id || ':' || basis, ',' ORDER BY person_record_id))
FROM detection_subjects;
SELECT 'person_scores', count(*), count(*) FILTER (WHERE flagged),
  md5(string_agg(concat_ws(':', subject_id, score, level, flagged, flagged_on, first_seen_on, last_seen_on, guns_known, guns_before_flag,
    display_name, dob, record_ids::text, reasons::text, features::text), ',' ORDER BY subject_id))
FROM person_risk_scores WHERE current;
SELECT 'flagged', md5(string_agg(subject_id || ':' || score || ':' || flagged_on, ',' ORDER BY subject_id))
FROM person_risk_scores WHERE current AND flagged;
SELECT 'dealer_scores', count(*), md5(string_agg(concat_ws(':', dealer_id, score, level, volume, traces, short_ttc, expected_short_ttc,
    rate_ratio, reasons::text, features::text), ',' ORDER BY dealer_id))
FROM dealer_risk_scores WHERE current;
SELECT 'findings', count(*), md5(string_agg(concat_ws(':', dealer_id, dealer_licence, subject_id, form, certainty, first_sale_on, last_sale_on,
    guns, unreported_guns, explanation, evidence::text), ',' ORDER BY subject_id, dealer_id, first_sale_on, form, certainty, explanation))
FROM compliance_findings WHERE current;
