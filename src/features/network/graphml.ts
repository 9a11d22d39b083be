/**
 * GraphML export of a subgraph (Gephi, yEd, Cytoscape read it). Attribute keys come from the model: node type,
 * label, risk and community; edge kind, record count and the records themselves as "table#id@date" references.
 */
import type { Subgraph } from './subgraph.js';

const esc = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!)
    // XML 1.0 cannot carry most control characters at all; a record written with one must still export.
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');

const NODE_KEYS = [
  ['type', 'string'],
  ['label', 'string'],
  ['risk_score', 'double'],
  ['flagged', 'boolean'],
  ['community', 'int'],
  ['guns', 'int'],
  ['hop', 'int'],
] as const;
const EDGE_KEYS = [
  ['kind', 'string'],
  ['count', 'int'],
  ['first_date', 'string'],
  ['evidence', 'string'],
] as const;

export function toGraphml(sub: Subgraph, title: string): string {
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">',
    `  <desc>${esc(title)}</desc>`,
  ];
  for (const [k, t] of NODE_KEYS) out.push(`  <key id="n_${k}" for="node" attr.name="${k}" attr.type="${t}"/>`);
  for (const [k, t] of EDGE_KEYS) out.push(`  <key id="e_${k}" for="edge" attr.name="${k}" attr.type="${t}"/>`);
  out.push('  <graph id="G" edgedefault="directed">');
  for (const n of sub.nodes) {
    const data: Array<[string, string | number | boolean | undefined]> = [
      ['type', n.type],
      ['label', n.label],
      ['risk_score', n.risk?.score],
      ['flagged', n.risk?.flagged],
      ['community', n.community],
      ['guns', n.guns],
      ['hop', n.hop],
    ];
    out.push(`    <node id="${esc(n.id)}">`);
    for (const [k, v] of data) if (v !== undefined) out.push(`      <data key="n_${k}">${esc(String(v))}</data>`);
    out.push('    </node>');
  }
  for (const e of sub.edges) {
    const dates = e.evidence.map((x) => x.date).filter((d): d is string => !!d).sort();
    const evidence = e.evidence.map((x) => `${x.table}#${x.id}${x.date ? `@${x.date}` : ''}${x.sourceRef ? ` (${x.sourceRef})` : ''}`).join('; ');
    out.push(`    <edge id="${esc(e.id)}" source="${esc(e.source)}" target="${esc(e.target)}">`);
    out.push(`      <data key="e_kind">${esc(e.kind)}</data>`);
    out.push(`      <data key="e_count">${e.count}</data>`);
    if (dates[0]) out.push(`      <data key="e_first_date">${dates[0]}</data>`);
    out.push(`      <data key="e_evidence">${esc(evidence)}</data>`);
    out.push('    </edge>');
  }
  out.push('  </graph>', '</graphml>', '');
  return out.join('\n');
}
