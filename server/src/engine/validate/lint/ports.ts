// Lint of the ports of rules: repeated entries, and DNS allowed over TCP only.
import type { KubeObject } from '../../manifests';
import type { EngineDiagnostic, JsonPath } from '../../types';
import { makeDiagnostic } from '../../diagnosticCodes';
import { isInt32 } from '../../values';
import { portNameErrors } from '../names';
import type { DnsAllowedElsewhere } from '../options';
import { directions, isRecord, rulesOf, type RuleAt } from './shapes';

export const DNS_PORT = 53;
/** Container port names under which DNS servers publish 53 (kube-dns, CoreDNS; "domain" is the IANA name). */
const dnsPortNames = new Set(['dns', 'dns-tcp', 'domain']);

/** One port entry as the API server stores it: protocol defaulted to TCP. */
export interface PortEntry {
  protocol: string;
  /** Undefined: every port of the protocol. */
  port?: number | string;
  endPort?: number;
  path: JsonPath;
}

/** The port entries of a rule; undefined when the rule has no ports and so allows every port and protocol. */
export function portEntries(ruleAt: RuleAt): PortEntry[] | undefined {
  const { ports } = ruleAt.rule;
  if (ports === undefined || ports === null || (Array.isArray(ports) && ports.length === 0)) return undefined;
  if (!Array.isArray(ports)) return [];
  return ports.flatMap((entry, index): PortEntry[] => {
    if (!isRecord(entry)) return [];
    const protocol = entry.protocol === undefined || entry.protocol === null ? 'TCP' : entry.protocol;
    const port = entry.port === null ? undefined : entry.port;
    const endPort = entry.endPort === null ? undefined : entry.endPort;
    if (typeof protocol !== 'string') return [];
    // Numbers that do not decode into int32 (.inf, .nan, fractions, overflow) fail with HTTP 400
    // (rules §2 "Decoding"); the schema check reports them, lint has nothing to say about them.
    if (port !== undefined && !isInt32(port) && typeof port !== 'string') return [];
    if (endPort !== undefined && !isInt32(endPort)) return [];
    return [{ protocol, port, endPort, path: [...ruleAt.path, 'ports', index] }];
  });
}

/** Whether the entry allows port 53 of its protocol: the number, a range around it, all ports, or a DNS port name. */
export function allowsDnsPort(entry: PortEntry): boolean {
  if (entry.port === undefined) return true;
  if (typeof entry.port === 'string') return dnsPortNames.has(entry.port);
  return entry.port === DNS_PORT || (entry.endPort !== undefined && entry.port <= DNS_PORT && DNS_PORT <= entry.endPort);
}

/** Whether a rule allows DNS over the protocol; a rule without ports allows every port. */
export function ruleAllowsDns(ruleAt: RuleAt, protocol: 'UDP' | 'TCP'): boolean {
  const entries = portEntries(ruleAt);
  return entries === undefined || entries.some((entry) => entry.protocol === protocol && allowsDnsPort(entry));
}

export function lintPorts(
  policy: KubeObject,
  spec: Record<string, unknown>,
  egressEnforced: boolean,
  dnsAllowedElsewhere?: DnsAllowedElsewhere,
): EngineDiagnostic[] {
  const diagnostics = directions.flatMap((direction) =>
    rulesOf(spec, direction).flatMap((ruleAt) => duplicatePorts(policy, ruleAt)),
  );
  if (egressEnforced)
    diagnostics.push(...dnsOverTcpOnly(policy, spec, dnsAllowedElsewhere), ...namedPortsToAddresses(policy, spec));
  return diagnostics;
}

/** NP2003: the same protocol/port/endPort twice in one rule; protocol compared after defaulting to TCP. */
function duplicatePorts(policy: KubeObject, ruleAt: RuleAt): EngineDiagnostic[] {
  const seen = new Set<string>();
  const diagnostics: EngineDiagnostic[] = [];
  for (const entry of portEntries(ruleAt) ?? []) {
    const key = JSON.stringify([entry.protocol, entry.port ?? null, entry.endPort ?? null]);
    if (seen.has(key)) {
      const shown =
        entry.port === undefined
          ? `all ${entry.protocol} ports`
          : `${entry.protocol} ${entry.port}${entry.endPort !== undefined ? `-${entry.endPort}` : ''}`;
      diagnostics.push(
        makeDiagnostic(
          'NP2003',
          policy.locate(entry.path).valueRange,
          `Duplicate port: ${shown} is already listed in this rule; remove one of them.`,
        ),
      );
    }
    seen.add(key);
  }
  return diagnostics;
}

/**
 * NP2010: resolvers answer over UDP first and fall back to TCP only for large
 * answers, so a policy that opens 53 for TCP alone still breaks lookups. Only a
 * numeric 53 (or range) counts: that is an author writing a DNS rule. Another
 * policy of the namespace may open UDP 53 for the same pods, as for NP2005.
 */
function dnsOverTcpOnly(
  policy: KubeObject,
  spec: Record<string, unknown>,
  dnsAllowedElsewhere?: DnsAllowedElsewhere,
): EngineDiagnostic[] {
  const rules = rulesOf(spec, 'egress');
  if (rules.some((ruleAt) => ruleAllowsDns(ruleAt, 'UDP'))) return [];
  if (dnsAllowedElsewhere?.(policy, 'UDP')) return [];
  return rules.flatMap((ruleAt) =>
    (portEntries(ruleAt) ?? [])
      .filter((entry) => entry.protocol === 'TCP' && typeof entry.port === 'number' && allowsDnsPort(entry))
      .map((entry) =>
        makeDiagnostic(
          'NP2010',
          policy.locate(entry.path).valueRange,
          'DNS is allowed over TCP only: lookups use UDP port 53 first, so they time out. Add the same entry with protocol: UDP.',
        ),
      ),
  );
}

/**
 * NP2011: `port` is "a numerical or named port on a pod" (API reference,
 * NetworkPolicyPort.port), and in an egress rule the ports are the destination's. An
 * egress rule whose peers are all ipBlocks goes to addresses outside the cluster (all a
 * manifest can tell of an ipBlock), where there is no pod to resolve a name: that port
 * allows nothing. Ingress rules are not affected: there the destination is the selected
 * pod, which resolves the name whoever the source is.
 */
function namedPortsToAddresses(policy: KubeObject, spec: Record<string, unknown>): EngineDiagnostic[] {
  return rulesOf(spec, 'egress').flatMap((ruleAt) => {
    const peers = ruleAt.rule.to;
    const addressesOnly =
      Array.isArray(peers) &&
      peers.length > 0 &&
      peers.every((peer) => isRecord(peer) && isRecord(peer.ipBlock) && !hasSelector(peer));
    if (!addressesOnly) return [];
    return (
      (portEntries(ruleAt) ?? [])
        // An invalid name is NP1303 already.
        .filter((entry) => typeof entry.port === 'string' && portNameErrors(entry.port).length === 0)
        .map((entry) =>
          makeDiagnostic(
            'NP2011',
            policy.locate([...entry.path, 'port']).valueRange,
            `Port name "${String(entry.port)}" never resolves here: a named port is looked up on the destination pod, and this rule's peers are only ipBlocks, addresses outside the cluster with no pod, so it allows nothing. Use the port number.`,
          ),
        )
    );
  });
}

const hasSelector = (peer: Record<string, unknown>): boolean =>
  (peer.podSelector !== undefined && peer.podSelector !== null) ||
  (peer.namespaceSelector !== undefined && peer.namespaceSelector !== null);
