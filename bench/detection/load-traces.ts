/**
 * Benchmark loader, not an importer: puts a simulated world's trace requests and results into a database with
 * set-based SQL, for timing `interdict detect` at the issue's volume (500,000 traces). The real import path
 * (`interdict import`) applies trace results hop by hop, with suspect-gun matching and trace events per row; on this
 * 2-core machine under the other sessions' load it ran at about 10 rows a second, so 1.1 million trace rows could not
 * be imported in the session. Multiple sales and dealers still go through `interdict import`.
 *
 * What detection reads is filled as the importer fills it: agencies by ORI (the national tracing center's when there is none); one firearm, possessor record and
 * recovery per request; the buyer record from the retailer hop; the trace completed on the result date with dealer,
 * sale date and time-to-crime; or not completed with the result's reason. Rows go in with SQL, then the importer's
 * own normalisation (firearmIdentity, personColumns) fills serial keys, makers, calibers, normalised names, streets,
 * phones and ID numbers. No trace events, hops or suspect matches are written: detection does not read them.
 *
 * COPY reads the files on the database server, so the server must be local (it is here). Usage:
 *   npx tsx bench/detection/load-traces.ts --dir /tmp/world-s21 --db detect_big
 */
import path from 'node:path';
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { personColumns, type PersonIn } from '../../src/features/ingest/normalise.js';
import { firearmIdentity } from '../../src/features/tracing/records.js';


function header(file: string): string[] {
  const fd = fs.openSync(file, 'r');
  const buf = Buffer.alloc(8192);
  const n = fs.readSync(fd, buf, 0, buf.length, 0);
  fs.closeSync(fd);
  const cols = buf.subarray(0, n).toString('utf8').split('\n')[0].trim().split(',');
  for (const c of cols) if (!/^[a-z_0-9]+$/.test(c)) throw new Error(`${file}: unexpected column name ${JSON.stringify(c)}`);
  return cols;
}

const STEPS: Array<[string, string]> = [
  ['agencies', `
    INSERT INTO agencies (ori, name, state)
    SELECT DISTINCT ON (requester_ori) requester_ori, coalesce(nullif(requester_agency, ''), requester_ori), left(requester_ori, 2)
    FROM stg_req WHERE coalesce(requester_ori, '') <> '' ORDER BY requester_ori
    ON CONFLICT (ori) DO NOTHING;
    INSERT INTO agencies (ori, name, kind) VALUES ('ATFNTC000', 'National Tracing Center', 'atf') ON CONFLICT (ori) DO NOTHING;
    UPDATE stg_req SET requester_ori = 'ATFNTC000' WHERE coalesce(requester_ori, '') = ''`],
  ['one row per request', `
    CREATE UNLOGGED TABLE stg AS
    SELECT row_number() OVER (ORDER BY r.request_id) AS n, r.*,
      h.result_date AS h_result_date, h.licence_number AS h_licence, h.name AS h_dealer_name, nullif(h.sale_date, '')::date AS h_sale_date,
      h.buyer_surname, h.buyer_given_name, h.buyer_middle_name, h.buyer_maternal_surname, h.buyer_dob, h.buyer_sex,
      h.buyer_street, h.buyer_city, h.buyer_state, h.buyer_postcode, h.buyer_phone, h.buyer_id_number, h.buyer_id_type, h.buyer_id_state,
      s.not_completed_reason AS stop_reason, s.result_date AS stop_date
    FROM stg_req r
    LEFT JOIN (SELECT DISTINCT ON (request_id) * FROM stg_res WHERE role = 'retailer' ORDER BY request_id, hop_seq::int DESC) h
      ON h.request_id = r.request_id
    LEFT JOIN (SELECT DISTINCT ON (request_id) * FROM stg_res WHERE coalesce(not_completed_reason, '') <> '' ORDER BY request_id) s
      ON s.request_id = r.request_id`],
  ['bases', `
    CREATE UNLOGGED TABLE stg_base AS SELECT
      (SELECT coalesce(max(id), 0) FROM firearms) AS f, (SELECT coalesce(max(id), 0) FROM recoveries) AS r,
      (SELECT coalesce(max(id), 0) FROM person_records) AS p, (SELECT coalesce(max(id), 0) FROM trace_requests) AS t,
      (SELECT count(*) FROM stg) AS n`],
  ['firearms', `
    INSERT INTO firearms (id, serial_raw, serial_norm, serial_key, obliterated, maker_raw, maker, importer_raw, model, caliber_raw, caliber,
      firearm_type, other_markings, source_kind, source_ref)
    SELECT b.f + s.n, nullif(s.serial, ''), upper(regexp_replace(s.serial, '[^A-Za-z0-9]', '', 'g')),
      nullif(upper(regexp_replace(s.serial, '[^A-Za-z0-9]', '', 'g')), ''), s.serial_obliterated = 'true',
      nullif(s.manufacturer, ''), nullif(s.manufacturer, ''), nullif(s.importer, ''), nullif(s.model, ''),
      nullif(s.caliber, ''), nullif(s.caliber, ''), nullif(s.type, ''), nullif(s.other_markings, ''),
      'trace_request', s.request_id
    FROM stg s CROSS JOIN stg_base b`],
  ['possessors', `
    INSERT INTO person_records (id, role, given_name, middle_name, surname, maternal_surname, given_norm, surname_norm, dob, sex,
      street_raw, street_norm, city, state, postcode, phone, id_number, id_type, id_state, source_kind, source_ref)
    SELECT b.p + s.n, 'possessor', s.possessor_given_name, nullif(s.possessor_middle_name, ''), s.possessor_surname,
      nullif(s.possessor_maternal_surname, ''), upper(s.possessor_given_name), upper(concat_ws(' ', s.possessor_surname, nullif(s.possessor_maternal_surname, ''))),
      nullif(s.possessor_dob, '')::date, nullif(s.possessor_sex, ''), nullif(s.possessor_street, ''), nullif(upper(s.possessor_street), ''),
      nullif(s.possessor_city, ''), nullif(s.possessor_state, ''), nullif(s.possessor_postcode, ''), nullif(s.possessor_phone, ''),
      nullif(s.possessor_id_number, ''), nullif(s.possessor_id_type, ''), nullif(s.possessor_id_state, ''), 'trace_request', s.request_id
    FROM stg s CROSS JOIN stg_base b WHERE coalesce(s.possessor_surname, '') <> ''`],
  ['buyers', `
    INSERT INTO person_records (id, role, given_name, middle_name, surname, maternal_surname, given_norm, surname_norm, dob, sex,
      street_raw, street_norm, city, state, postcode, phone, id_number, id_type, id_state, source_kind, source_ref)
    SELECT b.p + b.n + s.n, 'buyer', s.buyer_given_name, nullif(s.buyer_middle_name, ''), s.buyer_surname,
      nullif(s.buyer_maternal_surname, ''), upper(s.buyer_given_name), upper(concat_ws(' ', s.buyer_surname, nullif(s.buyer_maternal_surname, ''))),
      nullif(s.buyer_dob, '')::date, nullif(s.buyer_sex, ''), nullif(s.buyer_street, ''), nullif(upper(s.buyer_street), ''),
      nullif(s.buyer_city, ''), nullif(s.buyer_state, ''), nullif(s.buyer_postcode, ''), nullif(s.buyer_phone, ''),
      nullif(s.buyer_id_number, ''), nullif(s.buyer_id_type, ''), nullif(s.buyer_id_state, ''), 'trace_result', s.request_id
    FROM stg s CROSS JOIN stg_base b WHERE coalesce(s.buyer_surname, '') <> ''`],
  ['recoveries', `
    INSERT INTO recoveries (id, recovery_ref, recovered_on, address, city, state, mx_state, country, lat, lon, firearm_id, agency_id,
      possessor_record_id, source_kind, source_ref)
    SELECT b.r + s.n, s.request_id, s.recovery_date::date, nullif(s.recovery_address, ''), nullif(s.recovery_city, ''),
      nullif(s.recovery_state, ''), nullif(s.recovery_mx_state, ''), coalesce(nullif(s.recovery_country, ''), 'US'),
      nullif(s.recovery_lat, '')::float8, nullif(s.recovery_lon, '')::float8, b.f + s.n, ag.id,
      CASE WHEN coalesce(s.possessor_surname, '') <> '' THEN b.p + s.n END, 'trace_request', s.request_id
    FROM stg s CROSS JOIN stg_base b LEFT JOIN agencies ag ON ag.ori = s.requester_ori WHERE coalesce(s.recovery_date, '') <> ''`],
  ['trace requests', `
    INSERT INTO trace_requests (id, trace_number, request_ref, request_date, agency_id, priority, urgent_justification, ncic_code,
      requester_officer, requester_case_number, status, not_completed_reason, submitted_at, due_at, completed_at, dealer_licence,
      dealer_name, dealer_id, sale_date, ttc_days, firearm_id, recovery_id, possessor_record_id, buyer_record_id, source_kind, source_ref)
    SELECT b.t + s.n, s.request_id, s.request_id, s.request_date::date, ag.id,
      CASE WHEN s.priority = 'urgent' AND coalesce(s.urgent_justification, '') <> '' THEN 'urgent' ELSE 'routine' END,
      CASE WHEN s.priority = 'urgent' AND coalesce(s.urgent_justification, '') <> '' THEN s.urgent_justification END,
      nullif(s.ncic_code, ''), nullif(s.officer_name, ''), nullif(s.agency_case_number, ''),
      CASE WHEN s.h_sale_date IS NOT NULL THEN 'completed' WHEN s.stop_reason IS NOT NULL THEN 'not_completed' ELSE 'submitted' END,
      CASE WHEN s.h_sale_date IS NULL THEN s.stop_reason END,
      s.request_date::timestamptz, s.request_date::timestamptz + interval '10 days',
      CASE WHEN s.h_sale_date IS NOT NULL THEN s.h_result_date::timestamptz END,
      s.h_licence, s.h_dealer_name, d.id, s.h_sale_date,
      CASE WHEN s.h_sale_date IS NOT NULL AND coalesce(s.recovery_date, '') <> '' THEN s.recovery_date::date - s.h_sale_date END,
      b.f + s.n, CASE WHEN coalesce(s.recovery_date, '') <> '' THEN b.r + s.n END,
      CASE WHEN coalesce(s.possessor_surname, '') <> '' THEN b.p + s.n END,
      CASE WHEN coalesce(s.buyer_surname, '') <> '' THEN b.p + b.n + s.n END, 'trace_request', s.request_id
    FROM stg s CROSS JOIN stg_base b JOIN agencies ag ON ag.ori = s.requester_ori LEFT JOIN dealers d ON d.licence_number = s.h_licence`],
  ['sequences', `
    SELECT setval(pg_get_serial_sequence('firearms', 'id'), (SELECT max(id) FROM firearms));
    SELECT setval(pg_get_serial_sequence('recoveries', 'id'), (SELECT max(id) FROM recoveries));
    SELECT setval(pg_get_serial_sequence('person_records', 'id'), (SELECT max(id) FROM person_records));
    SELECT setval(pg_get_serial_sequence('trace_requests', 'id'), (SELECT max(id) FROM trace_requests))`],
];

const BATCH = 10_000;

/** The importer's normalisation applied to the firearms and person records the SQL steps wrote raw. */
async function normalise(c: pg.Client, log: (s: string) => void): Promise<void> {
  const b = (await c.query<{ f: string; p: string }>('SELECT f, p FROM stg_base')).rows[0];
  let t = Date.now();
  for (let after = Number(b.f); ;) {
    const r = await c.query<{ id: string; serial_raw: string | null; maker_raw: string | null; importer_raw: string | null; model: string | null; caliber_raw: string | null; firearm_type: string | null }>(
      'SELECT id, serial_raw, maker_raw, importer_raw, model, caliber_raw, firearm_type FROM firearms WHERE id > $1 ORDER BY id LIMIT $2', [after, BATCH]);
    if (r.rows.length === 0) break;
    after = Number(r.rows[r.rows.length - 1].id);
    const ids = firearmsOut(r.rows);
    await c.query(`
      UPDATE firearms f SET serial_norm = u.norm, serial_key = u.key, serial_partial = u.partial, maker = u.maker, importer = u.importer,
        model = u.model, caliber = u.caliber
      FROM unnest($1::bigint[], $2::text[], $3::text[], $4::boolean[], $5::text[], $6::text[], $7::text[], $8::text[])
        AS u(id, norm, key, partial, maker, importer, model, caliber)
      WHERE f.id = u.id`, ids);
  }
  log(`firearms normalised (${Date.now() - t} ms)`);
  t = Date.now();
  for (let after = Number(b.p); ;) {
    const r = await c.query<Record<string, string | null> & { id: string }>(
      `SELECT id, given_name, middle_name, surname, maternal_surname, dob::text AS dob, street_raw AS street, city, state, postcode,
         phone, id_number, id_type, id_state FROM person_records WHERE id > $1 ORDER BY id LIMIT $2`, [after, BATCH]);
    if (r.rows.length === 0) break;
    after = Number(r.rows[r.rows.length - 1].id);
    const cols = r.rows.map((x) => personColumns(Object.fromEntries(Object.entries(x).filter(([, v]) => v !== null)) as PersonIn, undefined, ''));
    await c.query(`
      UPDATE person_records p SET full_name = u.full_name, given_norm = u.given_norm, surname_norm = u.surname_norm,
        surname_phonetic = u.surname_phonetic, street_norm = u.street_norm, state = u.state, phone = u.phone, id_number = u.id_number,
        id_state = u.id_state
      FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[])
        AS u(id, full_name, given_norm, surname_norm, surname_phonetic, street_norm, state, phone, id_number, id_state)
      WHERE p.id = u.id`,
    [r.rows.map((x) => x.id), ...(['full_name', 'given_norm', 'surname_norm', 'surname_phonetic', 'street_norm', 'state', 'phone', 'id_number', 'id_state'] as const).map((k) => cols.map((x) => x[k]))]);
  }
  log(`person records normalised (${Date.now() - t} ms)`);
}

function firearmsOut(rows: Array<{ id: string; serial_raw: string | null; maker_raw: string | null; importer_raw: string | null; model: string | null; caliber_raw: string | null; firearm_type: string | null }>): unknown[] {
  const out: unknown[][] = [[], [], [], [], [], [], [], []];
  for (const x of rows) {
    const f = firearmIdentity({ serial: x.serial_raw ?? undefined, manufacturer: x.maker_raw ?? undefined, importer: x.importer_raw ?? undefined, model: x.model ?? undefined, caliber: x.caliber_raw ?? undefined, type: x.firearm_type ?? undefined });
    [x.id, f.serialNorm, f.serialKey, f.serialPartial, f.maker, f.importer, f.model, f.caliber].forEach((v, k) => out[k].push(v));
  }
  return out;
}

/** Loads DIR/trace_requests.csv and DIR/trace_results.csv into the database at `url` (a local PostgreSQL server). */
export async function loadTraces(url: string, dir: string, log: (s: string) => void = (s) => process.stderr.write(`${s}\n`)): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const t0 = Date.now();
  try {
    for (const [table, file] of [['stg_req', 'trace_requests.csv'], ['stg_res', 'trace_results.csv']] as const) {
      const full = path.resolve(dir, file);
      const cols = header(full);
      await c.query(`DROP TABLE IF EXISTS ${table}`);
      await c.query(`CREATE UNLOGGED TABLE ${table} (${cols.map((x) => `${x} text`).join(', ')})`);
      const t = Date.now();
      const r = await c.query(`COPY ${table} FROM '${full.replace(/'/g, "''")}' WITH (FORMAT csv, HEADER true)`);
      log(`${file}: ${r.rowCount} rows staged (${Date.now() - t} ms)`);
    }
    await c.query('DROP TABLE IF EXISTS stg, stg_base');
    await c.query('BEGIN');
    await c.query("SET LOCAL work_mem = '256MB'");
    for (const [name, q] of STEPS) {
      const t = Date.now();
      await c.query(q);
      log(`${name} (${Date.now() - t} ms)`);
    }
    await normalise(c, log);
    await c.query('DROP TABLE stg, stg_base, stg_req, stg_res');
    await c.query('COMMIT');
    await c.query('ANALYZE');
    const n = await c.query('SELECT status, count(*)::int AS n FROM trace_requests GROUP BY status ORDER BY status');
    log(`trace requests by status: ${JSON.stringify(n.rows)}; ${Date.now() - t0} ms in all`);
  } finally {
    await c.end();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values: a } = parseArgs({ options: { dir: { type: 'string' }, db: { type: 'string' } } });
  if (!a.dir || !a.db) throw new Error('usage: load-traces.ts --dir WORLD --db DATABASE');
  const u = new URL(process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test');
  u.pathname = `/${a.db}`;
  loadTraces(u.href, a.dir).catch((err: unknown) => {
    process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
  });
}
