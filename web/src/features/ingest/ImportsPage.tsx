import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api, ApiError } from '../../lib/api';

const KINDS = ['dealers', 'cases', 'multiple_sales', 'trace_requests', 'trace_results', 'recoveries', 'suspect_guns', 'dealer_tips', 'theft_reports'];

interface ImportRow {
  id: number;
  kind: string;
  fileName: string;
  status: 'running' | 'completed' | 'failed' | 'refused';
  rowsTotal: number;
  rowsOk: number;
  rowsRejected: number;
  rowsDuplicate: number;
  error: string | null;
  source: string;
  startedAt: string;
}

interface Reject {
  line: number;
  field: string | null;
  reason: string;
  raw: string | null;
}

interface Progress {
  phase?: string;
  linesTotal?: number;
  linesDone?: number;
  rowsOk?: number;
  rowsRejected?: number;
  rowsDuplicate?: number;
  rate?: number;
  etaMs?: number | null;
}

interface Summary {
  outcome: string;
  message: string;
  batchId: number | null;
  errors: string[];
  counts: { rowsTotal: number; rowsOk: number; rowsRejected: number; rowsDuplicate: number };
}

interface Job {
  id: number;
  status: 'queued' | 'running' | 'completed' | 'failed';
  progress: Progress;
  result: Summary | null;
  error: string | null;
}

function seconds(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '?';
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`;
}

function Rejects({ batchId }: { batchId: number }) {
  const [data, setData] = useState<{ total: number; rows: Reject[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api<{ rejects: { total: number; rows: Reject[] } }>(`/imports/${batchId}?limit=200`)
      .then((r) => setData(r.rejects))
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  }, [batchId]);
  if (error) return <p className="error">{error}</p>;
  if (!data) return <p className="muted">Loading rejected rows…</p>;
  if (data.total === 0) return <p className="muted">No rejected rows.</p>;
  return (
    <div className="ing-rejects" id="rejects" data-testid="import-rejects">
      <h3>
        Rejected rows ({data.total}
        {data.total > data.rows.length ? `, first ${data.rows.length} shown` : ''})
      </h3>
      <table>
        <thead>
          <tr>
            <th>Line</th>
            <th>Field</th>
            <th>Reason</th>
            <th>Row as written</th>
          </tr>
        </thead>
        <tbody>
          {data.rows.map((r, i) => (
            <tr key={`${r.line}-${i}`}>
              <td>{r.line}</td>
              <td>
                <code>{r.field ?? '—'}</code>
              </td>
              <td>{r.reason}</td>
              <td className="ing-raw">
                <code>{r.raw}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function ImportsPage() {
  const [file, setFile] = useState<File | null>(null);
  const [kind, setKind] = useState('');
  const [strict, setStrict] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [job, setJob] = useState<Job | null>(null);
  const [imports, setImports] = useState<ImportRow[]>([]);
  const [selected, setSelected] = useState<number | null>(null);

  const refresh = useCallback(() => {
    api<{ imports: ImportRow[] }>('/imports?limit=30')
      .then((r) => setImports(r.imports))
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  }, []);
  useEffect(refresh, [refresh]);

  // Poll the job until it ends; the summary then names the import, whose rejected rows are shown.
  useEffect(() => {
    if (!job || job.status === 'completed' || job.status === 'failed') return;
    const timer = setTimeout(() => {
      api<{ job: Job }>(`/jobs/${job.id}`)
        .then((r) => {
          setJob(r.job);
          if (r.job.status === 'completed' || r.job.status === 'failed') {
            refresh();
            if (r.job.result?.batchId) setSelected(r.job.result.batchId);
          }
        })
        .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
    }, 1000);
    return () => clearTimeout(timer);
  }, [job, refresh]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!file) return;
    setBusy(true);
    setError(null);
    setSelected(null);
    try {
      // multipart/form-data: the options travel as fields before the file part, which the server streams to disk.
      const form = new FormData();
      if (kind) form.set('kind', kind);
      if (strict) form.set('strict', 'true');
      form.set('file', file, file.name);
      const r = await api<{ jobId: number }>('/imports', { method: 'POST', body: form });
      setJob({ id: r.jobId, status: 'queued', progress: {}, result: null, error: null });
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  }

  const p = job?.progress ?? {};
  const result = job?.result ?? null;
  const pct = result ? 100 : p.linesTotal ? Math.min(100, Math.round(((p.linesDone ?? 0) * 100) / p.linesTotal)) : 0;

  return (
    <section>
      <h1>Imports</h1>
      <p className="muted">
        Files of lawful records only: dealers, multiple-sale reports (F 3310.4, F 3310.12), trace requests and results, recoveries,
        suspect-gun referrals, dealer tips, theft reports, as CSV with a header or NDJSON. Plain retail sales are refused.
      </p>
      <form className="ing-form" onSubmit={(e) => void submit(e)}>
        <label>
          File <input type="file" accept=".csv,.ndjson,.jsonl" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
        </label>
        <label>
          Kind{' '}
          <select value={kind} onChange={(e) => setKind(e.target.value)}>
            <option value="">from the header</option>
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {k}
              </option>
            ))}
          </select>
        </label>
        <label>
          <input type="checkbox" checked={strict} onChange={(e) => setStrict(e.target.checked)} /> strict: nothing from a file with a bad row
        </label>
        <button type="submit" disabled={!file || busy}>
          {busy ? 'Uploading…' : 'Upload and import'}
        </button>
      </form>
      {error && <p className="error">{error}</p>}

      {job && (
        <div className="ing-job" aria-live="polite" data-testid="import-job">
          <h2>
            Job {job.id}: {result ? result.outcome.replace('_', ' ') : job.status}
          </h2>
          {job.status !== 'failed' && (
            <>
              <progress max={100} value={pct} data-testid="import-progress" aria-label="Import progress" />
              <p data-testid="import-progress-text">
                {pct}% · {(result?.counts.rowsOk ?? p.rowsOk ?? 0).toLocaleString()} imported ·{' '}
                {(result?.counts.rowsRejected ?? p.rowsRejected ?? 0).toLocaleString()} rejected ·{' '}
                {(result?.counts.rowsDuplicate ?? p.rowsDuplicate ?? 0).toLocaleString()} duplicate
                {!result && ` · ${Math.round(p.rate ?? 0).toLocaleString()} rows/s · ${seconds(p.etaMs)} left`}
              </p>
            </>
          )}
          {job.status === 'failed' && <p className="error">{job.error}</p>}
          {result && (
            <>
              <p className={result.outcome === 'completed' || result.outcome === 'already_imported' ? '' : 'error'}>{result.message}</p>
              {result.errors.length > 0 && (
                <ul className="ing-errors">
                  {result.errors.map((e) => (
                    <li key={e}>{e}</li>
                  ))}
                </ul>
              )}
            </>
          )}
        </div>
      )}

      {selected !== null && <Rejects batchId={selected} />}

      <h2>Recent imports</h2>
      <table>
        <thead>
          <tr>
            <th>#</th>
            <th>File</th>
            <th>Kind</th>
            <th>Status</th>
            <th>Imported</th>
            <th>Rejected</th>
            <th>Duplicate</th>
            <th>Started</th>
          </tr>
        </thead>
        <tbody>
          {imports.map((b) => (
            <tr key={b.id} className={selected === b.id ? 'ing-selected' : undefined} onClick={() => setSelected(b.id)}>
              <td>{b.id}</td>
              <td title={b.error ?? undefined}>{b.fileName}</td>
              <td>{b.kind}</td>
              <td>
                <span className={`badge ${b.status}`}>{b.status}</span>
              </td>
              <td>{b.rowsOk.toLocaleString()}</td>
              <td>{b.rowsRejected > 0 ? <a href="#rejects">{b.rowsRejected.toLocaleString()}</a> : 0}</td>
              <td>{b.rowsDuplicate.toLocaleString()}</td>
              <td>{new Date(b.startedAt).toLocaleString()}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
