// The `netpol/*` requests the reachability view and commands send, typed by protocol.ts.
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  ExplainRequest,
  NamespacesRequest,
  NamespaceWorkloadsRequest,
  ReachabilityRequest,
  WorkloadAtRequest,
  WorkloadsRequest,
} from '../../../server/src/protocol';

export interface ReachabilityServer {
  workloads(): Promise<WorkloadsRequest.Result>;
  namespaces(analysed: boolean): Promise<NamespacesRequest.Result>;
  namespaceWorkloads(namespace: string): Promise<NamespaceWorkloadsRequest.Result>;
  reachability(workload: string): Promise<ReachabilityRequest.Result>;
  explain(params: ExplainRequest.Params): Promise<ExplainRequest.Result>;
  workloadAt(params: WorkloadAtRequest.Params): Promise<WorkloadAtRequest.Result>;
}

export function serverRequests(client: LanguageClient): ReachabilityServer {
  return {
    workloads: () => client.sendRequest(WorkloadsRequest.type),
    namespaces: (analysed) => client.sendRequest(NamespacesRequest.type, { analysed }),
    namespaceWorkloads: (namespace) => client.sendRequest(NamespaceWorkloadsRequest.type, { namespace }),
    reachability: (workload) => client.sendRequest(ReachabilityRequest.type, { workload }),
    explain: (params) => client.sendRequest(ExplainRequest.type, params),
    workloadAt: (params) => client.sendRequest(WorkloadAtRequest.type, params),
  };
}
