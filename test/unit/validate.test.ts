import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validateManifest } from '../../server/src/engine/validate';
import { manifest, summarize, yaml } from '../helpers';

describe('validate: which files are ours', () => {
  it('leaves YAML without NetworkPolicies alone, even when it is broken (Helm templates, CI configs)', () => {
    assert.deepEqual(validateManifest(manifest('apiVersion: v1\nkind: ConfigMap\nkey: [1\n')), []);
    assert.deepEqual(validateManifest(manifest('replicas: {{ .Values.replicas }}\n')), []);
  });

  it('reports the syntax error of a file that mentions a NetworkPolicy the error hides', () => {
    const diagnostics = validateManifest(manifest('apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nspec: [\n'));
    assert.deepEqual(diagnostics.map((d) => d.code), ['NP0001']);
  });

  it('rejects NetworkPolicy API versions that are no longer served (NP1701) at the apiVersion value', () => {
    const text = yaml`
      apiVersion: extensions/v1beta1
      kind: NetworkPolicy
      metadata: {name: old}
      spec: {}
    `;
    assert.deepEqual(summarize(text, validateManifest(manifest(text))), ['NP1701@extensions/v1beta1']);
  });
});
