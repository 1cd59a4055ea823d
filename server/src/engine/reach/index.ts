// Reachability: who may connect to whom, on which ports, and why. What the adapters use.
export { analyseNamespaces, analyseWorkspace, connectionsOf, reach } from './state';
export { peerCounts, type PeerCounts } from './workloadPeers';
export type {
  ClassMatrix,
  FocusedAnalysis,
  LeftOutPolicyInfo,
  ReachAnalysis,
  ReachConnection,
  ReachOptions,
  WorkloadClass,
} from './model';
export { externalBlocks } from './classSides';
export { describeRule } from './describe';
export { endpointOf, resolveEndpoint, workloadRefAt, type Endpoint } from './endpoints';
export {
  filterConnections,
  parseExplainPort,
  prepareExplain,
  type ConnectionFilter,
  type ExplainPort,
  type ExplainProblem,
} from './questions';
export {
  explainConnection,
  peerInfo,
  type NotModelledOnSide,
  type ReachPeerInfo,
  type ReachReason,
  type ReachSide,
  type ReachVerdict,
  type SourceLocationRef,
} from './verdict';
