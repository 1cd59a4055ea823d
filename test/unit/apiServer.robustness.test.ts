import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as YAML from 'yaml';
import { validateApiServerRules } from '../../server/src/engine/validate/apiServer';
import { firstObject } from '../helpers';
import { runRules } from './apiServer.helpers';

/** A policy that touches every field the rules read. */
const complete = {
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: {
    name: 'web',
    generateName: 'web-',
    namespace: 'shop',
    labels: { app: 'web' },
    annotations: { note: 'x' },
    ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: '1', controller: true }],
    finalizers: ['kubernetes'],
    managedFields: [{ manager: 'kubectl', operation: 'Apply', fieldsType: 'FieldsV1', subresource: '' }],
  },
  spec: {
    podSelector: { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['a'] }] },
    ingress: [
      {
        ports: [{ protocol: 'TCP', port: 80, endPort: 90 }],
        from: [
          { podSelector: {}, namespaceSelector: { matchLabels: { team: 'a' } } },
          { ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } },
        ],
      },
    ],
    egress: [{ ports: [{ port: 'dns' }], to: [{ ipBlock: { cidr: '::/0', except: ['2001:db8::/32'] } }] }],
    policyTypes: ['Ingress', 'Egress'],
  },
};

const oddValues: unknown[] = [null, [], {}, '', -1, 1.5, true, [null], [{}], { a: null }, ['x', 1, null, {}]];

/** Every path of a JSON value, parents before children. */
function pathsOf(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const out = [prefix];
  if (Array.isArray(value)) value.forEach((item, i) => out.push(...pathsOf(item, [...prefix, i])));
  else if (value && typeof value === 'object')
    for (const [key, item] of Object.entries(value)) out.push(...pathsOf(item, [...prefix, key]));
  return out;
}

function replaced(root: unknown, path: (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value;
  const copy = structuredClone(root) as Record<string | number, unknown>;
  let node = copy;
  for (const segment of path.slice(0, -1)) node = node[segment] as Record<string | number, unknown>;
  node[path[path.length - 1]] = value;
  return copy;
}

describe('apiServer: robustness against malformed shapes', () => {
  it('the complete policy has no findings', () => {
    assert.deepEqual(runRules(YAML.stringify(complete)).found, []);
  });

  it('never throws when any field of the policy has any odd value, in strict and legacy CIDR mode', () => {
    let runs = 0;
    for (const path of pathsOf(complete)) {
      if (path.length < 1 || path[0] === 'apiVersion' || path[0] === 'kind') continue;
      for (const odd of oddValues) {
        const text = JSON.stringify(replaced(complete, path, odd));
        const object = firstObject(text);
        for (const minor of [35, 36]) {
          assert.doesNotThrow(
            () => validateApiServerRules(object, { kubernetesVersion: { major: 1, minor } }),
            `${path.join('.')} = ${JSON.stringify(odd)}`,
          );
          runs++;
        }
      }
    }
    assert.ok(runs > 500, `only ${runs} runs`);
  });

  it('skips values of the wrong type silently: the schema module reports them', () => {
    const text = YAML.stringify({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'a', labels: { app: true }, annotations: ['x'] },
      spec: {
        podSelector: 'x',
        ingress: [{ ports: [{ port: [1], endPort: '90', protocol: 6 }], from: [{ ipBlock: { cidr: 10 } }, 'peer'] }],
        egress: { to: [] },
        policyTypes: 'Ingress',
      },
    });
    assert.deepEqual(runRules(text).found, []);
  });

  it('a float or a number outside int32 is not a port (decoding fails first)', () => {
    const text = YAML.stringify({
      ...complete,
      spec: { ingress: [{ ports: [{ port: 80.5 }, { port: 4294967297, endPort: 1 }] }] },
    });
    assert.deepEqual(runRules(text).found, []);
  });

  it('handles aliases and deeply shared nodes without repeating or crashing', () => {
    const text = [
      'apiVersion: networking.k8s.io/v1',
      'kind: NetworkPolicy',
      'metadata: {name: a}',
      'spec:',
      '  podSelector: &sel {matchLabels: {"-x": y}}',
      '  ingress:',
      '  - from: [{podSelector: *sel}]',
      '',
    ].join('\n');
    assert.deepEqual(runRules(text).found, ['NP1201@"-x"', 'NP1201@"-x"']);
  });
});
