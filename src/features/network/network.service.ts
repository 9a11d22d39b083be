/**
 * The network service: the graph of what the caller may see (cached per scope), the analyses on it, and the audit
 * of every read of person data, written in the same transaction that reads the records' provenance.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { notFound, badRequest } from '../../server/errors.js';
import { recordAudit, type Actor } from '../audit/audit.service.js';
import { actorOf, type Principal } from '../auth/principal.js';
import { brokers, DEFAULT_SAMPLES, type BrokersResult } from './brokers.js';
import { countByType } from './builder.js';
import { NetworkCache } from './cache.js';
import { assignCommunities, summariseCommunities, type CommunitiesResult } from './communities.js';
import { attachSourceRefs } from './evidence.js';
import { personNode, type Hub, type NetworkGraph } from './graph.js';
import type { NodeType } from './model.js';
import { neighbourhood, type Neighbourhood } from './neighbourhood.js';
import { connectorsOf, DEFAULT_LIMITS, MAX_FLAGGED, shortestPath, type ConnectorsResult, type PathResult, type WalkLimits } from './paths.js';
import { scopeOf, type NetworkScope } from './scope.js';
import type { OutNode, Subgraph } from './subgraph.js';
import { foldForSearch } from './search.js';

/** Who asks, within which scope, and why (a case number, written to the audit log). */
export interface Caller {
  actor: Actor;
  scope: NetworkScope;
  reason?: string | null;
}

export function callerOf(p: Principal, reason?: string | null): Caller {
  return { actor: actorOf(p), scope: scopeOf(p), reason: reason ?? null };
}

export interface PersonHit {
  id: string;
  personId: number;
  label: string;
  dob: string | null;
  records: number;
  inGraph: boolean;
  risk?: OutNode['risk'];
}

export interface NetworkSummary {
  basis: 'exact_keys' | 'resolved';
  builtAt: string;
  persons: number;
  records: number;
  nodes: Record<NodeType, number>;
  edges: number;
  linkedPersons: number;
  links: number;
  unsharedValuesDropped: number;
  hubs: Hub[];
  buildMs: number;
}

const AUDITED_IDS = 200;

function seedNode(net: NetworkGraph, recordId: number): string {
  const personId = net.identity.personOf(recordId);
  // Out of scope and absent answer alike: the caller learns nothing about records it may not see.
  if (personId === undefined) throw notFound('Person');
  return personNode(personId);
}

/** A person who is in scope but linked to nobody: shown alone rather than as "not found". */
function loneNode(net: NetworkGraph, node: string): OutNode {
  const info = net.identity.persons.get(Number(node.slice('person:'.length)))!;
  return { id: node, type: 'person', label: info.label, dob: info.dob, records: info.records.length, guns: 0, hop: 0 };
}

function personIds(nodes: readonly { id: string; type: NodeType }[]): string[] {
  return nodes.filter((n) => n.type === 'person').map((n) => n.id.slice('person:'.length)).slice(0, AUDITED_IDS);
}

export function createNetworkService(db: Kysely<DB>, cache = new NetworkCache(db)) {
  async function audited<T>(caller: Caller, edges: Subgraph['edges'], entry: Parameters<typeof recordAudit>[2], result: T): Promise<T> {
    await db.transaction().execute(async (tx) => {
      await attachSourceRefs(tx, edges);
      await recordAudit(tx, caller.actor, { ...entry, reason: caller.reason ?? null });
    });
    return result;
  }

  return {
    graph: (caller: Caller) => cache.get(caller.scope),

    async summary(caller: Caller): Promise<NetworkSummary> {
      const net = await cache.get(caller.scope);
      const s = net.stats;
      return {
        basis: net.identity.basis,
        builtAt: net.builtAt.toISOString(),
        persons: s.persons,
        records: s.records,
        nodes: countByType(net.graph),
        edges: s.edges,
        linkedPersons: s.projectionNodes,
        links: s.projectionEdges,
        unsharedValuesDropped: s.unsharedValuesDropped,
        hubs: net.hubs.slice(0, 20),
        buildMs: Math.round(s.ms.identity + s.ms.sources + s.ms.prune + s.ms.risk + s.ms.projection),
      };
    },

    async searchPersons(caller: Caller, q: string, limit: number): Promise<PersonHit[]> {
      const needle = foldForSearch(q);
      if (needle.length < 2) throw badRequest('q: at least two letters');
      const net = await cache.get(caller.scope);
      const hits: PersonHit[] = [];
      for (const p of net.identity.persons.values()) {
        if (!foldForSearch(p.label).includes(needle)) continue;
        const node = personNode(p.id);
        const inGraph = net.graph.hasNode(node);
        const risk = inGraph ? net.graph.getNodeAttribute(node, 'risk') : undefined;
        hits.push({ id: node, personId: p.id, label: p.label, dob: p.dob, records: p.records.length, inGraph, ...(risk ? { risk } : {}) });
      }
      // People in the graph, and the riskiest, first: those are the ones worth drawing.
      hits.sort((a, b) => Number(b.inGraph) - Number(a.inGraph) || (b.risk?.score ?? 0) - (a.risk?.score ?? 0) || a.label.localeCompare(b.label));
      const out = hits.slice(0, limit);
      return audited(caller, [], { action: 'network.search', targetType: 'person', details: { q, persons: out.map((h) => h.personId).slice(0, AUDITED_IDS) } }, out);
    },

    async neighbourhood(caller: Caller, recordId: number, o: { hops: number; maxNodes: number }): Promise<Neighbourhood & { found: boolean }> {
      const net = await cache.get(caller.scope);
      const seed = seedNode(net, recordId);
      let res: Neighbourhood;
      if (net.graph.hasNode(seed)) {
        res = neighbourhood(net, seed, o);
        const { of } = assignCommunities(net);
        for (const n of res.nodes) {
          const c = of.get(n.id);
          if (c !== undefined) n.community = c;
        }
      } else {
        res = { seed, nodes: [loneNode(net, seed)], edges: [], truncated: false, hops: o.hops };
      }
      return audited(
        caller,
        res.edges,
        { action: 'network.neighbourhood', targetType: 'person', targetId: seed.slice('person:'.length), details: { hops: o.hops, nodes: res.nodes.length, persons: personIds(res.nodes) } },
        { ...res, found: true },
      );
    },

    async communities(caller: Caller, o: { minSize: number; limit: number; resolution?: number }): Promise<CommunitiesResult> {
      const net = await cache.get(caller.scope);
      const res = summariseCommunities(net, o);
      const shown = res.communities.flatMap((c) => c.members.map((m) => ({ id: m.id, type: 'person' as const })));
      return audited(caller, [], { action: 'network.communities', targetType: 'network', details: { communities: res.communities.length, persons: personIds(shown) } }, res);
    },

    async brokers(caller: Caller, o: { limit: number; samples?: number }): Promise<BrokersResult> {
      const net = await cache.get(caller.scope);
      const res = brokers(net, { limit: o.limit, samples: o.samples ?? DEFAULT_SAMPLES });
      const shown = res.brokers.map((b) => ({ id: b.id, type: 'person' as const }));
      return audited(caller, [], { action: 'network.brokers', targetType: 'network', details: { exact: res.exact, pivots: res.pivots, persons: personIds(shown) } }, res);
    },

    async path(caller: Caller, fromRecord: number, toRecord: number, limits: WalkLimits = DEFAULT_LIMITS): Promise<PathResult> {
      const net = await cache.get(caller.scope);
      const from = seedNode(net, fromRecord);
      const to = seedNode(net, toRecord);
      const res = shortestPath(net, from, to, limits);
      return audited(
        caller,
        res.steps.flatMap((s) => s.edges),
        { action: 'network.path', targetType: 'person', targetId: from.slice(7), details: { to: to.slice(7), found: res.found, persons: personIds(res.nodes) } },
        res,
      );
    },

    /** Connectors of the given people, or of everyone detection has flagged (highest scores first) when none are given. */
    async connectors(caller: Caller, o: { records?: number[]; limit: number } & Partial<WalkLimits>): Promise<ConnectorsResult & { source: 'given' | 'detection' }> {
      const net = await cache.get(caller.scope);
      let flagged: string[];
      if (o.records && o.records.length > 0) {
        if (o.records.length > MAX_FLAGGED) throw badRequest(`at most ${MAX_FLAGGED} people at a time`);
        flagged = o.records.map((r) => seedNode(net, r));
      } else {
        const scored: Array<[string, number]> = [];
        net.graph.forEachNode((n, a) => {
          if (a.type === 'person' && a.risk?.flagged) scored.push([n, a.risk.score]);
        });
        flagged = scored.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, MAX_FLAGGED).map(([n]) => n);
      }
      const res = connectorsOf(net, flagged, { maxCost: o.maxCost ?? DEFAULT_LIMITS.maxCost, maxVisited: o.maxVisited ?? DEFAULT_LIMITS.maxVisited, limit: o.limit });
      const { of } = assignCommunities(net);
      for (const n of res.subgraph.nodes) {
        const c = of.get(n.id);
        if (c !== undefined) n.community = c;
      }
      return audited(
        caller,
        res.subgraph.edges,
        { action: 'network.connectors', targetType: 'network', details: { flagged: flagged.length, pairsLinked: res.pairsLinked, persons: personIds(res.subgraph.nodes) } },
        { ...res, source: o.records && o.records.length > 0 ? 'given' : 'detection' },
      );
    },
  };
}

export type NetworkService = ReturnType<typeof createNetworkService>;
