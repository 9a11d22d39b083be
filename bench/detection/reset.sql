-- Puts a benchmark world back as it was before its first detection run, so that the first run (which writes every
-- person record's subject and every score) can be measured again: detection's tables emptied, the alerts it raised
-- removed, statistics of the emptied tables as after the load (ANALYZE of empty tables).
--   psql -h 127.0.0.1 -U postgres -d DB -f bench/detection/reset.sql
-- Only for benchmark databases: it deletes every risk_threshold alert.
BEGIN;
CREATE TEMP TABLE gone AS SELECT id FROM alerts WHERE kind = 'risk_threshold';
DELETE FROM alert_webhook_outbox WHERE alert_id IN (SELECT id FROM gone);
DELETE FROM alert_recipients WHERE alert_id IN (SELECT id FROM gone);
TRUNCATE person_risk_scores, dealer_risk_scores, compliance_findings, detection_subjects;
DELETE FROM alerts WHERE id IN (SELECT id FROM gone);
DELETE FROM detection_runs;
COMMIT;
VACUUM ANALYZE alerts, alert_webhook_outbox, alert_recipients, detection_runs;
ANALYZE person_risk_scores, dealer_risk_scores, compliance_findings, detection_subjects;
