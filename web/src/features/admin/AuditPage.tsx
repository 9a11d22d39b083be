import { useEffect, useState } from 'react';
import { api } from '../../lib/api';

interface AuditEvent {
  id: number;
  at: string;
  actor_label: string;
  action: string;
  target_type: string;
  target_id: string | null;
  reason: string | null;
  request_id: string | null;
  details: unknown;
  hash: string;
}
interface Verify {
  ok: boolean;
  checked: number;
  firstBroken?: { id: number; problem: string };
}

export function AuditPage() {
  const [events, setEvents] = useState<AuditEvent[]>([]);
  const [filter, setFilter] = useState({ actor: '', action: '' });
  const [verify, setVerify] = useState<Verify | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = () => {
    const q = new URLSearchParams();
    if (filter.actor) q.set('actor', filter.actor);
    if (filter.action) q.set('action', filter.action);
    api<{ events: AuditEvent[] }>(`/audit/events?${q}`).then((r) => setEvents(r.events)).catch((e: Error) => setError(e.message));
  };
  // Load once on open; the Filter button reloads with the current filter.
  useEffect(load, []);
  return (
    <section>
      <h1>Audit log</h1>
      <p className="muted">Append-only and hash-chained: every write, every read of a person's data, every decision.</p>
      <div className="toolbar">
        <label>Actor<input value={filter.actor} onChange={(e) => setFilter({ ...filter, actor: e.target.value })} /></label>
        <label>Action starts with<input value={filter.action} onChange={(e) => setFilter({ ...filter, action: e.target.value })} /></label>
        <button type="button" onClick={load}>Filter</button>
        <button type="button" className="secondary" onClick={() => void api<Verify>('/audit/verify').then(setVerify)}>
          Verify chain
        </button>
        {verify && (
          <span className={`badge ${verify.ok ? 'ok' : 'critical'}`} data-testid="audit-verify">
            {verify.ok ? `intact: ${verify.checked} events` : `BROKEN at event ${verify.firstBroken?.id}: ${verify.firstBroken?.problem}`}
          </span>
        )}
      </div>
      {error && <p role="alert" className="error">{error}</p>}
      <table>
        <thead>
          <tr><th>#</th><th>When</th><th>Who</th><th>Action</th><th>Target</th><th>Reason</th><th>Hash</th></tr>
        </thead>
        <tbody>
          {events.map((e) => (
            <tr key={e.id}>
              <td>{e.id}</td>
              <td>{new Date(e.at).toLocaleString()}</td>
              <td>{e.actor_label}</td>
              <td><code>{e.action}</code></td>
              <td>{e.target_type}{e.target_id ? ` ${e.target_id}` : ''}</td>
              <td>{e.reason ?? ''}</td>
              <td className="muted"><code>{e.hash.slice(0, 10)}…</code></td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
