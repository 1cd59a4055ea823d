// Rendering turned off by netpol.kustomize.enable, over JSON-RPC against the bundled server and
// the real kustomize (`kubectl kustomize`): the builds leave the index, the folders are read as
// written, and the status bar keeps saying that rendering is off and why. The renderer's own
// report on the (empty) request it is then given must not replace that with "idle".
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { RenderStatusNotification, SettingKeys } from '../../server/src/protocol';
import { requireKubectl } from '../helpers';
import { startInFolder } from './withServer';

const FIXTURE = join(__dirname, '..', 'fixtures', 'kustomize-contexts');

describe('lsp rendering: netpol.kustomize.enable turned off', () => {
  it('the rendered build leaves (its finding goes) and the last render status is "off", naming the setting', async () => {
    requireKubectl();
    const folder = await startInFolder(FIXTURE);
    try {
      await folder.scanned();
      const uri = folder.uri('base/policy.yaml');
      await folder.server.open(uri, folder.read('base/policy.yaml'));
      // overlays/dev (the default context) patches the port to `debug`: NP3003 exists only while its build is rendered.
      await folder.server.eventuallyPublished(uri, (list) => list.some((d) => d.code === 'NP3003'), 'NP3003 under overlays/dev');

      await folder.server.configure({ [SettingKeys.kustomizeEnable]: false });
      // The build leaves the index after the renderer ran its (empty) request: by then its report was sent too.
      await folder.server.eventuallyPublished(uri, (list) => !list.some((d) => d.code === 'NP3003'), 'the build read as written');
      const statuses = folder.server.notifications
        .filter((n) => n.method === RenderStatusNotification.method)
        .map((n) => n.params as RenderStatusNotification.Params);
      const last = statuses.at(-1);
      assert.equal(last?.state, 'off', JSON.stringify(statuses));
      assert.match(last.detail ?? '', /netpol\.kustomize\.enable is off/);
    } finally {
      await folder.dispose();
    }
  });
});
