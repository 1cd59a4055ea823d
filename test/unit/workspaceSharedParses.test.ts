// WorkspaceOptions.parsedElsewhere: a second workspace (the editor's what-if base) takes the files
// another one parsed with the same text, and parses only those that differ.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Workspace } from '../../server/src/engine/workspace';
import { deployment, policy } from '../builders';

const APPS = 'file:///ws/apps.yaml';
const POLICY = 'file:///ws/policy.yaml';

describe('workspace: parses shared with another workspace', () => {
  it('a file with the same text is the other workspace’s parse; a different text is parsed anew, and answers follow it', () => {
    const index = new Workspace();
    index.setFile(APPS, deployment('shop/web', { app: 'web' }));
    index.setFile(POLICY, policy('shop/deny', 'podSelector: {}'));
    const base = new Workspace({ parsedElsewhere: (uri, text, chart) => index.parsedAs(uri, text, chart) });
    base.setFile(APPS, index.text(APPS)!);
    base.setFile(POLICY, policy('shop/allow', 'podSelector: {}'));
    assert.equal(base.manifest(APPS), index.manifest(APPS));
    assert.notEqual(base.manifest(POLICY), index.manifest(POLICY));
    assert.deepEqual(
      base.networkPolicies().map((p) => p.object.value.metadata),
      [{ name: 'allow', namespace: 'shop' }],
    );
    // Workloads are the base's own objects, made from the shared parse.
    assert.deepEqual(
      base.workloads().map((w) => w.ref),
      ['shop/web[Deployment]'],
    );
    assert.notEqual(base.workloads()[0], index.workloads()[0]);
  });

  it('parsedAs answers only for the text the file was read with', () => {
    const index = new Workspace();
    index.setFile(APPS, deployment('shop/web', { app: 'web' }));
    assert.ok(index.parsedAs(APPS, index.text(APPS)!, undefined));
    assert.equal(index.parsedAs(APPS, deployment('shop/api', { app: 'api' }), undefined), undefined);
    assert.equal(index.parsedAs('file:///ws/other.yaml', '', undefined), undefined);
  });
});
