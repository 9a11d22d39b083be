import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { useSession } from '../../lib/session';
import { Badge, ErrorNote, fmtDate, useLoad } from './common';
import type { TraceRow } from './types';

/** Trace requests of the agencies the user may see: a requester sees their own agency's only. */
export function TraceListPage() {
  const { can } = useSession();
  const [params, setParams] = useSearchParams();
  const [serial, setSerial] = useState(params.get('serial') ?? '');
  const q = new URLSearchParams({ limit: '200' });
  for (const k of ['status', 'serial', 'overdue']) if (params.get(k)) q.set(k, params.get(k)!);
  const { data, error } = useLoad<{ traces: TraceRow[] }>(`/traces?${q}`);
  const setParam = (k: string, v: string) => {
    const n = new URLSearchParams(params);
    if (v) n.set(k, v);
    else n.delete(k);
    setParams(n);
  };
  return (
    <section>
      <h1>Trace requests</h1>
      <div className="toolbar">
        {can('trace:submit') && (
          <Link className="button" to="/traces/new">
            New trace request
          </Link>
        )}
        <label>
          Status
          <select value={params.get('status') ?? ''} onChange={(e) => setParam('status', e.target.value)}>
            <option value="">any</option>
            <option value="submitted">submitted</option>
            <option value="in_progress">in progress</option>
            <option value="completed">completed</option>
            <option value="not_completed">not completed</option>
          </select>
        </label>
        <label className="inline">
          <input type="checkbox" checked={params.get('overdue') === 'true'} onChange={(e) => setParam('overdue', e.target.checked ? 'true' : '')} /> overdue only
        </label>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            setParam('serial', serial);
          }}
        >
          <label>
            Serial
            <input value={serial} onChange={(e) => setSerial(e.target.value)} placeholder="any spelling" />
          </label>
        </form>
      </div>
      <ErrorNote error={error} />
      <table>
        <thead>
          <tr>
            <th>Trace</th>
            <th>Status</th>
            <th>Gun</th>
            <th>Serial</th>
            <th>Recovered</th>
            <th>Answered by</th>
            <th>TTC</th>
            <th>Flags</th>
          </tr>
        </thead>
        <tbody>
          {data?.traces.map((t) => (
            <tr key={t.id}>
              <td>
                <Link to={`/traces/${t.id}`}>{t.trace_number}</Link>
                {t.priority === 'urgent' && <Badge value="urgent" kind="high" />}
              </td>
              <td>
                <Badge value={t.status} />
                {t.overdue_hours > 0 && <Badge value={`${t.overdue_hours} h late`} kind="open" />}
              </td>
              <td>{[t.maker, t.model, t.caliber].filter(Boolean).join(' ')}</td>
              <td>
                <code>{t.serial_raw}</code>
              </td>
              <td>
                {fmtDate(t.recovered_on)} {[t.city, t.state ?? t.mx_state, t.country].filter(Boolean).join(', ')}
              </td>
              <td>{t.answered_by_source?.replaceAll('_', ' ')}</td>
              <td className="num">{t.ttc_days ?? ''}</td>
              <td>{t.result_flags.map((x) => x.replaceAll('_', ' ')).join(', ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {data && data.traces.length === 0 && <p className="muted">No trace requests.</p>}
    </section>
  );
}
