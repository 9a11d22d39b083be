import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api } from '../../lib/api';
import { PurchaseTimeline } from './charts';
import { EvidenceList, LevelBadge, ReasonList, ScoreBar } from './Evidence';
import type { PersonRisk } from './types';

/** One person's risk: the score, each reason with its evidence, the records behind the person, and what followed. */
export function PersonRiskPage() {
  const { id } = useParams();
  const [r, setR] = useState<PersonRisk | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api<PersonRisk>(`/detection/people/${id}`).then(setR).catch((e: Error) => setError(e.message));
  }, [id]);
  if (error) return <p role="alert" className="error">{error}</p>;
  if (!r) return <p className="muted">Loading…</p>;
  const c = r.current;
  const name = c?.display_name ?? [r.records[0]?.given_name, r.records[0]?.surname].filter(Boolean).join(' ');
  return (
    <section>
      <h1>{name || `Person ${r.subjectId}`}</h1>
      <div className="cards">
        <div className="card">
          <div className="muted">Risk score</div>
          <div className="stat" data-testid="risk-score">{c ? Math.round(c.score) : 0}</div>
          {c && <ScoreBar score={c.score} />} {c && <LevelBadge level={c.level} flagged={c.flagged} />}
        </div>
        <div className="card"><div className="muted">Flagged on (data date)</div><div className="stat">{c?.flagged_on ?? '–'}</div></div>
        <div className="card"><div className="muted">Guns known bought</div><div className="stat">{c?.guns_known ?? 0}</div>
          {c?.guns_before_flag != null && <div className="muted">{c.guns_before_flag} by the flag day</div>}</div>
        <div className="card"><div className="muted">Records joined</div><div className="stat">{r.records.length}</div>
          <div className="muted">{r.records[0]?.basis === 'resolved' ? 'by entity resolution' : 'by exact identity keys'}</div></div>
      </div>
      {r.alerts.length > 0 && (
        <div className="card">
          <h2>Alerts</h2>
          <ul>
            {r.alerts.map((a) => (
              <li key={a.id}>
                <Link to={`/alerts/${a.id}`}>{a.title}</Link> <span className={`badge ${a.status}`}>{a.status}</span>{' '}
                <span className="muted">{new Date(a.created_at).toLocaleString()}</span>
              </li>
            ))}
          </ul>
        </div>
      )}
      <div className="card">
        <h2>Why</h2>
        {c && c.reasons.length > 0 ? <ReasonList reasons={c.reasons} /> : <p className="muted">No indicator found for this person.</p>}
      </div>
      <div className="card">
        <h2>Purchases known</h2>
        <PurchaseTimeline
          flaggedOn={c?.flagged_on}
          dots={r.purchases.map((p) => ({ date: p.date, group: p.dealer_licence ?? 'unknown dealer', size: p.guns, label: `${p.date}: ${p.guns} × ${p.label} (${p.source} ${p.id})` }))}
        />
        <table>
          <thead><tr><th>Date</th><th>Source</th><th>Dealer</th><th>Guns</th><th>What</th></tr></thead>
          <tbody>
            {r.purchases.map((p) => (
              <tr key={`${p.source}-${p.id}`}>
                <td>{p.date}</td>
                <td>{p.source === 'trace' ? <Link to={`/traces/${p.id}`}>trace {p.id}</Link> : <Link to={`/sales/reports/${p.id}`}>report {p.id}</Link>}</td>
                <td>{p.dealer_id ? <Link to={`/detection/dealers/${p.dealer_id}`}>{p.dealer_licence}</Link> : p.dealer_licence}</td>
                <td>{p.guns}</td>
                <td>{p.label}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {r.findings.length > 0 && (
        <div className="card">
          <h2>Unreported multiple sales</h2>
          {r.findings.map((f) => (
            <div key={f.id}><p>{f.explanation}</p><EvidenceList items={f.evidence} /></div>
          ))}
        </div>
      )}
      <div className="card">
        <h2>Records behind this person</h2>
        <table>
          <thead><tr><th>#</th><th>Role</th><th>Name as written</th><th>Born</th><th>ID</th><th>Address</th><th>Phone</th><th>Source</th></tr></thead>
          <tbody>
            {r.records.map((p) => (
              <tr key={p.id}>
                <td>{p.id}</td>
                <td>{p.role}</td>
                <td>{[p.given_name, p.middle_name, p.surname, p.maternal_surname].filter(Boolean).join(' ')}</td>
                <td>{p.dob ?? ''}</td>
                <td>{p.id_number ? `${p.id_number} ${p.id_state ?? ''}` : ''}</td>
                <td>{[p.street_raw, p.city, p.state, p.postcode].filter(Boolean).join(', ')}</td>
                <td>{p.phone ?? ''}</td>
                <td className="muted">{p.source_kind} {p.source_ref}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {r.history.length > 0 && (
        <div className="card">
          <h2>Score history</h2>
          <table>
            <thead><tr><th>Run</th><th>Mode</th><th>Finished</th><th>Score</th><th>Level</th></tr></thead>
            <tbody>
              {r.history.map((h) => (
                <tr key={h.run_id}><td>{h.run_id}</td><td>{h.mode}</td><td>{h.finished_at ? new Date(h.finished_at).toLocaleString() : ''}</td><td>{Math.round(h.score)}</td><td><LevelBadge level={h.level} flagged={h.flagged} /></td></tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
