// Selector intelligence on the example workspace: hover, CodeLens, go to definition, find
// references and completion, asked of VS Code with the `vscode.execute*Provider` commands,
// exactly as the editor asks when a person hovers, clicks or types.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeLensTitles, exampleUri, hoverText, isOpen, listedWorkloads, openExample, positionAt, relativePath } from './editor';
import { eventually } from './waitFor';

const POLICIES = 'shop/policies.yaml';
const WORKLOADS = 'shop/workloads.yaml';

/** The hover's link to a workload: its file and the 1-based line its document starts on. */
const linkTo = (relative: string, line: number) => `${exampleUri(relative).toString()}#L${line}`;

describe('selectors resolved against the example workspace', () => {
  let policies: vscode.TextDocument;

  before(async () => {
    policies = await openExample(POLICIES);
  });

  it('indexes the folder from disk: a peer selector names the workload of a file never opened (payments/workloads.yaml, namespace from its kustomization)', async () => {
    const workloadsFile = exampleUri('payments/workloads.yaml');
    assert.equal(isOpen(workloadsFile), false, 'payments/workloads.yaml must not be open: only the workspace scan can know it');
    const at = positionAt(policies, 149, 'payments-api', 2); // cart-to-payments: to pods app=payments-api in namespaces team=payments
    const text = await eventually(async () => {
      const hover = await hoverText(policies.uri, at);
      assert.deepEqual(listedWorkloads(hover), [
        { workload: 'payments/payments-api (Deployment, 2 replicas)', link: linkTo('payments/workloads.yaml', 2) },
      ]);
      return hover;
    });
    assert.match(text, /^\*\*To pods labelled app=payments-api in namespaces labelled team=payments\*\*/);
    assert.equal(isOpen(workloadsFile), false);
  });

  it('hover on a podSelector names exactly the workloads it selects, each linked to its definition', async () => {
    const frontend = await hoverText(policies.uri, positionAt(policies, 58, 'frontend', 3)); // frontend-to-cart: spec.podSelector app=frontend
    assert.match(frontend, /^\*\*Applies to pods labelled app=frontend in this policy's namespace shop\*\*/);
    assert.deepEqual(listedWorkloads(frontend), [
      { workload: 'shop/frontend (Deployment, 3 replicas)', link: linkTo(WORKLOADS, 2) },
    ]);

    // tier=backend: the Deployment, the Job's pod template and the ReplicaSet, not redis (tier=data) or frontend (tier=web).
    const backends = await hoverText(policies.uri, positionAt(policies, 98, 'backend', 2));
    assert.match(backends, /\n3 workloads:\n/);
    assert.deepEqual(listedWorkloads(backends), [
      { workload: 'shop/cart (Deployment, 2 replicas)', link: linkTo(WORKLOADS, 42) },
      { workload: 'shop/db-migrate (Job)', link: linkTo(WORKLOADS, 139) },
      { workload: 'shop/legacy-worker (ReplicaSet, 1 replica)', link: linkTo(WORKLOADS, 119) },
    ]);
  });

  it('hover on metadata.name summarises the policy: whom it applies to and what it allows', async () => {
    const summary = await hoverText(policies.uri, positionAt(policies, 53, 'frontend-to-cart', 4));
    assert.equal(
      summary,
      [
        '**NetworkPolicy shop/frontend-to-cart**',
        "Applies to pods labelled app=frontend in this policy's namespace shop: 1 workload.",
        `- [shop/frontend (Deployment, 3 replicas)](${linkTo(WORKLOADS, 2)})`,
        'Ingress: not isolated by this policy.',
        'Egress: isolated; allowed:',
        '- to pods labelled app=cart in this policy\'s namespace shop (1 workload) on TCP port named "grpc"',
      ].join('\n\n'),
    );
  });

  it('CodeLens over every policy: how many workloads it selects and its peers per direction', async () => {
    assert.deepEqual(await codeLensTitles(policies.uri), [
      [5, 'selects 5 workloads · ingress isolated · egress to 1'], // default-deny (DNS only)
      [30, 'selects 1 workload · ingress from 1'], // frontend-from-ingress
      [53, 'selects 1 workload · egress to 1'], // frontend-to-cart
      [73, 'selects 1 workload · ingress from 1'], // cart-from-frontend
      [93, 'selects 3 workloads · egress to 1'], // backend-to-redis
      [112, 'selects 1 workload · ingress from 3'], // redis-from-backend
      [134, 'selects 1 workload · egress to 1'], // cart-to-payments
      [158, 'selects 5 workloads · ingress from 1'], // allow-prometheus-scrape
    ]);
  });

  it('go to definition from a selector lands on the pod template labels of the selected workload', async () => {
    const target = async (position: vscode.Position) => {
      const found = await vscode.commands.executeCommand<Array<vscode.Location | vscode.LocationLink>>(
        'vscode.executeDefinitionProvider',
        policies.uri,
        position,
      );
      return found.map((location) =>
        'targetUri' in location
          ? {
              file: relativePath(location.targetUri),
              lines: [
                (location.targetSelectionRange ?? location.targetRange).start.line,
                (location.targetSelectionRange ?? location.targetRange).end.line,
              ],
            }
          : { file: relativePath(location.uri), lines: [location.range.start.line, location.range.end.line] },
      );
    };
    const workloads = await vscode.workspace.openTextDocument(exampleUri(WORKLOADS));
    assert.deepEqual(await target(positionAt(policies, 58, 'frontend', 1)), [{ file: WORKLOADS, lines: [16, 17] }]);
    assert.deepEqual([workloads.lineAt(16).text.trim(), workloads.lineAt(17).text.trim()], ['app: frontend', 'tier: web']);
    assert.deepEqual(await target(positionAt(policies, 65, 'cart', 1)), [{ file: WORKLOADS, lines: [54, 55] }]);
    assert.deepEqual([workloads.lineAt(54).text.trim(), workloads.lineAt(55).text.trim()], ['app: cart', 'tier: backend']);
  });

  it("find references on a workload's template labels lists every policy that selects or admits it, in every file", async () => {
    const workloads = await openExample(WORKLOADS);
    const found = await vscode.commands.executeCommand<vscode.Location[]>(
      'vscode.executeReferenceProvider',
      workloads.uri,
      positionAt(workloads, 54, 'cart', 1),
    );
    const places = found.map((location) => `${relativePath(location.uri)}:${location.range.start.line}`).sort();
    assert.deepEqual(places, [
      'broken/api-errors.yaml:65', // in-without-values: from any pod of shop
      'broken/lint-warnings.yaml:107', // duplicate-policy-type: from tier=backend
      'broken/lint-warnings.yaml:11', // ingress-rules-ignored selects app=cart
      'broken/lint-warnings.yaml:159', // impossible-selector: from any pod of shop
      'broken/lint-warnings.yaml:68', // and-or-trap: every pod of shop
      'monitoring/policies.yaml:38', // Prometheus may scrape every namespace
      'payments/policies.yaml:37', // payments-api admits the shop's cart
      'shop/policies.yaml:122', // redis-from-backend admits tier=backend
      'shop/policies.yaml:138', // cart-to-payments selects it
      'shop/policies.yaml:161', // allow-prometheus-scrape: every pod
      'shop/policies.yaml:63', // frontend-to-cart: egress to it
      'shop/policies.yaml:77', // cart-from-frontend selects it
      'shop/policies.yaml:8', // default-deny: every pod
      'shop/policies.yaml:97', // backend-to-redis selects tier=backend
      'shop/workloads.yaml:44', // the declaration itself, cart's metadata.name: VS Code asks with includeDeclaration
    ]);
  });

  it('completion inside a matchLabels value offers the values of that label in the workspace', async () => {
    const list = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      policies.uri,
      positionAt(policies, 58, 'frontend'),
    );
    const ours = list.items.filter((item) => item.detail === 'pod label app in shop');
    const label = (item: vscode.CompletionItem) => (typeof item.label === 'string' ? item.label : item.label.label);
    assert.deepEqual(ours.map(label).sort(), ['cart', 'db-migrate', 'frontend', 'legacy-worker', 'redis']);
  });
});
