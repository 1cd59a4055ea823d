// Completion while a policy is being typed: the cursor's key path from text that
// may not parse yet, and the items offered there.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { completionAt } from '../../server/src/engine/insight/completion';
import { cursorContext } from '../../server/src/engine/insight/yamlContext';
import { caret, textAt } from '../helpers';
import { insightWorkspace, TYPING_HEADER as header, TYPING_URI as URI } from './insightFixture';

function complete(
  bodyWithCaret: string,
  extra: Record<string, string> = {},
): { labels: string[]; texts: string[]; replaced: string[]; details: string[] } | undefined {
  const { text, position } = caret(header + bodyWithCaret);
  const items = completionAt(insightWorkspace({ [URI]: text, ...extra }), URI, position);
  return (
    items && {
      labels: items.map((i) => i.label),
      texts: items.map((i) => i.newText),
      replaced: items.map((i) => textAt(text, i.range)),
      details: items.map((i) => i.detail),
    }
  );
}

describe('insight: cursor context in YAML being typed', () => {
  const contextOf = (marked: string) => {
    const { text, position } = caret(marked);
    const context = cursorContext(text, position);
    return (
      context && {
        path: context.path.join('.'),
        role: context.role,
        prefix: context.prefix,
        word: textAt(text, context.wordRange),
      }
    );
  };

  it('block and flow mappings, compact and indented sequences', () => {
    assert.deepEqual(contextOf('spec:\n  podSelector:\n    matchLabels:\n      app: fro|ntend\n'), {
      path: 'spec.podSelector.matchLabels.app',
      role: 'value',
      prefix: 'fro',
      word: 'frontend',
    });
    assert.deepEqual(contextOf('spec:\n  podSelector:\n    matchLabels: {app: web, ti|}\n'), {
      path: 'spec.podSelector.matchLabels',
      role: 'key',
      prefix: 'ti',
      word: 'ti',
    });
    assert.deepEqual(
      contextOf(
        'spec:\n  ingress:\n  - from:\n    - podSelector: {}\n      namespaceSelector:\n        matchLabels:\n          |\n',
      ),
      {
        path: 'spec.ingress.0.from.0.namespaceSelector.matchLabels',
        role: 'key',
        prefix: '',
        word: '',
      },
    );
    assert.deepEqual(
      contextOf(
        'spec:\n  egress:\n    - ports: []\n    - to:\n        - podSelector: {}\n        - podSelector:\n            matchExpressions:\n              - key: app\n                values: [a, |\n',
      ),
      {
        path: 'spec.egress.1.to.1.podSelector.matchExpressions.0.values.1',
        role: 'value',
        prefix: '',
        word: '',
      },
    );
  });

  it('nothing in comments or on a document separator', () => {
    assert.equal(contextOf('spec:\n  podSelector:  # ap|\n'), undefined);
    assert.equal(contextOf('spec: {}\n--|-\n'), undefined);
  });
});

describe('insight: completion inside selectors', () => {
  it('matchLabels value being typed: values of that key in the policy namespace, replacing the whole word', () => {
    const result = complete('  podSelector:\n    matchLabels:\n      app: fro|nt\n');
    assert.deepEqual(result?.labels, ['api', 'db', 'frontend']);
    assert.deepEqual(new Set(result?.replaced), new Set(['front']));
  });

  it('`app: ` with an empty value', () => {
    assert.deepEqual(complete('  podSelector:\n    matchLabels:\n      app: |\n')?.labels, ['api', 'db', 'frontend']);
  });

  it('cursor on the empty line under `matchLabels:`: keys of the namespace, inserted with ": "', () => {
    const result = complete('  podSelector:\n    matchLabels:\n      |\n');
    assert.deepEqual(result?.labels, ['app', 'tier']);
    assert.deepEqual(result?.texts, ['app: ', 'tier: ']);
    // At the very end of the file too, and at the column of matchLabels itself (a sibling key: nothing to offer).
    assert.deepEqual(complete('  podSelector:\n    matchLabels:\n      |')?.labels, ['app', 'tier']);
    assert.equal(complete('  podSelector:\n    matchLabels:\n    |'), undefined);
  });

  it('a partially typed key that makes matchLabels a string for now', () => {
    assert.deepEqual(complete('  podSelector:\n    matchLabels:\n      ti|\n')?.replaced, ['ti', 'ti']);
  });

  it('a peer podSelector alone is scoped to the policy namespace; with a namespaceSelector in the same item, every namespace', () => {
    assert.deepEqual(complete('  ingress:\n  - from:\n    - podSelector:\n        matchLabels: {app: |}\n')?.labels, [
      'api',
      'db',
      'frontend',
    ]);
    assert.deepEqual(
      complete('  ingress:\n  - from:\n    - namespaceSelector: {}\n      podSelector:\n        matchLabels: {app: |}\n')?.labels,
      ['api', 'db', 'dns', 'frontend', 'prom-server'],
    );
  });

  it('namespaceSelector: namespace label keys (the implicit kubernetes.io/metadata.name too) and namespace names', () => {
    assert.deepEqual(complete('  ingress:\n  - from:\n    - namespaceSelector:\n        matchLabels:\n          |\n')?.labels, [
      'kubernetes.io/metadata.name',
      'purpose',
      'team',
    ]);
    const names = complete(
      '  ingress:\n  - from:\n    - namespaceSelector:\n        matchLabels:\n          kubernetes.io/metadata.name: |\n',
    );
    assert.deepEqual(names?.labels, ['infra', 'monitoring', 'shop']);
    assert.ok(names?.details.every((d) => d === 'namespace'));
  });

  it('namespace names include namespaces without a Namespace object: every namespace carries kubernetes.io/metadata.name (semantic traps)', () => {
    const extra = {
      'file:///ws/payments.yaml': 'apiVersion: v1\nkind: Pod\nmetadata: {name: pay, namespace: payments, labels: {app: pay}}\n',
    };
    assert.deepEqual(
      complete('  egress:\n  - to:\n    - namespaceSelector:\n        matchLabels: {kubernetes.io/metadata.name: |}\n', extra)
        ?.labels,
      ['infra', 'monitoring', 'payments', 'shop'],
    );
  });

  it('matchExpressions key and values, also in an unfinished flow list that does not parse', () => {
    assert.deepEqual(complete('  podSelector:\n    matchExpressions:\n    - key: |\n')?.labels, ['app', 'tier']);
    assert.deepEqual(
      complete('  podSelector:\n    matchExpressions:\n    - key: tier\n      operator: In\n      values: [web, |\n')?.labels,
      ['backend', 'data', 'web'],
    );
    assert.deepEqual(
      complete('  podSelector:\n    matchExpressions:\n    - key: tier\n      operator: NotIn\n      values:\n      - d|\n')
        ?.labels,
      ['backend', 'data', 'web'],
    );
  });

  it('values that YAML 1.1 would not read as strings are inserted quoted (S-rule: label values are strings)', () => {
    const extra = {
      'file:///ws/flags.yaml':
        'apiVersion: v1\nkind: Pod\nmetadata: {name: flagged, namespace: shop, labels: {canary: "yes", build: "0755"}}\n',
    };
    assert.deepEqual(complete('  podSelector:\n    matchLabels:\n      canary: |\n', extra)?.texts, ['"yes"']);
    assert.deepEqual(complete('  podSelector:\n    matchLabels:\n      build: "|"\n', extra)?.texts, ['0755']);
    assert.deepEqual(complete('  podSelector:\n    matchLabels:\n      canary:|\n', extra)?.texts, [' "yes"']);
  });

  it('nothing outside selectors, and nothing in a document that is not a NetworkPolicy', () => {
    assert.equal(complete('  policyTypes:\n  - |\n'), undefined);
    const { text, position } = caret('apiVersion: v1\nkind: ConfigMap\nspec:\n  podSelector:\n    matchLabels:\n      app: |\n');
    assert.equal(completionAt(insightWorkspace({ [URI]: text }), URI, position), undefined);
  });
});

describe('insight: completion of named ports', () => {
  it('ingress: the named ports of the pods spec.podSelector selects, with their numbers', () => {
    const result = complete('  podSelector:\n    matchLabels: {app: api}\n  ingress:\n  - ports:\n    - port: |\n');
    assert.deepEqual(result?.labels, ['http', 'metrics']);
    assert.deepEqual(result?.details, ['TCP 8081 on shop/api', 'TCP 9090 on shop/api']);
  });

  it('egress: the named ports of the rule peers, of the rule protocol (UDP dns, not TCP dns-tcp)', () => {
    const body =
      '  podSelector: {}\n  egress:\n  - to:\n    - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: infra}}\n    ports:\n    - protocol: UDP\n      port: d|\n';
    assert.deepEqual(complete(body)?.labels, ['dns']);
    assert.deepEqual(complete(body.replace('protocol: UDP', 'protocol: TCP'))?.labels, ['dns-tcp']);
  });
});
