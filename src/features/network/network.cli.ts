/**
 * `interdict network ...`: the graph summary, a person's neighbourhood exported as GraphML or JSON, communities,
 * brokers, the path between two people and the connectors of a set. The CLI acts with the machine's authority
 * (national scope) and every read is audited as the operating-system user.
 */
import fs from 'node:fs';
import { Command, Option } from 'commander';
import { cliActor, UsageError, withContext } from '../../cli/context.js';
import { AppError } from '../../server/errors.js';
import { DEFAULT_SAMPLES } from './brokers.js';
import { toGraphml } from './graphml.js';
import { EDGE_TYPES, NODE_TYPES } from './model.js';
import { createNetworkService, type Caller, type NetworkService } from './network.service.js';
import { NATIONAL } from './scope.js';

function write(out: string | undefined, text: string): void {
  if (out) {
    fs.writeFileSync(out, text);
    process.stderr.write(`Wrote ${out}\n`);
  } else {
    process.stdout.write(text);
  }
}

function int(v: string, name: string, min = 1, max = Number.MAX_SAFE_INTEGER): number {
  if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) throw new UsageError(`${name} must be a whole number from ${min} to ${max} (got "${v}")`);
  return Number(v);
}

/** A person not found (or out of scope) and other refusals of the service are the user's to fix: exit 2. */
async function asUsage<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof AppError && e.status < 500) throw new UsageError(e.message);
    throw e;
  }
}

const json = (v: unknown) => `${JSON.stringify(v, null, 2)}\n`;
const risk = (r?: { score: number; flagged: boolean }) => (r ? ` [risk ${Math.round(r.score)}${r.flagged ? ', flagged' : ''}]` : '');

/** The texts the commands print, as functions of the service so that they are tested without a process. */
export const networkOutputs = {
  async summary(svc: NetworkService, c: Caller, asJson: boolean): Promise<string> {
    const s = await svc.summary(c);
    if (asJson) return json(s);
    const lines = [
      `People: ${s.persons} (from ${s.records} records, joined by ${s.basis === 'exact_keys' ? 'exact identity keys' : 'entity resolution'}); ${s.linkedPersons} linked to someone, by ${s.links} links.`,
      `Nodes: ${Object.entries(s.nodes).map(([t, n]) => `${n} ${NODE_TYPES[t as keyof typeof NODE_TYPES].label.toLowerCase()}`).join(', ')}; ${s.edges} edges.`,
      `Left out: ${s.unsharedValuesDropped} values held by one person only; ${s.hubs.length} hubs held by too many people${s.hubs.length ? ':' : '.'}`,
      ...s.hubs.slice(0, 10).map((h) => `  ${h.type} ${h.label}: ${h.persons} people`),
      `Built in ${s.buildMs} ms.`,
    ];
    return `${lines.join('\n')}\n`;
  },

  async export(svc: NetworkService, c: Caller, seed: number, o: { hops: number; maxNodes: number; format: 'graphml' | 'json' }): Promise<string> {
    const res = await svc.neighbourhood(c, seed, { hops: o.hops, maxNodes: o.maxNodes });
    return o.format === 'json' ? json(res) : toGraphml(res, `Neighbourhood of person record ${seed}, ${o.hops} steps`);
  },

  async communities(svc: NetworkService, c: Caller, o: { minSize: number; limit: number; asJson: boolean }): Promise<string> {
    const r = await svc.communities(c, { minSize: o.minSize, limit: o.limit });
    if (o.asJson) return json(r);
    const lines = [`${r.count} communities of ${o.minSize} or more people among ${r.persons} linked people (modularity ${r.modularity.toFixed(3)}).`];
    for (const cm of r.communities) {
      lines.push(`#${cm.id}: ${cm.size} people, ${cm.flagged} flagged${cm.maxScore !== null ? `, highest risk ${Math.round(cm.maxScore)}` : ''}`);
      lines.push(`  members: ${cm.members.map((m) => `${m.label} (${m.id})${risk(m.risk)}`).join('; ')}`);
      if (cm.binding.length) lines.push(`  bound by: ${cm.binding.map((b) => `${b.type} ${b.label} (${b.members})`).join('; ')}`);
    }
    return `${lines.join('\n')}\n`;
  },

  async brokers(svc: NetworkService, c: Caller, o: { limit: number; samples: number; asJson: boolean }): Promise<string> {
    const r = await svc.brokers(c, { limit: o.limit, samples: o.samples });
    if (o.asJson) return json(r);
    const how = r.exact ? 'exact' : `estimated from ${r.pivots} of ${r.eligible} people`;
    const lines = [`Brokers by betweenness (${how}):`];
    r.brokers.forEach((b, i) =>
      lines.push(`${i + 1}. ${b.label} (${b.id})${risk(b.risk)}: on ${b.betweenness.toFixed(1)} shortest paths (${(100 * b.normalized).toFixed(1)}%), ${b.degree} links, reaches ${b.communitiesReached} communities`),
    );
    return `${lines.join('\n')}\n`;
  },

  async path(svc: NetworkService, c: Caller, from: number, to: number, asJson: boolean): Promise<string> {
    const r = await svc.path(c, from, to);
    if (asJson) return json(r);
    if (!r.found) return `No path between person records ${from} and ${to} within the cost budget${r.capped ? ' (search capped)' : ''}.\n`;
    const label = new Map(r.nodes.map((n) => [n.id, `${n.label} (${n.id})`]));
    const lines = [`Path of cost ${r.cost?.toFixed(2)} through ${r.intermediaries} other people:`];
    for (const s of r.steps) {
      for (const e of s.edges) {
        const ev = e.evidence.map((x) => `${x.record} ${x.table}#${x.id}${x.date ? ` on ${x.date}` : ''}${x.sourceRef ? ` [${x.sourceRef}]` : ''}`).join('; ');
        lines.push(`  ${label.get(e.source)} ${EDGE_TYPES[e.kind].label} ${label.get(e.target)}: ${ev}`);
      }
    }
    return `${lines.join('\n')}\n`;
  },

  async connectors(svc: NetworkService, c: Caller, o: { records?: number[]; limit: number; asJson: boolean }): Promise<string> {
    const r = await svc.connectors(c, { records: o.records, limit: o.limit });
    if (o.asJson) return json(r);
    const lines = [
      `${r.flagged.length} people (${r.source === 'detection' ? "detection's flagged" : 'as given'}); ${r.pairsLinked} pairs linked; ${r.groups.length} linked groups.`,
      ...r.connectors.map((x, i) => `${i + 1}. ${x.node.type} ${x.node.label} (${x.node.id})${x.flagged ? ' [flagged]' : ''}: connects ${x.reaches.length} (${x.reaches.join(', ')}) on ${x.paths} paths`),
    ];
    return `${lines.join('\n')}\n`;
  },
};

function caller(reason?: string): Caller {
  return { actor: cliActor(), scope: NATIONAL, reason: reason ?? null };
}

async function run(out: string | undefined, fn: (svc: NetworkService) => Promise<string>): Promise<void> {
  await withContext(async (ctx) => {
    const text = await asUsage(() => fn(createNetworkService(ctx.db)));
    write(out, text);
  });
}

export function networkCommands(): Command[] {
  const net = new Command('network').description('Network analysis: who connects the straw buyers (communities, brokers, paths, connectors, exports)');
  net
    .command('summary')
    .description('Size of the graph, what was left out as hubs, and how people were joined')
    .option('--json', 'print JSON')
    .action(async (o: { json?: boolean }) => run(undefined, (svc) => networkOutputs.summary(svc, caller(), !!o.json)));
  net
    .command('export')
    .description("A person's neighbourhood as GraphML (Gephi, yEd) or JSON: interdict network export 1234 --hops 2 --out ring.graphml")
    .argument('<record>', 'any person record id of the person')
    .option('--hops <n>', 'person steps from the seed (1-4)', '2')
    .option('--max-nodes <n>', 'cap on nodes', '250')
    .addOption(new Option('--format <format>', 'output format').choices(['graphml', 'json']).default('graphml'))
    .option('--out <file>', 'write to this file instead of standard output')
    .option('--reason <text>', 'why (a case number), for the audit log')
    .action(async (record: string, o: { hops: string; maxNodes: string; format: 'graphml' | 'json'; out?: string; reason?: string }) => {
      const seed = int(record, 'record');
      const hops = int(o.hops, '--hops', 1, 4);
      const maxNodes = int(o.maxNodes, '--max-nodes', 10, 5000);
      await run(o.out, (svc) => networkOutputs.export(svc, caller(o.reason), seed, { hops, maxNodes, format: o.format }));
    });
  net
    .command('communities')
    .description('Communities of people (Louvain), flagged ones first, with what binds each')
    .option('--min-size <n>', 'smallest community listed', '3')
    .option('--limit <n>', 'communities listed', '20')
    .option('--json', 'print JSON')
    .option('--out <file>')
    .action(async (o: { minSize: string; limit: string; json?: boolean; out?: string }) => {
      const minSize = int(o.minSize, '--min-size', 2);
      const limit = int(o.limit, '--limit');
      await run(o.out, (svc) => networkOutputs.communities(svc, caller(), { minSize, limit, asJson: !!o.json }));
    });
  net
    .command('brokers')
    .description('People on the most shortest paths between others (betweenness, sampled on large graphs)')
    .option('--limit <n>', 'brokers listed', '20')
    .option('--samples <n>', 'source people sampled (exact when the graph has fewer)', String(DEFAULT_SAMPLES))
    .option('--json', 'print JSON')
    .action(async (o: { limit: string; samples: string; json?: boolean }) => {
      const limit = int(o.limit, '--limit');
      const samples = int(o.samples, '--samples', 10);
      await run(undefined, (svc) => networkOutputs.brokers(svc, caller(), { limit, samples, asJson: !!o.json }));
    });
  net
    .command('path')
    .description('The shortest path between two people, with the records of every step')
    .argument('<from>', 'person record id')
    .argument('<to>', 'person record id')
    .option('--json', 'print JSON')
    .action(async (from: string, to: string, o: { json?: boolean }) => {
      const a = int(from, 'from');
      const b = int(to, 'to');
      await run(undefined, (svc) => networkOutputs.path(svc, caller(), a, b, !!o.json));
    });
  net
    .command('connectors')
    .description("Who connects a set of people (default: detection's flagged people), ranked by how many each reaches")
    .argument('[records...]', 'person record ids')
    .option('--limit <n>', 'connectors listed', '25')
    .option('--json', 'print JSON')
    .action(async (records: string[], o: { limit: string; json?: boolean }) => {
      const ids = records.map((r) => int(r, 'record'));
      const limit = int(o.limit, '--limit');
      await run(undefined, (svc) => networkOutputs.connectors(svc, caller(), { records: ids, limit, asJson: !!o.json }));
    });
  return [net];
}
