import type { ConnectorsResult, NetworkModel, PathResult } from './types';

/** The steps of a shortest path in words: who, through what, on which records and dates. */
export function PathSteps({ path, model }: { path: PathResult; model: NetworkModel | null }) {
  if (!path.found) {
    return <p data-testid="path-result">No path within the limits{path.capped ? ' (the search stopped early; a longer path may exist)' : ''}.</p>;
  }
  const label = new Map(path.nodes.map((n) => [n.id, n.label]));
  return (
    <div data-testid="path-result">
      <p>
        {path.steps.length} step{path.steps.length === 1 ? '' : 's'}, {path.intermediaries} person{path.intermediaries === 1 ? '' : 's'} in between (cost {path.cost}).
      </p>
      <ol className="net-steps">
        {path.steps.map((s) => (
          <li key={`${s.from}-${s.to}`}>
            <strong>{label.get(s.from)}</strong> → <strong>{label.get(s.to)}</strong>
            <ul>
              {s.edges.map((e) => (
                <li key={e.id}>
                  {model?.edgeTypes[e.kind]?.label ?? e.kind}: {e.evidence.slice(0, 3).map((x) => `${x.record} #${x.id}${x.date ? ` (${x.date})` : ''}`).join('; ')}
                  {e.evidence.length > 3 ? ` and ${e.evidence.length - 3} more` : ''}
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ol>
    </div>
  );
}

/** Who connects the flagged people: the groups their paths form and the people and things on those paths. */
export function ConnectorList({ res, onOpen }: { res: ConnectorsResult; onOpen: (personNode: string) => void }) {
  return (
    <div data-testid="connectors-result">
      <p>
        {res.flagged.length} people searched, {res.pairsLinked} pair{res.pairsLinked === 1 ? '' : 's'} linked into {res.groups.length} group{res.groups.length === 1 ? '' : 's'}
        {res.isolated.length ? `; ${res.isolated.length} with no link` : ''}{res.capped ? '; search capped' : ''}.
      </p>
      <table>
        <thead><tr><th>Connector</th><th>Kind</th><th>Reaches</th><th>Paths</th></tr></thead>
        <tbody>
          {res.connectors.map((c) => (
            <tr key={c.node.id}>
              <td>{c.node.type === 'person' ? <button type="button" className="link" onClick={() => onOpen(c.node.id)}>{c.node.label}</button> : c.node.label}{c.flagged ? ' (flagged)' : ''}</td>
              <td>{c.node.type}</td>
              <td>{c.reaches.length}</td>
              <td>{c.paths}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
