/**
 * Shapes of the detection API's answers. The scoring vocabulary (levels, reasons and their evidence, dealer reasons)
 * is taken from the server's own declarations (type-only imports, erased by the bundler) so the pages and the scorer
 * cannot drift apart. The row shapes below are what src/features/detection/detection.query.ts selects, as JSON
 * delivers them (dates as text): the server has no named type for those rows, only Kysely's inferred ones.
 */
import type { Evidence, Indicator } from '../../../../src/features/detection/indicators';
import type { Level } from '../../../../src/features/detection/risk';
import type { DealerReason } from '../../../../src/features/detection/dealer-risk';

export type { Evidence, Level, DealerReason };
/** One reason of a person's score: an indicator with its points, sentence and evidence. */
export type Reason = Indicator;

export interface RankedPerson {
  subject_id: number;
  score: number;
  level: Level;
  flagged: boolean;
  flagged_on: string | null;
  display_name: string | null;
  dob: string | null;
  guns_known: number;
  first_seen_on: string | null;
  last_seen_on: string | null;
  alert_id: number | null;
  headline: string;
}

export interface RankedDealer {
  dealer_id: number;
  licence_number: string;
  name: string;
  city: string | null;
  state: string | null;
  status: string;
  score: number;
  level: Level;
  volume: number;
  traces: number;
  short_ttc: number;
  expected_short_ttc: number;
  rate_ratio: number;
  reasons: DealerReason[];
}

export interface PersonRisk {
  subjectId: number;
  current: (RankedPerson & { reasons: Reason[]; record_ids: number[]; guns_before_flag: number | null; run_id: number }) | null;
  records: Array<{
    id: number; role: string; given_name: string | null; middle_name: string | null; surname: string | null; maternal_surname: string | null;
    dob: string | null; id_number: string | null; id_state: string | null; street_raw: string | null; city: string | null; state: string | null;
    postcode: string | null; phone: string | null; source_kind: string; source_ref: string; basis: string;
  }>;
  history: Array<{ run_id: number; score: number; level: Level; flagged: boolean; mode: string; finished_at: string | null }>;
  alerts: Array<{ id: number; kind: string; status: string; severity: string; title: string; created_at: string }>;
  findings: Finding[];
  purchases: Array<{ source: string; id: number; date: string; dealer_licence: string | null; dealer_id: number | null; guns: number; label: string }>;
}

export interface Finding {
  id: number;
  dealer_id: number | null;
  dealer_licence: string;
  dealer_name?: string | null;
  subject_id?: number;
  form: string;
  certainty: 'definite' | 'possible';
  first_sale_on: string;
  last_sale_on: string;
  guns: number;
  unreported_guns: number;
  explanation: string;
  evidence: Evidence[];
}

export interface DealerProfile {
  dealer: { id: number; licence_number: string; licence_type: string; name: string; street: string | null; city: string | null; state: string | null; status: string };
  current: (RankedDealer & { features: Record<string, unknown> }) | null;
  history: Array<{ run_id: number; score: number; level: Level; rate_ratio: number; created_at: string }>;
  flaggedBuyers: Array<{ subject_id: number; display_name: string | null; score: number; level: Level; guns_here: number }>;
  findings: Finding[];
  ttcBrackets: Array<{ bracket: string; n: number }>;
}
