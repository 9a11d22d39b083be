import { Link } from 'react-router-dom';
import { Badge, ErrorNote, useLoad } from '../tracing/common';

interface Gun {
  id: number;
  serial_raw: string;
  maker: string | null;
  model: string | null;
  caliber: string | null;
  case_id: number;
  case_number: string;
  case_title: string;
  age: string;
  age_days: number;
  approved_by: string | null;
  review_on: string;
  review_due: boolean;
  monitored: boolean;
  open_alerts: number;
  alerts: Array<{ id: number; kind: string; status: string; title: string }>;
  decisions: Array<{ id: number; alert_id: number; action: string; decided_by: string; verdict: string | null; approved_by: string | null; decided_at: string }>;
  outcomes: Array<{ id: number; kind: string; occurred_on: string; note: string | null }>;
}

/** Every approved suspect gun not yet recovered: nothing leaves this list but a recovery or a closed flag. */
export function GunsAtLargePage() {
  const { data, error } = useLoad<{ guns: Gun[] }>('/guns-at-large');
  return (
    <section>
      <h1>Guns at large</h1>
      <p className="muted">Approved suspect guns not yet recovered, oldest first, with every decision taken on their alerts and what followed.</p>
      <ErrorNote error={error} />
      {data && <p className="stat">{data.guns.length}</p>}
      <table data-testid="guns-at-large">
        <thead>
          <tr>
            <th>Gun</th>
            <th>Case</th>
            <th>At large</th>
            <th>Alerts</th>
            <th>Decisions</th>
            <th>What followed</th>
          </tr>
        </thead>
        <tbody>
          {data?.guns.map((g) => (
            <tr key={g.id}>
              <td>
                <Link to={`/suspects/${g.id}`}>
                  <code>{g.serial_raw}</code>
                </Link>{' '}
                {[g.maker, g.model, g.caliber].filter(Boolean).join(' ')}
                {g.monitored && <Badge value="monitored" kind="high" />}
                {g.review_due && <Badge value="review due" kind="open" />}
              </td>
              <td>
                <Link to={`/cases/${g.case_id}`}>{g.case_number}</Link>
                <div className="muted">{g.case_title}</div>
              </td>
              <td>{g.age}</td>
              <td>
                {g.alerts.map((a) => (
                  <div key={a.id}>
                    <Link to={`/alerts/${a.id}`}>{a.kind.replaceAll('_', ' ')}</Link> <Badge value={a.status} />
                  </div>
                ))}
              </td>
              <td>
                {g.decisions.map((d) => (
                  <div key={d.id}>
                    {d.action.replaceAll('_', ' ')} by {d.decided_by}
                    {d.verdict && ` (${d.verdict} by ${d.approved_by})`}
                  </div>
                ))}
              </td>
              <td>
                {g.outcomes.map((o) => (
                  <div key={o.id}>
                    {o.occurred_on} {o.kind.replaceAll('_', ' ')}
                  </div>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
