import { useEffect, useMemo, useState } from 'react';
import Graph from 'graphology';
import forceAtlas2 from 'graphology-layout-forceatlas2';
import { api } from '../../lib/api';

interface Risk { score: number; level: string; flagged: boolean }
interface NetNode { id: string; type: string; label: string; risk?: Risk; hop?: number; guns?: number; community?: number }
interface Evidence { table: string; id: number; date: string | null; record: string; sourceRef?: string }
interface NetEdge { id: string; source: string; target: string; kind: string; count: number; evidence: Evidence[] }
interface Hood { seed: string; nodes: NetNode[]; edges: NetEdge[]; truncated: boolean }
interface Hit { id: string; personId: number; label: string; dob: string | null; inGraph: boolean; risk?: Risk }
interface Model { nodeTypes: Record<string, { label: string; colour: string }>; edgeTypes: Record<string, { label: string }> }
interface Community { id: number; size: number; flagged: number; members: Array<{ id: string; label: string }>; binding: Array<{ type: string; label: string; members: number }> }
interface Broker { id: string; label: string; betweenness: number; risk?: Risk }

const W = 760;
const H = 520;
const personId = (node: string) => Number(node.slice('person:'.length));

/** Lays the neighbourhood out once with ForceAtlas2 (seeded start positions), scaled into the drawing. */
function layout(h: Hood): Map<string, { x: number; y: number }> {
  const g = new Graph();
  h.nodes.forEach((n, i) => {
    const a = (2 * Math.PI * i) / Math.max(1, h.nodes.length);
    g.addNode(n.id, { x: Math.cos(a) * (1 + (n.hop ?? 0)), y: Math.sin(a) * (1 + (n.hop ?? 0)) });
  });
  for (const e of h.edges) if (!g.hasEdge(e.source, e.target)) g.addEdge(e.source, e.target);
  if (g.order > 1) forceAtlas2.assign(g, { iterations: 300, settings: { ...forceAtlas2.inferSettings(g), gravity: 1 } });
  const xs = g.mapNodes((_n, a) => a.x as number);
  const ys = g.mapNodes((_n, a) => a.y as number);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const out = new Map<string, { x: number; y: number }>();
  g.forEachNode((n, a) => {
    out.set(n, {
      x: 30 + ((a.x as number) - x0) / Math.max(1e-9, x1 - x0) * (W - 60),
      y: 30 + ((a.y as number) - y0) / Math.max(1e-9, y1 - y0) * (H - 60),
    });
  });
  return out;
}

export function NetworkPage() {
  const [model, setModel] = useState<Model | null>(null);
  const [q, setQ] = useState('');
  const [hits, setHits] = useState<Hit[]>([]);
  const [hood, setHood] = useState<Hood | null>(null);
  const [hops, setHops] = useState(2);
  const [picked, setPicked] = useState<NetEdge | NetNode | null>(null);
  const [communities, setCommunities] = useState<Community[]>([]);
  const [brokers, setBrokers] = useState<Broker[]>([]);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    api<Model>('/network/model').then(setModel).catch((e: Error) => setError(e.message));
    api<{ communities: Community[] }>('/network/communities?limit=10').then((r) => setCommunities(r.communities)).catch((e: Error) => setError(e.message));
    api<{ brokers: Broker[] }>('/network/brokers?limit=10').then((r) => setBrokers(r.brokers)).catch((e: Error) => setError(e.message));
  }, []);

  const open = (record: number) => {
    setPicked(null);
    api<Hood>(`/network/persons/${record}/neighbourhood?hops=${hops}`).then(setHood).catch((e: Error) => setError(e.message));
  };
  const search = () => {
    api<{ persons: Hit[] }>(`/network/persons?q=${encodeURIComponent(q)}`).then((r) => setHits(r.persons)).catch((e: Error) => setError(e.message));
  };
  const pos = useMemo(() => (hood ? layout(hood) : new Map<string, { x: number; y: number }>()), [hood]);
  const colour = (n: NetNode) => model?.nodeTypes[n.type]?.colour ?? '#888';

  return (
    <section>
      <h1>Network</h1>
      <p className="muted">Who connects whom: shared phones, addresses, vehicles and payers, the same gun bought by one and recovered from another.</p>
      <div className="toolbar">
        <label>Person<input value={q} onChange={(e) => setQ(e.target.value)} onKeyDown={(e) => e.key === 'Enter' && search()} placeholder="name" /></label>
        <label>Steps<select value={hops} onChange={(e) => setHops(Number(e.target.value))}>{[1, 2, 3].map((h) => <option key={h}>{h}</option>)}</select></label>
        <button type="button" onClick={search}>Search</button>
      </div>
      {error && <p role="alert" className="error">{error}</p>}
      {hits.length > 0 && (
        <ul className="net-hits">
          {hits.map((h) => (
            <li key={h.id}><button type="button" className="secondary" onClick={() => open(h.personId)}>{h.label}{h.dob ? ` (${h.dob})` : ''}{h.risk ? ` · risk ${Math.round(h.risk.score)}` : ''}{h.inGraph ? '' : ' · no links'}</button></li>
          ))}
        </ul>
      )}
      <div className="net-layout">
        <div className="card">
          {hood ? (
            <svg width={W} height={H} role="img" aria-label="network" data-testid="network-svg">
              {hood.edges.map((e) => {
                const a = pos.get(e.source);
                const b = pos.get(e.target);
                if (!a || !b) return null;
                return (
                  <g key={e.id} onClick={() => setPicked(e)} style={{ cursor: 'pointer' }}>
                    <line x1={a.x} y1={a.y} x2={b.x} y2={b.y} stroke="#98a2b3" strokeWidth={Math.min(4, 1 + Math.log2(e.count))} />
                    <text x={(a.x + b.x) / 2} y={(a.y + b.y) / 2} fontSize="9" fill="#667085">{model?.edgeTypes[e.kind]?.label ?? e.kind}</text>
                    <title>{e.evidence.map((x) => `${x.record} #${x.id}${x.date ? ` ${x.date}` : ''}`).join('\n')}</title>
                  </g>
                );
              })}
              {hood.nodes.map((n) => {
                const p = pos.get(n.id);
                if (!p) return null;
                return (
                  <g key={n.id} onClick={() => (n.type === 'person' ? open(personId(n.id)) : setPicked(n))} style={{ cursor: 'pointer' }}>
                    <circle cx={p.x} cy={p.y} r={n.id === hood.seed ? 10 : 7} fill={colour(n)} stroke={n.risk?.flagged ? '#d92d20' : n.risk ? '#f79009' : '#fff'} strokeWidth={n.risk ? 3 : 1} />
                    <text x={p.x + 9} y={p.y + 3} fontSize="10">{n.label.slice(0, 28)}</text>
                    <title>{`${model?.nodeTypes[n.type]?.label ?? n.type}: ${n.label}${n.risk ? ` (risk ${Math.round(n.risk.score)})` : ''}`}</title>
                  </g>
                );
              })}
            </svg>
          ) : (
            <p className="muted">Search for a person, or pick one from the panel.</p>
          )}
          {hood?.truncated && <p className="muted">Showing the nearest {hood.nodes.length}; there are more.</p>}
          {model && (
            <p className="net-legend">{Object.entries(model.nodeTypes).map(([t, d]) => <span key={t}><i style={{ background: d.colour }} />{d.label}</span>)} <span>red ring: flagged</span></p>
          )}
          {picked && 'evidence' in picked && (
            <div data-testid="network-evidence">
              <h3>{model?.edgeTypes[picked.kind]?.label ?? picked.kind}: {picked.count} record(s)</h3>
              <ul>{picked.evidence.map((x) => <li key={`${x.table}${x.id}`}>{x.record}, {x.table} #{x.id}{x.date ? `, ${x.date}` : ''}{x.sourceRef ? ` (${x.sourceRef})` : ''}</li>)}</ul>
            </div>
          )}
        </div>
        <aside className="card net-panel">
          <h3>Communities</h3>
          <ol>{communities.map((c) => (
            <li key={c.id}>{c.size} people, {c.flagged} flagged
              <div className="muted">{c.members.slice(0, 4).map((m) => <button type="button" className="link" key={m.id} onClick={() => open(personId(m.id))}>{m.label}</button>)}</div>
              {c.binding[0] && <div className="muted">bound by {c.binding[0].type} {c.binding[0].label}</div>}
            </li>
          ))}</ol>
          <h3>Brokers</h3>
          <ol>{brokers.map((b) => <li key={b.id}><button type="button" className="link" onClick={() => open(personId(b.id))}>{b.label}</button> <span className="muted">{b.betweenness.toFixed(0)}</span></li>)}</ol>
        </aside>
      </div>
    </section>
  );
}
