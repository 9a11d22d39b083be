// Results that came after the trace ended, or disagreed with a hop it holds: shown beside the answer, never over it,
// with what disagrees and a tracer's review.
import { useState } from 'react';
import { api } from '../../lib/api';
import { Badge, ErrorNote, fmtDate, useAction } from './common';
import type { LateResult } from './types';

function what(l: LateResult): string {
  if (l.kind === 'not_completed') return `not completed: ${l.not_completed_label ?? l.not_completed_reason}`;
  const who = [l.name, l.licence_number].filter(Boolean).join(', ');
  const buyer = l.buyer ? `; first buyer ${[l.buyer.given_name, l.buyer.surname].filter(Boolean).join(' ')}` : '';
  return `hop ${l.hop_seq ?? ''} ${l.role ?? ''}: ${who}${l.disposed_on ? `, ${l.role === 'retailer' ? 'sold' : 'disposed of'} ${l.disposed_on}` : ''}${buyer}`;
}

export function LateResults({ traceId, results, canReview, onDone }: { traceId: number; results: LateResult[]; canReview: boolean; onDone: () => void }) {
  const act = useAction();
  const [notes, setNotes] = useState<Record<number, string>>({});
  if (results.length === 0) return null;
  const review = (id: number) =>
    act.run(() => api(`/traces/${traceId}/late-results/${id}/review`, { method: 'POST', json: { note: notes[id] ?? '' } })).then((ok) => ok && onDone());
  return (
    <div className="card" data-testid="late-results">
      <h2>Further results</h2>
      <p className="muted">Kept as the source said them; the trace keeps its answer.</p>
      <ul>
        {results.map((l) => (
          <li key={l.id}>
            {what(l)} <span className="muted">({l.source_ref}, {fmtDate(l.created_at)})</span>{' '}
            {l.review_status === 'open' && <Badge value="disagrees: to review" kind="open" />}
            {l.review_status === 'reviewed' && <Badge value={`reviewed by ${l.reviewed_by ?? ''}`} />}
            {l.conflicts.length > 0 && (
              <ul>
                {l.conflicts.map((c) => (
                  <li key={c}>{c}</li>
                ))}
              </ul>
            )}
            {l.review_note && <p className="muted">Review: {l.review_note}</p>}
            {l.review_status === 'open' && canReview && (
              <div className="row">
                <input aria-label={`review note ${l.id}`} placeholder="what you found" value={notes[l.id] ?? ''} onChange={(e) => setNotes({ ...notes, [l.id]: e.target.value })} />
                <button type="button" disabled={(notes[l.id] ?? '').trim().length < 3} onClick={() => void review(l.id)}>
                  Mark reviewed
                </button>
              </div>
            )}
          </li>
        ))}
      </ul>
      <ErrorNote error={act.error} />
    </div>
  );
}
