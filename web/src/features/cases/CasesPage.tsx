import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { api } from '../../lib/api';
import { useSession } from '../../lib/session';
import { Badge, ErrorNote, useAction, useLoad } from '../tracing/common';

interface CaseRow {
  id: number;
  case_number: string;
  title: string;
  status: string;
  opened_on: string;
  lead_username: string | null;
}

export function CasesPage() {
  const { can } = useSession();
  const nav = useNavigate();
  const { data, error } = useLoad<{ cases: CaseRow[] }>('/cases');
  const [f, setF] = useState({ caseNumber: '', title: '', supervisor: '', members: '' });
  const a = useAction();
  const create = () =>
    void a.run(async () => {
      const r = await api<{ id: number }>('/cases', {
        method: 'POST',
        json: {
          caseNumber: f.caseNumber.trim(), title: f.title.trim(), supervisor: f.supervisor.trim() || undefined,
          members: f.members.split(',').map((m) => m.trim()).filter(Boolean),
        },
      });
      void nav(`/cases/${r.id}`);
    });
  return (
    <section>
      <h1>Cases</h1>
      {can('case:manage') && (
        <div className="card">
          <h2>Open a case</h2>
          <div className="tr-row">
            {(['caseNumber', 'title', 'supervisor', 'members'] as const).map((k) => (
              <label key={k}>
                {{ caseNumber: 'Case number *', title: 'Title *', supervisor: 'Supervisor (username)', members: 'Members (usernames, comma-separated)' }[k]}
                <input name={k} value={f[k]} onChange={(e) => setF((x) => ({ ...x, [k]: e.target.value }))} />
              </label>
            ))}
          </div>
          <ErrorNote error={a.error} />
          <button type="button" disabled={!f.caseNumber || !f.title || a.busy} onClick={create}>
            Open case
          </button>
        </div>
      )}
      <ErrorNote error={error} />
      <table>
        <thead>
          <tr>
            <th>Case</th>
            <th>Title</th>
            <th>Lead</th>
            <th>Opened</th>
            <th>Status</th>
          </tr>
        </thead>
        <tbody>
          {data?.cases.map((c) => (
            <tr key={c.id}>
              <td>
                <Link to={`/cases/${c.id}`}>{c.case_number}</Link>
              </td>
              <td>{c.title}</td>
              <td>{c.lead_username}</td>
              <td>{c.opened_on}</td>
              <td>
                <Badge value={c.status} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
