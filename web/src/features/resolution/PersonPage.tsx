import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api } from '../../lib/api';
import { addressOf, nameOf, ReasonList, roleLabel, SourceLink } from './Reasons';
import type { PersonRecordFull, PersonView } from './types';

const BASIS_WORDS: Record<string, string> = {
  scored: 'joined by the linkage model',
  confirmed: 'joined because an analyst confirmed the pair',
  transitive: 'joined through other records of this person (this pair alone is weak)',
  hidden: 'joined through records outside your scope',
};

function LinkCard({ r, byId }: { r: PersonRecordFull; byId: Map<number, PersonRecordFull> }) {
  const l = r.link;
  if (!l || l.basis === 'founding') return null;
  const other = l.linked_to !== null ? byId.get(l.linked_to) : undefined;
  return (
    <div className="er-link" data-testid={`link-${r.id}`}>
      <h3>
        Record #{r.id} ({roleLabel(r.role)}, {nameOf(r)})
        {other ? <> joined to record #{other.id} ({roleLabel(other.role)}, {nameOf(other)})</> : null}
      </h3>
      <p className="muted er-small">{BASIS_WORDS[l.basis] ?? l.basis}{l.probability !== null ? `; probability ${l.probability.toFixed(3)}` : ''}; run {l.run_id}</p>
      {l.explanation && <ReasonList reason={l.explanation} />}
    </div>
  );
}

/** One resolved person: the records behind it, where each came from, and why each was joined. */
export function PersonPage() {
  const { id } = useParams();
  const [v, setV] = useState<PersonView | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setV(null);
    api<PersonView>(`/persons/${id}`).then(setV).catch((e: Error) => setError(e.message));
  }, [id]);
  if (error) return <p role="alert" className="error">{error}</p>;
  if (!v) return <p className="muted">Loading…</p>;
  const byId = new Map(v.records.map((r) => [r.id, r]));
  const sources = new Set(v.records.map((r) => r.source_kind));
  return (
    <section>
      <h1>{v.person.display_name}</h1>
      <div className="cards">
        <div className="card"><div className="muted">Person</div><div className="stat">#{v.person.id}</div>
          <div className="muted">{v.person.resolved ? `resolved (run ${v.person.last_run_id ?? '–'})` : 'not resolved yet: one record'}{v.person.retired ? ', retired' : ''}</div></div>
        <div className="card"><div className="muted">Born</div><div className="stat">{v.person.dob ?? '–'}</div></div>
        <div className="card"><div className="muted">Records</div><div className="stat" data-testid="record-count">{v.records.length}</div>
          <div className="muted">from {sources.size} source{sources.size === 1 ? '' : 's'}</div></div>
      </div>
      <div className="card">
        <h2>Records behind this person</h2>
        <table>
          <thead><tr><th>#</th><th>As</th><th>Name as written</th><th>Born</th><th>ID</th><th>Address</th><th>Phone</th><th>Source</th><th>Came from</th></tr></thead>
          <tbody>
            {v.records.map((r) => (
              <tr key={r.id}>
                <td>{r.id}</td>
                <td>{roleLabel(r.role)}</td>
                <td>{nameOf(r)}{r.aliases.length > 0 && <div className="muted er-small">aka {r.aliases.join(', ')}</div>}</td>
                <td>{r.dob ?? ''}</td>
                <td>{[r.id_number, r.id_state].filter(Boolean).join(' ')}</td>
                <td>{addressOf(r)}</td>
                <td>{r.phone ?? ''}</td>
                <td className="er-small">{r.source_kind}<div className="muted">{r.import_file ? `${r.import_file} · ` : ''}{r.source_ref}{r.agency_ori ? ` · ${r.agency_ori}` : ''}</div>
                  <div className="muted">received {new Date(r.created_at).toLocaleDateString()}</div></td>
                <td className="er-small">
                  {r.sources.length === 0 ? <span className="muted">–</span> : (
                    <ul className="er-sources">{r.sources.map((s) => <li key={`${s.kind}-${s.id}`}><SourceLink s={s} /></li>)}</ul>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="card">
        <h2>Why these records are one person</h2>
        {v.records.length === 1 ? <p className="muted">A single record: nothing was joined to it.</p> : v.records.map((r) => <LinkCard key={r.id} r={r} byId={byId} />)}
      </div>
      {(v.review.length > 0 || v.decisions.length > 0) && (
        <div className="card">
          <h2>Questions and answers about these records</h2>
          {v.review.filter((x) => x.status === 'pending').length > 0 && (
            <p>
              {v.review.filter((x) => x.status === 'pending').length} uncertain pair(s) wait for review: <Link to="/resolution/review">open the review queue</Link>.
            </p>
          )}
          {v.decisions.length > 0 && (
            <ul>
              {v.decisions.map((d) => (
                <li key={d.id}>
                  Records #{d.record_a_id} and #{d.record_b_id}: <strong>{d.decision === 'confirmed' ? 'one person' : 'two people'}</strong>
                  {d.decided_by ? ` (${d.decided_by}, ${new Date(d.decided_at).toLocaleDateString()})` : ''}{d.note ? `: ${d.note}` : ''}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}
