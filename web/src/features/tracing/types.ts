// Shapes of the tracing, register and alert answers the pages read (the server's JSON).

export interface TraceRow {
  id: number;
  trace_number: string;
  status: string;
  priority: string;
  submitted_at: string;
  due_at: string;
  answered_by_source: string | null;
  dealer_licence: string | null;
  sale_date: string | null;
  ttc_days: number | null;
  result_flags: string[];
  serial_raw: string | null;
  maker: string | null;
  model: string | null;
  caliber: string | null;
  recovered_on: string | null;
  city: string | null;
  state: string | null;
  mx_state: string | null;
  country: string | null;
  overdue_hours: number;
}

export type Person = Record<string, string | number | null | string[]>;

export interface Hop {
  id: number;
  seq: number;
  role: string;
  licence_number: string | null;
  name: string | null;
  received_on: string | null;
  disposed_on: string | null;
  state: string | null;
  country: string | null;
  source_kind: string;
  source_ref: string;
  person: Person | null;
}

export interface TraceDetail {
  trace: TraceRow & {
    request_ref: string | null;
    urgent_justification: string | null;
    special_instructions: string | null;
    ncic_code: string | null;
    requester_case_number: string | null;
    requester_officer: string | null;
    not_completed_reason: string | null;
    not_completed_label: string | null;
    answered_by_ref: string | null;
    dealer_name: string | null;
    ttc_bracket: string | null;
    ttc_bracket_label: string | null;
    flag_labels: string[];
    completed_at: string | null;
    assigned_to: number | null;
  };
  firearm: Record<string, string | boolean | number | null>;
  recovery: Record<string, string | number | null> | null;
  possessor: Person | null;
  buyer: Person | null;
  associates: Array<{ relationship: string | null; person: Person | null }>;
  chain: Hop[];
  events: Array<{ id: number; at: string; from_status: string | null; to_status: string; note: string | null; username: string | null }>;
  lateResults: LateResult[];
  dealerQueries: Array<{ id: number; dealer_licence: string; asked_at: string; due_at: string; answered_at: string | null; answer_note: string | null }>;
  duplicates: Array<{ id: number; trace_number: string }>;
  duplicateOf: { id: number; trace_number: string } | null;
}

export interface LateResult {
  id: number;
  kind: 'hop' | 'not_completed';
  trace_status: string;
  hop_seq: number | null;
  role: string | null;
  licence_number: string | null;
  name: string | null;
  received_on: string | null;
  disposed_on: string | null;
  not_completed_reason: string | null;
  not_completed_label: string | null;
  buyer: Person | null;
  conflicts: string[];
  review_status: 'none' | 'open' | 'reviewed';
  reviewed_by: string | null;
  reviewed_at: string | null;
  review_note: string | null;
  source_ref: string;
  created_at: string;
}

export interface AlertReason {
  code: string;
  text: string;
  evidence?: Array<{ type: string; id: number | string; date?: string }>;
}

export interface AlertRow {
  id: number;
  kind: string;
  status: string;
  severity: string;
  title: string;
  case_id: number | null;
  case_number: string | null;
  suspect_gun_id: number | null;
  trace_id: number | null;
  recovery_id: number | null;
  score: number | null;
  reasons: AlertReason[];
  created_at: string;
  age: string;
  age_hours: number;
  needs_decision: boolean;
  escalated_to: number | null;
  my_seen_at?: string | null;
  to_me?: boolean | null;
}

export interface DecisionRow {
  id: number;
  action: string;
  justification: string | null;
  decided_at: string;
  decided_by_username: string;
  approvals: Array<{ id: number; verdict: string; note: string | null; approved_at: string; approved_by_username: string }>;
  dissents: Array<{ id: number; text: string; created_at: string; username: string }>;
}

export interface AlertDetail {
  alert: AlertRow;
  decisions: DecisionRow[];
  outcomes: Array<{ id: number; kind: string; note: string | null; occurred_on: string; recorded_by_username: string | null }>;
  recipients: Array<{ id: number; username: string; reason: string; seen_at: string | null }>;
  matches: Array<{ id: number; suspect_gun_id: number; trace_id: number | null; recovery_id: number | null; score: number; status: string }>;
  allowed: { decide: boolean; review: boolean; dissent: boolean; outcome: boolean };
  pendingDecisionId: number | null;
}
