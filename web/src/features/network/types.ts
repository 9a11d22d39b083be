/**
 * The network API's shapes, taken from the server's own declarations (type-only imports, erased by the bundler)
 * so the page and the API cannot drift apart.
 */
export type { OutNode as NetNode, OutEdge as NetEdge, EvidenceRef, Subgraph } from '../../../../src/features/network/subgraph';
export type { Neighbourhood } from '../../../../src/features/network/neighbourhood';
export type { PathResult, ConnectorsResult, Connector } from '../../../../src/features/network/paths';
export type { CommunitiesResult, CommunitySummary } from '../../../../src/features/network/communities';
export type { BrokersResult, Broker } from '../../../../src/features/network/brokers';
export type { PersonHit } from '../../../../src/features/network/network.service';

/** GET /network/model, reduced to what the page draws with. */
export interface NetworkModel {
  nodeTypes: Record<string, { label: string; colour: string }>;
  edgeTypes: Record<string, { label: string }>;
}
