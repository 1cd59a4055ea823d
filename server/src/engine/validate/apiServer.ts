// What kube-apiserver's NetworkPolicy validation rejects (and the CIDR warnings it
// sends back), rule by rule from ../shared/reference/kubernetes-validation-rules.md.
// Values of the wrong JSON type never reach the API server's validation (they
// fail decoding, which the schema module reports), so they are skipped here.
import type { KubeObject } from '../manifests';
import { atLeast } from '../kubernetesVersion';
import type { EngineDiagnostic, JsonPath } from '../types';
import {
  cidrWarnings,
  invalidCidrDetail,
  isStrictSubset,
  parseCidrSloppy,
  strictCidrProblem,
  strictCidrProblemDetail,
  type ParsedCidr,
} from '../cidr';
import { fieldPath, forbidden, invalid, notSupported, required } from './fieldErrors';
import type { ValidationOptions } from './options';
import { labelValueErrors, portNameErrors, qualifiedNameErrors } from './names';
import { validateObjectMeta } from './objectMeta';
import { goString, isInt32, isSet, listAt, objectAt, structItem, type JsonObject } from '../values';
import { RuleContext } from './ruleContext';

const PROTOCOLS = ['TCP', 'UDP', 'SCTP'];
const POLICY_TYPES = ['Ingress', 'Egress'];

export function validateApiServerRules(policy: KubeObject, options: ValidationOptions): EngineDiagnostic[] {
  const context = new RuleContext(policy, options.kubernetesVersion);
  validateObjectMeta(policy.value, context);
  const spec = objectAt(policy.value.spec);
  if (spec) validateSpec(spec, context);
  return context.diagnostics;
}

function validateSpec(spec: JsonObject, context: RuleContext): void {
  validateSelector(spec.podSelector, ['spec', 'podSelector'], context);
  for (const [direction, peersKey] of [
    ['ingress', 'from'],
    ['egress', 'to'],
  ] as const) {
    listAt(spec[direction])?.forEach((item, ruleIndex) => {
      const rule = structItem(item);
      if (!rule) return;
      const rulePath = ['spec', direction, ruleIndex];
      listAt(rule.ports)?.forEach((port, portIndex) => {
        const entry = structItem(port);
        if (entry) validatePort(entry, [...rulePath, 'ports', portIndex], context);
      });
      listAt(rule[peersKey])?.forEach((peer, peerIndex) => {
        const entry = structItem(peer);
        if (entry) validatePeer(entry, [...rulePath, peersKey, peerIndex], context);
      });
    });
  }
  validatePolicyTypes(spec, context);
}

/** S1-S7 on one label selector; null and absent selectors are empty, which is valid. */
function validateSelector(value: unknown, path: JsonPath, context: RuleContext): void {
  const selector = objectAt(value);
  if (!selector) return;
  const { version } = context;
  const labelsPath = [...path, 'matchLabels'];
  for (const [key, labelValue] of Object.entries(objectAt(selector.matchLabels) ?? {})) {
    for (const message of qualifiedNameErrors(key, version)) {
      context.report('NP1201', context.keyRange([...labelsPath, key]), invalid(labelsPath, key, message)); // S1
    }
    if (typeof labelValue !== 'string') continue;
    for (const message of labelValueErrors(labelValue, version)) {
      context.report('NP1202', context.valueRange([...labelsPath, key]), invalid(labelsPath, labelValue, message)); // S2
    }
  }
  listAt(selector.matchExpressions)?.forEach((item, index) => {
    const requirement = objectAt(item);
    if (requirement) validateRequirement(requirement, [...path, 'matchExpressions', index], context);
  });
}

function validateRequirement(requirement: JsonObject, path: JsonPath, context: RuleContext): void {
  const values = requirement.values;
  const valuesPath = [...path, 'values'];
  const valueCount = Array.isArray(values) ? values.length : isSet(values) ? undefined : 0;
  // Go decodes an absent or null operator and key as "", which S5 and S6 reject (rules §4.1).
  const operator = goString(requirement.operator);
  if (operator !== undefined) {
    if (operator === 'In' || operator === 'NotIn') {
      if (valueCount === 0)
        context.report(
          'NP1203',
          context.keyRange(valuesPath),
          required(valuesPath, "must be specified when `operator` is 'In' or 'NotIn'"),
        ); // S3
    } else if (operator === 'Exists' || operator === 'DoesNotExist') {
      if (valueCount)
        context.report(
          'NP1204',
          context.keyRange(valuesPath),
          forbidden(valuesPath, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"),
        ); // S4
    } else {
      context.report(
        'NP1205',
        context.valueRange([...path, 'operator']),
        invalid([...path, 'operator'], operator, 'not a valid selector operator'),
      ); // S5
    }
  }
  const key = goString(requirement.key);
  if (key !== undefined) {
    for (const message of qualifiedNameErrors(key, context.version)) {
      context.report('NP1201', context.valueRange([...path, 'key']), invalid([...path, 'key'], key, message)); // S6
    }
  }
  listAt(values)?.forEach((item, index) => {
    const value = goString(item);
    if (value === undefined) return;
    for (const message of labelValueErrors(value, context.version)) {
      context.report('NP1202', context.valueRange([...valuesPath, index]), invalid([...valuesPath, index], value, message)); // S7
    }
  });
}

type PortValue =
  { kind: 'absent' } | { kind: 'number'; value: number } | { kind: 'name'; value: string } | { kind: 'undecodable' };

function readPort(value: unknown): PortValue {
  if (!isSet(value)) return { kind: 'absent' };
  if (isInt32(value)) return { kind: 'number', value };
  if (typeof value === 'string') return { kind: 'name', value };
  return { kind: 'undecodable' };
}

/** P1-P7, in the API server's order; protocol defaults to TCP, so only a present one is checked. */
function validatePort(entry: JsonObject, path: JsonPath, context: RuleContext): void {
  const protocolPath = [...path, 'protocol'];
  const portPath = [...path, 'port'];
  const endPortPath = [...path, 'endPort'];
  if (typeof entry.protocol === 'string' && !PROTOCOLS.includes(entry.protocol)) {
    context.report('NP1301', context.valueRange(protocolPath), notSupported(protocolPath, entry.protocol, PROTOCOLS)); // P1
  }
  const port = readPort(entry.port);
  const endPort = isInt32(entry.endPort) ? entry.endPort : undefined;
  const outOfRange = (value: number): boolean => value < 1 || value > 65535;
  const rangeDetail = 'must be between 1 and 65535, inclusive';
  switch (port.kind) {
    case 'number':
      if (outOfRange(port.value))
        context.report('NP1302', context.valueRange(portPath), invalid(portPath, port.value, rangeDetail)); // P2
      if (endPort !== undefined) {
        // P3: the API server prints `port` as the bad value, not endPort.
        if (endPort < port.value)
          context.report(
            'NP1304',
            context.valueRange(endPortPath),
            invalid(endPortPath, port.value, 'must be greater than or equal to `port`'),
          );
        if (outOfRange(endPort))
          context.report('NP1305', context.valueRange(endPortPath), invalid(endPortPath, endPort, rangeDetail)); // P4
      }
      break;
    case 'name':
      if (endPort !== undefined) {
        context.report(
          'NP1306',
          context.valueRange(endPortPath),
          invalid(endPortPath, endPort, 'may not be specified when `port` is non-numeric'),
        ); // P5
      }
      for (const message of portNameErrors(port.value)) {
        context.report(
          'NP1303',
          context.valueRange(portPath),
          invalid(portPath, port.value, message) + quotedNumberHint(port.value, message),
        ); // P6
      }
      break;
    case 'absent':
      if (endPort !== undefined) {
        context.report(
          'NP1307',
          context.valueRange(endPortPath),
          invalid(endPortPath, endPort, 'may not be specified when `port` is not specified'),
        ); // P7
      }
      break;
    case 'undecodable':
      break;
  }
}

/** `port: "80"` is a port name to the API server; the quotes are almost always a slip. */
function quotedNumberHint(name: string, message: string): string {
  if (!/^[0-9]+$/.test(name) || message !== 'must contain at least one letter (a-z)') return '';
  const number = Number(name);
  return number >= 1 && number <= 65535 ? ` (did you mean the number ${number}? remove the quotes)` : '';
}

/** R1, R2, then the selectors and the ipBlock; null counts as absent, as for Go's pointer fields. */
function validatePeer(peer: JsonObject, path: JsonPath, context: RuleContext): void {
  validateSelector(peer.podSelector, [...path, 'podSelector'], context);
  validateSelector(peer.namespaceSelector, [...path, 'namespaceSelector'], context);
  const ipBlock = objectAt(peer.ipBlock);
  if (ipBlock) validateIPBlock(ipBlock, [...path, 'ipBlock'], context);
  const selectorCount = Number(isSet(peer.podSelector)) + Number(isSet(peer.namespaceSelector));
  if (selectorCount === 0 && !isSet(peer.ipBlock)) {
    context.report('NP1401', context.valueRange(path), required(path, 'must specify a peer')); // R1
  } else if (selectorCount > 0 && isSet(peer.ipBlock)) {
    context.report('NP1402', context.valueRange(path), forbidden(path, 'may not specify both ipBlock and another peer')); // R2
  }
}

/** B1-B9. An absent or null cidr decodes as "", so B1 covers "empty or missing". */
function validateIPBlock(ipBlock: JsonObject, path: JsonPath, context: RuleContext): void {
  const cidrPath = [...path, 'cidr'];
  const cidrText = goString(ipBlock.cidr);
  if (cidrText === undefined) return;
  if (cidrText === '') {
    context.report('NP1501', context.keyRange(cidrPath), required(cidrPath)); // B1
    return;
  }
  const cidr = checkCidrValue(cidrText, cidrPath, context);
  if (!cidr) return; // B2 stops the checking of except.
  listAt(ipBlock.except)?.forEach((item, index) => {
    const text = goString(item);
    if (text === undefined) return;
    const exceptPath = [...path, 'except', index];
    const except = checkCidrValue(text, exceptPath, context);
    if (except && !isStrictSubset(except, cidr)) {
      context.report('NP1505', context.valueRange(exceptPath), invalid(exceptPath, text, 'must be a strict subset of `cidr`')); // B9
    }
  });
}

/**
 * B2-B7 and the CIDR warnings for one value; the sloppily parsed network when the
 * value is readable at all. StrictIPCIDRValidation is on by default from 1.36;
 * before, the same findings come back as the API server's warnings.
 */
function checkCidrValue(text: string, path: JsonPath, context: RuleContext): ParsedCidr | undefined {
  // Located only to report: locating parses the file with positions.
  const range = () => context.valueRange(path);
  const parsed = parseCidrSloppy(text);
  if (!parsed) {
    context.report('NP1502', range(), invalid(path, text, invalidCidrDetail)); // B2, B6
    return undefined;
  }
  if (atLeast(context.version, 1, 36)) {
    const problem = strictCidrProblem(text);
    if (problem) {
      // B3, B4, B5 and their except forms (B7); a failed request carries no warnings.
      context.report(
        problem === 'hostBits' ? 'NP1504' : 'NP1503',
        range(),
        invalid(path, text, strictCidrProblemDetail[problem]),
      );
      return parsed;
    }
  }
  const warningCodes = { ambiguous: 'NP1504', nonStandard: 'NP1503', notCanonical: 'NP2007' } as const;
  for (const warning of cidrWarnings(text)) {
    context.report(warningCodes[warning.kind], range(), `${fieldPath(path)}: ${warning.text}`, 'warning');
  }
  return parsed;
}

/** T1, T2; checked after defaulting, so an empty or missing list is fine. */
function validatePolicyTypes(spec: JsonObject, context: RuleContext): void {
  const policyTypes = listAt(spec.policyTypes);
  if (!policyTypes) return;
  const path = ['spec', 'policyTypes'];
  if (policyTypes.length > POLICY_TYPES.length) {
    // T1 ends the policyTypes checks.
    context.report(
      'NP1601',
      context.valueRange(path),
      invalid(
        path,
        policyTypes.map((t) => t ?? ''),
        'may not specify more than two policyTypes',
      ),
    );
    return;
  }
  policyTypes.forEach((item, index) => {
    const policyType = goString(item);
    if (policyType !== undefined && !POLICY_TYPES.includes(policyType)) {
      context.report('NP1602', context.valueRange([...path, index]), notSupported([...path, index], policyType, POLICY_TYPES)); // T2
    }
  });
}
