import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api } from '../../lib/api';
import { useSession } from '../../lib/session';
import { Badge, ErrorNote, useAction, useLoad } from '../tracing/common';

interface CaseDetail {
  case: { id: number; case_number: string; title: string; status: string; opened_on: string; closed_on: string | null; lead_username: string | null; supervisor_username: string | null; agency_ori: string };
  members: Array<{ id: number; username: string; display_name: string; role: string }>;
  subjects: Array<{ id: number; person_record_id: number; given_name: string | null; surname: string | null; maternal_surname: string | null; dob: string | null; city: string | null; state: string | null; role: string }>;
  myRole: string | null;
}

/** A case: its people, its subjects (reading them is audited) and its register entries. */
export function CaseDetailPage() {
  const { id } = useParams();
  const { can } = useSession();
  const { data, error, reload } = useLoad<CaseDetail>(`/cases/${id}`);
  const entries = useLoad<{ entries: Array<{ id: number; serial_raw: string; maker: string | null; status: string }> }>(can('suspect:read') ? `/suspects?caseId=${id}` : null);
  const [member, setMember] = useState('');
  const [subject, setSubject] = useState({ surname: '', given_name: '', dob: '' });
  const [why, setWhy] = useState('');
  const a = useAction();
  if (error) return <ErrorNote error={error} />;
  if (!data) return <p className="muted">Loading…</p>;
  const c = data.case;
  const post = (path: string, json: object) => void a.run(() => api(path, { method: 'POST', json })).then((ok) => ok && reload());
  const manage = can('case:manage') && c.status === 'open';
  return (
    <section>
      <h1>
        Case {c.case_number} <Badge value={c.status} />
      </h1>
      <p>
        {c.title} · agency {c.agency_ori} · opened {c.opened_on} · lead {c.lead_username ?? '—'} · supervisor {c.supervisor_username ?? '—'}
      </p>
      <div className="grid2">
        <div className="card">
          <h2>Members</h2>
          <ul>
            {data.members.map((m) => (
              <li key={m.id}>
                {m.display_name} <span className="muted">({m.username}, {m.role})</span>
              </li>
            ))}
          </ul>
          {manage && (
            <div className="toolbar">
              <label>
                Username
                <input value={member} onChange={(e) => setMember(e.target.value)} />
              </label>
              <button type="button" className="secondary" onClick={() => post(`/cases/${c.id}/members`, { username: member })}>
                Add member
              </button>
            </div>
          )}
        </div>
        <div className="card">
          <h2>Subjects</h2>
          <ul>
            {data.subjects.map((s) => (
              <li key={s.id}>
                {[s.given_name, s.surname, s.maternal_surname].filter(Boolean).join(' ')} <span className="muted">{s.dob} {s.city} {s.state}</span>
              </li>
            ))}
          </ul>
          {manage && (
            <div className="toolbar">
              {(['surname', 'given_name', 'dob'] as const).map((k) => (
                <label key={k}>
                  {k.replace('_', ' ')}
                  <input type={k === 'dob' ? 'date' : 'text'} value={subject[k]} onChange={(e) => setSubject((x) => ({ ...x, [k]: e.target.value }))} />
                </label>
              ))}
              <button type="button" className="secondary" onClick={() => post(`/cases/${c.id}/subjects`, Object.fromEntries(Object.entries(subject).filter(([, v]) => v)))}>
                Add subject
              </button>
            </div>
          )}
        </div>
      </div>
      {entries.data && (
        <div className="card">
          <h2>Suspect guns of this case</h2>
          <ul>
            {entries.data.entries.map((e) => (
              <li key={e.id}>
                <Link to={`/suspects/${e.id}`}>
                  <code>{e.serial_raw}</code>
                </Link>{' '}
                {e.maker} <Badge value={e.status} />
              </li>
            ))}
          </ul>
        </div>
      )}
      {manage && (
        <div className="card">
          <h2>Close the case</h2>
          <p className="muted">Its suspect-gun entries close with it.</p>
          <div className="toolbar">
            <label>
              Why
              <input value={why} onChange={(e) => setWhy(e.target.value)} />
            </label>
            <button type="button" className="danger" disabled={why.trim().length < 3} onClick={() => post(`/cases/${c.id}/close`, { reason: why })}>
              Close case
            </button>
          </div>
        </div>
      )}
      <ErrorNote error={a.error} />
    </section>
  );
}
