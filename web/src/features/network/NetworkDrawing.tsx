import { useMemo } from 'react';
import Graph from 'graphology';
import forceAtlas2 from 'graphology-layout-forceatlas2';
import type { NetEdge, NetNode, NetworkModel, Subgraph } from './types';

const W = 760;
const H = 520;

/** Lays the subgraph out once with ForceAtlas2 from seeded start positions, scaled into the drawing. */
function layout(g0: Subgraph): Map<string, { x: number; y: number }> {
  const g = new Graph();
  g0.nodes.forEach((n, i) => {
    const a = (2 * Math.PI * i) / Math.max(1, g0.nodes.length);
    g.addNode(n.id, { x: Math.cos(a) * (1 + (n.hop ?? 0)), y: Math.sin(a) * (1 + (n.hop ?? 0)) });
  });
  for (const e of g0.edges) if (g.hasNode(e.source) && g.hasNode(e.target) && !g.hasEdge(e.source, e.target)) g.addEdge(e.source, e.target);
  if (g.order > 1) forceAtlas2.assign(g, { iterations: 300, settings: { ...forceAtlas2.inferSettings(g), gravity: 1 } });
  const xs = g.mapNodes((_n, a) => a.x as number);
  const ys = g.mapNodes((_n, a) => a.y as number);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const out = new Map<string, { x: number; y: number }>();
  g.forEachNode((n, a) => {
    out.set(n, {
      x: 30 + (((a.x as number) - x0) / Math.max(1e-9, x1 - x0)) * (W - 200), // room on the right for the labels
      y: 30 + (((a.y as number) - y0) / Math.max(1e-9, y1 - y0)) * (H - 60),
    });
  });
  return out;
}

interface Props {
  graph: Subgraph;
  model: NetworkModel | null;
  /** Drawn larger: the person the view is about. */
  seed?: string;
  /** Drawn with a heavy outline: e.g. the people a connector search started from. */
  emphasised?: ReadonlySet<string>;
  label: string;
  onNode: (n: NetNode) => void;
  onEdge: (e: NetEdge) => void;
}

/** An SVG drawing of people, phones, addresses, guns and dealers; every node and link can be clicked for its records. */
export function NetworkDrawing({ graph, model, seed, emphasised, label, onNode, onEdge }: Props) {
  const pos = useMemo(() => layout(graph), [graph]);
  const colour = (n: NetNode) => model?.nodeTypes[n.type]?.colour ?? '#888';
  return (
    <svg width="100%" viewBox={`0 0 ${W} ${H}`} preserveAspectRatio="xMidYMid meet" role="img" aria-label={label} data-testid="network-svg">
      {graph.edges.map((e) => {
        const a = pos.get(e.source);
        const b = pos.get(e.target);
        if (!a || !b) return null;
        return (
          <g key={e.id} onClick={() => onEdge(e)} style={{ cursor: 'pointer' }} data-testid={`edge-${e.kind}`}>
            <line x1={a.x} y1={a.y} x2={b.x} y2={b.y} stroke="#98a2b3" strokeWidth={Math.min(4, 1 + Math.log2(e.count))} />
            <text x={(a.x + b.x) / 2} y={(a.y + b.y) / 2} fontSize="9" fill="#667085">{model?.edgeTypes[e.kind]?.label ?? e.kind}</text>
            <title>{e.evidence.map((x) => `${x.record} #${x.id}${x.date ? ` ${x.date}` : ''}`).join('\n')}</title>
          </g>
        );
      })}
      {graph.nodes.map((n) => {
        const p = pos.get(n.id);
        if (!p) return null;
        const strong = n.id === seed || emphasised?.has(n.id);
        return (
          <g key={n.id} onClick={() => onNode(n)} style={{ cursor: 'pointer' }} data-testid={`node-${n.id}`}>
            <circle cx={p.x} cy={p.y} r={strong ? 10 : 7} fill={colour(n)} stroke={n.risk?.flagged ? '#d92d20' : n.risk ? '#f79009' : '#fff'} strokeWidth={n.risk ? 3 : 1} />
            <text x={p.x + 9} y={p.y + 3} fontSize="10" fontWeight={strong ? 'bold' : undefined}>{n.label.slice(0, 28)}</text>
            <title>{`${model?.nodeTypes[n.type]?.label ?? n.type}: ${n.label}${n.risk ? ` (risk ${Math.round(n.risk.score)})` : ''}`}</title>
          </g>
        );
      })}
    </svg>
  );
}

/** The records behind one link, each with its date and where it came from. */
export function EdgeEvidence({ edge, model }: { edge: NetEdge; model: NetworkModel | null }) {
  return (
    <div data-testid="network-evidence">
      <h3>{model?.edgeTypes[edge.kind]?.label ?? edge.kind}: {edge.count} record(s)</h3>
      <ul>{edge.evidence.map((x) => <li key={`${x.table}${x.id}`}>{x.record}, {x.table} #{x.id}{x.date ? `, ${x.date}` : ''}{x.sourceRef ? ` (${x.sourceRef})` : ''}</li>)}</ul>
    </div>
  );
}
