// The egress rule a DNS quick fix adds (NP2005): UDP and TCP 53 to the cluster's DNS
// pods. Those are kube-dns or CoreDNS in kube-system, labelled k8s-app=kube-dns by
// both kubeadm and most distributions; when the workspace declares the DNS workload,
// its own namespace and label are used instead.
import { DNS_PORT } from '../../validate/lint/ports';
import type { Workload } from '../../workloads';
import { NAMESPACE_NAME_LABEL } from '../../workloads';
import type { Workspace } from '../../workspace';
import type { YamlValue } from './yamlEdits';

export interface DnsTarget {
  namespace: string;
  labels: Record<string, string>;
}

const CLUSTER_DNS: DnsTarget = { namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns' } };

/** Label keys that name an application, in the order a DNS deployment is most often told apart by. */
const NAMING_LABELS = ['k8s-app', 'app.kubernetes.io/name', 'app'];

/** The DNS pods of the workspace (a workload serving UDP 53, kube-system first), or the usual cluster DNS. */
export function dnsTarget(workspace?: Workspace): DnsTarget {
  const servers = (workspace?.workloads() ?? []).filter(servesDns);
  const server = servers.find((w) => w.namespace === CLUSTER_DNS.namespace) ?? servers[0];
  if (!server) return CLUSTER_DNS;
  const key = NAMING_LABELS.find((name) => Object.hasOwn(server.labels, name));
  return { namespace: server.namespace, labels: key ? { [key]: server.labels[key] } : { ...server.labels } };
}

const servesDns = (workload: Workload): boolean =>
  Object.keys(workload.labels).length > 0 &&
  workload.ports.some((port) => port.protocol === 'UDP' && port.containerPort === DNS_PORT);

export function dnsRule(target: DnsTarget): YamlValue {
  return {
    to: [
      {
        namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: target.namespace } },
        podSelector: { matchLabels: target.labels },
      },
    ],
    ports: [
      { protocol: 'UDP', port: DNS_PORT },
      { protocol: 'TCP', port: DNS_PORT },
    ],
  };
}

export const describeDnsTarget = (target: DnsTarget): string =>
  `${Object.entries(target.labels)
    .map(([key, value]) => `${key}=${value}`)
    .join(', ')} pods in ${target.namespace}`;
