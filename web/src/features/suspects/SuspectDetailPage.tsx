import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api } from '../../lib/api';
import { Badge, ErrorNote, fmtDate, useAction, useLoad } from '../tracing/common';
import type { AlertReason } from '../tracing/types';

interface EntryDetail {
  entry: Record<string, string | number | boolean | null> & { id: number; status: string; case_id: number };
  matches: Array<{
    id: number; score: number; reasons: AlertReason[]; status: string; matched_at: string; trace_id: number | null; trace_number: string | null;
    recovered_on: string | null; city: string | null; state: string | null; mx_state: string | null; country: string | null; ncic_code: string | null;
    alert_id: number | null; alert_status: string | null;
  }>;
  allowed: { review: boolean; reapprove: boolean; close: boolean; reviewMatches: boolean };
}

/** One register entry: the gun, its case and approval, and every gun matched against it with the reasons. */
export function SuspectDetailPage() {
  const { id } = useParams();
  const { data, error, reload } = useLoad<EntryDetail>(`/suspects/${id}`);
  const a = useAction();
  const [note, setNote] = useState('');
  const [reviewOn, setReviewOn] = useState('');
  if (error) return <ErrorNote error={error} />;
  if (!data) return <p className="muted">Loading…</p>;
  const e = data.entry;
  const post = (path: string, json: object) => void a.run(() => api(path, { method: 'POST', json })).then((ok) => ok && reload());
  return (
    <section>
      <h1>
        Suspect gun <code>{String(e.serial_raw)}</code> <Badge value={e.status} />
      </h1>
      <div className="grid2">
        <div className="card">
          <dl className="tr-dl">
            <dt>Gun</dt>
            <dd>{[e.maker, e.importer ? `(imported by ${e.importer})` : null, e.model, e.caliber, e.firearm_type].filter(Boolean).join(' ')}</dd>
            <dt>Case</dt>
            <dd>
              <Link to={`/cases/${e.case_id}`}>{String(e.case_number)}</Link>
            </dd>
            <dt>Reason</dt>
            <dd>
              {String(e.reason).replaceAll('_', ' ')} {e.reason_detail && <span className="muted">— {String(e.reason_detail)}</span>}
            </dd>
            <dt>Investigator</dt>
            <dd>{String(e.investigator_username ?? e.investigator_name ?? '')}</dd>
            <dt>Approved</dt>
            <dd>{e.approved_by_username ? `by ${String(e.approved_by_username)} on ${fmtDate(String(e.approved_at))}` : '—'}</dd>
            <dt>Review by</dt>
            <dd>{String(e.review_on)}</dd>
            {e.closed_reason && (
              <>
                <dt>Closed</dt>
                <dd>{String(e.closed_reason)}</dd>
              </>
            )}
          </dl>
        </div>
        <div className="card">
          {(data.allowed.review || data.allowed.reapprove || data.allowed.close) && (
            <>
              <label>
                Note
                <input value={note} onChange={(x) => setNote(x.target.value)} />
              </label>
              <label>
                Next review date
                <input type="date" value={reviewOn} onChange={(x) => setReviewOn(x.target.value)} />
              </label>
              <div className="toolbar">
                {data.allowed.review && (
                  <>
                    <button type="button" onClick={() => post(`/suspects/${e.id}/review`, { verdict: 'approved', note: note || undefined, reviewOn: reviewOn || undefined })}>
                      Approve entry
                    </button>
                    <button type="button" className="danger" onClick={() => post(`/suspects/${e.id}/review`, { verdict: 'rejected', note })}>
                      Reject
                    </button>
                  </>
                )}
                {data.allowed.reapprove && (
                  <button type="button" onClick={() => post(`/suspects/${e.id}/reapprove`, { reviewOn, note })}>
                    Re-approve until the date
                  </button>
                )}
                {data.allowed.close && (
                  <button type="button" className="secondary" onClick={() => post(`/suspects/${e.id}/close`, { reason: note || 'flag withdrawn' })}>
                    Close the flag
                  </button>
                )}
              </div>
            </>
          )}
          <ErrorNote error={a.error} />
        </div>
      </div>
      <div className="card">
        <h2>Matches</h2>
        {data.matches.length === 0 && <p className="muted">No recovered gun has matched this entry.</p>}
        <table>
          <tbody>
            {data.matches.map((m) => (
              <tr key={m.id}>
                <td className="num">{m.score.toFixed(2)}</td>
                <td>
                  {m.trace_id ? <Link to={`/traces/${m.trace_id}`}>{m.trace_number}</Link> : 'recovery'} {m.recovered_on}{' '}
                  {[m.city, m.state ?? m.mx_state, m.country].filter(Boolean).join(', ')} {m.ncic_code && <span className="muted">NCIC {m.ncic_code}</span>}
                  <ul className="al-reasons">
                    {m.reasons.map((r, i) => (
                      <li key={i}>{r.text}</li>
                    ))}
                  </ul>
                </td>
                <td>{m.alert_id && <Link to={`/alerts/${m.alert_id}`}>alert ({m.alert_status})</Link>}</td>
                <td>
                  <Badge value={m.status} />
                  {data.allowed.reviewMatches && m.status === 'candidate' && (
                    <>
                      <button type="button" onClick={() => post(`/suspect-matches/${m.id}/review`, { verdict: 'confirmed' })}>
                        Same gun: recovered
                      </button>{' '}
                      <button type="button" className="secondary" onClick={() => post(`/suspect-matches/${m.id}/review`, { verdict: 'rejected' })}>
                        Another gun
                      </button>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
