import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api } from '../../lib/api';
import { Bars } from './charts';
import { EvidenceList, LevelBadge, ScoreBar } from './Evidence';
import type { DealerProfile } from './types';

const BRACKETS = ['< 3 months', '3 to < 7 months', '7 months to < 1 year', '1 to < 2 years', '2 to < 3 years', '3 years or more'];

/** A dealer's profile: risk judged against its volume, its time-to-crime profile, flagged buyers, unreported sales. */
export function DealerProfilePage() {
  const { id } = useParams();
  const [d, setD] = useState<DealerProfile | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api<DealerProfile>(`/detection/dealers/${id}`).then(setD).catch((e: Error) => setError(e.message));
  }, [id]);
  if (error) return <p role="alert" className="error">{error}</p>;
  if (!d) return <p className="muted">Loading…</p>;
  const c = d.current;
  const f = (c?.features ?? {}) as Record<string, number>;
  return (
    <section>
      <h1>{d.dealer.name}</h1>
      <p className="muted">
        Licence {d.dealer.licence_number} (type {d.dealer.licence_type}) · {[d.dealer.street, d.dealer.city, d.dealer.state].filter(Boolean).join(', ')} · {d.dealer.status}
      </p>
      <div className="cards">
        <div className="card"><div className="muted">Risk score</div><div className="stat" data-testid="dealer-score">{c ? Math.round(c.score) : 0}</div>{c && <><ScoreBar score={c.score} /> <LevelBadge level={c.level} /></>}</div>
        <div className="card"><div className="muted">Guns known sold</div><div className="stat">{c?.volume.toLocaleString() ?? 0}</div><div className="muted">{f.msReports ?? 0} multiple-sale reports</div></div>
        <div className="card"><div className="muted">Short-TTC traces (≤ 3 years)</div><div className="stat">{c?.short_ttc ?? 0}</div><div className="muted">{c ? c.expected_short_ttc.toFixed(1) : 0} expected for its volume</div></div>
        <div className="card"><div className="muted">Rate ratio (shrunk)</div><div className="stat">{c ? c.rate_ratio.toFixed(2) : '–'}</div><div className="muted">1.00 is the rate of all dealers</div></div>
      </div>
      <div className="grid2">
        <div className="card">
          <h2>Why</h2>
          {c && c.reasons.length > 0 ? (
            <ol className="det-reasons">{c.reasons.map((r) => <li key={r.code}><strong className="det-points">+{Math.round(r.points)}</strong> {r.text}</li>)}</ol>
          ) : <p className="muted">Nothing stands out against this dealer's volume.</p>}
        </div>
        <div className="card">
          <h2>Time-to-crime of traced guns</h2>
          <Bars rows={BRACKETS.map((b) => ({ label: b, n: d.ttcBrackets.find((x) => x.bracket === b)?.n ?? 0 }))} />
        </div>
      </div>
      <div className="card">
        <h2>Buyers here at elevated or high risk</h2>
        {d.flaggedBuyers.length === 0 ? <p className="muted">None.</p> : (
          <table>
            <thead><tr><th>Person</th><th>Score</th><th>Level</th><th>Guns bought here</th></tr></thead>
            <tbody>
              {d.flaggedBuyers.map((b) => (
                <tr key={b.subject_id}><td><Link to={`/detection/people/${b.subject_id}`}>{b.display_name ?? `person ${b.subject_id}`}</Link></td><td>{Math.round(b.score)}</td><td><LevelBadge level={b.level} /></td><td>{b.guns_here}</td></tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      <div className="card">
        <h2>Multiple sales found through traces and not reported</h2>
        {d.findings.length === 0 ? <p className="muted">None found.</p> : d.findings.map((x) => (
          <div key={x.id} className="det-finding">
            <p><span className={`badge ${x.certainty === 'definite' ? 'high' : ''}`}>{x.certainty}</span> {x.explanation}</p>
            <EvidenceList items={x.evidence} />
          </div>
        ))}
      </div>
    </section>
  );
}
