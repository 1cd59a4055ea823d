// The analysis contexts in-process (server/src/lsp/analysisContexts.ts), fed the root builds
// the index would find: the contexts offered, the default (every root that collides with no
// root before it in path order), its notice, and when the active context changes.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ALL_BUILDS_CONTEXT_ID,
  AnalysisContexts,
  type ActiveContext,
  type RootBuild,
} from '../../server/src/lsp/analysisContexts';
import { PLAIN_CONTEXT_ID } from '../../server/src/protocol';

const FOLDER = 'file:///work/repo';
const root = (path: string, tool: RootBuild['tool'] = 'kustomize'): RootBuild => ({
  id: `${FOLDER}/${path}/kustomization.yaml`,
  label: path,
  uri: `${FOLDER}/${path}`,
  tool,
});
const DEV = root('overlays/dev');
const PROD = root('overlays/prod');
const DEV_EU = root('overlays/dev-eu');
const MONITORING = root('monitoring');
const WEB_CHART = { ...root('charts/web', 'helm'), id: `${FOLDER}/charts/web#web` };

/** Overlays of one base collide with each other; the other roots collide with nothing. */
const overlaysCollide = (a: RootBuild, b: RootBuild) => a.label.startsWith('overlays/') && b.label.startsWith('overlays/');

function contexts(roots: RootBuild[], collides = overlaysCollide): AnalysisContexts {
  const model = new AnalysisContexts(collides);
  model.setFolders([FOLDER]);
  model.setRoots(roots);
  return model;
}

describe('analysis contexts: the default', () => {
  it('without builds: every file as it is, no notice', () => {
    const result = contexts([]).list();
    assert.deepEqual(
      result.contexts.map((c) => c.id),
      [PLAIN_CONTEXT_ID],
    );
    assert.equal(result.active, PLAIN_CONTEXT_ID);
    assert.equal(result.notice, undefined);
  });

  it('one root: its own context, rendered, with the other files read as they are', () => {
    const model = contexts([MONITORING]);
    assert.equal(model.list().active, MONITORING.id);
    assert.deepEqual(model.active(), {
      id: MONITORING.id,
      label: 'monitoring',
      builds: [{ folderUri: MONITORING.uri, rootId: MONITORING.id }],
      folders: undefined,
    });
    assert.equal(model.list().contexts[0].description, 'kustomize build monitoring');
  });

  it('roots that do not collide: all of them together, offered first, then one context per root in path order', () => {
    const result = contexts([WEB_CHART, MONITORING]).list();
    assert.deepEqual(
      result.contexts.map((c) => `${c.id === ALL_BUILDS_CONTEXT_ID ? 'ALL' : c.label}: ${c.builds.join(' + ')}`),
      ['ALL: charts/web + monitoring', 'charts/web: charts/web', 'monitoring: monitoring', 'All plain folders (no rendering): '],
    );
    assert.equal(result.active, ALL_BUILDS_CONTEXT_ID);
    assert.equal(result.defaultId, ALL_BUILDS_CONTEXT_ID);
    assert.equal(result.notice, undefined);
  });

  it('overlays that collide: the first in path order, and a notice that says how to pick another', () => {
    const result = contexts([PROD, DEV_EU, DEV]).list();
    assert.equal(result.active, DEV.id);
    assert.equal(
      result.notice,
      "Several kustomize overlays describe different clusters; showing overlays/dev. Pick another with 'NetworkPolicy: Pick Analysis Context'.",
    );
    // Path order compares segment by segment: overlays/dev before overlays/dev-eu.
    assert.deepEqual(
      result.contexts.map((c) => c.label),
      ['overlays/dev', 'overlays/dev-eu', 'overlays/prod', 'All plain folders (no rendering)'],
    );
  });

  it('collisions among some roots: every root that collides with none taken before it', () => {
    const result = contexts([PROD, MONITORING, DEV, WEB_CHART]).list();
    assert.equal(result.active, ALL_BUILDS_CONTEXT_ID);
    const all = result.contexts.find((c) => c.id === ALL_BUILDS_CONTEXT_ID)!;
    assert.equal(all.label, 'All builds that do not collide');
    assert.deepEqual(all.builds, ['charts/web', 'monitoring', 'overlays/dev']);
    assert.equal(
      result.notice,
      "Several builds describe different clusters; showing charts/web, monitoring, overlays/dev. Pick another with 'NetworkPolicy: Pick Analysis Context'.",
    );
  });
});

describe('analysis contexts: netpol.contexts', () => {
  it('resolves the builds of a setting context against its folder and names the root build each one is', () => {
    const model = contexts([DEV, PROD]);
    model.setSettingContexts([
      { folderUri: FOLDER, contexts: [{ name: 'prod', builds: ['overlays/prod', 'base'], folders: ['policies/'] }] },
    ]);
    const id = `setting:${FOLDER}#prod`;
    model.choose(id);
    assert.deepEqual(model.active(), {
      id,
      label: 'prod',
      builds: [
        { folderUri: PROD.uri, rootId: PROD.id },
        { folderUri: `${FOLDER}/base`, rootId: undefined },
      ],
      folders: [`${FOLDER}/policies`],
    });
    // The team's choice needs no notice.
    assert.equal(model.list().notice, undefined);
  });

  it('in a multi-root workspace, paths shown start with the folder name, decoded', () => {
    const model = new AnalysisContexts(() => false);
    model.setFolders([FOLDER, 'file:///work/other%20repo']);
    model.setRoots([{ id: 'x', label: 'other repo/apps', uri: 'file:///work/other%20repo/apps', tool: 'kustomize' }]);
    assert.deepEqual(model.list().contexts[0].builds, ['other repo/apps']);
  });
});

describe('analysis contexts: choosing', () => {
  it('a chosen root stays chosen while the roots change, and a notice says so when it is gone', () => {
    const model = contexts([DEV, PROD]);
    model.choose(PROD.id);
    model.setRoots([DEV, PROD, MONITORING]);
    assert.equal(model.list().active, PROD.id);
    model.setRoots([DEV]);
    const result = model.list();
    assert.equal(result.active, DEV.id);
    assert.match(
      result.notice ?? '',
      /^The analysis context chosen before is not in this workspace any more; showing overlays\/dev\./,
    );
  });

  it('a choice restored from an earlier session waits for the roots without a notice', () => {
    const model = new AnalysisContexts(overlaysCollide);
    model.setFolders([FOLDER]);
    model.restoreChoice(PROD.id);
    assert.equal(model.list().active, PLAIN_CONTEXT_ID);
    assert.equal(model.list().notice, undefined);
    model.setRoots([DEV, PROD]);
    assert.equal(model.list().active, PROD.id);
  });

  it('refuses an id it does not offer and keeps the active context', () => {
    const model = contexts([DEV, PROD]);
    assert.throws(
      () => model.choose('nope'),
      /No analysis context has the id "nope"; the contexts offered are: overlays\/dev; overlays\/prod; All plain folders/,
    );
    assert.equal(model.list().active, DEV.id);
  });

  it('fires onDidChangeActive when what is analysed changes, not when the same context is recomputed', () => {
    const model = contexts([DEV, PROD]);
    const fired: ActiveContext[] = [];
    model.onDidChangeActive((active) => fired.push(active));
    model.setRoots([PROD, DEV]);
    model.choose(DEV.id);
    assert.equal(fired.length, 0);
    model.choose(PROD.id);
    model.choose(undefined);
    model.setRoots([DEV, PROD, MONITORING]);
    assert.deepEqual(
      fired.map((active) => active.id),
      [PROD.id, DEV.id, ALL_BUILDS_CONTEXT_ID],
    );
  });
});
