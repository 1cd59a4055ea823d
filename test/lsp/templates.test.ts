// Templates in the editor: rendered output whose strings hold `{{ ... }}` is analysed
// like any manifest; a file under a Helm chart's templates/ (a folder whose parent
// holds Chart.yaml, read by the workspace scan) is a template and gets nothing.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { policy } from '../builders';
import { RENDERED_MONITORING } from '../helpers';
import { startInFolder, type FolderServer } from './withServer';

/** Parses as YAML, but the API server refuses it: diagnostics show whenever it is analysed. */
const INVALID_POLICY = policy('shop/web', 'podSelector: {}\npolicyTypes: [Ingres]\n');

describe('lsp templates', () => {
  let folder: FolderServer;
  before(async () => {
    folder = await startInFolder({
      'monitoring.yaml': RENDERED_MONITORING,
      'charts/shop/Chart.yaml': 'apiVersion: v2\nname: shop\nversion: 1.0.0\n',
      'charts/shop/templates/networkpolicy.yaml': INVALID_POLICY,
      'plain/networkpolicy.yaml': INVALID_POLICY,
    });
    await folder.scanned();
  });
  after(() => folder.dispose());

  it('a rendered file with Grafana and Prometheus {{ ... }} in block scalars is analysed: its policy selects the Deployment beside it', async () => {
    const uri = folder.uri('monitoring.yaml');
    await folder.server.open(uri, RENDERED_MONITORING);
    assert.deepEqual(await folder.server.diagnostics(uri), []);
    const lenses = (await folder.server.codeLens(uri)) ?? [];
    assert.deepEqual(
      lenses.map((lens) => lens.command?.title.split(' · ')[0]),
      // The policy's lens, then the Deployment's (which that policy isolates).
      ['selects 1 workload', 'ingress isolated'],
    );
  });

  it('a file under a chart templates/ folder is a template even when it parses: only NP0008 (information); the same text elsewhere is validated', async () => {
    const template = folder.uri('charts/shop/templates/networkpolicy.yaml');
    await folder.server.open(template, INVALID_POLICY);
    const diagnostics = await folder.server.diagnostics(template);
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.severity]),
      [['NP0008', 3]],
    );
    assert.match(diagnostics[0].message, /^Not analysed: a template of the Helm chart shop \(its templates\/ folder\)/);
    const plain = folder.uri('plain/networkpolicy.yaml');
    await folder.server.open(plain, INVALID_POLICY);
    assert.notDeepEqual(await folder.server.diagnostics(plain), []);
  });
});
