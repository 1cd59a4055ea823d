// wrapperKustomization: the temporary top-level kustomization, carrying the user's top-level-only
// fields (api/krusty/kustomizer.go reads sortOptions, buildMetadata and openapi from the
// kustomization being built).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import yaml from 'js-yaml';
import { wrapperKustomization } from '../../server/src/render/wrapperKustomization';

const wrapper = '/tmp/netpol-kustomize-abc';
const folder = '/work/repo/overlays/prod';
const read = (text: string | undefined) => yaml.load(wrapperKustomization(wrapper, folder, text)) as Record<string, unknown>;

describe('wrapperKustomization', () => {
  it('lists the folder by its path relative to the wrapper and asks for origin and transformer annotations', () => {
    assert.deepEqual(read(undefined), {
      apiVersion: 'kustomize.config.k8s.io/v1beta1',
      kind: 'Kustomization',
      resources: ['../../work/repo/overlays/prod'],
      buildMetadata: ['originAnnotations', 'transformerAnnotations'],
    });
  });

  it("carries the user's sortOptions and buildMetadata, and openapi with its path rebased onto the wrapper", () => {
    const user = [
      'resources: [../../base]',
      'namespace: prod',
      'sortOptions:',
      '  order: legacy',
      '  legacySortOptions: {orderFirst: [Namespace], orderLast: [NetworkPolicy]}',
      'buildMetadata: [managedByLabel, originAnnotations]',
      'openapi:',
      '  path: schemas/crds.json',
    ].join('\n');
    assert.deepEqual(read(user), {
      apiVersion: 'kustomize.config.k8s.io/v1beta1',
      kind: 'Kustomization',
      resources: ['../../work/repo/overlays/prod'],
      buildMetadata: ['originAnnotations', 'transformerAnnotations', 'managedByLabel'],
      sortOptions: { order: 'legacy', legacySortOptions: { orderFirst: ['Namespace'], orderLast: ['NetworkPolicy'] } },
      openapi: { path: '../../work/repo/overlays/prod/schemas/crds.json' },
    });
    assert.deepEqual(read('openapi:\n  version: v1.20.4\n').openapi, { version: 'v1.20.4' });
  });

  it('a kustomization it cannot read adds nothing (kustomize reports its errors itself)', () => {
    assert.deepEqual(read('resources: [unclosed\n').buildMetadata, ['originAnnotations', 'transformerAnnotations']);
    assert.equal(read('- a list\n').sortOptions, undefined);
  });
});
