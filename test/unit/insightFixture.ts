// A small realistic workspace for the selector-intelligence tests (engine and LSP):
// labelled namespaces, Deployments and a StatefulSet with named ports, and policies
// with AND peers (podSelector + namespaceSelector in one item) and OR peers.
import { Workspace } from '../../server/src/engine/workspace';
import { yaml } from '../helpers';

/** A policy being typed: the header every completion test starts from. */
export const TYPING_URI = 'file:///ws/typing.yaml';
export const TYPING_HEADER = yaml`
  apiVersion: networking.k8s.io/v1
  kind: NetworkPolicy
  metadata:
    name: typing
    namespace: shop
  spec:
`;

export const NAMESPACES_URI = 'file:///ws/namespaces.yaml';
export const SHOP_URI = 'file:///ws/shop.yaml';
export const INFRA_URI = 'file:///ws/infra.yaml';
export const POLICIES_URI = 'file:///ws/policies.yaml';

export const NAMESPACES = yaml`
  apiVersion: v1
  kind: Namespace
  metadata:
    name: shop
    labels: {team: shop}
  ---
  apiVersion: v1
  kind: Namespace
  metadata:
    name: infra
    labels: {team: infra}
  ---
  apiVersion: v1
  kind: Namespace
  metadata:
    name: monitoring
    labels: {team: infra, purpose: monitoring}
`;

export const SHOP = yaml`
  apiVersion: apps/v1
  kind: Deployment
  metadata:
    name: frontend
    namespace: shop
  spec:
    replicas: 3
    template:
      metadata:
        labels:
          app: frontend
          tier: web
      spec:
        containers:
        - name: web
          ports:
          - {name: http, containerPort: 8080}
  ---
  apiVersion: apps/v1
  kind: Deployment
  metadata:
    name: api
    namespace: shop
  spec:
    replicas: 2
    template:
      metadata:
        labels:
          app: api
          tier: backend
      spec:
        containers:
        - name: api
          ports:
          - {name: http, containerPort: 8081}
          - {name: metrics, containerPort: 9090}
  ---
  apiVersion: apps/v1
  kind: StatefulSet
  metadata:
    name: db
    namespace: shop
  spec:
    template:
      metadata:
        labels:
          app: db
          tier: data
      spec:
        containers:
        - name: postgres
          ports:
          - {name: postgres, containerPort: 5432}
`;

export const INFRA = yaml`
  apiVersion: apps/v1
  kind: Deployment
  metadata:
    name: prom-server
    namespace: monitoring
  spec:
    template:
      metadata:
        labels: {app: prom-server}
      spec:
        containers:
        - name: prometheus
          ports:
          - {name: web, containerPort: 9090}
  ---
  apiVersion: apps/v1
  kind: Deployment
  metadata:
    name: dns
    namespace: infra
  spec:
    replicas: 2
    template:
      metadata:
        labels: {app: dns}
      spec:
        containers:
        - name: dns
          ports:
          - {name: dns, containerPort: 53, protocol: UDP}
          - {name: dns-tcp, containerPort: 53}
`;

export const POLICIES = yaml`
  apiVersion: networking.k8s.io/v1
  kind: NetworkPolicy
  metadata:
    name: api-allow
    namespace: shop
  spec:
    podSelector:
      matchLabels:
        app: api
    policyTypes: [Ingress, Egress]
    ingress:
    - from:
      - podSelector:
          matchLabels: {app: frontend}
      - namespaceSelector:
          matchLabels: {team: infra}
        podSelector:
          matchLabels: {app: prom-server}
      ports:
      - port: http
    egress:
    - to:
      - podSelector:
          matchExpressions:
          - {key: tier, operator: In, values: [data, web]}
      - ipBlock: {cidr: 10.0.0.0/8}
  ---
  apiVersion: networking.k8s.io/v1
  kind: NetworkPolicy
  metadata:
    name: deny-all
    namespace: shop
  spec:
    podSelector: {}
    policyTypes: [Ingress]
    egress:
    - to:
      - namespaceSelector: {}
  ---
  apiVersion: networking.k8s.io/v1
  kind: NetworkPolicy
  metadata:
    name: typo
    namespace: shop
  spec:
    podSelector:
      matchLabels: {app: fronted}
`;

export function insightWorkspace(overrides: Record<string, string> = {}): Workspace {
  const workspace = new Workspace();
  const files = { ...INSIGHT_FILES, ...overrides };
  for (const [uri, text] of Object.entries(files)) workspace.setFile(uri, text);
  return workspace;
}

/** The position of the n-th (0-based) occurrence of `needle` in a text, plus `offset` characters. */
export function positionOf(text: string, needle: string, offset = 0, occurrence = 0): { line: number; character: number } {
  let index = -1;
  for (let i = 0; i <= occurrence; i++) {
    index = text.indexOf(needle, index + 1);
    if (index < 0) throw new Error(`"${needle}" #${occurrence} not in text`);
  }
  const before = text.slice(0, index + offset);
  const line = before.split('\n').length - 1;
  return { line, character: before.length - before.lastIndexOf('\n') - 1 };
}

/** The fixture files by URI, for opening them in an editor session. */
export const INSIGHT_FILES: Readonly<Record<string, string>> = {
  [NAMESPACES_URI]: NAMESPACES,
  [SHOP_URI]: SHOP,
  [INFRA_URI]: INFRA,
  [POLICIES_URI]: POLICIES,
};
