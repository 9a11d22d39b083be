// Shapes of the resolution API (src/features/resolution/persons.query.ts, reasons.ts).

export interface FieldReason {
  field: string;
  level: string;
  /** log2 Bayes factor: positive points towards one person, negative towards two. */
  weight: number;
  text: string;
}

export interface LinkReason {
  probability: number;
  matchWeight: number;
  fields: FieldReason[];
  missing: string[];
  householdRule: boolean;
  identityRule: boolean;
  summary: string;
}

// Taken from the server's own declarations (type-only, erased by the bundler) so page and API cannot drift.
import type { PersonRecordView } from '../../../../src/features/resolution/persons.query';

export type { SourceRef, PersonView } from '../../../../src/features/resolution/persons.query';
export type PersonRecordFull = PersonRecordView;
export type PersonRecord = Omit<PersonRecordView, 'link' | 'attributes' | 'sources'>;

export interface PersonHit {
  person_id: number;
  display_name: string;
  dob: string | null;
  records: number;
  roles: string[];
  resolved: boolean;
}

export interface ReviewItem {
  id: number;
  status: 'pending' | 'confirmed' | 'rejected';
  probability: number;
  joined: boolean;
  explanation: LinkReason;
  note: string | null;
  reviewer: string | null;
  reviewed_at: string | null;
  created_at: string;
  a: PersonRecord & { person_id: number };
  b: PersonRecord & { person_id: number };
}

export interface ResolutionRun {
  id: number;
  mode: 'full' | 'incremental';
  status: 'running' | 'completed' | 'failed';
  trigger: string;
  started_at: string;
  finished_at: string | null;
  error: string | null;
  stats: { records?: number; persons?: number; newRecords?: number; reviewPending?: number; path?: string };
}
