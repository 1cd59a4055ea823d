import assert from 'node:assert/strict';
import { seededRandom } from '../../bench/seededRandom';
import { describe, it } from 'node:test';
import {
  EMPTY_SELECTOR,
  labelSelector,
  parseLabelSelector,
  selectorMatches,
  type LabelSelector,
  type SelectorOperator,
} from '../../server/src/engine/selectors';
import { NAMESPACE_NAME_LABEL, type Workload } from '../../server/src/engine/workloads';
import { resolveRelative } from '../../server/src/engine/kustomizations';
import { Workspace } from '../../server/src/engine/workspace';
import { deployment, documents, namespace, policy } from '../builders';
import { yaml } from '../helpers';

const ROOT = 'file:///ws';

const refs = (workloads: readonly Workload[] | undefined) => workloads?.map((w) => w.ref);

/** A shop: web and api in `shop`, web in `other`, a monitoring namespace. */
function shop(): Workspace {
  const ws = new Workspace();
  ws.setFile(
    `${ROOT}/shop.yaml`,
    documents(deployment('shop/web', { app: 'web', tier: 'front' }), deployment('shop/api', { app: 'api', tier: 'back' })),
  );
  ws.setFile(`${ROOT}/other.yaml`, deployment('other/web', { app: 'web' }));
  ws.setFile(
    `${ROOT}/monitoring.yaml`,
    documents(namespace('monitoring', { purpose: 'observability' }), deployment('monitoring/prometheus', { app: 'prometheus' })),
  );
  return ws;
}

describe('workspace: selection scoped to a namespace', () => {
  it('a pod selector never selects pods of another namespace (semantic trap: Selection)', () => {
    const ws = shop();
    assert.deepEqual(refs(ws.workloadsSelectedBy(labelSelector({ app: 'web' }), 'shop')), ['shop/web[Deployment]']);
    assert.deepEqual(refs(ws.workloadsSelectedBy(labelSelector({ app: 'web' }), 'other')), ['other/web[Deployment]']);
    assert.deepEqual(refs(ws.workloadsSelectedBy(labelSelector({ app: 'web' }), 'nowhere')), []);
  });

  it("selects by pod template labels, never by the Deployment's own metadata.labels (semantic trap: Selection)", () => {
    const ws = new Workspace();
    ws.setFile(
      `${ROOT}/d.yaml`,
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d, labels: {app: outer}}\nspec: {template: {metadata: {labels: {app: inner}}}}\n',
    );
    assert.deepEqual(ws.workloadsSelectedBy(labelSelector({ app: 'outer' }), 'default'), []);
    assert.deepEqual(refs(ws.workloadsSelectedBy(labelSelector({ app: 'inner' }), 'default')), ['default/d[Deployment]']);
  });

  it('podSelector: {} selects every workload of the namespace', () => {
    assert.deepEqual(refs(shop().workloadsSelectedBy(EMPTY_SELECTOR, 'shop')), ['shop/api[Deployment]', 'shop/web[Deployment]']);
  });

  it('NotIn and DoesNotExist select workloads that lack the key (semantic trap: Selection)', () => {
    const ws = shop();
    const notBack = labelSelector({}, [{ key: 'tier', operator: 'NotIn', values: ['back'] }]);
    assert.deepEqual(refs(ws.workloadsSelectedBy(notBack, 'shop')), ['shop/web[Deployment]']);
    assert.deepEqual(refs(ws.workloadsSelectedBy(notBack, 'other')), ['other/web[Deployment]'], 'other/web has no tier label');
    const noTier = labelSelector({}, [{ key: 'tier', operator: 'DoesNotExist', values: [] }]);
    assert.deepEqual(refs(ws.workloadsSelectedBy(noTier, 'shop')), []);
    assert.deepEqual(refs(ws.workloadsSelectedBy(noTier, 'monitoring')), ['monitoring/prometheus[Deployment]']);
  });

  it('selects a Job by the batch.kubernetes.io/job-name label the API server adds to its pods (Job docs, "Job labels")', () => {
    const ws = new Workspace();
    ws.setFile(
      `${ROOT}/job.yaml`,
      yaml`
      apiVersion: batch/v1
      kind: Job
      metadata: {name: migrate, namespace: shop}
      spec:
        template:
          metadata: {labels: {app: migrate}}
          spec: {containers: [{name: c, image: x}], restartPolicy: Never}
    `,
    );
    assert.deepEqual(refs(ws.workloadsSelectedBy(labelSelector({ 'batch.kubernetes.io/job-name': 'migrate' }), 'shop')), [
      'shop/migrate[Job]',
    ]);
    assert.deepEqual(refs(ws.workloadsSelectedBy(labelSelector({ 'job-name': 'migrate' }), 'shop')), ['shop/migrate[Job]']);
  });

  it('an invalid selector selects nothing', () => {
    const invalid = parseLabelSelector({ matchLabels: { app: true } })!;
    assert.deepEqual(shop().workloadsSelectedBy(invalid, 'shop'), []);
  });
});

describe('workspace: namespaces', () => {
  it('knows namespaces from Namespace objects and from every object that lives in one, the default namespace included', () => {
    const ws = shop();
    ws.setFile(`${ROOT}/cm.yaml`, 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n');
    assert.deepEqual(
      ws.namespaces().map((n) => n.name),
      ['default', 'monitoring', 'other', 'shop'],
    );
    assert.equal(ws.namespace('shop')!.source, undefined, 'no Namespace object for shop');
    assert.ok(ws.namespace('monitoring')!.source);
  });

  it('gives every namespace kubernetes.io/metadata.name=<name>, with or without a Namespace object', () => {
    const ws = shop();
    assert.deepEqual({ ...ws.namespace('shop')!.labels }, { [NAMESPACE_NAME_LABEL]: 'shop' });
    assert.deepEqual(
      { ...ws.namespace('monitoring')!.labels },
      { purpose: 'observability', [NAMESPACE_NAME_LABEL]: 'monitoring' },
    );
    const byName = (name: string) => labelSelector({ [NAMESPACE_NAME_LABEL]: name });
    assert.deepEqual(
      ws.namespacesSelectedBy(byName('shop')).map((n) => n.name),
      ['shop'],
    );
    assert.deepEqual(
      ws.namespacesSelectedBy(byName('monitoring')).map((n) => n.name),
      ['monitoring'],
    );
  });

  it('drops a non-string namespace label (`env: on` is a YAML 1.1 boolean) so no namespaceSelector matches it, and reports it', () => {
    const ws = new Workspace();
    ws.setFile(`${ROOT}/ns.yaml`, 'apiVersion: v1\nkind: Namespace\nmetadata: {name: x, labels: {env: on, team: a}}\n');
    assert.deepEqual(ws.namespacesSelectedBy(labelSelector({ env: 'on' })), []);
    assert.deepEqual(
      ws.namespacesSelectedBy(labelSelector({ team: 'a' })).map((n) => n.name),
      ['x'],
    );
    assert.deepEqual(
      ws.problems(`${ROOT}/ns.yaml`).map((p) => p.kind),
      ['non-string-label'],
    );
  });

  it('puts objects without metadata.namespace in the configured default namespace', () => {
    const ws = new Workspace({ defaultNamespace: 'team' });
    ws.setFile(`${ROOT}/a.yaml`, deployment('a', { app: 'a' }));
    assert.deepEqual(refs(ws.workloads()), ['team/a[Deployment]']);
    assert.deepEqual(
      ws.namespaces().map((n) => n.name),
      ['team'],
    );
  });

  it('of two Namespace objects with one name, keeps the one applied last (kubectl apply -f: path order) and reports both', () => {
    const ws = new Workspace();
    // Set in the other order: which one exists depends on the paths, not on when the index read them.
    ws.setFile(`${ROOT}/b.yaml`, namespace('x', { v: '2' }));
    ws.setFile(`${ROOT}/a.yaml`, namespace('x', { v: '1' }));
    assert.equal(ws.namespace('x')!.labels.v, '2');
    assert.deepEqual(
      ws.problems().map((p) => [p.kind, p.uri]),
      [
        ['duplicate-namespace', `${ROOT}/a.yaml`],
        ['duplicate-namespace', `${ROOT}/b.yaml`],
      ],
    );
    assert.match(ws.problems(`${ROOT}/a.yaml`)[0].message, /declared again at b\.yaml:1, which is applied after this one/);
  });
});

describe('workspace: NetworkPolicies as the cluster holds them', () => {
  it('two copies of one namespace/name: the one applied last is listed, and each copy is reported naming the other', () => {
    const ws = new Workspace();
    ws.setFile(`${ROOT}/b.yaml`, policy('shop/web', 'podSelector: {}'));
    ws.setFile(`${ROOT}/a.yaml`, policy('shop/web', 'podSelector: {}'));
    assert.deepEqual(
      ws.networkPolicies().map((p) => p.object.uri),
      [`${ROOT}/b.yaml`],
    );
    const [first, last] = ws.problems();
    assert.deepEqual(
      [first.kind, first.uri, last.kind, last.uri],
      ['duplicate-policy', `${ROOT}/a.yaml`, 'duplicate-policy', `${ROOT}/b.yaml`],
    );
    assert.match(first.message, /^NetworkPolicy shop\/web is defined again at b\.yaml:1, which is applied after this one/);
    assert.match(last.message, /^NetworkPolicy shop\/web is also defined at a\.yaml:1; this copy is applied last/);
    assert.deepEqual(
      [first.related?.map((r) => r.uri), last.related?.map((r) => r.uri)],
      [[`${ROOT}/b.yaml`], [`${ROOT}/a.yaml`]],
    );
  });
});

describe('workspace: peers', () => {
  const ws = shop();
  const web = labelSelector({ app: 'web' });
  const observability = labelSelector({ purpose: 'observability' });

  it('a peer with neither selector is not a selector peer (undefined), unlike {} which selects', () => {
    assert.equal(ws.workloadsForPeer({}, 'shop'), undefined);
  });

  it("podSelector alone selects in the policy's namespace", () => {
    assert.deepEqual(refs(ws.workloadsForPeer({ podSelector: web }, 'shop')), ['shop/web[Deployment]']);
  });

  it('namespaceSelector alone selects all pods of the matching namespaces; namespaceSelector: {} all namespaces', () => {
    assert.deepEqual(refs(ws.workloadsForPeer({ namespaceSelector: observability }, 'shop')), [
      'monitoring/prometheus[Deployment]',
    ]);
    assert.equal(ws.workloadsForPeer({ namespaceSelector: EMPTY_SELECTOR }, 'shop')!.length, ws.workloads().length);
  });

  it('namespaceSelector + podSelector in ONE peer is AND; two peers are OR (semantic trap: Peers, a stray "-")', () => {
    const all = labelSelector();
    const and = ws.workloadsForPeer({ namespaceSelector: all, podSelector: web }, 'shop');
    assert.deepEqual(refs(and), ['other/web[Deployment]', 'shop/web[Deployment]']);
    const onlyMonitoringWeb = ws.workloadsForPeer({ namespaceSelector: observability, podSelector: web }, 'shop');
    assert.deepEqual(refs(onlyMonitoringWeb), []);
    const or = [
      ...ws.workloadsForPeer({ namespaceSelector: observability }, 'shop')!,
      ...ws.workloadsForPeer({ podSelector: web }, 'shop')!,
    ];
    assert.deepEqual(refs(or), ['monitoring/prometheus[Deployment]', 'shop/web[Deployment]']);
  });
});

describe('workspace: owned pods across files', () => {
  const pod = (name: string, node = false) => yaml`
    apiVersion: v1
    kind: Pod
    metadata:
      name: ${name}
      namespace: shop
      labels: {app: web}
      ownerReferences: [{apiVersion: ${node ? 'v1' : 'apps/v1'}, kind: ${node ? 'Node' : 'ReplicaSet'}, name: ${node ? 'node1' : 'web-5b7d8f6c9'}, uid: u, controller: true}]
  `;

  it('merges Pods of one ReplicaSet from several files into ONE workload, and un-merges on removal', () => {
    const ws = new Workspace();
    ws.setFile(`${ROOT}/a.yaml`, pod('web-5b7d8f6c9-a') + '---\n' + pod('web-5b7d8f6c9-b'));
    ws.setFile(`${ROOT}/b.yaml`, pod('web-5b7d8f6c9-c') + '---\n' + pod('static-web-node1', true));
    assert.deepEqual(refs(ws.workloads()), ['shop/static-web-node1[Pod]', 'shop/web-5b7d8f6c9[ReplicaSet]']);
    assert.equal(ws.workloadByRef('shop/web-5b7d8f6c9[ReplicaSet]')!.replicas, 3);
    assert.deepEqual(refs(ws.workloadsSelectedBy(labelSelector({ app: 'web' }), 'shop')), [
      'shop/static-web-node1[Pod]',
      'shop/web-5b7d8f6c9[ReplicaSet]',
    ]);
    ws.removeFile(`${ROOT}/a.yaml`);
    assert.equal(ws.workloadByRef('shop/web-5b7d8f6c9[ReplicaSet]')!.replicas, 1);
    ws.removeFile(`${ROOT}/b.yaml`);
    assert.deepEqual(ws.workloads(), []);
    assert.deepEqual(ws.labelKeys(), []);
  });
});

describe('workspace: a controller and its own Pods', () => {
  // semantic-traps.md: a controlled Pod belongs to its owner as the reference names it, so a
  // correct `kubectl get rs,pods -o yaml` dump is one workload, not a duplicate (NP3007).
  it('a ReplicaSet and its two Pods in one dump are ONE workload, with no duplicate problem', () => {
    const ws = new Workspace();
    ws.setFile(
      `${ROOT}/dump.yaml`,
      yaml`
      apiVersion: v1
      kind: List
      items:
      - apiVersion: apps/v1
        kind: ReplicaSet
        metadata: {name: web-7d4b9, namespace: shop}
        spec:
          replicas: 2
          template:
            metadata: {labels: {app: web}}
            spec: {containers: [{name: c, image: x}]}
      - apiVersion: v1
        kind: Pod
        metadata:
          name: web-7d4b9-aaaaa
          namespace: shop
          labels: {app: web}
          ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: web-7d4b9, uid: u1, controller: true}]
        spec: {containers: [{name: c, image: x}]}
      - apiVersion: v1
        kind: Pod
        metadata:
          name: web-7d4b9-bbbbb
          namespace: shop
          labels: {app: web}
          ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: web-7d4b9, uid: u1, controller: true}]
        spec: {containers: [{name: c, image: x}]}
    `,
    );
    assert.deepEqual(refs(ws.workloadsSelectedBy(labelSelector({ app: 'web' }), 'shop')), ['shop/web-7d4b9[ReplicaSet]']);
    assert.equal(ws.workloadByRef('shop/web-7d4b9[ReplicaSet]')?.sources.length, 3);
    assert.deepEqual(ws.problems(), []);
  });

  it('folds Pods arriving in another file into the controller, and splits them off again when the controller file goes', () => {
    const ws = new Workspace();
    const owned = (name: string) =>
      `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}, namespace: shop, labels: {app: web}, ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: web-7d4b9, uid: u1, controller: true}]}\n`;
    ws.setFile(`${ROOT}/pods.yaml`, owned('web-7d4b9-a') + '---\n' + owned('web-7d4b9-b') + '---\n' + owned('web-7d4b9-c'));
    ws.setFile(
      `${ROOT}/rs.yaml`,
      'apiVersion: apps/v1\nkind: ReplicaSet\nmetadata: {name: web-7d4b9, namespace: shop}\nspec: {replicas: 2, template: {metadata: {labels: {app: web}}}}\n',
    );
    assert.deepEqual(
      ws.workloads().map((w) => [w.ref, w.replicas, w.ownedPods]),
      [['shop/web-7d4b9[ReplicaSet]', 2, false]],
    );
    ws.removeFile(`${ROOT}/rs.yaml`);
    assert.deepEqual(
      ws.workloads().map((w) => [w.ref, w.replicas, w.ownedPods]),
      [['shop/web-7d4b9[ReplicaSet]', 3, true]],
    );
    assert.deepEqual(ws.problems(), []);
  });
});

describe('workspace: refs', () => {
  it('resolves ns/name[Kind] exactly and ns/name when unambiguous', () => {
    const ws = shop();
    ws.setFile(`${ROOT}/web-pod.yaml`, 'apiVersion: v1\nkind: Pod\nmetadata: {name: web, namespace: shop}\n');
    assert.equal(ws.workloadByRef('shop/web[Deployment]')?.kind, 'Deployment');
    assert.equal(ws.workloadByRef('shop/api')?.ref, 'shop/api[Deployment]');
    assert.equal(ws.workloadByRef('shop/web'), undefined, 'a Deployment and a Pod are both named web');
    assert.deepEqual(refs(ws.workloadsByRef('shop/web')), ['shop/web[Deployment]', 'shop/web[Pod]']);
    assert.equal(ws.workloadByRef('not a ref'), undefined);
  });

  it('keeps duplicate workloads from two files and reports the later one', () => {
    const ws = new Workspace();
    ws.setFile(`${ROOT}/b.yaml`, deployment('web', { app: 'web' }));
    ws.setFile(`${ROOT}/a.yaml`, deployment('web', { app: 'web' }));
    assert.deepEqual(
      ws.workloads().map((w) => w.sources[0].uri),
      [`${ROOT}/a.yaml`, `${ROOT}/b.yaml`],
    );
    assert.deepEqual(
      ws.problems().map((p) => [p.kind, p.uri]),
      [['duplicate-workload', `${ROOT}/b.yaml`]],
    );
    assert.equal(ws.workloadByRef('default/web[Deployment]'), undefined, 'ambiguous');
  });
});

describe('workspace: completion data', () => {
  it('lists pod label keys and values per namespace or everywhere, and namespace label keys', () => {
    const ws = shop();
    assert.deepEqual(ws.labelKeys('shop'), ['app', 'tier']);
    assert.deepEqual(ws.labelKeys(), ['app', 'tier']);
    assert.deepEqual(ws.labelValues('app', 'shop'), ['api', 'web']);
    assert.deepEqual(ws.labelValues('app'), ['api', 'prometheus', 'web']);
    assert.deepEqual(ws.labelValues('app', 'nowhere'), []);
    assert.deepEqual(ws.namespaceLabelKeys(), [NAMESPACE_NAME_LABEL, 'purpose']);
    assert.deepEqual(ws.namespaceLabelValues(NAMESPACE_NAME_LABEL), ['monitoring', 'other', 'shop']);
  });
});

describe('workspace: kustomization namespace', () => {
  it('sets the namespace of the files a kustomization.yaml without kind lists, overriding metadata.namespace (kustomize namespace transformer)', () => {
    const ws = new Workspace();
    ws.setFile(`${ROOT}/app/deploy.yaml`, deployment('web', { app: 'web' }));
    ws.setFile(`${ROOT}/app/explicit.yaml`, deployment('elsewhere/api', { app: 'api' }));
    ws.setFile(`${ROOT}/app/unlisted.yaml`, deployment('db', { app: 'db' }));
    ws.setFile(
      `${ROOT}/app/policy.yaml`,
      'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p}\nspec: {}\n',
    );
    assert.deepEqual(refs(ws.workloads()), ['default/db[Deployment]', 'default/web[Deployment]', 'elsewhere/api[Deployment]']);
    const version = ws.version;
    const parsedDeploy = ws.manifest(`${ROOT}/app/deploy.yaml`);
    ws.setFile(
      `${ROOT}/app/kustomization.yaml`,
      'namespace: shop\nresources:\n- deploy.yaml\n- ./explicit.yaml\n- policy.yaml\n- https://github.com/x/y//base?ref=v1\n',
    );
    assert.ok(ws.version > version);
    assert.deepEqual(refs(ws.workloads()), ['default/db[Deployment]', 'shop/api[Deployment]', 'shop/web[Deployment]']);
    assert.deepEqual(
      ws.networkPolicies().map((p) => p.namespace),
      ['shop'],
    );
    assert.equal(ws.manifest(`${ROOT}/app/deploy.yaml`), parsedDeploy, 'the listed file is re-read, not re-parsed');
    ws.removeFile(`${ROOT}/app/kustomization.yaml`);
    assert.deepEqual(refs(ws.workloads()), ['default/db[Deployment]', 'default/web[Deployment]', 'elsewhere/api[Deployment]']);
  });

  it('follows directory resources to their kustomization; the outermost namespace wins (overlay over base); kind: Kustomization counts too', () => {
    const ws = new Workspace();
    ws.setFile(`${ROOT}/base/kustomization.yaml`, 'namespace: base-ns\nresources: [deploy.yaml]\n');
    ws.setFile(`${ROOT}/base/deploy.yaml`, deployment('web', { app: 'web' }));
    assert.deepEqual(refs(ws.workloads()), ['base-ns/web[Deployment]']);
    ws.setFile(
      `${ROOT}/overlays/prod/kust.yaml`,
      'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: prod\nresources: [../../base/]\n',
    );
    assert.deepEqual(refs(ws.workloads()), ['prod/web[Deployment]']);
    assert.deepEqual(
      ws.namespaces().map((n) => n.name),
      ['prod'],
    );
  });

  it('re-reads nothing else when a kustomization edit keeps its namespace and resources', () => {
    const ws = new Workspace();
    ws.setFile(`${ROOT}/k/kustomization.yaml`, 'namespace: shop\nresources: [d.yaml]\n');
    ws.setFile(`${ROOT}/k/d.yaml`, deployment('d', { app: 'd' }));
    const before = ws.workloadByRef('shop/d[Deployment]');
    ws.setFile(`${ROOT}/k/kustomization.yaml`, '# a comment\nnamespace: shop\nresources: [./d.yaml]\n');
    assert.equal(ws.workloadByRef('shop/d[Deployment]'), before);
    ws.setFile(`${ROOT}/k/kustomization.yaml`, 'namespace: shop2\nresources: [./d.yaml]\n');
    assert.deepEqual(refs(ws.workloads()), ['shop2/d[Deployment]']);
  });

  it('does not take a Flux Kustomization (kustomize.toolkit.fluxcd.io) for a kustomize file: it is a namespaced resource', () => {
    const ws = new Workspace();
    ws.setFile(`${ROOT}/d.yaml`, deployment('d', { app: 'd' }));
    ws.setFile(
      `${ROOT}/flux.yaml`,
      'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: apps, namespace: flux-system}\nnamespace: other\nresources: [d.yaml]\n',
    );
    assert.deepEqual(refs(ws.workloads()), ['default/d[Deployment]']);
    assert.deepEqual(
      ws.namespaces().map((n) => n.name),
      ['default', 'flux-system'],
    );
  });

  it('sets the namespace through `components:` as through `resources:`', () => {
    const ws = new Workspace();
    ws.setFile(`${ROOT}/app/kustomization.yaml`, 'namespace: shop\ncomponents: [../comp]\n');
    ws.setFile(
      `${ROOT}/comp/kustomization.yaml`,
      'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nresources: [d.yaml]\n',
    );
    ws.setFile(`${ROOT}/comp/d.yaml`, deployment('d', { app: 'd' }));
    assert.deepEqual(refs(ws.workloads()), ['shop/d[Deployment]']);
  });

  it('applies a kustomization to a listed file that arrives after it', () => {
    const ws = new Workspace();
    ws.setFile(`${ROOT}/k/Kustomization`, 'namespace: late\nresources: [sub/deploy.yaml]\n');
    ws.setFile(`${ROOT}/k/sub/deploy.yaml`, deployment('web', { app: 'web' }));
    assert.deepEqual(refs(ws.workloads()), ['late/web[Deployment]']);
  });

  it('reports a file that two kustomizations put in different namespaces and uses the first', () => {
    const ws = new Workspace();
    ws.setFile(`${ROOT}/base/deploy.yaml`, deployment('web', { app: 'web' }));
    ws.setFile(`${ROOT}/a/kustomization.yaml`, 'namespace: a\nresources: [../base/deploy.yaml]\n');
    ws.setFile(`${ROOT}/b/kustomization.yaml`, 'namespace: b\nresources: [../base/deploy.yaml]\n');
    assert.deepEqual(refs(ws.workloads()), ['a/web[Deployment]']);
    assert.deepEqual(
      ws.problems().map((p) => [p.kind, p.uri]),
      [['kustomization', `${ROOT}/b/kustomization.yaml`]],
    );
  });

  it('survives kustomization cycles and malformed kustomizations', () => {
    const ws = new Workspace();
    ws.setFile(`${ROOT}/x/kustomization.yaml`, 'resources: [../y]\n');
    ws.setFile(`${ROOT}/y/kustomization.yaml`, 'namespace: ns-y\nresources: [../x, d.yaml]\n');
    ws.setFile(`${ROOT}/y/d.yaml`, deployment('d', { app: 'd' }));
    ws.setFile(`${ROOT}/z/kustomization.yml`, 'resources: 7\nnamespace: [1]\n');
    ws.setFile(`${ROOT}/w/kustomization.yaml`, ': : :\n\t- [');
    assert.deepEqual(refs(ws.workloads()), ['ns-y/d[Deployment]']);
  });

  it('resolves relative resource paths by URI string manipulation', () => {
    assert.equal(resolveRelative('file:///ws/overlays/prod/kustomization.yaml', '../../base'), 'file:///ws/base');
    assert.equal(resolveRelative('file:///ws/k.yaml', './a/./b.yaml'), 'file:///ws/a/b.yaml');
    assert.equal(resolveRelative('file:///ws/k.yaml', '../../../x'), 'file:///x');
    assert.equal(resolveRelative('untitled:k.yaml', 'x.yaml'), 'untitled:x.yaml');
    assert.equal(resolveRelative('file:///ws/a/k.yaml', '/abs/x.yaml'), 'file:///abs/x.yaml');
  });
});

describe('workspace: incremental updates', () => {
  it("setFile replaces only that file's contributions and never re-parses the others", () => {
    const ws = shop();
    const other = ws.manifest(`${ROOT}/other.yaml`);
    const otherWeb = ws.workloadByRef('other/web[Deployment]');
    const v = ws.version;
    ws.setFile(`${ROOT}/shop.yaml`, deployment('shop/web', { app: 'web', tier: 'edge' }));
    assert.equal(ws.version, v + 1);
    assert.equal(ws.manifest(`${ROOT}/other.yaml`), other);
    assert.equal(ws.workloadByRef('other/web[Deployment]'), otherWeb, 'untouched workloads keep their identity');
    assert.deepEqual(refs(ws.workloadsIn('shop')), ['shop/web[Deployment]']);
    assert.deepEqual(ws.labelValues('tier', 'shop'), ['edge']);
    assert.deepEqual(refs(ws.workloadsSelectedBy(labelSelector({ tier: 'front' }), 'shop')), []);
  });

  it('setting the same text again is no change (version unchanged)', () => {
    const ws = shop();
    const v = ws.version;
    ws.setFile(`${ROOT}/other.yaml`, deployment('other/web', { app: 'web' }));
    assert.equal(ws.version, v);
  });

  it('removeFile drops its workloads, namespaces and label values', () => {
    const ws = shop();
    ws.removeFile(`${ROOT}/monitoring.yaml`);
    assert.equal(ws.namespace('monitoring'), undefined);
    assert.deepEqual(ws.labelValues('app'), ['api', 'web']);
    const v = ws.version;
    ws.removeFile(`${ROOT}/monitoring.yaml`);
    assert.equal(ws.version, v, 'removing an unknown file changes nothing');
  });

  it('removeFolder deletes exactly the files under the folder (not a sibling sharing the prefix)', () => {
    const ws = new Workspace();
    ws.setFile(`${ROOT}/app/a.yaml`, deployment('a', { app: 'a' }));
    ws.setFile(`${ROOT}/app/deep/b.yaml`, deployment('b', { app: 'b' }));
    ws.setFile(`${ROOT}/apps/c.yaml`, deployment('c', { app: 'c' }));
    ws.removeFolder(`${ROOT}/app`);
    assert.deepEqual(ws.uris(), [`${ROOT}/apps/c.yaml`]);
    assert.deepEqual(refs(ws.workloads()), ['default/c[Deployment]']);
    assert.deepEqual(ws.labelValues('app'), ['c']);
  });

  it('renameFolder moves files with their texts and keeps the index consistent, kustomizations included', () => {
    const ws = new Workspace();
    ws.setFile(`${ROOT}/old/kustomization.yaml`, 'namespace: k\nresources: [d.yaml]\n');
    ws.setFile(`${ROOT}/old/d.yaml`, deployment('d', { app: 'd' }));
    ws.renameFolder(`${ROOT}/old/`, `${ROOT}/new`);
    assert.deepEqual(ws.uris(), [`${ROOT}/new/d.yaml`, `${ROOT}/new/kustomization.yaml`]);
    assert.deepEqual(
      ws.workloads().map((w) => [w.ref, w.sources[0].uri]),
      [['k/d[Deployment]', `${ROOT}/new/d.yaml`]],
    );
  });

  it('never throws on broken files, and keeps indexing the others', () => {
    const ws = shop();
    for (const text of [
      '',
      '::: [',
      '\t\tkind: Pod',
      'apiVersion: v1\nkind: List\nitems: 5\n',
      'a: &a [*a]\n',
      '- - - -',
      'apiVersion: v1\nkind: Pod\nmetadata: 5\n',
    ]) {
      ws.setFile(`${ROOT}/broken.yaml`, text);
    }
    assert.equal(ws.workloads().length, 4);
  });
});

describe('workspace: the label index answers like a brute-force scan', () => {
  it('on a generated workspace of a few hundred workloads, for random selectors of every operator, before and after edits', () => {
    const random = seededRandom(20261125);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
    const keys = ['app', 'tier', 'env', 'team', 'canary'];
    const values = ['a', 'b', 'c', 'd', ''];
    const namespaces = ['ns1', 'ns2', 'ns3'];
    const randomLabels = () => Object.fromEntries(keys.filter(() => random() < 0.6).map((k) => [k, pick(values)]));

    const ws = new Workspace();
    for (let file = 0; file < 60; file++) {
      const docs = Array.from({ length: 1 + Math.floor(random() * 8) }, (_, i) => {
        const labels = randomLabels();
        return deployment(random() < 0.9 ? `${pick(namespaces)}/w${file}-${i}` : `w${file}-${i}`, labels);
      });
      ws.setFile(`${ROOT}/gen/${file}.yaml`, documents(...docs));
    }
    const operators: SelectorOperator[] = ['In', 'NotIn', 'Exists', 'DoesNotExist'];
    const randomSelector = (): LabelSelector =>
      labelSelector(
        Object.fromEntries(keys.filter(() => random() < 0.25).map((k) => [k, pick(values)])),
        keys
          .filter(() => random() < 0.3)
          .map((key) => {
            const operator = pick(operators);
            return {
              key,
              operator,
              values: operator === 'In' || operator === 'NotIn' ? values.filter(() => random() < 0.4).concat(pick(values)) : [],
            };
          }),
      );
    const check = (round: string) => {
      const all = ws.workloads();
      assert.ok(all.length > 150, `${round}: ${all.length} workloads`);
      for (let i = 0; i < 300; i++) {
        const selector = randomSelector();
        const namespace = pick([...namespaces, 'default']);
        const expected = all.filter((w) => w.namespace === namespace && selectorMatches(selector, w.labels)).map((w) => w.ref);
        assert.deepEqual(
          refs(ws.workloadsSelectedBy(selector, namespace)),
          expected,
          `${round}: ${JSON.stringify(selector)} in ${namespace}`,
        );
      }
      for (const key of keys) {
        const expectedValues = [...new Set(all.filter((w) => Object.hasOwn(w.labels, key)).map((w) => w.labels[key]))].sort();
        assert.deepEqual(ws.labelValues(key), expectedValues, `${round}: values of ${key}`);
      }
    };
    check('initial');
    for (let file = 0; file < 60; file += 3) {
      if (random() < 0.5) ws.removeFile(`${ROOT}/gen/${file}.yaml`);
      else {
        const labels = randomLabels();
        ws.setFile(`${ROOT}/gen/${file}.yaml`, deployment(`${pick(namespaces)}/w${file}-x`, labels));
      }
    }
    check('after edits');
  });
});
