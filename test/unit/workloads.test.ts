import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../server/src/engine/manifests';
import { explicitNamespace, extractContributions } from '../../server/src/engine/contributions';
import { NAMESPACE_NAME_LABEL, combineWorkloads, type FileContributions } from '../../server/src/engine/workloads';
import { formatWorkloadRef, parseWorkloadRef } from '../../server/src/engine/workloadRef';
import { manifest, textAt, yaml } from '../helpers';
import { Workspace } from '../../server/src/engine/workspace';

const orDefault = (object: KubeObject): string => explicitNamespace(object) ?? 'default';

function extract(text: string): FileContributions {
  return extractContributions(manifest(text).objects, orDefault);
}

/** ref -> labels, compact to assert on. */
const labelsByRef = (c: FileContributions) => Object.fromEntries(c.workloads.map((w) => [w.ref, { ...w.labels }]));

describe('workloads: pod labels come from the pod template', () => {
  it("reads spec.template.metadata.labels, never the Deployment's own metadata.labels (semantic trap: Selection)", () => {
    const text = yaml`
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: web, namespace: shop, labels: {owner: team-a}}
      spec:
        selector: {matchLabels: {app: web}}
        template:
          metadata:
            labels: {app: web, tier: front}
          spec: {containers: [{name: c, image: x}]}
    `;
    const c = extract(text);
    assert.deepEqual(labelsByRef(c), { 'shop/web[Deployment]': { app: 'web', tier: 'front' } });
    const [web] = c.workloads;
    assert.equal(web.replicas, 1, 'Deployment replicas default to 1');
    assert.equal(textAt(text, web.sources[0].labelsRange!), '{app: web, tier: front}');
    assert.equal(web.sources[0].uri, 'file:///workspace/test.yaml');
  });

  it('reads every workload kind from its template: ReplicaSet, StatefulSet, DaemonSet, Job, RC, and CronJob from spec.jobTemplate.spec.template', () => {
    const template = '{metadata: {labels: {app: KIND}}, spec: {containers: []}}';
    const kinds: Array<[string, string, string]> = [
      ['apps/v1', 'ReplicaSet', `spec: {replicas: 3, template: ${template}}`],
      ['apps/v1', 'StatefulSet', `spec: {template: ${template}}`],
      ['apps/v1', 'DaemonSet', `spec: {template: ${template}}`],
      ['batch/v1', 'Job', `spec: {template: ${template}}`],
      [
        'batch/v1',
        'CronJob',
        `spec: {schedule: "* * * * *", jobTemplate: {spec: {template: ${template}}}, template: {metadata: {labels: {app: wrong}}}}`,
      ],
      ['v1', 'ReplicationController', `spec: {selector: {app: ReplicationController}, template: ${template}}`],
    ];
    const text = kinds
      .map(
        ([apiVersion, kind, spec]) =>
          `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata: {name: w}\n${spec.replace('KIND', kind)}\n`,
      )
      .join('---\n');
    const c = extract(text);
    assert.deepEqual(
      c.workloads.map((w) => [w.ref, w.labels.app, w.replicas]),
      [
        ['default/w[ReplicaSet]', 'ReplicaSet', 3],
        ['default/w[StatefulSet]', 'StatefulSet', 1],
        ['default/w[DaemonSet]', 'DaemonSet', undefined],
        ['default/w[Job]', 'Job', undefined],
        ['default/w[CronJob]', 'CronJob', undefined],
        ['default/w[ReplicationController]', 'ReplicationController', 1],
      ],
    );
    assert.deepEqual(c.problems, []);
  });

  // Job docs, "Job labels" and "Specifying your own Pod selector": the API server adds
  // batch.kubernetes.io/job-name and job-name (and controller-uid, unknowable here) to the pod
  // template unless spec.manualSelector is true, keeping a value the template already has.
  it('gives a Job\'s pods the job-name labels the API server adds: batch.kubernetes.io/job-name and job-name (Job docs, "Job labels")', () => {
    const c = extract(yaml`
      apiVersion: batch/v1
      kind: Job
      metadata: {name: migrate, namespace: shop, labels: {owner: team-a}}
      spec:
        template:
          metadata: {labels: {app: migrate, job-name: kept}}
          spec: {containers: [{name: c, image: x}], restartPolicy: Never}
      ---
      apiVersion: batch/v1
      kind: Job
      metadata: {name: bare}
      spec:
        template:
          spec: {containers: [{name: c, image: x}], restartPolicy: Never}
    `);
    assert.deepEqual(labelsByRef(c), {
      'shop/migrate[Job]': { app: 'migrate', 'job-name': 'kept', 'batch.kubernetes.io/job-name': 'migrate' },
      'default/bare[Job]': { 'batch.kubernetes.io/job-name': 'bare', 'job-name': 'bare' },
    });
  });

  it('adds no job-name label with spec.manualSelector: true (Job docs, "Specifying your own Pod selector"), nor to CronJob pods, whose Jobs get generated names', () => {
    const c = extract(yaml`
      apiVersion: batch/v1
      kind: Job
      metadata: {name: manual}
      spec:
        manualSelector: true
        selector: {matchLabels: {app: manual}}
        template:
          metadata: {labels: {app: manual}}
          spec: {containers: [{name: c, image: x}], restartPolicy: Never}
      ---
      apiVersion: batch/v1
      kind: CronJob
      metadata: {name: nightly}
      spec:
        schedule: "0 3 * * *"
        jobTemplate:
          spec:
            template:
              metadata: {labels: {app: nightly}}
              spec: {containers: [{name: c, image: x}], restartPolicy: Never}
    `);
    assert.deepEqual(labelsByRef(c), {
      'default/manual[Job]': { app: 'manual' },
      'default/nightly[CronJob]': { app: 'nightly' },
    });
  });

  it("takes a bare Pod's own metadata.labels (a Pod is its own template)", () => {
    const c = extract('apiVersion: v1\nkind: Pod\nmetadata: {name: p, labels: {app: db}}\nspec: {containers: []}\n');
    assert.deepEqual(labelsByRef(c), { 'default/p[Pod]': { app: 'db' } });
    assert.equal(c.workloads[0].replicas, 1);
  });

  it('finds workloads inside `kind: List` and typed lists (PodList items without kind)', () => {
    const c = extract(yaml`
      apiVersion: v1
      kind: List
      items:
      - {apiVersion: apps/v1, kind: Deployment, metadata: {name: a}, spec: {template: {metadata: {labels: {app: a}}}}}
      ---
      apiVersion: v1
      kind: PodList
      items:
      - {metadata: {name: b, namespace: x, labels: {app: b}}, spec: {containers: []}}
    `);
    assert.deepEqual(labelsByRef(c), { 'default/a[Deployment]': { app: 'a' }, 'x/b[Pod]': { app: 'b' } });
  });

  it('ignores kinds that are not built-in workloads, even with a template (a CRD "Deployment" in another group)', () => {
    const c = extract(
      'apiVersion: example.com/v1\nkind: Deployment\nmetadata: {name: x}\nspec: {template: {metadata: {labels: {a: b}}}}\n',
    );
    assert.deepEqual(c.workloads, []);
  });
});

describe('workloads: label values must be strings', () => {
  it('drops `app: yes` (YAML 1.1 boolean, rejected by the API server) and numbers, keeps the string labels, reports each', () => {
    const text = yaml`
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: web}
      spec:
        template:
          metadata: {labels: {app: yes, version: 2, tier: "yes"}}
    `;
    const c = extract(text);
    assert.deepEqual(labelsByRef(c), { 'default/web[Deployment]': { tier: 'yes' } });
    assert.deepEqual(
      c.problems.map((p) => [p.kind, textAt(text, p.range)]),
      [
        ['non-string-label', 'yes'],
        ['non-string-label', '2'],
      ],
    );
  });

  it('reads a null label value (`team:` or `team: ~`) as "", as Go decodes null into map[string]string, with no problem (kubernetes-validation-rules.md §2 "Decoding")', () => {
    const c = extract(yaml`
      apiVersion: v1
      kind: Pod
      metadata:
        name: p
        labels:
          team: ~
          tier:
          app: web
    `);
    assert.deepEqual(labelsByRef(c), { 'default/p[Pod]': { team: '', tier: '', app: 'web' } });
    assert.deepEqual(c.problems, []);
  });
});

describe('workloads: container ports', () => {
  it('reads name, containerPort and protocol (default TCP), and sidecars: initContainers with restartPolicy Always (KEP-753; FindPort looks there too)', () => {
    const c = extract(yaml`
      apiVersion: v1
      kind: Pod
      metadata: {name: p}
      spec:
        initContainers:
        - {name: setup, ports: [{containerPort: 1}]}
        - {name: proxy, restartPolicy: Always, ports: [{name: admin, containerPort: 15000}]}
        containers:
        - name: app
          ports:
          - {name: http, containerPort: 8080}
          - {name: dns, containerPort: 53, protocol: UDP}
          - {containerPort: "80"}
    `);
    assert.deepEqual(
      c.workloads[0].ports.map((p) => [p.container, p.name, p.containerPort, p.protocol, p.sidecar]),
      [
        ['app', 'http', 8080, 'TCP', false],
        ['app', 'dns', 53, 'UDP', false],
        ['proxy', 'admin', 15000, 'TCP', true],
      ],
    );
    assert.deepEqual(
      c.problems.map((p) => p.kind),
      ['malformed-workload'],
      'the string containerPort is reported',
    );
  });

  it('ignores and reports a container port with a protocol other than TCP, UDP or SCTP (case-sensitive, as the API server)', () => {
    const c = extract(yaml`
      apiVersion: v1
      kind: Pod
      metadata: {name: p}
      spec:
        containers:
        - name: app
          ports:
          - {name: web, containerPort: 80, protocol: tcp}
          - {name: sctp, containerPort: 9, protocol: SCTP}
    `);
    assert.deepEqual(
      c.workloads[0].ports.map((p) => [p.name, p.protocol]),
      [['sctp', 'SCTP']],
    );
    assert.match(c.problems[0].message, /protocol must be TCP, UDP or SCTP/);
  });
});

describe('workloads: ownerReferences', () => {
  const pod = (name: string, owner: string, extra = '') => yaml`
    apiVersion: v1
    kind: Pod
    metadata:
      name: ${name}
      namespace: shop
      labels: {app: web${extra}}
      ownerReferences: [${owner}]
    spec: {containers: [{name: c, ports: [{name: http, containerPort: 80}]}]}
  `;

  it('groups Pods owned by one ReplicaSet (controller: true) into ONE workload shop/web-5b7d8f6c9[ReplicaSet], no walking further up', () => {
    const owner = '{apiVersion: apps/v1, kind: ReplicaSet, name: web-5b7d8f6c9, uid: u, controller: true}';
    const c = extract(
      [pod('web-5b7d8f6c9-aaaaa', owner), pod('web-5b7d8f6c9-bbbbb', owner), pod('web-5b7d8f6c9-ccccc', owner)].join('---\n'),
    );
    assert.deepEqual(
      c.workloads.map((w) => w.ref),
      Array(3).fill('shop/web-5b7d8f6c9[ReplicaSet]'),
    );
    const merged = combineWorkloads(c.workloads);
    assert.equal(merged.workloads.length, 1);
    const [web] = merged.workloads;
    assert.deepEqual(
      [web.ref, web.kind, web.name, web.replicas, web.sources.length, web.ownedPods],
      ['shop/web-5b7d8f6c9[ReplicaSet]', 'ReplicaSet', 'web-5b7d8f6c9', 3, 3, true],
    );
    assert.deepEqual(merged.problems, []);
  });

  it('keeps a Pod owned by a Node (mirror pod of a static pod) a bare Pod', () => {
    const c = extract(pod('kube-apiserver-node1', '{apiVersion: v1, kind: Node, name: node1, uid: u, controller: true}'));
    assert.deepEqual(
      c.workloads.map((w) => w.ref),
      ['shop/kube-apiserver-node1[Pod]'],
    );
  });

  it('ignores owner references without controller: true', () => {
    const c = extract(pod('p', '{apiVersion: apps/v1, kind: ReplicaSet, name: rs, uid: u}'));
    assert.deepEqual(
      c.workloads.map((w) => w.ref),
      ['shop/p[Pod]'],
    );
  });

  // semantic-traps.md: a controlled Pod belongs to its owner as the reference names it; a dump of
  // the owner and its Pods (`kubectl get rs,pods -o yaml`) describes ONE set of pods, not two.
  it('folds Pods into their controller when both are there: one workload with the template labels, replicas and both sources', () => {
    const owner = '{apiVersion: apps/v1, kind: ReplicaSet, name: web-5b7d8f6c9, uid: u, controller: true}';
    const text = [
      'apiVersion: apps/v1\nkind: ReplicaSet\nmetadata: {name: web-5b7d8f6c9, namespace: shop}\nspec: {replicas: 3, template: {metadata: {labels: {app: web}}}}\n',
      pod('web-5b7d8f6c9-aaaaa', owner, ', pod-template-hash: 5b7d8f6c9'),
      pod('web-5b7d8f6c9-bbbbb', owner),
    ].join('---\n');
    const merged = combineWorkloads(extract(text).workloads);
    assert.equal(merged.workloads.length, 1);
    const [web] = merged.workloads;
    assert.deepEqual(
      [web.ref, web.replicas, { ...web.labels }, web.ownedPods],
      ['shop/web-5b7d8f6c9[ReplicaSet]', 3, { app: 'web' }, false],
    );
    assert.deepEqual(
      web.sources.map((source) => textAt(text, source.range).split('\n')[1]),
      ['kind: ReplicaSet', 'kind: Pod', 'kind: Pod'],
    );
    assert.deepEqual(merged.problems, [], 'extra labels on the Pods are normal (controllers add some)');
  });

  it('counts the folded Pods as replicas of a controller without a replica count (Job), and reports a Pod lacking its template labels', () => {
    const owner = '{apiVersion: batch/v1, kind: Job, name: migrate, uid: u, controller: true}';
    const podOf = (name: string, labels: string) =>
      `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}, namespace: shop, labels: {${labels}}, ownerReferences: [${owner}]}\n`;
    const text = [
      'apiVersion: batch/v1\nkind: Job\nmetadata: {name: migrate, namespace: shop}\nspec: {template: {metadata: {labels: {app: migrate}}}}\n',
      podOf('migrate-a', 'app: migrate, job-name: migrate, batch.kubernetes.io/job-name: migrate'),
      podOf('migrate-b', 'app: other, job-name: migrate, batch.kubernetes.io/job-name: migrate'),
    ].join('---\n');
    const merged = combineWorkloads(extract(text).workloads);
    assert.deepEqual(
      merged.workloads.map((w) => [w.ref, w.replicas, w.labels.app]),
      [['shop/migrate[Job]', 2, 'migrate']],
    );
    assert.deepEqual(
      merged.problems.map((p) => [p.kind, textAt(text, p.range).split('\n')[2]]),
      [
        [
          'duplicate-workload',
          'metadata: {name: migrate-b, namespace: shop, labels: {app: other, job-name: migrate, batch.kubernetes.io/job-name: migrate}, ownerReferences: [{apiVersion: batch/v1, kind: Job, name: migrate, uid: u, controller: true}]}',
        ],
      ],
    );
  });

  it("reports Pods of one owner with different labels and keeps the first Pod's labels", () => {
    const owner = '{apiVersion: apps/v1, kind: ReplicaSet, name: rs, uid: u, controller: true}';
    const c = extract([pod('a', owner), pod('b', owner, ', canary: "true"')].join('---\n'));
    const merged = combineWorkloads(c.workloads);
    assert.deepEqual({ ...merged.workloads[0].labels }, { app: 'web' });
    assert.deepEqual(
      merged.problems.map((p) => p.kind),
      ['duplicate-workload'],
    );
  });
});

describe('workloads: duplicates and malformed input', () => {
  it('keeps both workloads with the same ref and reports the second', () => {
    const d =
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec: {template: {metadata: {labels: {app: web}}}}\n';
    const c = extract(d + '---\n' + d);
    const merged = combineWorkloads(c.workloads);
    assert.equal(merged.workloads.length, 2);
    assert.equal(merged.problems.length, 1);
    assert.match(merged.problems[0].message, /Duplicate workload default\/web\[Deployment\]/);
  });

  it('never throws on malformed templates, labels, replicas, ports and owner references; reports what it skipped', () => {
    const malformed = [
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: a}\n',
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: b}\nspec: {template: [1, 2]}\n',
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: c}\nspec: {replicas: many, template: {metadata: {labels: [x]}, spec: {containers: [7, {ports: 3}, {ports: [null, {containerPort: 70000}]}]}}}\n',
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: x\nspec: {template: {}}\n',
      'apiVersion: v1\nkind: Pod\nmetadata: {name: d, ownerReferences: [null, {controller: true}], labels: null}\nspec: null\n',
      'apiVersion: v1\nkind: Pod\nmetadata: {name: e, labels: {constructor: x, __proto__: z}}\n',
      'apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: f}\nspec: {jobTemplate: {spec: null}}\n',
      'apiVersion: v1\nkind: Namespace\nmetadata: {labels: {a: b}}\n',
    ].join('---\n');
    const c = extract(malformed);
    assert.deepEqual(
      c.workloads.map((w) => w.ref),
      ['default/c[Deployment]', 'default/d[Pod]', 'default/e[Pod]'],
    );
    assert.deepEqual({ ...c.workloads[2].labels }, { constructor: 'x', ['__proto__']: 'z' });
    assert.equal(c.workloads[0].replicas, 1);
    assert.deepEqual(
      c.problems.map((p) => p.message.slice(0, 30)),
      [
        'Deployment "a" has no pod temp',
        'Deployment "b" has no pod temp',
        'spec.replicas must be a non-ne',
        'labels must be a map of string',
        'containerPort must be an integ',
        'Deployment without metadata.na',
        'CronJob "f" has no pod templat',
        'Namespace without metadata.nam',
      ],
    );
  });
});

describe('workloads: namespaces', () => {
  it('puts objects without metadata.namespace in the namespace the caller gives (default: kubectl without -n)', () => {
    const c = extractContributions(manifest('apiVersion: v1\nkind: Pod\nmetadata: {name: p}\n').objects, () => 'team');
    assert.deepEqual(
      c.workloads.map((w) => w.ref),
      ['team/p[Pod]'],
    );
    assert.deepEqual(c.referencedNamespaces, ['team']);
  });

  it('gives a Namespace object the implicit label kubernetes.io/metadata.name=<name>, overriding a written one', () => {
    const c = extract(
      `apiVersion: v1\nkind: Namespace\nmetadata: {name: shop, labels: {team: a, ${NAMESPACE_NAME_LABEL}: other}}\n`,
    );
    assert.deepEqual(
      c.namespaceObjects.map((n) => [n.name, { ...n.labels }]),
      [['shop', { team: 'a', [NAMESPACE_NAME_LABEL]: 'shop' }]],
    );
    assert.deepEqual(c.referencedNamespaces, [], 'a Namespace is cluster-scoped');
  });

  it('collects the namespaces of namespaced objects, not of cluster-scoped ones, and NetworkPolicies with their namespace', () => {
    const c = extract(yaml`
      apiVersion: v1
      kind: ConfigMap
      metadata: {name: a, namespace: one}
      ---
      apiVersion: rbac.authorization.k8s.io/v1
      kind: ClusterRole
      metadata: {name: b, namespace: ignored}
      ---
      apiVersion: networking.k8s.io/v1
      kind: NetworkPolicy
      metadata: {name: p}
      spec: {}
    `);
    assert.deepEqual(c.referencedNamespaces.sort(), ['default', 'one']);
    assert.deepEqual(
      c.networkPolicies.map((p) => [p.object.kind, p.namespace]),
      [['NetworkPolicy', 'default']],
    );
  });
});

describe('workloads: refs', () => {
  it('formats and parses namespace/name[Kind] and the short namespace/name', () => {
    assert.equal(formatWorkloadRef('shop', 'web', 'Deployment'), 'shop/web[Deployment]');
    assert.deepEqual(parseWorkloadRef('shop/web[Deployment]'), { namespace: 'shop', name: 'web', kind: 'Deployment' });
    assert.deepEqual(parseWorkloadRef('shop/web'), { namespace: 'shop', name: 'web' });
    for (const bad of ['', 'web', 'a/b/c', 'a/b[', 'a/b[]', '/b', 'a/']) assert.equal(parseWorkloadRef(bad), undefined, bad);
  });
});

// kube-apiserver refuses a controller whose selector does not select its template
// (pkg/apis/apps/validation ValidateDeploymentSpec & co.: "`selector` does not match template `labels`";
// core ValidateReplicationControllerSpec; batch ValidateJobSpec with manualSelector). Issue 10 §1.8.
describe('workloads the API server refuses for their selector (NP1801)', () => {
  const withSelector = (kind: string, apiVersion: string, selector: string, labels = '{app: web}', extra = '') =>
    `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata: {name: web, namespace: shop}\nspec:\n${extra}  selector: ${selector}\n  template:\n    metadata: {labels: ${labels}}\n    spec: {containers: [{name: c, image: nginx}]}\n`;
  const indexed = (text: string) => {
    const ws = new Workspace();
    ws.setFile('file:///ws/w.yaml', text);
    return {
      refs: ws.workloads().map((w) => w.ref),
      problems: ws.problems().map((p) => [p.kind, p.range.start.line, p.message]),
    };
  };

  for (const kind of ['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet']) {
    it(`an apps/v1 ${kind} whose selector misses its template labels is not indexed, and the problem sits on spec.selector`, () => {
      const { refs, problems } = indexed(withSelector(kind, 'apps/v1', '{matchLabels: {app: website}}'));
      assert.deepEqual(refs, []);
      assert.equal(problems.length, 1);
      assert.deepEqual(problems[0].slice(0, 2), ['workload-selector', 4]);
      assert.match(String(problems[0][2]), /`selector` does not match template `labels`: the API server refuses this/);
    });
  }

  it('matchExpressions count: `app In (web, api)` selects the template, so the Deployment is indexed', () => {
    const { refs, problems } = indexed(
      withSelector('Deployment', 'apps/v1', '{matchExpressions: [{key: app, operator: In, values: [web, api]}]}'),
    );
    assert.deepEqual([refs, problems], [['shop/web[Deployment]'], []]);
  });

  it('an empty selector is refused in apps/v1 ("empty selector is invalid")', () => {
    assert.match(String(indexed(withSelector('Deployment', 'apps/v1', '{}')).problems[0][2]), /empty spec\.selector is invalid/);
  });

  it("a ReplicationController's selector map must be a subset of the template labels", () => {
    assert.deepEqual(indexed(withSelector('ReplicationController', 'v1', '{app: web, tier: front}')).refs, []);
    assert.deepEqual(indexed(withSelector('ReplicationController', 'v1', '{app: web}')).refs, [
      'shop/web[ReplicationController]',
    ]);
  });

  it('a Job is held to its selector only with manualSelector: true (otherwise the API server generates it)', () => {
    const job = (extra: string) => withSelector('Job', 'batch/v1', '{matchLabels: {app: other}}', '{app: web}', extra);
    assert.deepEqual(indexed(job('  manualSelector: true\n')).refs, []);
    assert.deepEqual(indexed(job('')).refs, ['shop/web[Job]']);
  });

  it('a missing selector is not flagged (documented gap): the workload is indexed from its template', () => {
    const text = withSelector('Deployment', 'apps/v1', '{}').replace('  selector: {}\n', '');
    assert.deepEqual(indexed(text), { refs: ['shop/web[Deployment]'], problems: [] });
  });
});
