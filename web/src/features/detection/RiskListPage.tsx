import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { api } from '../../lib/api';
import { useSession } from '../../lib/session';
import { LevelBadge, ScoreBar } from './Evidence';
import type { Level, RankedDealer, RankedPerson } from './types';

interface PeopleAnswer {
  people: RankedPerson[];
  counts: { total: number; high: number; elevated: number };
}

/** The people and dealers to look at first: current risk scores, highest first, each with its main reasons. */
export function RiskListPage() {
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'dealers' ? 'dealers' : 'people';
  const level = (params.get('level') ?? '') as Level | '';
  const [q, setQ] = useState(params.get('q') ?? '');
  const [people, setPeople] = useState<PeopleAnswer | null>(null);
  const [dealers, setDealers] = useState<RankedDealer[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [running, setRunning] = useState<string | null>(null);
  const { can } = useSession();

  useEffect(() => {
    setError(null);
    const s = new URLSearchParams({ limit: '100' });
    if (level) s.set('level', level);
    if (tab === 'people') {
      if (params.get('q')) s.set('q', params.get('q')!);
      api<PeopleAnswer>(`/detection/people?${s}`).then(setPeople).catch((e: Error) => setError(e.message));
    } else {
      api<{ dealers: RankedDealer[] }>(`/detection/dealers?${s}`).then((r) => setDealers(r.dealers)).catch((e: Error) => setError(e.message));
    }
  }, [tab, level, params]);

  const set = (k: string, v: string) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    setParams(next);
  };
  const run = () => {
    setRunning('starting…');
    api<{ jobId: number }>('/detection/runs', { method: 'POST', json: { mode: 'incremental' } })
      .then((r) => setRunning(`run queued as job ${r.jobId}; reload when it completes`))
      .catch((e: Error) => setRunning(e.message));
  };

  return (
    <section>
      <h1>Risk ranking</h1>
      <p className="muted">
        Scores add up the trafficking indicators found in multiple-sale reports, traces and tips; a person at 50 points or more is
        flagged and alerted on. Dealers are judged against their volume, never on raw counts.
      </p>
      <div className="toolbar">
        <button type="button" className={tab === 'people' ? '' : 'secondary'} onClick={() => set('tab', '')}>People</button>
        <button type="button" className={tab === 'dealers' ? '' : 'secondary'} onClick={() => set('tab', 'dealers')}>Dealers</button>
        <label>
          Level
          <select value={level} onChange={(e) => set('level', e.target.value)} aria-label="level">
            <option value="">all</option>
            <option value="high">high (flagged)</option>
            <option value="elevated">elevated</option>
            <option value="low">low</option>
          </select>
        </label>
        {tab === 'people' && (
          <form onSubmit={(e) => { e.preventDefault(); set('q', q); }} className="toolbar" style={{ margin: 0 }}>
            <label>Name<input value={q} onChange={(e) => setQ(e.target.value)} /></label>
            <button type="submit" className="secondary">Search</button>
          </form>
        )}
        {can('detection:run') && <button type="button" onClick={run}>Rescore now</button>}
        {running && <span className="muted">{running}</span>}
      </div>
      {error && <p role="alert" className="error">{error}</p>}
      {tab === 'people' && people && (
        <>
          <p className="muted">{people.counts.high} flagged, {people.counts.elevated} elevated, {people.counts.total} scored.</p>
          <table data-testid="risk-people">
            <thead><tr><th>Score</th><th>Person</th><th>Born</th><th>Level</th><th>Flagged on</th><th>Guns</th><th>Main reasons</th></tr></thead>
            <tbody>
              {people.people.map((p) => (
                <tr key={p.subject_id}>
                  <td><ScoreBar score={p.score} /> {Math.round(p.score)}</td>
                  <td><Link to={`/detection/people/${p.subject_id}`}>{p.display_name ?? `person ${p.subject_id}`}</Link></td>
                  <td>{p.dob ?? ''}</td>
                  <td><LevelBadge level={p.level} flagged={p.flagged} /></td>
                  <td>{p.flagged_on ?? ''}</td>
                  <td>{p.guns_known}</td>
                  <td className="det-headline">{p.headline}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {tab === 'dealers' && dealers && (
        <table data-testid="risk-dealers">
          <thead><tr><th>Score</th><th>Dealer</th><th>Place</th><th>Guns known sold</th><th>Short-TTC traces (expected)</th><th>Rate ratio</th><th>Main reason</th></tr></thead>
          <tbody>
            {dealers.map((d) => (
              <tr key={d.dealer_id}>
                <td><ScoreBar score={d.score} /> {Math.round(d.score)}</td>
                <td><Link to={`/detection/dealers/${d.dealer_id}`}>{d.name}</Link><div className="muted">{d.licence_number}</div></td>
                <td>{[d.city, d.state].filter(Boolean).join(', ')}</td>
                <td>{d.volume.toLocaleString()}</td>
                <td>{d.short_ttc} ({d.expected_short_ttc.toFixed(1)})</td>
                <td>{d.rate_ratio.toFixed(2)}</td>
                <td className="det-headline">{d.reasons[0]?.text ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
