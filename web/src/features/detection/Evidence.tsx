import { Link } from 'react-router-dom';
import type { Evidence, Level, Reason } from './types';

/** Where each kind of evidence can be read in the application. */
export function evidenceHref(e: Evidence): string | null {
  switch (e.type) {
    case 'multiple_sale_report':
      return `/sales/reports/${e.id}`;
    case 'trace':
      return `/traces/${e.id}`;
    case 'person':
      return `/detection/people/${e.id}`;
    case 'compliance_finding':
      return '/sales/compliance';
    case 'dealer_tip':
    case 'firearm':
      return null;
  }
}

const WORDS: Record<Evidence['type'], string> = {
  multiple_sale_report: 'Multiple-sale report',
  trace: 'Trace',
  dealer_tip: 'Dealer tip',
  firearm: 'Firearm',
  person: 'Person',
  compliance_finding: 'Unreported sale',
};

export function EvidenceList({ items }: { items: Evidence[] }) {
  if (items.length === 0) return null;
  return (
    <ul className="det-evidence">
      {items.map((e, i) => {
        const href = evidenceHref(e);
        const label = `${WORDS[e.type]} ${e.id}`;
        return (
          <li key={`${e.type}-${e.id}-${i}`}>
            {href ? <Link to={href}>{label}</Link> : label}
            {e.date && <span className="muted"> · {e.date}</span>}
            {e.note && <span> · {e.note}</span>}
          </li>
        );
      })}
    </ul>
  );
}

export function LevelBadge({ level, flagged }: { level: Level; flagged?: boolean }) {
  return <span className={`badge det-level-${level}`}>{flagged ? 'flagged' : level}</span>;
}

/** A score as a bar against the threshold (100 points is the bar's full width). */
export function ScoreBar({ score, threshold = 50 }: { score: number; threshold?: number }) {
  const w = Math.min(100, score);
  return (
    <svg className="det-scorebar" width="110" height="12" role="img" aria-label={`score ${Math.round(score)}`}>
      <rect x="0" y="2" width="100" height="8" fill="#eef2f7" />
      <rect x="0" y="2" width={w} height="8" fill={score >= threshold ? '#b42318' : score >= threshold / 2 ? '#b54708' : '#1f4e9c'} />
      <line x1={threshold} x2={threshold} y1="0" y2="12" stroke="#1d2430" strokeWidth="1" />
    </svg>
  );
}

/** The reasons of a score, strongest first, each with its points and the records behind it. */
export function ReasonList({ reasons }: { reasons: Reason[] }) {
  return (
    <ol className="det-reasons" data-testid="risk-reasons">
      {reasons.map((r) => (
        <li key={r.code}>
          <div>
            <strong className="det-points">+{Math.round(r.points)}</strong> {r.text}
          </div>
          <details>
            <summary>Evidence ({r.evidence.length}{r.evidence.length >= 12 ? '+' : ''})</summary>
            <EvidenceList items={r.evidence} />
          </details>
        </li>
      ))}
    </ol>
  );
}
