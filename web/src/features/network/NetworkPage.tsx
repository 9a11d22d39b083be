import { useEffect, useState } from 'react';
import { api } from '../../lib/api';
import { EdgeEvidence, NetworkDrawing } from './NetworkDrawing';
import { ConnectorList, PathSteps } from './PathView';
import { PersonPicker } from './PersonPicker';
import type { BrokersResult, CommunitiesResult, ConnectorsResult, NetEdge, NetNode, NetworkModel, Neighbourhood, PathResult, PersonHit, Subgraph } from './types';

/** What the drawing shows: one person's neighbourhood, a path between two people, or who connects the flagged. */
type View =
  | { kind: 'neighbourhood'; graph: Neighbourhood }
  | { kind: 'path'; graph: Subgraph; path: PathResult }
  | { kind: 'connectors'; graph: Subgraph; res: ConnectorsResult };

const personId = (node: string) => Number(node.slice('person:'.length));

export function NetworkPage() {
  const [model, setModel] = useState<NetworkModel | null>(null);
  const [reason, setReason] = useState('');
  const [hops, setHops] = useState(2);
  const [view, setView] = useState<View | null>(null);
  const [picked, setPicked] = useState<NetEdge | null>(null);
  const [from, setFrom] = useState<PersonHit | null>(null);
  const [to, setTo] = useState<PersonHit | null>(null);
  const [communities, setCommunities] = useState<CommunitiesResult['communities']>([]);
  const [brokers, setBrokers] = useState<BrokersResult['brokers']>([]);
  const [error, setError] = useState<string | null>(null);
  // Every lookup carries the stated reason (a case number) into the audit log.
  const rq = reason.trim() ? `&reason=${encodeURIComponent(reason.trim())}` : '';
  const fail = (e: Error) => setError(e.message);

  useEffect(() => {
    api<NetworkModel>('/network/model').then(setModel).catch(fail);
    api<CommunitiesResult>('/network/communities?limit=10').then((r) => setCommunities(r.communities)).catch(fail);
    api<BrokersResult>('/network/brokers?limit=10').then((r) => setBrokers(r.brokers)).catch(fail);
  }, []);

  const show = (v: View) => {
    setError(null);
    setPicked(null);
    setView(v);
  };
  const open = (record: number) => {
    api<Neighbourhood>(`/network/persons/${record}/neighbourhood?hops=${hops}${rq}`).then((graph) => show({ kind: 'neighbourhood', graph })).catch(fail);
  };
  const findPath = () => {
    if (!from || !to) return setError('Pick both people first.');
    api<PathResult>(`/network/path?from=${from.personId}&to=${to.personId}${rq}`)
      .then((path) => show({ kind: 'path', path, graph: { nodes: path.nodes, edges: path.steps.flatMap((s) => s.edges) } }))
      .catch(fail);
  };
  const findConnectors = () => {
    api<ConnectorsResult>(`/network/connectors?limit=25${rq}`).then((res) => show({ kind: 'connectors', res, graph: res.subgraph })).catch(fail);
  };
  const onNode = (n: NetNode) => {
    if (n.type === 'person') open(personId(n.id));
  };
  const emphasised = view?.kind === 'connectors' ? new Set(view.res.flagged) : view?.kind === 'path' ? new Set([view.path.from, view.path.to]) : undefined;

  return (
    <section>
      <h1>Network</h1>
      <p className="muted">Who connects whom: shared phones, addresses, vehicles and payers, the same gun bought by one and recovered from another.</p>
      <div className="toolbar">
        <label>Reason (case no.)<input value={reason} onChange={(e) => setReason(e.target.value)} placeholder="written to the audit log" /></label>
        <label>Steps<select value={hops} onChange={(e) => setHops(Number(e.target.value))}>{[1, 2, 3].map((h) => <option key={h}>{h}</option>)}</select></label>
      </div>
      <div className="toolbar">
        <PersonPicker label="Person" reasonQuery={rq} onPick={(h) => { setFrom(h); open(h.personId); }} onError={setError} />
        <PersonPicker label="To" reasonQuery={rq} onPick={setTo} onError={setError} />
        <button type="button" onClick={findPath} disabled={!from || !to}>Shortest path</button>
        <button type="button" className="secondary" onClick={findConnectors}>Who connects the flagged</button>
      </div>
      {error && <p role="alert" className="error">{error}</p>}
      <div className="net-layout">
        <div className="card">
          {view ? (
            <NetworkDrawing graph={view.graph} model={model} seed={view.kind === 'neighbourhood' ? view.graph.seed : undefined} emphasised={emphasised} label={`network: ${view.kind}`} onNode={onNode} onEdge={setPicked} />
          ) : (
            <p className="muted">Search for a person, or pick one from the panel.</p>
          )}
          {view?.kind === 'neighbourhood' && view.graph.truncated && <p className="muted">Showing the nearest {view.graph.nodes.length}; there are more.</p>}
          {model && (
            <p className="net-legend">{Object.entries(model.nodeTypes).map(([t, d]) => <span key={t}><i style={{ background: d.colour }} />{d.label}</span>)} <span>red ring: flagged</span></p>
          )}
          {picked && <EdgeEvidence edge={picked} model={model} />}
          {view?.kind === 'path' && <PathSteps path={view.path} model={model} />}
          {view?.kind === 'connectors' && <ConnectorList res={view.res} onOpen={(n) => open(personId(n))} />}
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
