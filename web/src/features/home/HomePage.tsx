import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../../lib/api';
import { useSession } from '../../lib/session';

interface AlertRow {
  id: number;
  title: string;
  kind: string;
  status: string;
  severity: string;
  age_hours: number;
  age: string;
}
interface PeopleResponse {
  people: Array<{ subject_id: number; display_name?: string; score: number; level: string; headline: string }>;
  counts: { total: number; high: number; elevated: number };
}

/** Loads one figure; a card whose data the user may not see (403) simply does not appear. */
function useOptional<T>(path: string, allowed: boolean): T | null {
  const [data, setData] = useState<T | null>(null);
  useEffect(() => {
    if (!allowed) return;
    api<T>(path)
      .then(setData)
      .catch(() => setData(null));
  }, [path, allowed]);
  return data;
}

export function HomePage() {
  const { me, can } = useSession();
  const alerts = useOptional<{ alerts: AlertRow[] }>('/alerts?mine=true&status=open,awaiting_approval', can('alert:read'));
  const guns = useOptional<{ guns: unknown[] }>('/guns-at-large', can('suspect:read'));
  const people = useOptional<PeopleResponse>('/detection/people?limit=8', can('detection:read'));
  const openAlerts = alerts?.alerts ?? [];
  return (
    <section>
      <h1>Dashboard</h1>
      <p className="muted">
        Signed in as <strong>{me?.displayName}</strong> ({me?.roles.join(', ')}) of agency <code>{me?.agency}</code>,
        scope: {me?.scope}.
      </p>
      <div className="cards">
        {alerts && (
          <div className="card" data-testid="card-alerts">
            <div className="muted">Alerts awaiting a decision</div>
            <div className="stat">{openAlerts.length}</div>
            <Link to="/alerts">Open the inbox</Link>
          </div>
        )}
        {guns && (
          <div className="card" data-testid="card-guns-at-large">
            <div className="muted">Suspect guns at large</div>
            <div className="stat">{guns.guns.length}</div>
            <Link to="/guns-at-large">See the register</Link>
          </div>
        )}
        {people && (
          <div className="card" data-testid="card-risk">
            <div className="muted">People at high risk</div>
            <div className="stat">{people.counts.high}</div>
            <span className="muted">{people.counts.elevated} elevated of {people.counts.total} scored</span>
          </div>
        )}
      </div>
      {openAlerts.length > 0 && (
        <div className="card">
          <h2>Oldest undecided alerts</h2>
          <p className="muted">Every alert demands a recorded decision; these are still waiting.</p>
          <table>
            <thead>
              <tr><th>Alert</th><th>Kind</th><th>Severity</th><th>Status</th><th>Age</th></tr>
            </thead>
            <tbody>
              {[...openAlerts]
                .sort((a, b) => b.age_hours - a.age_hours)
                .slice(0, 8)
                .map((a) => (
                  <tr key={a.id}>
                    <td><Link to={`/alerts/${a.id}`}>{a.title}</Link></td>
                    <td>{a.kind}</td>
                    <td><span className={`badge ${a.severity}`}>{a.severity}</span></td>
                    <td><span className={`badge ${a.status === 'open' ? 'open' : ''}`}>{a.status}</span></td>
                    <td>{a.age}</td>
                  </tr>
                ))}
            </tbody>
          </table>
        </div>
      )}
      {people && people.people.length > 0 && (
        <div className="card">
          <h2>Highest risk</h2>
          <table>
            <thead>
              <tr><th>Person</th><th>Score</th><th>Level</th><th>Why</th></tr>
            </thead>
            <tbody>
              {people.people.map((p) => (
                <tr key={p.subject_id}>
                  <td>{p.display_name ?? `#${p.subject_id}`}</td>
                  <td>{Math.round(p.score)}</td>
                  <td><span className={`badge ${p.level === 'high' ? 'critical' : p.level === 'elevated' ? 'high' : ''}`}>{p.level}</span></td>
                  <td>{p.headline}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
