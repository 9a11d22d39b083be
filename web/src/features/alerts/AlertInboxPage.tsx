import { Link, useSearchParams } from 'react-router-dom';
import { useSession } from '../../lib/session';
import { Badge, ErrorNote, useLoad } from '../tracing/common';
import type { AlertRow } from '../tracing/types';

/**
 * The inbox: alerts the user was told of (or all they may see), newest first. An alert without a standing decision
 * stays here, marked, and shows how long it has waited.
 */
export function AlertInboxPage() {
  const { can } = useSession();
  const [params, setParams] = useSearchParams();
  const mine = params.get('all') !== 'true';
  const status = params.get('status') ?? 'open,awaiting_approval';
  const q = new URLSearchParams({ mine: String(mine) });
  if (status) q.set('status', status);
  const { data, error } = useLoad<{ alerts: AlertRow[] }>(`/alerts?${q}`);
  const set = (k: string, v: string) => {
    const n = new URLSearchParams(params);
    if (v) n.set(k, v);
    else n.delete(k);
    setParams(n);
  };
  return (
    <section>
      <h1>Alerts</h1>
      <div className="toolbar">
        <button type="button" className={mine ? '' : 'secondary'} onClick={() => set('all', '')}>
          My inbox
        </button>
        {can('alert:read') && (
          <button type="button" className={mine ? 'secondary' : ''} onClick={() => set('all', 'true')}>
            All I may see
          </button>
        )}
        <label>
          Status
          <select value={status} onChange={(e) => set('status', e.target.value)}>
            <option value="open,awaiting_approval">needing a decision</option>
            <option value="open">open</option>
            <option value="awaiting_approval">awaiting approval</option>
            <option value="decided">decided</option>
            <option value="closed">closed</option>
            <option value="">any</option>
          </select>
        </label>
      </div>
      <ErrorNote error={error} />
      <table data-testid="alert-inbox">
        <thead>
          <tr>
            <th>Alert</th>
            <th>Severity</th>
            <th>Status</th>
            <th>Case</th>
            <th>Waiting</th>
          </tr>
        </thead>
        <tbody>
          {data?.alerts.map((a) => (
            <tr key={a.id} className={a.needs_decision ? 'al-needs' : ''}>
              <td>
                <Link to={`/alerts/${a.id}`}>{a.title}</Link>
                <div className="muted">{a.kind.replaceAll('_', ' ')}</div>
              </td>
              <td>
                <Badge value={a.severity} />
              </td>
              <td>
                <Badge value={a.status} />
                {a.to_me && !a.my_seen_at && <Badge value="new" kind="open" />}
              </td>
              <td>{a.case_number}</td>
              <td>{a.needs_decision ? <strong>{a.age}</strong> : a.age}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {data && data.alerts.length === 0 && <p className="muted">Nothing waiting.</p>}
    </section>
  );
}
