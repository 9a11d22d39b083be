import { useEffect, useState, type FormEvent } from 'react';
import { api } from '../../lib/api';

interface UserRow {
  id: number;
  username: string;
  display_name: string;
  roles: string[];
  active: boolean;
  ori: string;
}

const ROLES = ['requester', 'tracer', 'investigator', 'supervisor', 'analyst', 'auditor', 'dealer', 'admin'];

export function UsersPage() {
  const [users, setUsers] = useState<UserRow[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [form, setForm] = useState({ username: '', password: '', agencyOri: '', supervisor: '', roles: [] as string[] });
  const load = () => api<{ users: UserRow[] }>('/users').then((r) => setUsers(r.users)).catch((e: Error) => setError(e.message));
  useEffect(() => {
    void load();
  }, []);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await api('/users', { method: 'POST', json: { ...form, supervisor: form.supervisor || undefined } });
      setForm({ username: '', password: '', agencyOri: '', supervisor: '', roles: [] });
      await load();
    } catch (err) {
      setError((err as Error).message);
    }
  };
  return (
    <section>
      <h1>Users</h1>
      <div className="grid2">
        <table>
          <thead>
            <tr><th>User</th><th>Agency</th><th>Roles</th><th>Active</th></tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id}>
                <td>{u.username}<div className="muted">{u.display_name}</div></td>
                <td><code>{u.ori}</code></td>
                <td>{u.roles.map((r) => <span key={r} className="badge">{r}</span>)}</td>
                <td>{u.active ? 'yes' : 'no'}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <form className="card" onSubmit={(e) => void submit(e)} aria-label="New user">
          <h2>New user</h2>
          <label>Username<input value={form.username} onChange={(e) => setForm({ ...form, username: e.target.value })} /></label>
          <label>Password<input type="password" value={form.password} onChange={(e) => setForm({ ...form, password: e.target.value })} /></label>
          <label>Agency (ORI)<input value={form.agencyOri} onChange={(e) => setForm({ ...form, agencyOri: e.target.value })} /></label>
          <label>Supervisor (username)<input value={form.supervisor} onChange={(e) => setForm({ ...form, supervisor: e.target.value })} /></label>
          <fieldset>
            <legend>Roles</legend>
            {ROLES.map((r) => (
              <label key={r} style={{ flexDirection: 'row', alignItems: 'center' }}>
                <input
                  type="checkbox"
                  checked={form.roles.includes(r)}
                  onChange={(e) => setForm({ ...form, roles: e.target.checked ? [...form.roles, r] : form.roles.filter((x) => x !== r) })}
                />
                {r}
              </label>
            ))}
          </fieldset>
          {error && <p role="alert" className="error">{error}</p>}
          <button type="submit">Create user</button>
        </form>
      </div>
    </section>
  );
}
