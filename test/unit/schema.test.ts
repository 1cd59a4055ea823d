// Schema validation (NP1001, NP1002, and NP1701 for the apiVersion enum). Rule references are to
// ../shared/reference/kubernetes-validation-rules.md: §2 (decoding: wrong types
// fail with HTTP 400, and so do integers past int32/int64), §8 (strict field
// validation: unknown fields), §9 (OpenAPI `required`; the required strings that
// Go decodes as "" are left to S5, S6 and B1).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseKubernetesVersion, type KubernetesVersion } from '../../server/src/engine/kubernetesVersion';
import { validateManifest } from '../../server/src/engine/validate';
import { closestName, validateSchema } from '../../server/src/engine/validate/schema';
import { policy } from '../builders';
import { firstObject, manifest, summarize, yaml } from '../helpers';

function version(text: string): KubernetesVersion {
  const parsed = parseKubernetesVersion(text);
  if (!parsed) throw new Error(`not a version: ${text}`);
  return parsed;
}

/** Schema diagnostics of the first object, as `code@text`, for a target release (default 1.36). */
function check(text: string, target = '1.36'): string[] {
  return summarize(text, validateSchema(firstObject(text), { kubernetesVersion: version(target) }));
}

function messages(text: string, target = '1.36'): string[] {
  return validateSchema(firstObject(text), { kubernetesVersion: version(target) }).map((d) => d.message);
}

describe('schema: unknown fields (NP1001, strict decoding §8)', () => {
  it('reports a misspelt field on its key and suggests the field it resembles', () => {
    const text = policy('shop/test', '  podSelecter: {}\n');
    assert.deepEqual(check(text), ['NP1001@podSelecter']);
    assert.deepEqual(messages(text), ['unknown field `podSelecter` in `spec`, did you mean `podSelector`?']);
  });

  it('suggests the field for a case mismatch, since JSON keys are case-sensitive (§8)', () => {
    const text = policy('shop/test', '  podselector:\n    matchLabels: {app: web}\n');
    assert.deepEqual(check(text), ['NP1001@podselector']);
    assert.deepEqual(messages(text), ['unknown field `podselector` in `spec`, did you mean `podSelector`?']);
  });

  it('suggests nothing when no allowed field is close', () => {
    const text = policy('shop/test', '  podSelector: {}\n  firewall: true\n');
    assert.deepEqual(check(text), ['NP1001@firewall']);
    assert.deepEqual(messages(text), ['unknown field `firewall` in `spec`']);
  });

  it('names the parent in kubectl path notation for nested unknown fields', () => {
    const text = policy('shop/test', '  ingress:\n  - from:\n    - ipBlock: {cidr: 10.0.0.0/8, expect: [10.1.0.0/16]}\n');
    assert.deepEqual(check(text), ['NP1001@expect']);
    assert.deepEqual(messages(text), ['unknown field `expect` in `spec.ingress[0].from[0].ipBlock`, did you mean `except`?']);
  });

  it('treats a swap of two letters as one typo (form -> from)', () => {
    assert.equal(closestName('form', ['from', 'ports']), 'from');
    assert.equal(closestName('form', ['ports']), undefined);
    assert.equal(closestName('namespace', ['namespaceSelector', 'podSelector', 'ipBlock']), undefined);
  });

  it('reports every unknown field in one object, each on its own key', () => {
    const text = policy('shop/test', '  podSelector: {}\n  ingres: []\n  egres: []\n');
    assert.deepEqual(check(text), ['NP1001@ingres', 'NP1001@egres']);
  });

  it('reports a top-level status as unknown: NetworkPolicy has no status since 1.28 (§5)', () => {
    const text = policy('shop/test', '  podSelector: {}\n') + 'status:\n  conditions: []\n';
    assert.deepEqual(check(text), ['NP1001@status']);
    assert.match(
      messages(text)[0],
      /^unknown field `status` at the top level \(NetworkPolicy had a `status` only in Kubernetes 1\.24 to 1\.27, and the target is 1\.36\)$/,
    );
  });

  it('accepts status for targets 1.24 to 1.27, where the alpha NetworkPolicyStatus field existed (§5)', () => {
    const text = policy('shop/test', '  podSelector: {}\n') + 'status:\n  conditions: []\n';
    assert.deepEqual(check(text, '1.24'), []);
    assert.deepEqual(check(text, '1.27'), []);
    assert.deepEqual(check(text, '1.23'), ['NP1001@status']);
    assert.deepEqual(check(text, '1.28'), ['NP1001@status']);
  });

  it('knows the ObjectMeta fields and rejects others in metadata', () => {
    const text = yaml`
      apiVersion: networking.k8s.io/v1
      kind: NetworkPolicy
      metadata:
        name: test
        lables: {app: web}
      spec: {}
    `;
    assert.deepEqual(check(text), ['NP1001@lables']);
    assert.deepEqual(messages(text), ['unknown field `lables` in `metadata`, did you mean `labels`?']);
  });
});

describe('schema: wrong types (NP1002, decoding fails with HTTP 400 §2)', () => {
  it('port: [1] is neither an integer nor a port name', () => {
    const text = policy('shop/test', '  ingress:\n  - ports:\n    - port: [1]\n');
    assert.deepEqual(check(text), ['NP1002@[1]']);
    assert.deepEqual(messages(text), ['`spec.ingress[0].ports[0].port` must be an integer 1-65535 or a port name, not a list']);
  });

  it('port: a fractional number or a boolean is not an int-or-string', () => {
    assert.deepEqual(check(policy('shop/test', '  egress:\n  - ports:\n    - port: 80.5\n')), ['NP1002@80.5']);
    assert.deepEqual(check(policy('shop/test', '  egress:\n  - ports:\n    - port: yes\n')), ['NP1002@yes']);
  });

  it('podSelector: "x" must be a label selector', () => {
    const text = policy('shop/test', '  podSelector: "x"\n');
    assert.deepEqual(check(text), ['NP1002@"x"']);
    assert.deepEqual(messages(text), ['`spec.podSelector` must be an object (a label selector), not a string']);
  });

  it('ports: {} must be a list', () => {
    const text = policy('shop/test', '  ingress:\n  - ports: {}\n');
    assert.deepEqual(check(text), ['NP1002@{}']);
    assert.deepEqual(messages(text), ['`spec.ingress[0].ports` must be a list, not an object']);
  });

  it('endPort: "80" must be an integer, even though it looks like one', () => {
    const text = policy('shop/test', '  ingress:\n  - ports:\n    - port: 80\n      endPort: "80"\n');
    assert.deepEqual(check(text), ['NP1002@"80"']);
    assert.deepEqual(messages(text), ['`spec.ingress[0].ports[0].endPort` must be an integer, not a string']);
  });

  it('policyTypes: Ingress must be a list', () => {
    const text = policy('shop/test', '  podSelector: {}\n  policyTypes: Ingress\n');
    assert.deepEqual(check(text), ['NP1002@Ingress']);
    assert.deepEqual(messages(text), ['`spec.policyTypes` must be a list, not a string']);
  });

  it('an entry of a list gets its index in the path', () => {
    const text = policy('shop/test', '  podSelector: {}\n  policyTypes: [Ingress, 2]\n');
    assert.deepEqual(check(text), ['NP1002@2']);
    assert.deepEqual(messages(text), ['`spec.policyTypes[1]` must be a string, not a number (put the value in quotes)']);
  });

  it('a label value that YAML reads as a number or boolean must be quoted', () => {
    const text = yaml`
      apiVersion: networking.k8s.io/v1
      kind: NetworkPolicy
      metadata: {name: test}
      spec:
        podSelector:
          matchLabels: {version: 1.0, app.kubernetes.io/managed: yes}
    `;
    assert.deepEqual(check(text), ['NP1002@1.0', 'NP1002@yes']);
    assert.deepEqual(messages(text), [
      '`spec.podSelector.matchLabels.version` must be a string, not a number (put the value in quotes)',
      '`spec.podSelector.matchLabels[app.kubernetes.io/managed]` must be a string, not a boolean (true) (put the value in quotes)',
    ]);
  });

  it('does not look inside a value of the wrong type', () => {
    const text = policy('shop/test', '  ingress:\n    from: [{podselector: {}}]\n');
    assert.deepEqual(check(text), ['NP1002@from: [{podselector: {}}]']);
  });
});

describe('schema: required strings Go decodes as "" are left to the API-server rules (S5, S6, B1)', () => {
  // Rules §4.1 note: a missing operator or key decodes as "", which S5/S6 reject; §4.4 B1: cidr "empty or missing".
  it('ipBlock without cidr is no schema finding (B1 reports it)', () => {
    assert.deepEqual(check(policy('shop/test', '  ingress:\n  - from:\n    - ipBlock:\n        except: [10.1.0.0/16]\n')), []);
    assert.deepEqual(check(policy('shop/test', '  ingress:\n  - from:\n    - ipBlock: {cidr: ~}\n')), []);
  });

  it('a matchExpressions entry without operator, key, or with them null is no schema finding (S5, S6 report it)', () => {
    assert.deepEqual(check(policy('shop/test', '  podSelector:\n    matchExpressions:\n    - {key: app, values: [web]}\n')), []);
    assert.deepEqual(check(policy('shop/test', '  podSelector:\n    matchExpressions: [{}]\n')), []);
    assert.deepEqual(check(policy('shop/test', '  podSelector:\n    matchExpressions:\n    - key: app\n      operator:\n')), []);
  });
});

describe('schema: integers that do not fit their Go type (NP1002, decoding fails with HTTP 400 §2)', () => {
  it('port and endPort past int32 are reported, with the bound', () => {
    const text = policy(
      'shop/test',
      '  ingress:\n  - ports:\n    - port: 2147483648\n    - port: -2147483649\n    - port: 80\n      endPort: 2147483648\n',
    );
    assert.deepEqual(check(text), ['NP1002@2147483648', 'NP1002@-2147483649', 'NP1002@2147483648']);
    assert.deepEqual(messages(text), [
      '`spec.ingress[0].ports[0].port` must fit int32 (at most 2147483647), not 2147483648: the API server cannot decode it',
      '`spec.ingress[0].ports[1].port` must fit int32 (at least -2147483648), not -2147483649: the API server cannot decode it',
      '`spec.ingress[0].ports[2].endPort` must fit int32 (at most 2147483647), not 2147483648: the API server cannot decode it',
    ]);
  });

  it('the int32 bounds themselves decode (P2 and P4 judge them afterwards)', () => {
    assert.deepEqual(
      check(
        policy(
          'shop/test',
          '  ingress:\n  - ports:\n    - port: 2147483647\n    - port: -2147483648\n      endPort: 2147483647\n',
        ),
      ),
      [],
    );
  });

  it('metadata.generation is an int64: 1e20 does not fit, 2^63-1 does', () => {
    const text = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: test\n  generation: 1e20\nspec: {}\n';
    assert.deepEqual(check(text), ['NP1002@1e20']);
    assert.deepEqual(messages(text), [
      '`metadata.generation` must fit int64 (at most 9223372036854775807), not 100000000000000000000: the API server cannot decode it',
    ]);
    assert.deepEqual(check(text.replace('1e20', '9223372036854775807')), []);
  });
});

describe('schema: object metadata', () => {
  it('leaves missing required ownerReferences fields to the API-server rules (M14, M15): Go decodes them as ""', () => {
    const text = yaml`
      apiVersion: networking.k8s.io/v1
      kind: NetworkPolicy
      metadata:
        name: test
        ownerReferences:
        - {name: owner}
      spec: {}
    `;
    assert.deepEqual(check(text), []);
    const all = validateManifest(manifest(text)).map((d) => d.code);
    assert.ok(all.includes('NP1106'), all.join(', '));
  });
});

describe('schema: enum values (NP1701)', () => {
  // validateNetworkPolicy answers other apiVersions with NP1701 before the schema runs;
  // the schema module used on its own reports the same code.
  it('reports an apiVersion the schema does not allow at its value', () => {
    const text = 'apiVersion: extensions/v1beta1\nkind: NetworkPolicy\nmetadata: {name: old}\nspec: {}\n';
    assert.deepEqual(check(text), ['NP1701@extensions/v1beta1']);
    assert.deepEqual(messages(text), ['`apiVersion` must be `networking.k8s.io/v1`']);
  });
});

describe('schema: what it accepts', () => {
  it('accepts null for optional fields, as the official schema does (matchLabels: with no value)', () => {
    const text = policy(
      'shop/test',
      [
        '  podSelector:',
        '    matchLabels:',
        '    matchExpressions:',
        '  policyTypes:',
        '  ingress:',
        '  - from:',
        '    - podSelector:',
        '      namespaceSelector:',
        '    ports:',
        '    - port:',
        '      protocol:',
        '      endPort:',
        '  egress:',
        '',
      ].join('\n'),
    );
    assert.deepEqual(check(text), []);
  });

  it('a full realistic policy gives no diagnostics', () => {
    const text = yaml`
      apiVersion: networking.k8s.io/v1
      kind: NetworkPolicy
      metadata:
        name: api-allow
        namespace: shop
        labels: {app.kubernetes.io/part-of: shop, team: payments}
        annotations:
          description: "Only the frontend and monitoring reach the API"
      spec:
        podSelector:
          matchLabels: {app: api}
          matchExpressions:
          - {key: tier, operator: In, values: [backend]}
          - {key: canary, operator: DoesNotExist}
        policyTypes: [Ingress, Egress]
        ingress:
        - from:
          - namespaceSelector:
              matchLabels: {kubernetes.io/metadata.name: shop}
            podSelector:
              matchLabels: {app: frontend}
          - ipBlock:
              cidr: 10.0.0.0/8
              except: [10.1.0.0/16]
          ports:
          - {protocol: TCP, port: 8080}
          - {protocol: TCP, port: http-metrics}
          - {protocol: UDP, port: 30000, endPort: 32767}
        egress:
        - to:
          - namespaceSelector: {}
            podSelector: {matchLabels: {k8s-app: kube-dns}}
          ports:
          - {protocol: UDP, port: 53}
          - {protocol: TCP, port: 53}
    `;
    assert.deepEqual(check(text), []);
  });

  it('leaves values of the right type to the API-server rules (P1, P2, P4, S5, T2, B2 are not schema errors)', () => {
    const text = policy(
      'shop/test',
      [
        '  podSelector:',
        '    matchExpressions: [{key: "", operator: Equals}]',
        '  policyTypes: [Ingres, Ingress, Egress]',
        '  ingress:',
        '  - from: [{ipBlock: {cidr: ""}}, {ipBlock: {cidr: not-a-cidr}}]',
        '    ports: [{protocol: tcp, port: 0, endPort: 70000}, {port: "80"}]',
        '',
      ].join('\n'),
    );
    assert.deepEqual(check(text), []);
  });
});

describe('schema: ranges and messages', () => {
  it('maps ranges in JSON manifests too', () => {
    const text = yaml`
      {
        "apiVersion": "networking.k8s.io/v1",
        "kind": "NetworkPolicy",
        "metadata": {"name": "j", "ownerReferences": [{"name": "o"}]},
        "spec": {
          "podselector": {},
          "ingress": [
            {"ports": [{"port": [1]}]}
          ]
        }
      }
    `;
    assert.deepEqual(check(text), ['NP1001@"podselector"', 'NP1002@[1]']);
  });

  it('reports one message per location, however many schema branches fail there', () => {
    // int-or-string is two types in the schema; a list fails both.
    const text = policy('shop/test', '  ingress:\n  - ports:\n    - port: [1]\n    - port: {name: http}\n');
    assert.deepEqual(check(text), ['NP1002@[1]', 'NP1002@{name: http}']);
    assert.equal(new Set(messages(text)).size, 2);
  });

  it('shows up in validateManifest with the rest of the file', () => {
    const text = policy('shop/test', '  podSelector: {}\n  ingress:\n  - ports:\n    - port: [1]\n');
    assert.deepEqual(summarize(text, validateManifest(manifest(text))), ['NP1002@[1]']);
  });
});

describe('schema: fields that depend on the target Kubernetes release', () => {
  const withEndPort = policy('shop/test', '  ingress:\n  - ports:\n    - port: 30000\n      endPort: 32767\n');

  it('endPort is an unknown field before 1.21, with a note saying when it came', () => {
    assert.deepEqual(check(withEndPort, '1.20'), ['NP1001@endPort']);
    assert.deepEqual(messages(withEndPort, '1.20'), [
      'unknown field `endPort` in `spec.ingress[0].ports[0]` (port ranges (`endPort`) came in Kubernetes 1.21, and the target is 1.20)',
    ]);
  });

  it('endPort is not an unknown field in 1.21 to 1.24, where it existed behind the NetworkPolicyEndPort gate', () => {
    assert.deepEqual(check(withEndPort, '1.21'), []);
    assert.deepEqual(check(withEndPort, '1.24'), []);
    assert.deepEqual(check(withEndPort, '1.36'), []);
  });

  it('before 1.21 an endPort of the wrong type is only unknown, not also mistyped', () => {
    const text = policy('shop/test', '  egress:\n  - ports:\n    - port: 30000\n      endPort: "32767"\n');
    assert.deepEqual(check(text, '1.20'), ['NP1001@endPort']);
    assert.deepEqual(check(text, '1.21'), ['NP1002@"32767"']);
  });

  it('endPort elsewhere is unknown in every release, without the release note', () => {
    const text = policy('shop/test', '  podSelector: {}\n  endPort: 80\n');
    assert.deepEqual(messages(text, '1.20'), ['unknown field `endPort` in `spec`']);
  });
});

describe('schema: generated files', () => {
  it('the committed schema and compiled validators (NetworkPolicy, expectations) are exactly what scripts/generate-schema.mjs produces now', () => {
    const outDir = mkdtempSync(join(tmpdir(), 'netpol-schema-'));
    try {
      const result = spawnSync(process.execPath, ['scripts/generate-schema.mjs', '--out-dir', outDir], { encoding: 'utf8' });
      assert.equal(result.status, 0, result.stderr);
      for (const file of [
        'schemas/networkpolicy.schema.json',
        'server/src/engine/validate/generated/networkPolicyValidator.js',
        'server/src/engine/validate/generated/networkPolicyValidator.d.ts',
        'server/src/engine/expectations/generated/expectationsValidator.js',
        'server/src/engine/expectations/generated/expectationsValidator.d.ts',
      ]) {
        assert.equal(
          readFileSync(file, 'utf8'),
          readFileSync(join(outDir, file), 'utf8'),
          `${file} is stale: run npm run generate:schema`,
        );
      }
    } finally {
      rmSync(outDir, { recursive: true, force: true });
    }
  });

  it('takes the official schema path as an argument and records it', () => {
    const outDir = mkdtempSync(join(tmpdir(), 'netpol-schema-'));
    try {
      const input = join(outDir, 'another-release.json');
      writeFileSync(input, readFileSync('schemas/source/networkpolicy-networking-v1.json'));
      const result = spawnSync(process.execPath, ['scripts/generate-schema.mjs', input, '--out-dir', outDir], {
        encoding: 'utf8',
      });
      assert.equal(result.status, 0, result.stderr);
      const schema = JSON.parse(readFileSync(join(outDir, 'schemas/networkpolicy.schema.json'), 'utf8'));
      assert.match(schema.$comment, /another-release\.json \(official Kubernetes v1\.36/);
    } finally {
      rmSync(outDir, { recursive: true, force: true });
    }
  });

  it('refuses to compile a schema keyword that validate/schema.ts has no message for', () => {
    const script = `import { compileValidator } from './scripts/generate-schema.mjs';
      await compileValidator({ type: 'object', properties: { name: { type: 'string', pattern: '^[a-z]+$' } } });`;
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    assert.notEqual(result.status, 0);
    assert.match(result.stderr, /schema keyword pattern at #\/properties\/name has no message/);
  });

  it('records the Kubernetes version and the source in the schema, and stays strict about unknown fields', () => {
    const schema = JSON.parse(readFileSync('schemas/networkpolicy.schema.json', 'utf8'));
    assert.match(schema.title, /Kubernetes 1\.36/);
    assert.match(schema.$comment, /schemas\/source\/networkpolicy-networking-v1\.json/);
    const objectsWithProperties: unknown[] = [];
    const visit = (node: unknown): void => {
      if (typeof node !== 'object' || node === null) return;
      const record = node as Record<string, unknown>;
      if (record.properties) objectsWithProperties.push(record.additionalProperties);
      for (const [key, child] of Object.entries(record)) if (key !== 'enum' && key !== 'required') visit(child);
    };
    visit(schema);
    assert.ok(objectsWithProperties.length > 10);
    assert.ok(objectsWithProperties.every((additional) => additional === false));
    assert.equal(schema.properties.spec.properties.podSelector.description.length > 0, true);
  });
});
