// NP3010: a rule port that is a Service's port, not its pods'.
import type { KubeObject } from '../manifests';
import type { PolicyRule } from '../policy';
import type { Protocol } from '../ports';
import type { EngineDiagnostic, Range } from '../types';
import type { ServiceEntry, Workload } from '../workloads';
import type { Workspace } from '../workspace';
import { groupBy } from '../groupBy';

/**
 * NP3010: a rule port that is a Service's `port` forwarded to another pod port. Traffic
 * through a Service reaches the pod on the `targetPort` (kube-proxy translates before
 * policies apply), so policies must name the pod's port. Reported only when nothing
 * says the pods listen on the port themselves (a container port, or a Service whose
 * target it is) and the rule does not allow the target too.
 */
export function checkServicePorts(
  object: KubeObject,
  rule: PolicyRule,
  destinations: readonly Workload[],
  workspace: Workspace,
  report: (code: string, range: Range, message: string) => EngineDiagnostic,
  out: EngineDiagnostic[],
): void {
  if (destinations.length === 0) return;
  let byNamespace: Map<string, Workload[]> | undefined;
  let services: Array<{ service: ServiceEntry; pods: Workload[] }> | undefined;
  for (const port of rule.ports) {
    if (port.kind !== 'range' || port.from !== port.to) continue;
    const { protocol, from: number } = port;
    if (destinations.some((w) => w.ports.some((p) => p.protocol === protocol && p.containerPort === number))) continue;
    // Most rule ports are no Service's port: which pods the Services select is worked out only when one is.
    byNamespace ??= groupBy(destinations, (workload) => workload.namespace);
    const isServicePort = (service: ServiceEntry): boolean =>
      service.ports.some((p) => p.port === number && p.protocol === protocol);
    if (![...byNamespace.keys()].some((namespace) => workspace.servicesIn(namespace).some(isServicePort))) continue;
    services ??= servicesSelecting(byNamespace, workspace);
    const forwarding = services.filter(({ service }) => isServicePort(service));
    if (forwarding.length === 0) continue;
    if (
      services.some(({ service, pods }) =>
        targetsOf(service, pods, (p) => p.protocol === protocol).some((t) => t.containerPort === number),
      )
    )
      continue;
    for (const { service, pods } of forwarding) {
      const targets = targetsOf(service, pods, (p) => p.port === number && p.protocol === protocol).filter(
        (t) => !allowsTarget(rule, protocol, t.containerPort, pods),
      );
      if (targets.length === 0) continue;
      const where = targets.map((t) => (t.name ? `${t.containerPort} (port "${t.name}")` : `${t.containerPort}`)).join(', ');
      const message =
        `${protocol} ${number} is a port of Service ${service.namespace}/${service.name}, which forwards it to ${targets.length > 1 ? 'ports' : 'port'} ${where} of its pods; ` +
        `no destination pod declares ${number}. NetworkPolicies see the pods' ports, never a Service's, so this rule does not allow the traffic through the Service: allow ${targets.map((t) => t.containerPort).join(', ')}.`;
      out.push(
        report('NP3010', object.locate(['spec', rule.direction, rule.index, 'ports', port.index, 'port']).valueRange, message),
      );
      break;
    }
  }
}

/** The Services of the destinations' namespaces with the destinations each selects (only those selecting some). */
function servicesSelecting(
  byNamespace: ReadonlyMap<string, readonly Workload[]>,
  workspace: Workspace,
): Array<{ service: ServiceEntry; pods: Workload[] }> {
  const found: Array<{ service: ServiceEntry; pods: Workload[] }> = [];
  for (const [namespace, workloads] of byNamespace) {
    for (const service of workspace.servicesIn(namespace)) {
      const wanted = Object.entries(service.selector);
      const pods = workloads.filter((w) => wanted.every(([key, value]) => w.labels[key] === value));
      if (pods.length > 0) found.push({ service, pods });
    }
  }
  return found;
}

/** The pod ports the chosen entries of a Service forward to; a named targetPort is looked up on each pod, by name and protocol. */
function targetsOf(
  service: ServiceEntry,
  pods: readonly Workload[],
  chosen: (port: ServiceEntry['ports'][number]) => boolean,
): Array<{ containerPort: number; name?: string }> {
  const targets = new Map<number, string | undefined>();
  for (const entry of service.ports.filter(chosen)) {
    if (typeof entry.targetPort === 'number') targets.set(entry.targetPort, targets.get(entry.targetPort));
    else
      for (const pod of pods)
        for (const p of pod.ports)
          if (p.name === entry.targetPort && p.protocol === entry.protocol) targets.set(p.containerPort, p.name);
  }
  return [...targets].sort(([a], [b]) => a - b).map(([containerPort, name]) => ({ containerPort, ...(name ? { name } : {}) }));
}

/** Whether the rule already allows `port` on these pods: a number or range, the whole protocol, or a name that resolves to it. */
function allowsTarget(rule: PolicyRule, protocol: Protocol, port: number, pods: readonly Workload[]): boolean {
  return rule.ports.some((p) => {
    if (p.kind === 'invalid' || p.protocol !== protocol) return false;
    if (p.kind === 'protocol') return true;
    if (p.kind === 'range') return p.from <= port && port <= p.to;
    return pods.some((pod) => pod.ports.some((c) => c.name === p.name && c.protocol === protocol && c.containerPort === port));
  });
}
