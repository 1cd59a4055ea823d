// The `netpol/*` requests the reachability view and commands send, typed by protocol.ts.
import type { LanguageClient } from 'vscode-languageclient/node';
import { ExplainRequest, ReachabilityRequest, WorkloadAtRequest, WorkloadsRequest } from '../../../server/src/protocol';

export interface ReachabilityServer {
  workloads(): Promise<WorkloadsRequest.Result>;
  reachability(workload: string): Promise<ReachabilityRequest.Result>;
  explain(params: ExplainRequest.Params): Promise<ExplainRequest.Result>;
  workloadAt(params: WorkloadAtRequest.Params): Promise<WorkloadAtRequest.Result>;
}

export function serverRequests(client: LanguageClient): ReachabilityServer {
  return {
    workloads: () => client.sendRequest(WorkloadsRequest.type),
    reachability: (workload) => client.sendRequest(ReachabilityRequest.type, { workload }),
    explain: (params) => client.sendRequest(ExplainRequest.type, params),
    workloadAt: (params) => client.sendRequest(WorkloadAtRequest.type, params),
  };
}
