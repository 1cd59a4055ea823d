// What one direction of one class allows towards a peer: another class, or the
// addresses outside the cluster.
//
// External peers (outside the cluster): manifests carry no pod IPs, so ipBlocks
// only match outside addresses. A workload's outbound external connections are what
// its egress allows to addresses: one entry per ipBlock written in an allowing rule
// (ref = the block's text, e.g. `203.0.113.0/24 except 203.0.113.128/25`), or
// `0.0.0.0/0` and `::/0` when egress is open or a rule allows every destination.
// Inbound external connections are what its ingress allows from addresses, alike.
// Nothing outside the cluster is subject to NetworkPolicies, so only the workload's
// side counts. Named ports never resolve on an external address.
import { containsAddresses, type AddressSet } from '../cidrSet';
import { ALL, isEmpty, isSubset, NONE, union, type ConnectionSet } from '../ports';
import { compareStrings } from '../selectors';
import { rulePortsTo, WORLD_BLOCKS, type ClassSide, type WorkloadClass } from './model';

/** What a's egress allows to class b (ports resolved on b). */
export function egressTo(a: WorkloadClass, b: WorkloadClass): ConnectionSet {
  if (a.egress.isolating.length === 0) return ALL;
  let ports = NONE;
  for (const rule of a.egress.rules) {
    if (rule.everyone || rule.classes.has(b.id)) ports = union(ports, rulePortsTo(rule, b.ports));
  }
  return ports;
}

/** What b's ingress allows from class a (ports resolved on b). */
export function ingressFrom(b: WorkloadClass, a: WorkloadClass): ConnectionSet {
  if (b.ingress.isolating.length === 0) return ALL;
  let ports = NONE;
  for (const rule of b.ingress.rules) {
    if (rule.everyone || rule.classes.has(a.id)) ports = union(ports, rulePortsTo(rule, b.ports));
  }
  return ports;
}

/** External blocks a side allows and on which ports (`destinationPorts`: [] for egress to an address, the class's own for ingress). */
export function externalBlocks(side: ClassSide, destinationPorts: WorkloadClass['ports'] | []): Map<string, ConnectionSet> {
  const out = new Map<string, ConnectionSet>();
  if (side.isolating.length === 0) {
    for (const block of WORLD_BLOCKS) out.set(block.text, ALL);
    return out;
  }
  const addresses = new Map<string, AddressSet>();
  for (const rule of side.rules) {
    if (rule.blocks.length === 0) continue;
    const ports = rulePortsTo(rule, destinationPorts);
    if (isEmpty(ports)) continue;
    for (const block of rule.blocks) {
      out.set(block.text, union(out.get(block.text) ?? NONE, ports));
      addresses.set(block.text, block.addresses);
    }
  }
  return withoutImpliedBlocks(out, addresses);
}

/**
 * Drops a block whose every address another listed block allows on at least the same
 * ports: "10.0.0.0/8 on TCP 443" says nothing once "0.0.0.0/0 on all ports" is listed
 * (an allow-all rule beside an ipBlock rule). Of two blocks with the same addresses
 * and ports, the first by text stays. What is left still lists every allowed address.
 */
function withoutImpliedBlocks(
  blocks: Map<string, ConnectionSet>,
  addresses: ReadonlyMap<string, AddressSet>,
): Map<string, ConnectionSet> {
  if (blocks.size < 2) return blocks;
  const entries = [...blocks].sort(([a], [b]) => compareStrings(a, b));
  const implies = (outer: string, outerPorts: ConnectionSet, inner: string, innerPorts: ConnectionSet): boolean =>
    containsAddresses(addresses.get(outer)!, addresses.get(inner)!) && isSubset(innerPorts, outerPorts);
  const kept = entries.filter(
    ([text, ports], i) =>
      !entries.some(
        ([other, otherPorts], j) =>
          j !== i && implies(other, otherPorts, text, ports) && (j < i || !implies(text, ports, other, otherPorts)),
      ),
  );
  return kept.length === blocks.size ? blocks : new Map(kept);
}
