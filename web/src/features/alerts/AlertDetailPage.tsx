import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api } from '../../lib/api';
import { DECISION_ACTIONS } from '../../../../src/domain/codes';
import { Badge, ErrorNote, fmtDate, today, useAction, useLoad } from '../tracing/common';
import type { AlertDetail, DecisionRow } from '../tracing/types';

const ACTION_HELP: Record<string, string> = {
  interdict: 'stop the gun before it moves on',
  seize: 'take the gun',
  arrest: 'arrest the person holding or moving it',
  refer: 'hand it to another agency (say which)',
  continue_monitoring: 'keep watching: needs a written justification and a supervisor other than you',
};
const MIN_JUSTIFICATION = 20;
const OUTCOMES = ['seized', 'arrested', 'charged', 'referred', 'interdicted', 'recovered', 'lost_track', 'other'];

function DecisionForm({ alertId, onDone }: { alertId: number; onDone: () => void }) {
  const [action, setAction] = useState<string>('');
  const [why, setWhy] = useState('');
  const a = useAction();
  const monitoring = action === 'continue_monitoring';
  const short = monitoring && why.trim().length < MIN_JUSTIFICATION;
  return (
    <div className="card al-decide" data-testid="decision-form">
      <h2>Decision</h2>
      <fieldset className="al-actions">
        <legend>What will be done about this gun?</legend>
        {DECISION_ACTIONS.map((x) => (
          <label key={x} className="inline">
            <input type="radio" name="action" value={x} checked={action === x} onChange={() => setAction(x)} />
            <strong>{x.replaceAll('_', ' ')}</strong> <span className="muted">— {ACTION_HELP[x]}</span>
          </label>
        ))}
      </fieldset>
      <label>
        Justification {monitoring ? `(required, at least ${MIN_JUSTIFICATION} characters)` : '(optional)'}
        <textarea name="justification" rows={3} value={why} onChange={(e) => setWhy(e.target.value)} />
      </label>
      <ErrorNote error={a.error} />
      <button
        type="button"
        disabled={!action || short || a.busy}
        onClick={() =>
          void a.run(() => api(`/alerts/${alertId}/decisions`, { method: 'POST', json: { action, justification: why.trim() || undefined } })).then((ok) => ok && onDone())
        }
      >
        Record decision
      </button>
    </div>
  );
}

function ReviewForm({ decisionId, onDone }: { decisionId: number; onDone: () => void }) {
  const [note, setNote] = useState('');
  const a = useAction();
  const send = (verdict: string) =>
    void a.run(() => api(`/decisions/${decisionId}/review`, { method: 'POST', json: { verdict, note: note || undefined } })).then((ok) => ok && onDone());
  return (
    <div className="card al-review">
      <h2>Supervisor's review</h2>
      <p>A decision to keep watching this gun waits for your approval. Rejecting it reopens the alert for a new decision.</p>
      <label>
        Note
        <textarea rows={2} value={note} onChange={(e) => setNote(e.target.value)} />
      </label>
      <ErrorNote error={a.error} />
      <div className="toolbar">
        <button type="button" onClick={() => send('approved')} disabled={a.busy}>
          Approve
        </button>
        <button type="button" className="danger" onClick={() => send('rejected')} disabled={a.busy}>
          Reject
        </button>
      </div>
    </div>
  );
}

function Dissent({ d, onDone }: { d: DecisionRow; onDone: () => void }) {
  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
  const a = useAction();
  if (!open)
    return (
      <button type="button" className="secondary" onClick={() => setOpen(true)}>
        Record dissent
      </button>
    );
  return (
    <div>
      <textarea rows={2} value={text} onChange={(e) => setText(e.target.value)} placeholder="Why you disagree (kept permanently)" />
      <ErrorNote error={a.error} />
      <button
        type="button"
        disabled={text.trim().length < 5 || a.busy}
        onClick={() => void a.run(() => api(`/decisions/${d.id}/dissents`, { method: 'POST', json: { text } })).then((ok) => ok && onDone())}
      >
        Record dissent
      </button>
    </div>
  );
}

function OutcomeForm({ alertId, onDone }: { alertId: number; onDone: () => void }) {
  const [kind, setKind] = useState('seized');
  const [on, setOn] = useState(today());
  const [note, setNote] = useState('');
  const a = useAction();
  return (
    <div className="toolbar">
      <label>
        What followed
        <select value={kind} onChange={(e) => setKind(e.target.value)}>
          {OUTCOMES.map((o) => (
            <option key={o} value={o}>
              {o.replaceAll('_', ' ')}
            </option>
          ))}
        </select>
      </label>
      <label>
        On
        <input type="date" value={on} onChange={(e) => setOn(e.target.value)} />
      </label>
      <label>
        Note
        <input value={note} onChange={(e) => setNote(e.target.value)} />
      </label>
      <button type="button" className="secondary" onClick={() => void a.run(() => api(`/alerts/${alertId}/outcomes`, { method: 'POST', json: { kind, occurredOn: on, note: note || undefined } })).then((ok) => ok && onDone())}>
        Record
      </button>
      <ErrorNote error={a.error} />
    </div>
  );
}

/** The decision screen: why the alert was raised, what was decided, who approved or dissented, what followed. */
export function AlertDetailPage() {
  const { id } = useParams();
  const { data, error, reload } = useLoad<AlertDetail>(`/alerts/${id}`);
  if (error) return <ErrorNote error={error} />;
  if (!data) return <p className="muted">Loading…</p>;
  const a = data.alert;
  return (
    <section>
      <h1>{a.title}</h1>
      <p>
        <Badge value={a.severity} /> <span data-testid="alert-status"><Badge value={a.status} /></span> <span className="muted">{a.kind.replaceAll('_', ' ')}</span> ·{' '}
        {a.needs_decision ? <strong className="error">waiting for a decision for {a.age}</strong> : <span className="muted">raised {a.age} ago</span>}
        {a.case_number && <> · case {a.case_number}</>}
      </p>
      <div className="grid2">
        <div className="card">
          <h2>Why</h2>
          <ul className="al-reasons" data-testid="alert-reasons">
            {a.reasons.map((r, i) => (
              <li key={i}>
                {r.text}
                {r.evidence?.map((e) => (
                  <span key={`${e.type}${e.id}`} className="muted">
                    {' '}
                    [{e.type === 'trace' ? <Link to={`/traces/${e.id}`}>trace</Link> : e.type === 'suspect_gun' ? <Link to={`/suspects/${e.id}`}>register entry</Link> : e.type === 'alert' ? <Link to={`/alerts/${e.id}`}>alert {e.id}</Link> : `${e.type} ${e.id}`}]
                  </span>
                ))}
              </li>
            ))}
          </ul>
          {data.matches.length > 0 && (
            <p className="muted">
              Match score {data.matches.map((m) => m.score.toFixed(2)).join(', ')} · {data.matches.map((m) => m.status).join(', ')}
            </p>
          )}
        </div>
        <div className="card">
          <h2>Told</h2>
          <ul>
            {data.recipients.map((r) => (
              <li key={r.id}>
                {r.username} <span className="muted">({r.reason.replaceAll('_', ' ')}{r.seen_at ? `, opened ${fmtDate(r.seen_at)}` : ', not opened yet'})</span>
              </li>
            ))}
          </ul>
        </div>
      </div>
      {data.allowed.decide && <DecisionForm alertId={a.id} onDone={reload} />}
      {data.allowed.review && data.pendingDecisionId && <ReviewForm decisionId={data.pendingDecisionId} onDone={reload} />}
      <div className="card">
        <h2>Decisions</h2>
        {data.decisions.length === 0 && <p className="error">No decision yet.</p>}
        <ol className="al-trail" data-testid="decision-trail">
          {data.decisions.map((d) => (
            <li key={d.id}>
              <strong>{d.action.replaceAll('_', ' ')}</strong> by {d.decided_by_username} on {fmtDate(d.decided_at)}
              {d.justification && <blockquote>{d.justification}</blockquote>}
              {d.approvals.map((p) => (
                <div key={p.id}>
                  <Badge value={p.verdict} kind={p.verdict === 'approved' ? 'ok' : 'open'} /> by {p.approved_by_username} on {fmtDate(p.approved_at)}
                  {p.note && <span className="muted"> — {p.note}</span>}
                </div>
              ))}
              {d.action === 'continue_monitoring' && d.approvals.length === 0 && <Badge value="awaiting supervisor" kind="high" />}
              {d.dissents.map((x) => (
                <div key={x.id} className="al-dissent">
                  Dissent by {x.username} on {fmtDate(x.created_at)}: {x.text}
                </div>
              ))}
              {data.allowed.dissent && <Dissent d={d} onDone={reload} />}
            </li>
          ))}
        </ol>
      </div>
      <div className="card">
        <h2>What followed</h2>
        {data.outcomes.length === 0 && <p className="muted">Nothing recorded yet.</p>}
        <ul>
          {data.outcomes.map((o) => (
            <li key={o.id}>
              {o.occurred_on}: {o.kind.replaceAll('_', ' ')} {o.note && <span className="muted">— {o.note}</span>}
            </li>
          ))}
        </ul>
        {data.allowed.outcome && <OutcomeForm alertId={a.id} onDone={reload} />}
      </div>
    </section>
  );
}
