// The catalogue of diagnostic codes. Codes are stable: never renumber one.
//   NP0xxx  the file itself (syntax, size, encoding, aliases, duplicate keys)
//   NP1xxx  what kube-apiserver rejects (schema + validation rules); rule ids in
//           `rules` refer to ../shared/reference/kubernetes-validation-rules.md
//   NP2xxx  legal but likely wrong (lint warnings)
//   NP3xxx  needs the workspace (selectors that match nothing, ...)
//   NPT0xx  reachability expectations (`netpol test`): NPT001-NPT004 are the outcomes
//           of an expectation (SARIF rules), NPT010-NPT019 problems of an expectations file
//   NPDxxx  `netpol diff` findings (SARIF rules of a reachability diff, not diagnostics of a file)
import { compareRangeStarts } from './ranges';
import type { EngineDiagnostic, Range, Severity } from './types';

export interface CodeInfo {
  code: string;
  severity: Severity;
  title: string;
  /** One line: why it matters. */
  why: string;
  /** API-server rule ids this code reports, when it reports any. */
  rules?: string[];
}

const catalogue: CodeInfo[] = [
  {
    code: 'NP0001',
    severity: 'error',
    title: 'YAML syntax error',
    why: 'kubectl cannot read the document, so nothing in it is applied.',
  },
  {
    code: 'NP0002',
    severity: 'warning',
    title: 'File too large',
    why: 'Files above netpol.maxFileSize are not analysed, to keep the editor responsive.',
  },
  { code: 'NP0003', severity: 'warning', title: 'Not a text file', why: 'Binary and non-UTF-8 files are skipped.' },
  {
    code: 'NP0004',
    severity: 'error',
    title: 'Too many aliases',
    why: 'The document expands aliases exponentially (a "billion laughs" pattern); it is refused.',
  },
  {
    code: 'NP0005',
    severity: 'warning',
    title: 'Duplicate key',
    why: 'kubectl silently keeps only the last value of a repeated key.',
  },
  { code: 'NP0006', severity: 'error', title: 'File not readable', why: 'The file could not be read.' },
  {
    code: 'NP0008',
    severity: 'information',
    title: 'Template not analysed',
    why: 'A Helm chart template, or a file whose Go template actions break the YAML, is not a manifest: nothing in it is checked until it is rendered.',
  },
  {
    code: 'NP0009',
    severity: 'error',
    title: 'Build failed',
    why: 'kustomize (or helm) could not build what this file describes, so `kubectl apply -k` would fail too; its files are read as they are written until the build works.',
  },
  {
    code: 'NP0010',
    severity: 'information',
    title: 'Helm chart not rendered',
    why: 'Without a rendering, the NetworkPolicies and workloads of the chart are not in the analysis: checks and reachability answer as if the chart installed nothing.',
  },

  {
    code: 'NP1001',
    severity: 'error',
    title: 'Unknown field',
    why: 'kubectl apply --validate=strict (the default) rejects fields the API does not define.',
  },
  {
    code: 'NP1002',
    severity: 'error',
    title: 'Wrong type',
    why: 'The API server cannot decode a value of the wrong type (HTTP 400).',
  },

  {
    code: 'NP1101',
    severity: 'error',
    title: 'Missing name',
    why: 'Every object needs metadata.name (or generateName).',
    rules: ['M1'],
  },
  {
    code: 'NP1102',
    severity: 'error',
    title: 'Invalid name',
    why: 'metadata.name must be a lowercase RFC 1123 subdomain of at most 253 characters.',
    rules: ['M2', 'M3', 'M4'],
  },
  {
    code: 'NP1103',
    severity: 'error',
    title: 'Invalid namespace',
    why: 'metadata.namespace must be a lowercase RFC 1123 label of at most 63 characters.',
    rules: ['M6', 'M7', 'M8'],
  },
  {
    code: 'NP1104',
    severity: 'error',
    title: 'Invalid label',
    why: 'Label keys must be qualified names and values valid label values.',
    rules: ['M10', 'M11'],
  },
  {
    code: 'NP1105',
    severity: 'error',
    title: 'Invalid annotation',
    why: 'Annotation keys must be qualified names; all annotations together at most 256 KiB.',
    rules: ['M12', 'M13'],
  },
  {
    code: 'NP1106',
    severity: 'error',
    title: 'Invalid metadata',
    why: 'Other object metadata the API server checks (generation, ownerReferences, finalizers, managedFields).',
    rules: ['M9', 'M14', 'M15', 'M16', 'M17', 'M18', 'M19', 'M20', 'M21', 'M22', 'M23', 'M24'],
  },

  {
    code: 'NP1201',
    severity: 'error',
    title: 'Invalid selector key',
    why: 'Selector keys must be valid label keys.',
    rules: ['S1', 'S6'],
  },
  {
    code: 'NP1202',
    severity: 'error',
    title: 'Invalid selector value',
    why: 'Selector values must be valid label values.',
    rules: ['S2', 'S7'],
  },
  {
    code: 'NP1203',
    severity: 'error',
    title: 'Missing selector values',
    why: 'Operators In and NotIn need a non-empty values list.',
    rules: ['S3'],
  },
  {
    code: 'NP1204',
    severity: 'error',
    title: 'Selector values not allowed',
    why: 'Operators Exists and DoesNotExist take no values.',
    rules: ['S4'],
  },
  {
    code: 'NP1205',
    severity: 'error',
    title: 'Invalid selector operator',
    why: 'The operator must be In, NotIn, Exists or DoesNotExist (case-sensitive).',
    rules: ['S5'],
  },

  {
    code: 'NP1301',
    severity: 'error',
    title: 'Unsupported protocol',
    why: 'protocol must be TCP, UDP or SCTP (case-sensitive).',
    rules: ['P1'],
  },
  {
    code: 'NP1302',
    severity: 'error',
    title: 'Port out of range',
    why: 'A numeric port must be between 1 and 65535.',
    rules: ['P2'],
  },
  {
    code: 'NP1303',
    severity: 'error',
    title: 'Invalid port name',
    why: 'A named port must be an IANA service name: at most 15 lowercase alphanumerics or "-", with a letter.',
    rules: ['P6'],
  },
  {
    code: 'NP1304',
    severity: 'error',
    title: 'endPort below port',
    why: 'endPort must be greater than or equal to port.',
    rules: ['P3'],
  },
  {
    code: 'NP1305',
    severity: 'error',
    title: 'endPort out of range',
    why: 'endPort must be between 1 and 65535.',
    rules: ['P4'],
  },
  {
    code: 'NP1306',
    severity: 'error',
    title: 'endPort with a named port',
    why: 'A port range needs a numeric port.',
    rules: ['P5'],
  },
  { code: 'NP1307', severity: 'error', title: 'endPort without port', why: 'endPort needs port.', rules: ['P7'] },

  {
    code: 'NP1401',
    severity: 'error',
    title: 'Empty peer',
    why: 'A peer must have podSelector, namespaceSelector or ipBlock.',
    rules: ['R1'],
  },
  {
    code: 'NP1402',
    severity: 'error',
    title: 'ipBlock combined with a selector',
    why: 'A peer with ipBlock may not also have podSelector or namespaceSelector.',
    rules: ['R2'],
  },

  { code: 'NP1501', severity: 'error', title: 'Missing cidr', why: 'ipBlock needs a cidr.', rules: ['B1'] },
  {
    code: 'NP1502',
    severity: 'error',
    title: 'Invalid CIDR',
    why: 'cidr and except entries must be CIDRs such as 10.9.8.0/24 or 2001:db8::/64.',
    rules: ['B2', 'B6'],
  },
  {
    code: 'NP1503',
    severity: 'error',
    title: 'Non-canonical CIDR',
    why: 'Leading zeros and IPv4-mapped IPv6 addresses are rejected from Kubernetes 1.36 (StrictIPCIDRValidation) and warned about before.',
    rules: ['B3', 'B4', 'B7'],
  },
  {
    code: 'NP1504',
    severity: 'error',
    title: 'CIDR with host bits',
    why: 'Host bits beyond the prefix (10.0.0.1/8) are rejected from Kubernetes 1.36 and ambiguous before.',
    rules: ['B5', 'B7'],
  },
  {
    code: 'NP1505',
    severity: 'error',
    title: 'except outside cidr',
    why: 'Each except must be a strict subset of cidr: same family, inside it, longer prefix.',
    rules: ['B9'],
  },

  {
    code: 'NP1601',
    severity: 'error',
    title: 'Too many policyTypes',
    why: 'policyTypes may list at most two entries.',
    rules: ['T1'],
  },
  {
    code: 'NP1602',
    severity: 'error',
    title: 'Unsupported policyType',
    why: 'policyTypes entries must be Ingress or Egress (case-sensitive).',
    rules: ['T2'],
  },

  {
    code: 'NP1701',
    severity: 'error',
    title: 'API version not served',
    why: 'NetworkPolicy is served only as networking.k8s.io/v1 (extensions/v1beta1 was removed in 1.16).',
  },

  {
    code: 'NP1801',
    severity: 'error',
    title: 'Selector does not match template labels',
    why: "A Deployment, ReplicaSet, StatefulSet, DaemonSet, ReplicationController or Job (with manualSelector) whose selector is empty or does not select its own pod template's labels is refused by the API server; its pods never exist, so it is not indexed.",
  },

  {
    code: 'NP2001',
    severity: 'warning',
    title: 'Ingress rules ignored',
    why: 'policyTypes does not list Ingress, so the ingress rules have no effect.',
  },
  {
    code: 'NP2002',
    severity: 'warning',
    title: 'Egress rules ignored',
    why: 'policyTypes does not list Egress, so the egress rules have no effect.',
  },
  { code: 'NP2003', severity: 'warning', title: 'Duplicate port', why: 'The same port entry appears twice in one rule.' },
  {
    code: 'NP2004',
    severity: 'warning',
    title: 'AND/OR peer trap',
    why: 'A peer that combines namespaceSelector and podSelector sits next to a separate peer: one "-" changes AND into OR.',
  },
  {
    code: 'NP2005',
    severity: 'warning',
    title: 'Egress default-deny without DNS',
    why: 'Isolating egress of every pod without allowing port 53 breaks name resolution.',
  },
  {
    code: 'NP2006',
    severity: 'warning',
    title: 'Duplicate policyType',
    why: 'The API server accepts a repeated policyTypes entry, but it is a mistake.',
  },
  {
    code: 'NP2007',
    severity: 'warning',
    title: 'IPv6 CIDR not canonical',
    why: 'The API server warns about IPv6 CIDRs not in RFC 5952 form.',
  },
  {
    code: 'NP2008',
    severity: 'warning',
    title: 'egress: [] does not isolate',
    why: 'Without policyTypes, an empty egress list does not add Egress: egress stays open.',
  },
  {
    code: 'NP2009',
    severity: 'warning',
    title: 'Selector can never match',
    why: 'matchLabels and matchExpressions contradict each other, so the selector matches nothing and its part of the policy does nothing.',
  },
  {
    code: 'NP2010',
    severity: 'warning',
    title: 'DNS allowed over TCP only',
    why: 'Resolvers are asked over UDP port 53 first; allowing only TCP 53 still breaks name lookups.',
  },
  {
    code: 'NP2011',
    severity: 'warning',
    title: 'Named port to addresses only',
    why: 'A named port is a container port name of the destination pod; an egress rule whose peers are all ipBlocks goes to addresses outside the cluster, where no pod resolves the name, so the port allows nothing.',
  },

  {
    code: 'NP3001',
    severity: 'warning',
    title: 'Policy selects no workload',
    why: "spec.podSelector matches no workload of the workspace in the policy's namespace: the policy protects nothing that is in the repository (often a typo in a label).",
  },
  {
    code: 'NP3002',
    severity: 'warning',
    title: 'Peer matches no workload',
    why: 'A from/to peer matches no workload (or no namespace) of the workspace, so the rule allows traffic from or to nothing that is in the repository.',
  },
  {
    code: 'NP3003',
    severity: 'warning',
    title: 'Named port not exposed',
    why: 'No destination pod declares a container port with this name and protocol; a named port that resolves to nothing allows nothing.',
  },
  {
    code: 'NP3004',
    severity: 'warning',
    title: 'Namespace label unknown',
    why: 'No Namespace of the workspace carries this label, so the namespaceSelector part matches nothing that is in the repository.',
  },
  {
    code: 'NP3005',
    severity: 'warning',
    title: 'Label value not a string',
    why: 'A pod or namespace label that is not a string is rejected by the API server, and no selector matches it.',
  },
  {
    code: 'NP3006',
    severity: 'warning',
    title: 'Workload not indexed',
    why: 'The workload is malformed (no name, no pod template, bad port or replicas), so its pods are left out of selector matching.',
  },
  {
    code: 'NP3007',
    severity: 'warning',
    title: 'Duplicate workload',
    why: 'Two objects define the same workload (namespace, name and kind); only one can exist in a cluster.',
  },
  {
    code: 'NP3008',
    severity: 'warning',
    title: 'Kustomization namespace conflict',
    why: 'A file is included by kustomizations with different namespaces; the index places it in one of them only.',
  },
  {
    code: 'NP3009',
    severity: 'warning',
    title: 'Duplicate Namespace',
    why: "A Namespace is declared more than once; only the one applied last exists, so the last declaration's labels are used for namespaceSelectors.",
  },
  {
    code: 'NP3010',
    severity: 'warning',
    title: 'Service port instead of pod port',
    why: "The rule allows a Service's port, which the Service forwards to another port of its pods (targetPort); policies see the pods' ports, so this rule does not allow the traffic through the Service.",
  },
  {
    code: 'NP3011',
    severity: 'warning',
    title: 'Duplicate NetworkPolicy',
    why: 'Two objects define the same NetworkPolicy (namespace and name); only the one applied last exists, so the rules of the other count for nothing.',
  },
  {
    code: 'NP3012',
    severity: 'warning',
    title: 'Objects duplicated in two files',
    why: 'Two files define several of the same objects (variants of one install, such as HA and non-HA); a cluster holds one of each, the copy applied last. Said once per pair of files instead of once per object.',
  },
  {
    code: 'NP3016',
    severity: 'information',
    title: 'Kustomize patch',
    why: "A kustomization applies the file as a patch: its partial objects are merged into the kustomization's resources, so they are neither validated nor analysed as objects.",
  },

  {
    code: 'NPT001',
    severity: 'error',
    title: 'Expectation allowed violated',
    why: 'A connection the expectations file says must be allowed is denied by the policies: an application path is broken.',
  },
  {
    code: 'NPT002',
    severity: 'error',
    title: 'Expectation denied violated',
    why: 'A connection the expectations file says must be denied is allowed by the policies: the segmentation it asserts does not hold.',
  },
  {
    code: 'NPT003',
    severity: 'error',
    title: 'Expectation exact mismatch',
    why: 'The ports allowed between the endpoints are not exactly the ones the expectation lists: something more or less than intended is open.',
  },
  {
    code: 'NPT004',
    severity: 'warning',
    title: 'Expectation not evaluable',
    why: 'The expectation could not be evaluated honestly (an unknown ref, a selector matching nothing, a named port that does not resolve, an invalid policy left out): it is reported, never passed.',
  },
  {
    code: 'NPT010',
    severity: 'error',
    title: 'Expectations schema error',
    why: 'A field of the expectations file is unknown, missing or of the wrong type: the expectation it belongs to cannot be evaluated.',
  },
  {
    code: 'NPT011',
    severity: 'error',
    title: 'Invalid expectation endpoint',
    why: 'An endpoint must be exactly one form (a ref, "*", a namespace, selectors, a CIDR or a hypothetical pod); anything else is ambiguous.',
  },
  {
    code: 'NPT012',
    severity: 'error',
    title: 'Invalid expectation ports',
    why: 'Ports are NetworkPolicy ports (8080, 53/UDP, 8000-8100/TCP, a port name, any, all); an expectation whose ports cannot be read cannot be evaluated.',
  },
  {
    code: 'NPT013',
    severity: 'error',
    title: 'Duplicate expectation id',
    why: 'Ids identify expectations in CI reports (SARIF fingerprints, JUnit names): two expectations with one id would be confused.',
  },
  {
    code: 'NPD001',
    severity: 'warning',
    title: 'Connection opened',
    why: 'The change lets workloads connect that could not before: review that the new path is meant, since an allow is rarely noticed once merged.',
  },
  {
    code: 'NPD002',
    severity: 'warning',
    title: 'Connection widened',
    why: 'The change allows more ports or protocols between workloads that could already connect: more than the new traffic may now pass.',
  },
  {
    code: 'NPD003',
    severity: 'information',
    title: 'Connection closed or narrowed',
    why: 'The change takes away ports between workloads that could connect before: traffic that still needs them will fail once applied.',
  },
  {
    code: 'NPD004',
    severity: 'error',
    title: 'Expectation broken',
    why: 'The change makes a reachability expectation that held before fail: what the team declared must (not) connect no longer holds.',
  },
];

const byCode = new Map(catalogue.map((info) => [info.code, info]));

export function allCodes(): readonly CodeInfo[] {
  return catalogue;
}

export function codeInfo(code: string): CodeInfo {
  const info = byCode.get(code);
  if (!info) throw new Error(`Unknown diagnostic code ${code}`);
  return info;
}

/**
 * The anchor of the code's README section, as GitHub makes one of the heading
 * "### NP1001 Unknown field": lower case, punctuation dropped, spaces as hyphens.
 */
export function documentationAnchor(code: string): string | undefined {
  const info = byCode.get(code);
  return (
    info &&
    `${code} ${info.title}`
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/ /g, '-')
  );
}

/** A diagnostic with the catalogue's severity unless the rule overrides it (version-dependent rules do). */
export function makeDiagnostic(code: string, range: Range, message: string, severity?: Severity): EngineDiagnostic {
  return { range, severity: severity ?? codeInfo(code).severity, code, message };
}

/** Reading order: by start position, then by code. */
export function byPosition(a: EngineDiagnostic, b: EngineDiagnostic): number {
  return compareRangeStarts(a.range, b.range) || a.code.localeCompare(b.code);
}
