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

export interface SourceRef {
  kind: 'multiple_sale' | 'trace_buyer' | 'trace_possessor' | 'trace_associate' | 'trace_hop' | 'recovery' | 'tip' | 'case' | 'sale' | 'association';
  id: number;
  label: string;
  date: string | null;
}

export interface PersonRecord {
  id: number;
  role: string;
  given_name: string | null;
  middle_name: string | null;
  surname: string | null;
  maternal_surname: string | null;
  full_name: string | null;
  aliases: string[];
  dob: string | null;
  sex: string | null;
  id_number: string | null;
  id_type: string | null;
  id_state: string | null;
  street_raw: string | null;
  city: string | null;
  state: string | null;
  postcode: string | null;
  country: string | null;
  phone: string | null;
  email: string | null;
  agency_ori: string | null;
  source_kind: string;
  source_ref: string;
  import_file: string | null;
  created_at: string;
}

export interface PersonRecordFull extends PersonRecord {
  link: { linked_to: number | null; basis: 'founding' | 'scored' | 'confirmed' | 'transitive' | 'hidden'; probability: number | null; explanation: LinkReason | null; run_id: number } | null;
  attributes: { kind: string; value_raw: string; observed_on: string | null }[];
  sources: SourceRef[];
}

export interface PersonView {
  person: { id: number; display_name: string; dob: string | null; resolved: boolean; retired: boolean; last_run_id: number | null; updated_at: string | null };
  records: PersonRecordFull[];
  review: { id: number; record_a_id: number; record_b_id: number; probability: number; joined: boolean; status: string }[];
  decisions: { id: number; record_a_id: number; record_b_id: number; decision: string; note: string | null; decided_at: string; decided_by: string | null }[];
}

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
