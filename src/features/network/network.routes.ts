/**
 * Network analysis over HTTP: the model (for legends), a summary of the caller's graph, person search, a person's
 * neighbourhood, communities, brokers, the path between two people and the connectors of a set. Every handler
 * guards network:read; every read of people is audited by the service; out-of-scope people answer 404.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../server/context.js';
import { guard } from '../../server/auth-plugin.js';
import { badRequest } from '../../server/errors.js';
import { DEFAULT_SAMPLES } from './brokers.js';
import { toGraphml } from './graphml.js';
import { EDGE_SOURCES, EDGE_TYPES, NODE_TYPES } from './model.js';
import { callerOf, createNetworkService } from './network.service.js';
import { DEFAULT_LIMITS, MAX_FLAGGED } from './paths.js';

const Reason = z.string().max(200).optional().describe('why you look (a case number): written to the audit log');
const RecordId = z.coerce.number().int().positive();
const Hops = z.coerce.number().int().min(1).max(4).default(2).describe('person steps from the seed (a shared phone, the same gun, an association)');
const MaxNodes = z.coerce.number().int().min(10).max(1000).default(250);
const MaxCost = z.coerce.number().min(1).max(20).default(DEFAULT_LIMITS.maxCost).describe('cost budget: a strong link costs 1, an address 2, a shared case 3.3');

function idList(v: string | undefined): number[] | undefined {
  if (v === undefined || v.trim() === '') return undefined;
  const parts = v.split(',').map((s) => s.trim()).filter(Boolean);
  if (!parts.every((s) => /^\d+$/.test(s))) throw badRequest('persons: a comma-separated list of person record ids');
  return parts.map(Number);
}

export const networkRoutes: FastifyPluginAsyncZod<AppContext> = async (app, ctx) => {
  const svc = createNetworkService(ctx.db);

  app.get(
    '/network/model',
    { schema: { tags: ['network'], summary: 'The network model as declared: node types, edge types, their sources and link strengths' } },
    async (req) => {
      guard(req, 'network:read');
      return {
        nodeTypes: NODE_TYPES,
        edgeTypes: EDGE_TYPES,
        sources: EDGE_SOURCES.map((s) => ({ name: s.name, edge: s.edge, table: s.table, describe: s.describe })),
      };
    },
  );

  app.get(
    '/network/summary',
    { schema: { tags: ['network'], summary: 'Size of the graph you may see, what was left out (hubs), and how people were joined' } },
    async (req) => svc.summary(callerOf(guard(req, 'network:read'))),
  );

  app.get(
    '/network/persons',
    {
      schema: {
        tags: ['network'],
        summary: 'Find people by name (accents and case ignored), linked people and the riskiest first',
        querystring: z.object({ q: z.string().min(2).max(100), limit: z.coerce.number().int().min(1).max(50).default(20), reason: Reason }),
      },
    },
    async (req) => {
      const p = guard(req, 'network:read');
      return { persons: await svc.searchPersons(callerOf(p, req.query.reason), req.query.q, req.query.limit) };
    },
  );

  app.get(
    '/network/persons/:id/neighbourhood',
    {
      schema: {
        tags: ['network'],
        summary: "A person's neighbourhood: everyone within k person steps, what links them, each link with its records",
        params: z.object({ id: RecordId.describe('any person record id of the person') }),
        querystring: z.object({ hops: Hops, maxNodes: MaxNodes, reason: Reason }),
      },
    },
    async (req) => {
      const p = guard(req, 'network:read');
      return svc.neighbourhood(callerOf(p, req.query.reason), req.params.id, { hops: req.query.hops, maxNodes: req.query.maxNodes });
    },
  );

  app.get(
    '/network/persons/:id/export',
    {
      schema: {
        tags: ['network'],
        summary: "A person's neighbourhood as GraphML (Gephi, yEd) or JSON",
        params: z.object({ id: RecordId }),
        querystring: z.object({ hops: Hops, maxNodes: MaxNodes, format: z.enum(['graphml', 'json']).default('graphml'), reason: Reason }),
      },
    },
    async (req, reply) => {
      const p = guard(req, 'network:read');
      const q = req.query;
      const res = await svc.neighbourhood(callerOf(p, q.reason), req.params.id, { hops: q.hops, maxNodes: q.maxNodes });
      const name = `network-${req.params.id}-${q.hops}hops.${q.format}`;
      reply.header('content-disposition', `attachment; filename="${name}"`);
      if (q.format === 'json') return res;
      return reply.type('application/graphml+xml; charset=utf-8').send(toGraphml(res, `Neighbourhood of person ${req.params.id}, ${q.hops} steps`));
    },
  );

  app.get(
    '/network/communities',
    {
      schema: {
        tags: ['network'],
        summary: 'Communities of people (Louvain on the weighted person projection): flagged members first, with what binds each',
        querystring: z.object({
          minSize: z.coerce.number().int().min(2).max(1000).default(3),
          limit: z.coerce.number().int().min(1).max(200).default(20),
          resolution: z.coerce.number().min(0.1).max(10).default(1),
          reason: Reason,
        }),
      },
    },
    async (req) => {
      const p = guard(req, 'network:read');
      const { reason, ...o } = req.query;
      return svc.communities(callerOf(p, reason), o);
    },
  );

  app.get(
    '/network/brokers',
    {
      schema: {
        tags: ['network'],
        summary: 'Brokers: people on the most shortest paths between others (betweenness, sampled on large graphs)',
        querystring: z.object({
          limit: z.coerce.number().int().min(1).max(200).default(20),
          samples: z.coerce.number().int().min(10).max(5000).default(DEFAULT_SAMPLES).describe('source people sampled; exact when the graph has fewer'),
          reason: Reason,
        }),
      },
    },
    async (req) => {
      const p = guard(req, 'network:read');
      return svc.brokers(callerOf(p, req.query.reason), { limit: req.query.limit, samples: req.query.samples });
    },
  );

  app.get(
    '/network/path',
    {
      schema: {
        tags: ['network'],
        summary: 'The shortest path between two people, strong links preferred, with the records and dates of every step',
        querystring: z.object({ from: RecordId, to: RecordId, maxCost: MaxCost, reason: Reason }),
      },
    },
    async (req) => {
      const p = guard(req, 'network:read');
      const q = req.query;
      return svc.path(callerOf(p, q.reason), q.from, q.to, { maxCost: q.maxCost, maxVisited: DEFAULT_LIMITS.maxVisited });
    },
  );

  app.get(
    '/network/connectors',
    {
      schema: {
        tags: ['network'],
        summary: 'Who connects a set of people (default: those detection flagged): the union of their shortest paths, connectors ranked by how many they reach',
        querystring: z.object({
          persons: z.string().max(4000).optional().describe(`comma-separated person record ids (at most ${MAX_FLAGGED}); omit for detection's flagged people`),
          limit: z.coerce.number().int().min(1).max(200).default(25),
          maxCost: MaxCost,
          reason: Reason,
        }),
      },
    },
    async (req) => {
      const p = guard(req, 'network:read');
      const q = req.query;
      return svc.connectors(callerOf(p, q.reason), { records: idList(q.persons), limit: q.limit, maxCost: q.maxCost });
    },
  );
};
