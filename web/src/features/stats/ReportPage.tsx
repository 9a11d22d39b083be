import { useEffect, useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router-dom';
import { api } from '../../lib/api';
import { useSession } from '../../lib/session';
import { BarChart, Histogram, type Datum } from '../../lib/charts';
import { MX_STATE_OPTIONS, US_STATE_OPTIONS } from './places';
import type { ReportSection, TraceReport } from './types';

const sectionData = (s: ReportSection): Datum[] => s.rows.map((r) => ({ label: r.label, value: r.count, display: r.display }));

function Section({ s }: { s: ReportSection }) {
  return (
    <section className="report-section" data-testid={`report-${s.id}`}>
      <h2>{s.title}</h2>
      {s.rows.length === 0 ? (
        <p className="muted">None.</p>
      ) : (
        <div className="report-body">
          <div className="report-chart">
            {s.chart === 'histogram' ? <Histogram data={sectionData(s)} title={s.title} /> : <BarChart data={sectionData(s)} title={s.title} />}
          </div>
          <table className="report-table">
            <thead>
              <tr><th></th><th className="num">Count</th><th className="num">Percent</th></tr>
            </thead>
            <tbody>
              {s.rows.map((r, i) => (
                <tr key={`${r.label}-${i}`}>
                  <td>{r.label}</td>
                  <td className="num">{r.display}</td>
                  <td className="num">{r.percent == null ? '' : `${r.percent.toFixed(1)} %`}</td>
                </tr>
              ))}
              <tr className="report-base">
                <td>Total: {s.base.label}</td>
                <td className="num">{s.base.display}</td>
                <td></td>
              </tr>
            </tbody>
          </table>
        </div>
      )}
      {s.note && <p className="muted">{s.note}</p>}
    </section>
  );
}

/**
 * ATF-style annual trace report for a state or Mexico: tables and charts, a CSV download and a printable page
 * (the browser's print makes the PDF). A release version hides small counts.
 */
export function ReportPage() {
  const [params, setParams] = useSearchParams();
  const { can } = useSession();
  const kind = params.get('kind') === 'mexico' ? 'mexico' : 'state';
  const place = params.get('place') ?? (kind === 'state' ? 'TX' : '');
  const year = params.get('year') ?? String(new Date().getFullYear() - 1);
  const release = params.get('release') === 'true';
  const minCell = params.get('minCell') ?? '5';
  const [form, setForm] = useState({ kind, place, year, release, minCell });
  const [report, setReport] = useState<TraceReport | null>(null);
  const [error, setError] = useState<string | null>(null);

  const query = new URLSearchParams({ year, release: String(release), minCell });
  if (place) query.set('place', place);
  const qs = query.toString();

  useEffect(() => {
    setError(null);
    setReport(null);
    api<TraceReport>(`/reports/${kind}?${qs}`).then(setReport).catch((e: Error) => setError(e.message));
  }, [kind, qs]);

  const submit = (e: FormEvent): void => {
    e.preventDefault();
    const next = new URLSearchParams({ kind: form.kind, year: form.year, release: String(form.release), minCell: form.minCell });
    if (form.place) next.set('place', form.place);
    setParams(next);
  };
  const places = form.kind === 'state' ? US_STATE_OPTIONS : MX_STATE_OPTIONS;

  return (
    <section className="print-report">
      <form className="toolbar no-print" onSubmit={submit} aria-label="Report">
        <label>
          Report
          <select value={form.kind} onChange={(e) => setForm({ ...form, kind: e.target.value as 'state' | 'mexico', place: e.target.value === 'state' ? 'TX' : '' })}>
            <option value="state">US state</option>
            <option value="mexico">Mexico</option>
          </select>
        </label>
        <label>
          Place
          <select value={form.place} onChange={(e) => setForm({ ...form, place: e.target.value })}>
            {form.kind === 'mexico' && <option value="">All of Mexico</option>}
            {places.map(([c, n]) => (
              <option key={c} value={c}>{n}</option>
            ))}
          </select>
        </label>
        <label>
          Year
          <input type="number" min={1968} max={2100} value={form.year} onChange={(e) => setForm({ ...form, year: e.target.value })} />
        </label>
        {can('stats:release') && (
          <label className="inline">
            <input type="checkbox" checked={form.release} onChange={(e) => setForm({ ...form, release: e.target.checked })} /> For release (hide small counts)
          </label>
        )}
        {form.release && (
          <label>
            Hide counts below
            <input type="number" min={2} max={1000} value={form.minCell} onChange={(e) => setForm({ ...form, minCell: e.target.value })} size={4} />
          </label>
        )}
        <button type="submit">Show</button>
        <a className="button secondary" href={`/api/v1/reports/${kind}?${qs}&format=csv`} download>
          Download CSV
        </a>
        <button type="button" className="secondary" onClick={() => window.print()}>
          Print / PDF
        </button>
      </form>
      {error && <p className="error" role="alert">{error}</p>}
      {!report && !error && <p className="muted">Preparing the report…</p>}
      {report && (
        <article className="report" data-testid="report">
          <header>
            <h1>{report.title}</h1>
            <p className="muted">
              {report.scope}. Produced {new Date(report.generatedAt).toLocaleString()}.{' '}
              {report.release ? <strong>Release version: counts below {report.minCell} hidden.</strong> : <strong className="error">Not for release: exact counts, for law enforcement use.</strong>}
            </p>
          </header>
          <table className="report-headline">
            <tbody>
              {report.headline.map((h) => (
                <tr key={h.label}>
                  <th>{h.label}</th>
                  <td className="num">{h.value}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {report.sections.map((s) => (
            <Section key={s.id} s={s} />
          ))}
          <footer className="report-notes">
            <ul>
              {report.notes.map((n) => (
                <li key={n}>{n}</li>
              ))}
            </ul>
            <p className="report-disclaimer" data-testid="disclaimer">{report.disclaimer}</p>
          </footer>
        </article>
      )}
    </section>
  );
}
