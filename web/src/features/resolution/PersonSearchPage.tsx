import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { api } from '../../lib/api';
import { roleLabel } from './Reasons';
import type { PersonHit } from './types';

/** Find a person by name, birth date or ID number, across every source, as resolved. */
export function PersonSearchPage() {
  const [params, setParams] = useSearchParams();
  const [q, setQ] = useState(params.get('q') ?? '');
  const [hits, setHits] = useState<PersonHit[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const query = params.get('q');
    if (!query) return;
    setError(null);
    api<{ persons: PersonHit[] }>(`/persons?${new URLSearchParams({ q: query })}`).then((r) => setHits(r.persons)).catch((e: Error) => setError(e.message));
  }, [params]);
  return (
    <section>
      <h1>People</h1>
      <p className="muted">Persons as entity resolution sees them: the buyers, possessors, associates, subjects and tip subjects of every source, joined when they are one person. Every search is recorded in the audit log.</p>
      <form className="toolbar" onSubmit={(e) => { e.preventDefault(); setParams(q ? { q } : {}); }}>
        <label>Name, birth date or ID<input value={q} onChange={(e) => setQ(e.target.value)} placeholder="quintero 1990-03-12" /></label>
        <button type="submit">Search</button>
      </form>
      {error && <p role="alert" className="error">{error}</p>}
      {hits && hits.length === 0 && <p className="muted">No person found.</p>}
      {hits && hits.length > 0 && (
        <table>
          <thead><tr><th>Person</th><th>Name</th><th>Born</th><th className="num">Records</th><th>Seen as</th></tr></thead>
          <tbody>
            {hits.map((h) => (
              <tr key={h.person_id}>
                <td><Link to={`/persons/${h.person_id}`}>#{h.person_id}</Link></td>
                <td><Link to={`/persons/${h.person_id}`}>{h.display_name}</Link></td>
                <td>{h.dob ?? ''}</td>
                <td className="num">{h.records}</td>
                <td>{h.roles.map(roleLabel).join('; ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
