import { useState, type ChangeEvent } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { api } from '../../lib/api';
import { useSession } from '../../lib/session';
import { FIREARM_TYPES, SUSPECT_REASONS } from '../../../../src/formats/vocab';
import { Badge, ErrorNote, newRef, today, useAction, useLoad } from '../tracing/common';

interface Entry {
  id: number;
  status: string;
  reason: string;
  referred_on: string | null;
  review_on: string;
  serial_raw: string;
  serial_partial: boolean;
  maker: string | null;
  model: string | null;
  caliber: string | null;
  case_number: string;
  investigator_name: string | null;
  matches: number;
  review_due: boolean;
}

function ReferralForm({ onDone }: { onDone: () => void }) {
  const { me } = useSession();
  const cases = useLoad<{ cases: Array<{ id: number; case_number: string; title: string }> }>('/cases?status=open');
  const [f, setF] = useState<Record<string, string>>({ reason: 'trafficking', referred_on: today(), investigator: me?.username ?? '' });
  const a = useAction();
  const set = (k: string) => (e: ChangeEvent<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>) => setF((x) => ({ ...x, [k]: e.target.value }));
  const submit = () => {
    const body: Record<string, string> = { entry_id: newRef('SG'), agency_ori: me?.agency ?? '' };
    for (const [k, v] of Object.entries(f)) if (v.trim()) body[k] = v.trim();
    void a.run(() => api('/suspects', { method: 'POST', json: body })).then((ok) => {
      if (ok) {
        setF({ reason: 'trafficking', referred_on: today(), investigator: me?.username ?? '' });
        onDone();
      }
    });
  };
  return (
    <div className="card">
      <h2>Refer a suspect gun</h2>
      <p className="muted">The gun must be tied to an open case. A supervisor other than you approves the entry; it is matched at once against every recovered gun held.</p>
      <div className="tr-row">
        <label>
          Case *
          <select value={f.case_number ?? ''} onChange={set('case_number')} name="case_number">
            <option value="">—</option>
            {cases.data?.cases.map((c) => (
              <option key={c.id} value={c.case_number}>
                {c.case_number} {c.title}
              </option>
            ))}
          </select>
        </label>
        <label>
          Investigator *
          <input value={f.investigator ?? ''} onChange={set('investigator')} />
        </label>
        <label>
          Reason *
          <select value={f.reason} onChange={set('reason')}>
            {SUSPECT_REASONS.map((r) => (
              <option key={r} value={r}>
                {r.replaceAll('_', ' ')}
              </option>
            ))}
          </select>
        </label>
        <label>
          Referred on *
          <input type="date" value={f.referred_on} onChange={set('referred_on')} />
        </label>
        <label>
          Review by
          <input type="date" value={f.review_on ?? ''} onChange={set('review_on')} />
        </label>
      </div>
      <div className="tr-row">
        <label>
          Serial * <span className="muted">(? for each unknown position)</span>
          <input value={f.serial ?? ''} onChange={set('serial')} name="serial" placeholder="RO12??-5678" />
        </label>
        <label>
          Manufacturer
          <input value={f.manufacturer ?? ''} onChange={set('manufacturer')} name="manufacturer" />
        </label>
        <label>
          Importer
          <input value={f.importer ?? ''} onChange={set('importer')} name="importer" />
        </label>
        <label>
          Model
          <input value={f.model ?? ''} onChange={set('model')} name="model" />
        </label>
        <label>
          Caliber
          <input value={f.caliber ?? ''} onChange={set('caliber')} name="caliber" />
        </label>
        <label>
          Type
          <select value={f.type ?? ''} onChange={set('type')}>
            <option value="">—</option>
            {FIREARM_TYPES.map((t) => (
              <option key={t} value={t}>
                {t.replaceAll('_', ' ')}
              </option>
            ))}
          </select>
        </label>
      </div>
      <label>
        Reason in words
        <textarea rows={2} value={f.reason_detail ?? ''} onChange={set('reason_detail')} />
      </label>
      <ErrorNote error={a.error} />
      <button type="button" onClick={submit} disabled={a.busy}>
        Refer
      </button>
    </div>
  );
}

/** The suspect-gun register: every entry, its status, review date and how many matches it has had. */
export function RegisterPage() {
  const { can } = useSession();
  const [params, setParams] = useSearchParams();
  const status = params.get('status') ?? '';
  const { data, error, reload } = useLoad<{ entries: Entry[] }>(`/suspects${status ? `?status=${status}` : ''}`);
  return (
    <section>
      <h1>Suspect-gun register</h1>
      {can('suspect:refer') && <ReferralForm onDone={reload} />}
      <div className="toolbar">
        <label>
          Status
          <select value={status} onChange={(e) => setParams(e.target.value ? { status: e.target.value } : {})}>
            <option value="">any</option>
            {['pending', 'approved', 'rejected', 'recovered', 'closed'].map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
      </div>
      <ErrorNote error={error} />
      <table>
        <thead>
          <tr>
            <th>Serial</th>
            <th>Gun</th>
            <th>Case</th>
            <th>Reason</th>
            <th>Status</th>
            <th>Review</th>
            <th className="num">Matches</th>
          </tr>
        </thead>
        <tbody>
          {data?.entries.map((e) => (
            <tr key={e.id}>
              <td>
                <Link to={`/suspects/${e.id}`}>
                  <code>{e.serial_raw}</code>
                </Link>
                {e.serial_partial && <Badge value="partial" kind="high" />}
              </td>
              <td>{[e.maker, e.model, e.caliber].filter(Boolean).join(' ')}</td>
              <td>{e.case_number}</td>
              <td>{e.reason.replaceAll('_', ' ')}</td>
              <td>
                <Badge value={e.status} />
              </td>
              <td>{e.review_due ? <Badge value={`due ${e.review_on}`} kind="open" /> : e.review_on}</td>
              <td className="num">{e.matches}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
