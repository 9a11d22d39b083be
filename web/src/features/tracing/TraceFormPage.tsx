import { useEffect, useMemo, useState, type ChangeEvent } from 'react';
import { useNavigate } from 'react-router-dom';
import { api } from '../../lib/api';
import { useSession } from '../../lib/session';
import { FIREARM_TYPES, SEXES } from '../../../../src/formats/vocab';
import { describeError, ErrorNote, newRef, today } from './common';

interface Check {
  field: string;
  level: 'error' | 'warning' | 'info';
  message: string;
}

type Form = Record<string, string>;

const EMPTY: Form = {
  priority: 'routine', urgent_justification: '', special_instructions: '', ncic_code: '', project_code: '', agency_case_number: '',
  officer_name: '', officer_badge: '', contact_phone: '', contact_email: '',
  serial: '', manufacturer: '', importer: '', model: '', type: '', caliber: '', country_of_origin: 'US', other_markings: '',
  recovery_date: today(), recovery_address: '', recovery_city: '', recovery_country: 'US', recovery_state: '', recovery_mx_state: '',
  recovery_lat: '', recovery_lon: '',
  possessor_surname: '', possessor_given_name: '', possessor_middle_name: '', possessor_maternal_surname: '', possessor_dob: '',
  possessor_sex: '', possessor_street: '', possessor_city: '', possessor_state: '', possessor_id_number: '',
};

interface Associate {
  surname: string;
  given_name: string;
  dob: string;
  relationship: string;
}

/**
 * The trace request form (ATF F 3312.1). As the gun is described, the server checks it: known maker and importer,
 * caliber, serial format (and that confusable characters will be matched either way), importer for a gun made
 * abroad, and a warning when the agency has already asked about the same gun.
 */
export function TraceFormPage() {
  const { me } = useSession();
  const nav = useNavigate();
  const [f, setF] = useState<Form>(EMPTY);
  const [obliterated, setObliterated] = useState(false);
  const [associates, setAssociates] = useState<Associate[]>([]);
  const [checks, setChecks] = useState<Check[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (k: string) => (e: ChangeEvent<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>) => setF((x) => ({ ...x, [k]: e.target.value }));

  // Checks at entry, shortly after the gun's description changes.
  const probe = useMemo(
    () => ({
      serial: f.serial || undefined, serialObliterated: obliterated, manufacturer: f.manufacturer || undefined, importer: f.importer || undefined,
      caliber: f.caliber || undefined, countryOfOrigin: f.country_of_origin || undefined, recoveryDate: f.recovery_date || undefined,
    }),
    [f.serial, obliterated, f.manufacturer, f.importer, f.caliber, f.country_of_origin, f.recovery_date],
  );
  useEffect(() => {
    const t = setTimeout(() => {
      api<{ checks: Check[] }>('/traces/check', { method: 'POST', json: probe })
        .then((r) => setChecks(r.checks))
        .catch(() => setChecks([]));
    }, 350);
    return () => clearTimeout(t);
  }, [probe]);

  const notes = (field: string) =>
    checks
      .filter((c) => c.field === field)
      .map((c, i) => (
        <span key={i} className={`tr-check tr-check-${c.level}`} data-testid={`check-${field}`}>
          {c.message}
        </span>
      ));

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const body: Record<string, unknown> = { request_id: newRef('WEB'), request_date: today(), requester_ori: me?.agency, serial_obliterated: obliterated };
    for (const [k, v] of Object.entries(f)) if (v.trim() !== '') body[k] = v.trim();
    if (f.recovery_country !== 'US') delete body.recovery_state;
    if (f.recovery_country !== 'MX') delete body.recovery_mx_state;
    const assoc = associates.filter((a) => a.surname || a.given_name).map((a) => Object.fromEntries(Object.entries(a).filter(([, v]) => v)));
    if (assoc.length) body.associates = assoc;
    try {
      const r = await api<{ id: number }>('/traces', { method: 'POST', json: body });
      void nav(`/traces/${r.id}`);
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  };

  const hasError = checks.some((c) => c.level === 'error');
  return (
    <section>
      <h1>New trace request</h1>
      <p className="muted">ATF F 3312.1 for agency {me?.agency}. Fields marked * are required.</p>
      <form onSubmit={(e) => void submit(e)} className="tr-form">
        <fieldset className="card">
          <legend>Request</legend>
          <div className="tr-row">
            <label>
              Priority *
              <select value={f.priority} onChange={set('priority')} name="priority">
                <option value="routine">routine (about 7 days)</option>
                <option value="urgent">urgent (24 hours)</option>
              </select>
            </label>
            <label>
              NCIC crime code
              <input value={f.ncic_code} onChange={set('ncic_code')} name="ncic_code" placeholder="5212" maxLength={4} />
            </label>
            <label>
              Agency case number
              <input value={f.agency_case_number} onChange={set('agency_case_number')} name="agency_case_number" />
            </label>
            <label>
              Project code
              <input value={f.project_code} onChange={set('project_code')} name="project_code" />
            </label>
          </div>
          {f.priority === 'urgent' && (
            <label>
              Why is it urgent? *
              <textarea value={f.urgent_justification} onChange={set('urgent_justification')} name="urgent_justification" rows={2} required />
            </label>
          )}
          <div className="tr-row">
            <label>
              Officer
              <input value={f.officer_name} onChange={set('officer_name')} name="officer_name" />
            </label>
            <label>
              Badge
              <input value={f.officer_badge} onChange={set('officer_badge')} name="officer_badge" />
            </label>
            <label>
              Phone
              <input value={f.contact_phone} onChange={set('contact_phone')} name="contact_phone" />
            </label>
            <label>
              E-mail
              <input value={f.contact_email} onChange={set('contact_email')} name="contact_email" type="email" />
            </label>
          </div>
          <label>
            Special instructions
            <input value={f.special_instructions} onChange={set('special_instructions')} name="special_instructions" />
          </label>
        </fieldset>

        <fieldset className="card">
          <legend>Firearm</legend>
          <div className="tr-row">
            <label>
              Serial number {obliterated ? '' : '*'}
              <input value={f.serial} onChange={set('serial')} name="serial" placeholder="as read; ? for an unreadable character" />
              {notes('serial')}
            </label>
            <label className="inline">
              <input type="checkbox" checked={obliterated} onChange={(e) => setObliterated(e.target.checked)} name="serial_obliterated" /> serial (partly) obliterated
            </label>
          </div>
          <div className="tr-row">
            <label>
              Manufacturer
              <input value={f.manufacturer} onChange={set('manufacturer')} name="manufacturer" />
              {notes('manufacturer')}
            </label>
            <label>
              Country of origin
              <input value={f.country_of_origin} onChange={set('country_of_origin')} name="country_of_origin" maxLength={2} />
            </label>
            <label>
              Importer {f.country_of_origin && f.country_of_origin.toUpperCase() !== 'US' ? '*' : ''}
              <input value={f.importer} onChange={set('importer')} name="importer" />
              {notes('importer')}
            </label>
          </div>
          <div className="tr-row">
            <label>
              Model
              <input value={f.model} onChange={set('model')} name="model" />
            </label>
            <label>
              Type
              <select value={f.type} onChange={set('type')} name="type">
                <option value="">—</option>
                {FIREARM_TYPES.map((t) => (
                  <option key={t} value={t}>
                    {t.replaceAll('_', ' ')}
                  </option>
                ))}
              </select>
            </label>
            <label>
              Caliber
              <input value={f.caliber} onChange={set('caliber')} name="caliber" />
              {notes('caliber')}
            </label>
          </div>
          <label>
            Other markings
            <input value={f.other_markings} onChange={set('other_markings')} name="other_markings" />
          </label>
        </fieldset>

        <fieldset className="card">
          <legend>Recovery</legend>
          <div className="tr-row">
            <label>
              Date recovered *
              <input type="date" value={f.recovery_date} onChange={set('recovery_date')} name="recovery_date" required />
            </label>
            <label>
              Country *
              <select value={f.recovery_country} onChange={set('recovery_country')} name="recovery_country">
                <option value="US">United States</option>
                <option value="MX">Mexico</option>
                <option value="GT">Guatemala</option>
                <option value="CA">Canada</option>
              </select>
            </label>
            {f.recovery_country === 'US' && (
              <label>
                State *
                <input value={f.recovery_state} onChange={set('recovery_state')} name="recovery_state" maxLength={2} placeholder="AZ" />
              </label>
            )}
            {f.recovery_country === 'MX' && (
              <label>
                Mexican state *
                <input value={f.recovery_mx_state} onChange={set('recovery_mx_state')} name="recovery_mx_state" maxLength={3} placeholder="SON" />
              </label>
            )}
          </div>
          <div className="tr-row">
            <label>
              Address or place
              <input value={f.recovery_address} onChange={set('recovery_address')} name="recovery_address" />
            </label>
            <label>
              City
              <input value={f.recovery_city} onChange={set('recovery_city')} name="recovery_city" />
            </label>
            <label>
              Latitude
              <input value={f.recovery_lat} onChange={set('recovery_lat')} name="recovery_lat" inputMode="decimal" />
            </label>
            <label>
              Longitude
              <input value={f.recovery_lon} onChange={set('recovery_lon')} name="recovery_lon" inputMode="decimal" />
            </label>
          </div>
        </fieldset>

        <fieldset className="card">
          <legend>Possessor</legend>
          <div className="tr-row">
            <label>
              Surname
              <input value={f.possessor_surname} onChange={set('possessor_surname')} name="possessor_surname" />
            </label>
            <label>
              Maternal surname
              <input value={f.possessor_maternal_surname} onChange={set('possessor_maternal_surname')} name="possessor_maternal_surname" />
            </label>
            <label>
              Given name
              <input value={f.possessor_given_name} onChange={set('possessor_given_name')} name="possessor_given_name" />
            </label>
            <label>
              Date of birth
              <input type="date" value={f.possessor_dob} onChange={set('possessor_dob')} name="possessor_dob" />
            </label>
            <label>
              Sex
              <select value={f.possessor_sex} onChange={set('possessor_sex')} name="possessor_sex">
                <option value="">—</option>
                {SEXES.map((s) => (
                  <option key={s}>{s}</option>
                ))}
              </select>
            </label>
          </div>
          <div className="tr-row">
            <label>
              Street
              <input value={f.possessor_street} onChange={set('possessor_street')} name="possessor_street" />
            </label>
            <label>
              City
              <input value={f.possessor_city} onChange={set('possessor_city')} name="possessor_city" />
            </label>
            <label>
              State
              <input value={f.possessor_state} onChange={set('possessor_state')} name="possessor_state" />
            </label>
            <label>
              ID number
              <input value={f.possessor_id_number} onChange={set('possessor_id_number')} name="possessor_id_number" />
            </label>
          </div>
          <h3>Associates</h3>
          {associates.map((a, i) => (
            <div className="tr-row" key={i}>
              {(['surname', 'given_name', 'dob', 'relationship'] as const).map((k) => (
                <label key={k}>
                  {k.replace('_', ' ')}
                  <input
                    type={k === 'dob' ? 'date' : 'text'}
                    value={a[k]}
                    onChange={(e) => setAssociates((xs) => xs.map((x, j) => (j === i ? { ...x, [k]: e.target.value } : x)))}
                  />
                </label>
              ))}
              <button type="button" className="secondary" onClick={() => setAssociates((xs) => xs.filter((_, j) => j !== i))}>
                Remove
              </button>
            </div>
          ))}
          <button type="button" className="secondary" onClick={() => setAssociates((xs) => [...xs, { surname: '', given_name: '', dob: '', relationship: '' }])}>
            Add associate
          </button>
        </fieldset>

        <ErrorNote error={error} />
        <button type="submit" disabled={busy || hasError}>
          {busy ? 'Submitting…' : 'Submit trace request'}
        </button>
      </form>
    </section>
  );
}
