import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../../lib/api';
import { EvidenceList } from '../detection/Evidence';
import type { Finding } from '../detection/types';

/** Multiple sales found through traces that no report held covers: the dealer's compliance, evidenced. */
export function CompliancePage() {
  const [certainty, setCertainty] = useState<'' | 'definite' | 'possible'>('definite');
  const [rows, setRows] = useState<Finding[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const q = new URLSearchParams({ limit: '200' });
    if (certainty) q.set('certainty', certainty);
    api<{ findings: Finding[] }>(`/sales/compliance?${q}`).then((r) => setRows(r.findings)).catch((e: Error) => setError(e.message));
  }, [certainty]);
  return (
    <section>
      <h1>Unreported multiple sales</h1>
      <p className="muted">
        Traced guns whose sale, with what else is known of the same dealer's sales to the same buyer, made a multiple sale
        (F 3310.4 or F 3310.12, five business days of the dealer) that no report held here covers.
      </p>
      <div className="toolbar">
        <label>Certainty
          <select value={certainty} onChange={(e) => setCertainty(e.target.value as typeof certainty)}>
            <option value="definite">definite</option><option value="possible">possible (rifle facts missing)</option><option value="">all</option>
          </select>
        </label>
      </div>
      {error && <p role="alert" className="error">{error}</p>}
      {rows && rows.length === 0 && <p className="muted">None found.</p>}
      {rows && rows.length > 0 && (
        <table data-testid="compliance-findings">
          <thead><tr><th>Dealer</th><th>Form</th><th>Sales</th><th>Guns (unreported)</th><th>What was found</th></tr></thead>
          <tbody>
            {rows.map((f) => (
              <tr key={f.id}>
                <td>{f.dealer_id ? <Link to={`/detection/dealers/${f.dealer_id}`}>{f.dealer_name ?? f.dealer_licence}</Link> : f.dealer_licence}</td>
                <td>{f.form}</td>
                <td>{f.first_sale_on}{f.last_sale_on !== f.first_sale_on ? ` to ${f.last_sale_on}` : ''}</td>
                <td>{f.guns} ({f.unreported_guns})</td>
                <td>{f.explanation}<details><summary>Evidence</summary><EvidenceList items={f.evidence} /></details>
                  {f.subject_id && <Link to={`/detection/people/${f.subject_id}`}>the buyer's risk</Link>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
