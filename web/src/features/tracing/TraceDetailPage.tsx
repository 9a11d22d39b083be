import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api } from '../../lib/api';
import { useSession } from '../../lib/session';
import { NOT_COMPLETED_REASONS, NOT_COMPLETED_REASON_LABELS } from '../../../../src/domain/codes';
import { Badge, ErrorNote, fmtDate, useAction, useLoad } from './common';
import { LateResults } from './LateResults';
import type { Hop, Person, TraceDetail } from './types';

function personName(p: Person | null): string {
  if (!p) return '';
  return [p.given_name, p.middle_name, p.surname, p.maternal_surname].filter(Boolean).join(' ');
}

const ROLE_LABEL: Record<string, string> = {
  manufacturer: 'Manufacturer', importer: 'Importer', wholesaler: 'Wholesaler', retailer: 'Retail dealer', buyer: 'First retail buyer',
};

/** The chain of distribution as a timeline, maker to first buyer, each hop with its licence, dates and source. */
function Timeline({ chain }: { chain: Hop[] }) {
  if (chain.length === 0) return <p className="muted">No hop of the chain yet.</p>;
  return (
    <ol className="tr-timeline" aria-label="chain of distribution">
      {chain.map((h) => (
        <li key={h.id} className={`tr-hop tr-hop-${h.role}`}>
          <div className="tr-hop-role">{ROLE_LABEL[h.role] ?? h.role}</div>
          <div className="tr-hop-body">
            <strong>{h.role === 'buyer' ? personName(h.person) : h.name}</strong>
            {h.licence_number && <code>{h.licence_number}</code>}
            {h.state && <span className="muted"> {h.state}</span>}
            <div className="muted">
              {h.received_on && <>received {h.received_on} </>}
              {h.disposed_on && <>{h.role === 'retailer' ? 'sold' : 'shipped'} {h.disposed_on}</>}
              {h.role === 'buyer' && h.person?.dob && <>born {String(h.person.dob)}</>}
            </div>
            <div className="tr-source">source: {h.source_kind.replaceAll('_', ' ')} {h.source_ref}</div>
          </div>
        </li>
      ))}
    </ol>
  );
}

function HopForm({ traceId, onDone }: { traceId: number; onDone: () => void }) {
  const [role, setRole] = useState('manufacturer');
  const [f, setF] = useState<Record<string, string>>({});
  const a = useAction();
  const v = (k: string) => f[k] ?? '';
  const set = (k: string) => (e: React.ChangeEvent<HTMLInputElement>) => setF((x) => ({ ...x, [k]: e.target.value }));
  const submit = async () => {
    const body: Record<string, unknown> = { role };
    if (role === 'buyer') body.buyer = Object.fromEntries(Object.entries(f).filter(([k, x]) => k.startsWith('b_') && x).map(([k, x]) => [k.slice(2), x]));
    else for (const k of ['licenceNumber', 'name', 'receivedOn', 'disposedOn', 'state', 'country']) if (v(k)) body[k] = v(k);
    if (await a.run(() => api(`/traces/${traceId}/hops`, { method: 'POST', json: body }))) {
      setF({});
      onDone();
    }
  };
  return (
    <div className="card">
      <h3>Enter the next hop</h3>
      <div className="tr-row">
        <label>
          Role
          <select value={role} onChange={(e) => setRole(e.target.value)} name="hop_role">
            {Object.entries(ROLE_LABEL).map(([k, l]) => (
              <option key={k} value={k}>
                {l}
              </option>
            ))}
          </select>
        </label>
        {role === 'buyer' ? (
          <>
            <label>
              Surname
              <input value={v('b_surname')} onChange={set('b_surname')} />
            </label>
            <label>
              Given name
              <input value={v('b_given_name')} onChange={set('b_given_name')} />
            </label>
            <label>
              Date of birth
              <input type="date" value={v('b_dob')} onChange={set('b_dob')} />
            </label>
            <label>
              City
              <input value={v('b_city')} onChange={set('b_city')} />
            </label>
          </>
        ) : (
          <>
            <label>
              Name
              <input value={v('name')} onChange={set('name')} name="hop_name" />
            </label>
            <label>
              Licence number
              <input value={v('licenceNumber')} onChange={set('licenceNumber')} name="hop_licence" placeholder="9-86-013-01-7A-00001" />
            </label>
            <label>
              Received
              <input type="date" value={v('receivedOn')} onChange={set('receivedOn')} />
            </label>
            <label>
              {role === 'retailer' ? 'Sold (sale date)' : 'Shipped'}
              <input type="date" value={v('disposedOn')} onChange={set('disposedOn')} name="hop_disposed" />
            </label>
            <label>
              State
              <input value={v('state')} onChange={set('state')} maxLength={3} />
            </label>
          </>
        )}
      </div>
      <ErrorNote error={a.error} />
      <button type="button" disabled={a.busy} onClick={() => void submit()}>
        Add hop
      </button>
    </div>
  );
}

export function TraceDetailPage() {
  const { id } = useParams();
  const { can, me } = useSession();
  const { data, error, reload } = useLoad<TraceDetail>(`/traces/${id}`);
  const act = useAction();
  const [reason, setReason] = useState<string>('insufficient_information');
  const [note, setNote] = useState('');
  const [licence, setLicence] = useState('');
  if (error) return <ErrorNote error={error} />;
  if (!data) return <p className="muted">Loading…</p>;
  const t = data.trace;
  const open = t.status === 'submitted' || t.status === 'in_progress';
  const tracer = can('trace:work');
  const post = (path: string, json: object = {}) => act.run(() => api(path, { method: 'POST', json })).then((ok) => ok && reload());
  const place = [data.recovery?.city, data.recovery?.state ?? data.recovery?.mx_state, data.recovery?.country].filter(Boolean).join(', ');
  return (
    <section>
      <h1>
        Trace {t.trace_number} <Badge value={t.status} />
        {t.priority === 'urgent' && <Badge value="urgent" kind="high" />}
        {t.overdue_hours > 0 && <Badge value={`${t.overdue_hours} h past target`} kind="open" />}
      </h1>
      <p className="muted">
        Request {t.request_ref} · submitted {fmtDate(t.submitted_at)} · due {fmtDate(t.due_at)}
        {t.requester_case_number && <> · agency case {t.requester_case_number}</>}
      </p>
      {data.duplicateOf && (
        <p className="card">
          Duplicate of <Link to={`/traces/${data.duplicateOf.id}`}>{data.duplicateOf.trace_number}</Link>: the same gun and recovery were already asked about.
        </p>
      )}
      <div className="grid2">
        <div className="card" data-testid="trace-result">
          <h2>Result</h2>
          {t.status === 'completed' ? (
            <dl className="tr-dl">
              <dt>Answered by</dt>
              <dd>
                {t.answered_by_source?.replaceAll('_', ' ')} {t.answered_by_ref && <code>{t.answered_by_ref}</code>}
              </dd>
              <dt>Retail dealer</dt>
              <dd>
                {t.dealer_name} <code>{t.dealer_licence}</code>
              </dd>
              <dt>Sale date</dt>
              <dd>{t.sale_date ?? '—'}</dd>
              <dt>First buyer</dt>
              <dd>{personName(data.buyer) || '—'}</dd>
              <dt>Time-to-crime</dt>
              <dd>{t.ttc_days != null ? `${t.ttc_days} days (${t.ttc_bracket_label})` : '—'}</dd>
              <dt>Flags</dt>
              <dd>{t.flag_labels.length ? t.flag_labels.map((f) => <Badge key={f} value={f} kind="high" />) : 'none'}</dd>
            </dl>
          ) : t.status === 'not_completed' ? (
            <p>Not completed: {t.not_completed_label}</p>
          ) : (
            <p className="muted">Not answered yet.</p>
          )}
        </div>
        <div className="card">
          <h2>Gun and recovery</h2>
          <dl className="tr-dl">
            <dt>Gun</dt>
            <dd>{[data.firearm.maker, data.firearm.model, data.firearm.caliber, data.firearm.firearm_type].filter(Boolean).join(' · ')}</dd>
            <dt>Serial</dt>
            <dd>
              <code>{String(data.firearm.serial_raw ?? '(none)')}</code> {data.firearm.obliterated ? <Badge value="obliterated" kind="high" /> : null}
            </dd>
            {data.firearm.importer && (
              <>
                <dt>Importer</dt>
                <dd>{String(data.firearm.importer)}</dd>
              </>
            )}
            <dt>Recovered</dt>
            <dd>
              {String(data.recovery?.recovered_on ?? '')} {place}
            </dd>
            <dt>NCIC code</dt>
            <dd>{t.ncic_code ?? '—'}</dd>
            <dt>Possessor</dt>
            <dd>{personName(data.possessor) || '—'}</dd>
            {data.associates.length > 0 && (
              <>
                <dt>Associates</dt>
                <dd>{data.associates.map((a) => `${personName(a.person)}${a.relationship ? ` (${a.relationship})` : ''}`).join('; ')}</dd>
              </>
            )}
          </dl>
        </div>
      </div>

      <div className="card">
        <h2>Chain of distribution</h2>
        <Timeline chain={data.chain} />
      </div>

      {tracer && open && (
        <>
          <div className="toolbar">
            {t.status === 'submitted' && (
              <button type="button" onClick={() => void post(`/traces/${t.id}/start`)}>
                Take this trace
              </button>
            )}
            <button type="button" onClick={() => void post(`/traces/${t.id}/complete`)}>
              Complete from the chain
            </button>
            <label>
              Ask a dealer for records (24 h)
              <input value={licence} onChange={(e) => setLicence(e.target.value)} placeholder="licence number" />
            </label>
            <button type="button" className="secondary" disabled={!licence} onClick={() => void post(`/traces/${t.id}/dealer-queries`, { licence })}>
              Ask
            </button>
          </div>
          <HopForm traceId={t.id} onDone={reload} />
        </>
      )}
      {open && (tracer || (can('trace:submit') && me)) && (
        <div className="card">
          <h3>Stop this trace</h3>
          <div className="toolbar">
            <label>
              Reason (exactly one)
              <select value={tracer ? reason : 'stopped_by_requester'} disabled={!tracer} onChange={(e) => setReason(e.target.value)}>
                {NOT_COMPLETED_REASONS.filter((r) => r !== 'duplicate_request').map((r) => (
                  <option key={r} value={r}>
                    {NOT_COMPLETED_REASON_LABELS[r]}
                  </option>
                ))}
              </select>
            </label>
            <label>
              Note
              <input value={note} onChange={(e) => setNote(e.target.value)} />
            </label>
            <button type="button" className="danger" onClick={() => void post(`/traces/${t.id}/stop`, { reason: tracer ? reason : 'stopped_by_requester', note: note || undefined })}>
              Stop
            </button>
          </div>
        </div>
      )}
      <ErrorNote error={act.error} />
      <LateResults traceId={t.id} results={data.lateResults} canReview={tracer} onDone={reload} />

      {data.dealerQueries.length > 0 && (
        <div className="card">
          <h2>Records asked of dealers</h2>
          <table>
            <tbody>
              {data.dealerQueries.map((q) => (
                <tr key={q.id}>
                  <td>
                    <code>{q.dealer_licence}</code>
                  </td>
                  <td>asked {fmtDate(q.asked_at)}</td>
                  <td>due {fmtDate(q.due_at)}</td>
                  <td>{q.answered_at ? `answered ${fmtDate(q.answered_at)}` : <Badge value="waiting" kind="high" />}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div className="card">
        <h2>History</h2>
        <ul className="tr-events">
          {data.events.map((e) => (
            <li key={e.id}>
              {fmtDate(e.at)} — {e.from_status ? `${e.from_status} → ` : ''}
              {e.to_status} {e.username && <span className="muted">by {e.username}</span>} {e.note && <span className="muted">({e.note})</span>}
            </li>
          ))}
        </ul>
      </div>
    </section>
  );
}
