// A deterministic synthetic workspace for benchmarks: N namespaces × M workloads,
// ~7 policies and ~5 Services per namespace, one file per namespace and kind of object.
// Default size: 200 × 25 => 5,000 workloads, 1,400 policies, ~7,600 documents.
import { seededRandom } from './seededRandom';

export interface SyntheticOptions {
  namespaces?: number;
  workloadsPerNamespace?: number;
  seed?: number;
}

export interface SyntheticWorkspace {
  /** file URI -> text */
  files: Map<string, string>;
  documents: number;
  workloads: number;
  policies: number;
  namespaces: number;
}

const APPS = ['web', 'api', 'worker', 'cache', 'db', 'auth', 'search', 'queue', 'mailer', 'report'];
const TIERS = ['frontend', 'backend', 'data'];
const KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'Deployment', 'Deployment'];

export function generateSyntheticWorkspace(options: SyntheticOptions = {}): SyntheticWorkspace {
  const namespaceCount = options.namespaces ?? 200;
  const perNamespace = options.workloadsPerNamespace ?? 25;
  const random = seededRandom(options.seed ?? 42);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const files = new Map<string, string>();
  let documents = 0;
  let policies = 0;

  for (let n = 0; n < namespaceCount; n++) {
    const ns = `team-${String(n).padStart(3, '0')}`;
    const team = `t${n % 20}`;
    const env = n % 3 === 0 ? 'prod' : 'staging';
    const base = `file:///bench/${ns}`;

    files.set(
      `${base}/namespace.yaml`,
      `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${ns}\n  labels:\n    team: ${team}\n    env: ${env}\n`,
    );
    documents++;

    const workloads: string[] = [];
    const services: string[] = [];
    for (let w = 0; w < perNamespace; w++) {
      const app = `${APPS[w % APPS.length]}-${Math.floor(w / APPS.length)}`;
      const tier = TIERS[w % TIERS.length];
      const kind = KINDS[w % KINDS.length];
      const apiVersion = 'apps/v1';
      const replicas = kind === 'DaemonSet' ? '' : `  replicas: ${1 + Math.floor(random() * 4)}\n`;
      workloads.push(
        `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n  name: ${app}\n  namespace: ${ns}\nspec:\n${replicas}` +
          `  selector:\n    matchLabels:\n      app: ${app}\n  template:\n    metadata:\n      labels:\n        app: ${app}\n        tier: ${tier}\n        version: v${1 + (w % 3)}\n` +
          `    spec:\n      containers:\n      - name: main\n        image: example/${app}:1\n        ports:\n        - name: http\n          containerPort: ${8000 + (w % 10)}\n        - name: metrics\n          containerPort: 9090\n`,
      );
      if (w % 5 === 0) {
        services.push(
          `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${app}\n  namespace: ${ns}\nspec:\n  selector:\n    app: ${app}\n  ports:\n  - port: 80\n    targetPort: http\n`,
        );
      }
    }
    files.set(`${base}/workloads.yaml`, workloads.join('---\n'));
    files.set(`${base}/services.yaml`, services.join('---\n'));
    documents += workloads.length + services.length;

    const peerNs = `team-${String((n + 1) % namespaceCount).padStart(3, '0')}`;
    const nsPolicies = [
      policy(ns, 'default-deny', `  podSelector: {}\n  policyTypes: [Ingress, Egress]\n`),
      policy(
        ns,
        'allow-dns',
        `  podSelector: {}\n  policyTypes: [Egress]\n  egress:\n  - to:\n    - namespaceSelector:\n        matchLabels:\n          kubernetes.io/metadata.name: kube-system\n    ports:\n    - {protocol: UDP, port: 53}\n    - {protocol: TCP, port: 53}\n`,
      ),
      policy(
        ns,
        'frontend-to-backend',
        `  podSelector:\n    matchLabels:\n      tier: backend\n  ingress:\n  - from:\n    - podSelector:\n        matchLabels:\n          tier: frontend\n    ports:\n    - port: http\n`,
      ),
      policy(
        ns,
        'backend-to-data',
        `  podSelector:\n    matchLabels:\n      tier: data\n  ingress:\n  - from:\n    - podSelector:\n        matchExpressions:\n        - {key: tier, operator: In, values: [backend]}\n    ports:\n    - {port: 8000, endPort: 8009}\n`,
      ),
      policy(
        ns,
        'allow-monitoring',
        `  podSelector: {}\n  ingress:\n  - from:\n    - namespaceSelector:\n        matchLabels:\n          team: ${pick(['t0', 't1', 't2'])}\n      podSelector:\n        matchLabels:\n          app: web-0\n    ports:\n    - port: metrics\n`,
      ),
      policy(
        ns,
        'allow-peer-namespace',
        `  podSelector:\n    matchLabels:\n      app: api-0\n  ingress:\n  - from:\n    - namespaceSelector:\n        matchLabels:\n          kubernetes.io/metadata.name: ${peerNs}\n`,
      ),
      policy(
        ns,
        'egress-external',
        `  podSelector:\n    matchExpressions:\n    - {key: tier, operator: NotIn, values: [data]}\n  policyTypes: [Egress]\n  egress:\n  - to:\n    - ipBlock:\n        cidr: 10.0.0.0/8\n        except: [10.1.0.0/16]\n    ports:\n    - port: 443\n  - to:\n    - podSelector: {}\n`,
      ),
    ];
    files.set(`${base}/policies.yaml`, nsPolicies.join('---\n'));
    documents += nsPolicies.length;
    policies += nsPolicies.length;
  }
  return { files, documents, workloads: namespaceCount * perNamespace, policies, namespaces: namespaceCount };
}

function policy(namespace: string, name: string, spec: string): string {
  return `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\nspec:\n${spec}`;
}
