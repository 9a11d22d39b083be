import type { Count } from './types';
import { num } from './format';

/** The numbers behind a chart, folded away by default; shares of `total` when given. */
export function CountTable({ rows, total, caption }: { rows: Count[]; total?: number; caption: string }) {
  return (
    <details className="stats-table">
      <summary>Table</summary>
      <table>
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr>
            <th>{caption}</th>
            <th className="num">Count</th>
            {total ? <th className="num">Share</th> : null}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key}>
              <td>{r.label}</td>
              <td className="num">{num(r.count)}</td>
              {total ? <td className="num">{((100 * r.count) / total).toFixed(1)} %</td> : null}
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
