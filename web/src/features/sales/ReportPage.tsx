import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api } from '../../lib/api';

interface ReportAnswer {
  report: {
    id: number; report_ref: string; form: string; report_date: string; dealer_id: number | null; dealer_licence: string; dealer_full_name: string | null;
    dealer_city: string | null; dealer_state: string | null; connected_to_earlier: boolean; earlier_sale_date: string | null; gun_show_or_event: string | null;
    payment_method: string | null; police_agency: string | null; police_copy_on: string | null; subject_id: number | null; source_ref: string;
  };
  buyer: { id: number; given_name: string | null; middle_name: string | null; surname: string | null; maternal_surname: string | null; dob: string | null; street_raw: string | null; city: string | null; state: string | null; postcode: string | null; id_number: string | null; id_type: string | null; id_state: string | null } | null;
  items: Array<{ item_no: number; transfer_date: string; maker: string | null; importer: string | null; model: string | null; caliber: string | null; firearm_type: string | null; serial_raw: string | null; serial_key: string | null }>;
  traced: Array<{ trace_id: number; serial_key: string; recovered_on: string | null; country: string | null; state: string | null; mx_state: string | null; ttc_days: number | null }>;
  chain: Array<{ id: number; report_ref: string; form: string; report_date: string; connected_to_earlier: boolean; earlier_sale_date: string | null; first_transfer: string | null; last_transfer: string | null; guns: number; current: boolean; earlierMatches: boolean | null }>;
}

/** One multiple-sale report as filed, what became of its guns, and the chain of this buyer's reports at this dealer. */
export function ReportPage() {
  const { id } = useParams();
  const [r, setR] = useState<ReportAnswer | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api<ReportAnswer>(`/sales/reports/${id}`).then(setR).catch((e: Error) => setError(e.message));
  }, [id]);
  if (error) return <p role="alert" className="error">{error}</p>;
  if (!r) return <p className="muted">Loading…</p>;
  const { report: rep, buyer } = r;
  const tracedBy = new Map(r.traced.map((t) => [t.serial_key, t]));
  return (
    <section>
      <h1>Multiple-sale report {rep.report_ref} <span className="muted">(F {rep.form})</span></h1>
      <div className="grid2">
        <div className="card">
          <h2>Dealer</h2>
          <p>{rep.dealer_id ? <Link to={`/detection/dealers/${rep.dealer_id}`}>{rep.dealer_full_name ?? rep.dealer_licence}</Link> : rep.dealer_licence}</p>
          <p className="muted">{rep.dealer_licence} · {[rep.dealer_city, rep.dealer_state].filter(Boolean).join(', ')}</p>
          <p>Reported {rep.report_date}{rep.payment_method ? ` · paid by ${rep.payment_method.replace('_', ' ')}` : ''}{rep.gun_show_or_event ? ` · at ${rep.gun_show_or_event}` : ''}</p>
          <p>{rep.connected_to_earlier ? `Connected to an earlier multiple sale of ${rep.earlier_sale_date ?? '(date not given)'}` : 'Not connected to an earlier multiple sale'}</p>
        </div>
        <div className="card">
          <h2>Buyer</h2>
          {buyer ? (
            <>
              <p>{rep.subject_id ? <Link to={`/detection/people/${rep.subject_id}`}>{[buyer.given_name, buyer.middle_name, buyer.surname, buyer.maternal_surname].filter(Boolean).join(' ')}</Link> : buyer.surname}</p>
              <p className="muted">Born {buyer.dob ?? '?'} · {buyer.id_type ?? 'ID'} {buyer.id_number ?? ''} {buyer.id_state ?? ''}</p>
              <p className="muted">{[buyer.street_raw, buyer.city, buyer.state, buyer.postcode].filter(Boolean).join(', ')}</p>
            </>
          ) : <p className="muted">Buyer data purged under the retention rule.</p>}
        </div>
      </div>
      <div className="card">
        <h2>Firearms</h2>
        <table>
          <thead><tr><th>#</th><th>Transferred</th><th>Maker</th><th>Model</th><th>Caliber</th><th>Type</th><th>Serial</th><th>Traced</th></tr></thead>
          <tbody>
            {r.items.map((i) => {
              const t = i.serial_key ? tracedBy.get(i.serial_key) : undefined;
              return (
                <tr key={i.item_no}>
                  <td>{i.item_no}</td><td>{i.transfer_date}</td><td>{i.maker}{i.importer ? ` (imp. ${i.importer})` : ''}</td><td>{i.model}</td><td>{i.caliber}</td><td>{i.firearm_type}</td><td><code>{i.serial_raw}</code></td>
                  <td>{t ? <Link to={`/traces/${t.trace_id}`}>recovered {t.recovered_on} in {t.country === 'MX' ? `Mexico (${t.mx_state ?? ''})` : t.state}{t.ttc_days != null ? `, ${t.ttc_days} days` : ''}</Link> : ''}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <div className="card">
        <h2>Linked chain: this buyer's reports at this dealer</h2>
        <table data-testid="report-chain">
          <thead><tr><th>Report</th><th>Date</th><th>Transfers</th><th>Guns</th><th>Connected (dealer's mark)</th></tr></thead>
          <tbody>
            {r.chain.map((c) => (
              <tr key={c.id} className={c.current ? 'det-current' : ''}>
                <td>{c.current ? <strong>{c.report_ref}</strong> : <Link to={`/sales/reports/${c.id}`}>{c.report_ref}</Link>}</td>
                <td>{c.report_date}</td>
                <td>{c.first_transfer}{c.last_transfer !== c.first_transfer ? ` to ${c.last_transfer}` : ''}</td>
                <td>{c.guns}</td>
                <td>{c.connected_to_earlier ? `yes, to ${c.earlier_sale_date ?? '?'}${c.earlierMatches === false ? ' (no report of this buyer here on that date)' : ''}` : 'no'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
