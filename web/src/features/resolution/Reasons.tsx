import { Link } from 'react-router-dom';
import type { LinkReason, PersonRecord, SourceRef } from './types';

/** The engine's words without the weight it appends ("... (+5.2)"): the weight is shown as a bar beside them. */
export function reasonWords(text: string): string {
  return text.replace(/\s*\([+-]\d+(?:\.\d+)?\)$/, '');
}

const FIELD_LABELS: Record<string, string> = {
  given_name: 'given name', surname: 'surname', dob: 'birth date', sex: 'sex', id_number: 'ID number', phone: 'phone',
  email: 'email', street: 'street address', city: 'city', state: 'state', postcode: 'postcode', middle_name: 'middle name',
};
export const fieldLabel = (f: string): string => FIELD_LABELS[f] ?? f.replace(/_/g, ' ');

function WeightBar({ weight }: { weight: number }) {
  // 1 bit = 4 px, capped: a glance at direction and strength, the number beside it is exact.
  const w = Math.min(60, Math.abs(weight) * 4);
  return (
    <span className="er-weight" aria-hidden="true">
      <span className={weight >= 0 ? 'er-weight-for' : 'er-weight-against'} style={{ width: `${w}px` }} />
    </span>
  );
}

export function verdict(p: number): string {
  if (p >= 0.9) return 'almost certainly one person';
  if (p >= 0.5) return 'probably one person';
  if (p >= 0.1) return 'uncertain';
  return 'probably two people';
}

/** Field-by-field reasons for (or against) two records being one person, in the engine's words. */
export function ReasonList({ reason }: { reason: LinkReason }) {
  return (
    <div className="er-reason">
      <p>
        <strong>Probability {reason.probability.toFixed(3)}</strong> <span className="muted">({verdict(reason.probability)})</span>
      </p>
      <table className="er-fields">
        <thead><tr><th>Field</th><th>What the records say</th><th className="num">Evidence (bits)</th><th /></tr></thead>
        <tbody>
          {reason.fields.map((f) => (
            <tr key={f.field} className={f.weight >= 0 ? 'er-for' : 'er-against'}>
              <td>{fieldLabel(f.field)}</td>
              <td>{reasonWords(f.text)}</td>
              <td className="num">{f.weight >= 0 ? '+' : ''}{f.weight.toFixed(1)}</td>
              <td><WeightBar weight={f.weight} /></td>
            </tr>
          ))}
        </tbody>
      </table>
      {reason.missing.length > 0 && <p className="muted er-small">Not compared (missing on one side): {reason.missing.map(fieldLabel).join(', ')}.</p>}
      {reason.householdRule && <p className="er-small">Given names and birth dates both differ: what they share (surname, address, phone) is what a household shares, so it does not count.</p>}
      {reason.identityRule && <p className="er-small">Names, birth date and identifiers on their own point to two people: a shared address or phone cannot make them one.</p>}
    </div>
  );
}

export function nameOf(r: Pick<PersonRecord, 'given_name' | 'middle_name' | 'surname' | 'maternal_surname' | 'full_name'>): string {
  const parts = [r.given_name, r.middle_name, r.surname, r.maternal_surname].filter((x) => x && x.trim());
  return parts.length ? parts.join(' ') : r.full_name ?? '(no name)';
}

export function addressOf(r: Pick<PersonRecord, 'street_raw' | 'city' | 'state' | 'postcode'>): string {
  return [r.street_raw, r.city, [r.state, r.postcode].filter(Boolean).join(' ')].filter(Boolean).join(', ');
}

const ROLE_LABELS: Record<string, string> = {
  msr_buyer: 'buyer on a multiple-sale report', trace_buyer: 'first buyer in a trace', buyer: 'buyer', possessor: 'possessor',
  trace_possessor: 'possessor of a traced gun', associate: 'associate', subject: 'case subject', tip_subject: 'person in a dealer tip',
};
export const roleLabel = (r: string): string => ROLE_LABELS[r] ?? r.replace(/_/g, ' ');

export function SourceLink({ s }: { s: SourceRef }) {
  const text = `${s.label}${s.date ? `, ${s.date}` : ''}`;
  if (s.kind === 'multiple_sale') return <Link to={`/sales/reports/${s.id}`}>{text}</Link>;
  if (s.kind.startsWith('trace_')) return <Link to={`/traces/${s.id}`}>{text}</Link>;
  return <span>{text}</span>;
}

/** Two records side by side, field by field, with the fields that differ marked. */
export function RecordCompare({ a, b }: { a: PersonRecord & { person_id?: number }; b: PersonRecord & { person_id?: number } }) {
  const rows: [string, (r: PersonRecord) => string][] = [
    ['Name as written', nameOf],
    ['Born', (r) => r.dob ?? ''],
    ['Sex', (r) => r.sex ?? ''],
    ['ID', (r) => [r.id_type, r.id_number, r.id_state].filter(Boolean).join(' ')],
    ['Address', addressOf],
    ['Phone', (r) => r.phone ?? ''],
    ['Role', (r) => roleLabel(r.role)],
    ['Source', (r) => `${r.source_kind}: ${r.import_file ? `${r.import_file} ` : ''}${r.source_ref}`],
  ];
  return (
    <table className="er-compare">
      <thead>
        <tr>
          <th />
          {[a, b].map((r) => (
            <th key={r.id}>
              Record #{r.id}
              {r.person_id !== undefined && <> · <Link to={`/persons/${r.person_id}`}>person {r.person_id}</Link></>}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map(([label, f]) => {
          const va = f(a);
          const vb = f(b);
          const differ = va !== '' && vb !== '' && va.toUpperCase() !== vb.toUpperCase();
          return (
            <tr key={label} className={differ ? 'er-differ' : undefined}>
              <th scope="row">{label}</th>
              <td>{va || <span className="muted">–</span>}</td>
              <td>{vb || <span className="muted">–</span>}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
