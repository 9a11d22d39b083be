import { useState } from 'react';
import { api } from '../../lib/api';
import type { PersonHit } from './types';

interface Props {
  label: string;
  reasonQuery: string;
  onPick: (hit: PersonHit) => void;
  onError: (message: string) => void;
}

/** Search people by name within the caller's scope and pick one; the search is audited with the stated reason. */
export function PersonPicker({ label, reasonQuery, onPick, onError }: Props) {
  const [q, setQ] = useState('');
  const [hits, setHits] = useState<PersonHit[]>([]);
  const [picked, setPicked] = useState<PersonHit | null>(null);
  const search = () => {
    api<{ persons: PersonHit[] }>(`/network/persons?q=${encodeURIComponent(q)}${reasonQuery}`)
      .then((r) => setHits(r.persons))
      .catch((e: Error) => onError(e.message));
  };
  return (
    <div className="net-picker">
      <label>{label}<input value={q} onChange={(e) => setQ(e.target.value)} onKeyDown={(e) => e.key === 'Enter' && search()} placeholder="name" /></label>
      <button type="button" className="secondary" onClick={search}>Find {label.toLowerCase()}</button>
      {picked && <span className="muted" data-testid={`picked-${label.toLowerCase()}`}> {picked.label}</span>}
      {hits.length > 0 && (
        <ul className="net-hits" aria-label={`${label} matches`}>
          {hits.map((h) => (
            <li key={h.id}>
              <button type="button" className="secondary" onClick={() => { setPicked(h); setHits([]); onPick(h); }}>
                {h.label}{h.dob ? ` (${h.dob})` : ''}{h.risk ? ` · risk ${Math.round(h.risk.score)}` : ''}{h.inGraph ? '' : ' · no links'}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
