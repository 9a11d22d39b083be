import { useCallback, useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { api } from '../../lib/api';
import { ReasonList, RecordCompare } from './Reasons';
import type { ResolutionRun, ReviewItem } from './types';

type Status = 'pending' | 'confirmed' | 'rejected';

function ReviewCard({ item, onAnswered }: { item: ReviewItem; onAnswered: (id: number, message: string) => void }) {
  const [note, setNote] = useState(item.note ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const answer = (decision: 'confirmed' | 'rejected') => {
    setBusy(true);
    setError(null);
    api(`/resolution/review/${item.id}`, { method: 'POST', json: { decision, ...(note.trim() ? { note: note.trim() } : {}) } })
      .then(() => onAnswered(item.id, `Pair ${item.id}: ${decision === 'confirmed' ? 'one person' : 'two people'}. The answer binds every run from the next one on.`))
      .catch((e: Error) => setError(e.message))
      .finally(() => setBusy(false));
  };
  return (
    <article className="card er-review" data-testid={`review-${item.id}`}>
      <h2>
        Pair {item.id}: records #{item.a.id} and #{item.b.id}{' '}
        <span className="badge">{item.joined ? 'currently one person' : 'currently two people'}</span>{' '}
        {item.status !== 'pending' && <span className="badge">{item.status === 'confirmed' ? 'confirmed: one person' : 'rejected: two people'}{item.reviewer ? ` by ${item.reviewer}` : ''}</span>}
      </h2>
      <div className="grid2">
        <RecordCompare a={item.a} b={item.b} />
        <ReasonList reason={item.explanation} />
      </div>
      {item.status === 'pending' ? (
        <div className="toolbar er-answer">
          <label className="er-note">Note (why)<textarea value={note} onChange={(e) => setNote(e.target.value)} rows={2} /></label>
          <button type="button" disabled={busy} onClick={() => answer('confirmed')}>Same person</button>
          <button type="button" className="danger" disabled={busy} onClick={() => answer('rejected')}>Different people</button>
        </div>
      ) : item.note ? <p className="muted">Note: {item.note}</p> : null}
      {error && <p role="alert" className="error">{error}</p>}
    </article>
  );
}

/** The review queue: uncertain pairs side by side with the reasons; the analyst says whether they are one person. */
export function ReviewPage() {
  const [params, setParams] = useSearchParams();
  const status = (['confirmed', 'rejected'].includes(params.get('status') ?? '') ? params.get('status') : 'pending') as Status;
  const [data, setData] = useState<{ total: number; items: ReviewItem[] } | null>(null);
  const [runs, setRuns] = useState<ResolutionRun[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const load = useCallback(() => {
    setError(null);
    api<{ total: number; items: ReviewItem[] }>(`/resolution/review?status=${status}&limit=10`).then(setData).catch((e: Error) => setError(e.message));
    api<{ runs: ResolutionRun[] }>('/resolution/runs?limit=5').then((r) => setRuns(r.runs)).catch((e: Error) => setError(e.message));
  }, [status]);
  useEffect(load, [load]);
  const onAnswered = (id: number, msg: string) => {
    setMessage(msg);
    setData((d) => (d ? { total: d.total - 1, items: d.items.filter((i) => i.id !== id) } : d));
  };
  const runNow = () => {
    api<{ jobId: number }>('/resolution/runs', { method: 'POST', json: { mode: 'incremental' } })
      .then((r) => setMessage(`Resolution run queued as job ${r.jobId}: the answers take effect when it completes.`))
      .catch((e: Error) => setError(e.message));
  };
  const last = runs[0];
  return (
    <section>
      <h1>Identity review</h1>
      <p className="muted">
        Pairs of records the linkage model is unsure about, most uncertain first. Your answer is kept (with your note and name) and binds
        every later resolution run: a rejected pair is never joined again, not even through other records.
      </p>
      <div className="toolbar">
        {(['pending', 'confirmed', 'rejected'] as Status[]).map((s) => (
          <button key={s} type="button" className={s === status ? '' : 'secondary'} onClick={() => setParams(s === 'pending' ? {} : { status: s })}>{s}</button>
        ))}
        <button type="button" className="secondary" onClick={runNow}>Apply answers now</button>
        {last && (
          <span className="muted er-small">
            Last run {last.id} ({last.mode}, {last.status}{last.finished_at ? `, ${new Date(last.finished_at).toLocaleString()}` : ''})
            {last.stats.records !== undefined ? `: ${last.stats.records} records, ${last.stats.persons} persons` : ''}
          </span>
        )}
      </div>
      {message && <p role="status" className="er-message">{message}</p>}
      {error && <p role="alert" className="error">{error}</p>}
      {data && <p className="muted" data-testid="review-total">{data.total} {status} pair{data.total === 1 ? '' : 's'}</p>}
      {data?.items.map((i) => <ReviewCard key={i.id} item={i} onAnswered={onAnswered} />)}
    </section>
  );
}
