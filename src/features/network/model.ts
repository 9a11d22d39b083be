/**
 * The network model, declared once as data (the FollowTheMoney lesson): which kinds of node exist, which kinds of
 * edge join a person to them, which record tables each edge is read from, and which values are identifiers strong
 * enough to link two people. The builder, the projections, the analyses, the exports and the web legend all read
 * this one declaration; nothing builds an edge type by hand.
 *
 * Every edge has a person at one end. Relationships are dated records with a source: an edge carries the records
 * it was read from (table, id, date) as its evidence, never a bare foreign key.
 */

import { sql, type RawBuilder } from 'kysely';

export const NODE_TYPES = {
  person: {
    label: 'Person',
    colour: '#2563eb',
    // A person is an identity (records joined by src/features/network/identity.ts), never a single record.
    link: null,
  },
  dealer: {
    label: 'Dealer',
    colour: '#7c3aed',
    // Buying at the same shop does not connect two people: a dealer serves thousands of strangers.
    link: null,
  },
  firearm: {
    label: 'Firearm',
    colour: '#b45309',
    // The same gun bought by one person and recovered from another is the strongest link there is.
    link: { strength: 'strong', weight: 1, sharedOnly: true, maxPersons: 12 },
  },
  address: {
    label: 'Address',
    colour: '#059669',
    // Families and flatmates share addresses lawfully; an address is a weak identifier.
    link: { strength: 'weak', weight: 0.5, sharedOnly: true, maxPersons: 25 },
  },
  phone: {
    label: 'Phone',
    colour: '#0891b2',
    link: { strength: 'strong', weight: 1, sharedOnly: true, maxPersons: 25 },
  },
  vehicle: {
    label: 'Vehicle',
    colour: '#4d7c0f',
    link: { strength: 'strong', weight: 0.8, sharedOnly: true, maxPersons: 25 },
  },
  payer: {
    label: 'Payer',
    colour: '#be123c',
    // Someone else paying for a person's guns is a straw-purchase indicator in itself.
    link: { strength: 'strong', weight: 1, sharedOnly: true, maxPersons: 25 },
  },
  case: {
    label: 'Case',
    colour: '#475569',
    // Co-subjects of one case are linked by an investigator's judgement, not by a shared identifier.
    link: { strength: 'weak', weight: 0.3, sharedOnly: false, maxPersons: 200 },
  },
} as const satisfies Record<string, NodeTypeDecl>;

export interface LinkDecl {
  /** strong: phone, payer, vehicle, the same gun; weak: address, case. Strong links weigh more in every analysis. */
  strength: 'strong' | 'weak';
  /** Weight of a link through one node of this type in the person projection (Louvain, paths cost 1/weight). */
  weight: number;
  /** Kept in the graph only when two or more people reach it: a value held by one person links nobody. */
  sharedOnly: boolean;
  /**
   * Values held by more people than this are hubs (a dealer's own address, a burner phone in a form template, a
   * prison address); they are dropped and counted, because they would merge strangers.
   */
  maxPersons: number;
}

export interface NodeTypeDecl {
  label: string;
  colour: string;
  /** How people reached through a node of this type are linked to each other; null: they are not. */
  link: LinkDecl | null;
}

export type NodeType = keyof typeof NODE_TYPES;
export const NODE_TYPE_NAMES = Object.keys(NODE_TYPES) as NodeType[];

export const EDGE_TYPES = {
  bought_from: { label: 'bought from', from: 'person', to: 'dealer' },
  bought: { label: 'bought', from: 'person', to: 'firearm' },
  possessed: { label: 'possessed', from: 'person', to: 'firearm' },
  shares_address: { label: 'lives at', from: 'person', to: 'address' },
  shares_phone: { label: 'uses phone', from: 'person', to: 'phone' },
  shares_vehicle: { label: 'uses vehicle', from: 'person', to: 'vehicle' },
  paid_by: { label: 'paid by', from: 'person', to: 'payer' },
  associate: { label: 'associate of', from: 'person', to: 'person' },
  subject_of: { label: 'subject of', from: 'person', to: 'case' },
} as const satisfies Record<string, EdgeTypeDecl>;

export interface EdgeTypeDecl {
  label: string;
  from: 'person';
  to: NodeType;
}

export type EdgeKind = keyof typeof EDGE_TYPES;
export const EDGE_KINDS = Object.keys(EDGE_TYPES) as EdgeKind[];

/**
 * Where a node's key and label come from when an edge names it by a row id (dealer_id, firearm_id, case_id).
 * The key is computed in SQL while edges stream (so that only one short text per edge crosses the wire); labels
 * are read afterwards, only for the nodes that survive pruning. Value nodes (address, phone ...) need none: the
 * normalised value is the key and the value as written the label.
 */
export interface NodeTable {
  table: 'dealers' | 'firearms' | 'cases';
  /** The node key from a row of `table` aliased `t`. */
  keySql(t: string): RawBuilder<string>;
  /** Columns read for the label. */
  columns: readonly string[];
  label(row: Record<string, unknown>): string;
  /** The column that scopes the node itself (a case belongs to an agency); a node out of scope drops the edge. */
  agencyColumn?: string;
}

const text = (v: unknown): string => (v == null ? '' : String(v));
const ref = (t: string, c: string) => sql.ref(`${t}.${c}`);

export const NODE_TABLES: Partial<Record<NodeType, NodeTable>> = {
  dealer: {
    table: 'dealers',
    keySql: (t) => sql<string>`${ref(t, 'licence_number')}`,
    columns: ['name', 'city', 'state'],
    label: (r) => `${text(r.name)} (${[text(r.city), text(r.state)].filter(Boolean).join(', ')})`,
  },
  firearm: {
    table: 'firearms',
    // The same physical gun seen by two sources is two rows; maker plus the confusable-folded serial joins them.
    // Partial or obliterated serials identify nothing, so such a row stays a gun of its own.
    keySql: (t) => sql<string>`CASE WHEN ${ref(t, 'serial_key')} <> '' AND NOT ${ref(t, 'serial_partial')} AND NOT ${ref(t, 'obliterated')}
      THEN coalesce(${ref(t, 'maker')}, '?') || '|' || ${ref(t, 'serial_key')} ELSE 'row' || ${ref(t, 'id')}::text END`,
    columns: ['maker', 'model', 'caliber', 'serial_raw', 'obliterated'],
    label: (r) => [text(r.maker), text(r.model), text(r.caliber), r.obliterated ? 'serial obliterated' : text(r.serial_raw)].filter(Boolean).join(' '),
  },
  case: {
    table: 'cases',
    keySql: (t) => sql<string>`${ref(t, 'case_number')}`,
    columns: ['case_number', 'title'],
    label: (r) => `${text(r.case_number)}: ${text(r.title)}`,
    agencyColumn: 'agency_id',
  },
};

/**
 * One table read for one edge kind. The builder turns each into the same paged query:
 *   SELECT id, person, target, date FROM table WHERE filters AND (scope) ORDER BY id
 */
export interface EdgeSource {
  /** Stable name, used in evidence and in the GraphML export. */
  name: string;
  edge: EdgeKind;
  table: 'person_attributes' | 'person_records' | 'sales' | 'trace_requests' | 'recoveries' | 'possessions' | 'associations' | 'case_subjects';
  /** What a record of this source is, in words, for the evidence shown to an analyst. */
  describe: string;
  /** Column holding the person record at the person end. */
  person: string;
  /** Column naming the other end: a person record id, a row of NODE_TABLES, or a value (value_norm, phone). */
  target: string;
  /** For value targets: the column with the value as written (the node label). */
  targetLabel?: string;
  /** Column with the date of the record (cast to a date). */
  date: string | null;
  /** Equality filters on the source table. */
  where?: Readonly<Record<string, string>>;
  /** The source's own agency column: a trace or recovery out of the principal's scope is not read. */
  agencyColumn?: string;
}

export const EDGE_SOURCES: readonly EdgeSource[] = [
  { name: 'address', edge: 'shares_address', table: 'person_attributes', describe: 'address on a person record', person: 'person_record_id', target: 'value_norm', targetLabel: 'value_raw', date: 'observed_on', where: { kind: 'address' } },
  { name: 'phone', edge: 'shares_phone', table: 'person_attributes', describe: 'phone on a person record', person: 'person_record_id', target: 'value_norm', targetLabel: 'value_raw', date: 'observed_on', where: { kind: 'phone' } },
  { name: 'record_phone', edge: 'shares_phone', table: 'person_records', describe: 'phone written on the form', person: 'id', target: 'phone', targetLabel: 'phone', date: 'created_at' },
  { name: 'vehicle', edge: 'shares_vehicle', table: 'person_attributes', describe: 'vehicle seen with a person', person: 'person_record_id', target: 'value_norm', targetLabel: 'value_raw', date: 'observed_on', where: { kind: 'vehicle' } },
  { name: 'payer', edge: 'paid_by', table: 'person_attributes', describe: 'payer of a purchase', person: 'person_record_id', target: 'value_norm', targetLabel: 'value_raw', date: 'observed_on', where: { kind: 'payer' } },
  { name: 'sale_dealer', edge: 'bought_from', table: 'sales', describe: 'sale (multiple-sale report or trace result)', person: 'buyer_record_id', target: 'dealer_id', date: 'sold_on' },
  { name: 'sale_gun', edge: 'bought', table: 'sales', describe: 'sale (multiple-sale report or trace result)', person: 'buyer_record_id', target: 'firearm_id', date: 'sold_on' },
  { name: 'trace_buyer_dealer', edge: 'bought_from', table: 'trace_requests', describe: 'trace result: first retail buyer', person: 'buyer_record_id', target: 'dealer_id', date: 'sale_date', agencyColumn: 'agency_id' },
  { name: 'trace_buyer_gun', edge: 'bought', table: 'trace_requests', describe: 'trace result: first retail buyer', person: 'buyer_record_id', target: 'firearm_id', date: 'sale_date', agencyColumn: 'agency_id' },
  { name: 'trace_possessor', edge: 'possessed', table: 'trace_requests', describe: 'trace request: possessor of the recovered gun', person: 'possessor_record_id', target: 'firearm_id', date: 'submitted_at', agencyColumn: 'agency_id' },
  { name: 'recovery_possessor', edge: 'possessed', table: 'recoveries', describe: 'recovery: possessor', person: 'possessor_record_id', target: 'firearm_id', date: 'recovered_on', agencyColumn: 'agency_id' },
  { name: 'possession', edge: 'possessed', table: 'possessions', describe: 'recorded possession', person: 'person_record_id', target: 'firearm_id', date: 'from_date' },
  { name: 'association', edge: 'associate', table: 'associations', describe: 'association', person: 'record_a_id', target: 'record_b_id', date: 'observed_on' },
  { name: 'case_subject', edge: 'subject_of', table: 'case_subjects', describe: 'case subject', person: 'person_record_id', target: 'case_id', date: 'created_at' },
];

export function edgeSource(name: string): EdgeSource | undefined {
  return EDGE_SOURCES.find((s) => s.name === name);
}

/** The node type at the far end of an edge kind. */
export function targetType(edge: EdgeKind): NodeType {
  return EDGE_TYPES[edge].to;
}

export function linkOf(type: NodeType): LinkDecl | null {
  return NODE_TYPES[type].link;
}

/** Node ids are `type:key`, so that a phone and an address with the same text never collide. */
export function nodeId(type: NodeType, key: string | number): string {
  return `${type}:${key}`;
}

export function typeOfNode(id: string): NodeType {
  return id.slice(0, id.indexOf(':')) as NodeType;
}

/** Links directly between people (associations) weigh as much as a strong shared identifier. */
export const DIRECT_LINK_WEIGHT = 1;
