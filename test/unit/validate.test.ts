import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validateManifest } from '../../server/src/engine/validate';
import { manifest, summarize, yaml } from '../helpers';

describe('validate: which files are ours', () => {
  it('leaves YAML without NetworkPolicies alone, even when it is broken (Helm templates, CI configs)', () => {
    assert.deepEqual(validateManifest(manifest('apiVersion: v1\nkind: ConfigMap\nkey: [1\n')), []);
    assert.deepEqual(validateManifest(manifest('replicas: {{ .Values.replicas }}\n')), []);
  });

  it('says only that a Go template of a NetworkPolicy is not analysed (NP0008, information, at the first action): Go template actions are not YAML', () => {
    const text = yaml`
      {{- if .Values.networkPolicy.enabled }}
      apiVersion: networking.k8s.io/v1
      kind: NetworkPolicy
      metadata:
        name: {{ include "app.fullname" . }}
      spec:
        podSelector:
          matchLabels:
            {{- include "app.selectorLabels" . | nindent 6 }}
      {{- end }}
    `;
    assert.deepEqual(
      validateManifest(manifest(text, 'file:///repo/charts/app/templates/networkpolicy.yaml')).map(
        (d) => `${d.code} ${d.severity} ${d.range.start.line}`,
      ),
      ['NP0008 information 0'],
    );
  });

  it('still reads manifests whose strings quote template syntax', () => {
    const text =
      'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: x\n  annotations: {note: "{{ not a template }}"}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress, Egress]\n';
    assert.equal(manifest(text).objects.length, 1);
  });

  it('reports the syntax error of a file that mentions a NetworkPolicy the error hides', () => {
    const diagnostics = validateManifest(manifest('apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nspec: [\n'));
    assert.deepEqual(
      diagnostics.map((d) => d.code),
      ['NP0001'],
    );
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

  it('only warns about extensions/v1beta1 for targets before 1.16, which still served it (deprecated)', () => {
    const text = 'apiVersion: extensions/v1beta1\nkind: NetworkPolicy\nmetadata: {name: old}\nspec: {}\n';
    const diagnostics = validateManifest(manifest(text), { kubernetesVersion: { major: 1, minor: 15 } });
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.severity]),
      [['NP1701', 'warning']],
    );
    assert.deepEqual(
      validateManifest(manifest(text), { kubernetesVersion: { major: 1, minor: 16 } }).map((d) => d.severity),
      ['error'],
    );
  });
});
