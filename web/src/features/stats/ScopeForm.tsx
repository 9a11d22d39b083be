import { useState, type FormEvent } from 'react';
import { MX_STATE_OPTIONS, US_STATE_OPTIONS } from './places';

/** The scope keys the statistics API takes, as URL search parameters. */
export const SCOPE_KEYS = ['agency', 'state', 'mxState', 'country', 'dealer', 'case', 'from', 'to'] as const;
export type ScopeValues = Partial<Record<(typeof SCOPE_KEYS)[number], string>>;

export function scopeFromParams(p: URLSearchParams): ScopeValues {
  const out: ScopeValues = {};
  for (const k of SCOPE_KEYS) {
    const v = p.get(k);
    if (v) out[k] = v;
  }
  return out;
}

export function scopeQuery(s: ScopeValues): URLSearchParams {
  const q = new URLSearchParams();
  for (const k of SCOPE_KEYS) if (s[k]) q.set(k, s[k]!);
  return q;
}

/** Place, agency, dealer, case and dates: any combination; the server narrows it to what the user may see. */
export function ScopeForm({ value, onChange }: { value: ScopeValues; onChange(v: ScopeValues): void }) {
  const [v, setV] = useState<ScopeValues>(value);
  const set = (k: keyof ScopeValues, x: string): void => setV((old) => ({ ...old, [k]: x || undefined }));
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    onChange(v);
  };
  return (
    <form className="toolbar stats-scope" onSubmit={submit} aria-label="Scope">
      <label>
        Recovered in
        <select
          value={v.mxState ? `MX-${v.mxState}` : v.state ? `US-${v.state}` : v.country ?? ''}
          onChange={(e) => {
            const x = e.target.value;
            setV((old) => ({
              ...old,
              state: x.startsWith('US-') ? x.slice(3) : undefined,
              mxState: x.startsWith('MX-') ? x.slice(3) : undefined,
              country: x === 'US' || x === 'MX' ? x : x.startsWith('MX-') ? 'MX' : undefined,
            }));
          }}
        >
          <option value="">anywhere</option>
          <option value="US">United States</option>
          <option value="MX">Mexico</option>
          <optgroup label="US states">
            {US_STATE_OPTIONS.map(([c, n]) => (
              <option key={c} value={`US-${c}`}>{n}</option>
            ))}
          </optgroup>
          <optgroup label="Mexican states">
            {MX_STATE_OPTIONS.map(([c, n]) => (
              <option key={c} value={`MX-${c}`}>{n}</option>
            ))}
          </optgroup>
        </select>
      </label>
      <label>
        Agency (ORI)
        <input value={v.agency ?? ''} onChange={(e) => set('agency', e.target.value)} size={11} placeholder="any" />
      </label>
      <label>
        Dealer licence
        <input value={v.dealer ?? ''} onChange={(e) => set('dealer', e.target.value)} size={18} placeholder="any" />
      </label>
      <label>
        Case number
        <input value={v.case ?? ''} onChange={(e) => set('case', e.target.value)} size={14} placeholder="any" />
      </label>
      <label>
        From
        <input type="date" value={v.from ?? ''} onChange={(e) => set('from', e.target.value)} />
      </label>
      <label>
        To
        <input type="date" value={v.to ?? ''} onChange={(e) => set('to', e.target.value)} />
      </label>
      <button type="submit">Apply</button>
    </form>
  );
}
