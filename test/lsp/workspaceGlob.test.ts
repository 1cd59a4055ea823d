// The exclude patterns of the workspace scan (netpol.exclude, files.exclude) and
// the URIs it gives files found on disk.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { childUri, fileUriToPath, isUnder, pathToFileUri, relativePath } from '../../server/src/lsp/fileUris';
import { GlobSet } from '../../server/src/lsp/glob';

describe('exclude globs', () => {
  const matches = (glob: string, path: string): boolean => new GlobSet([glob]).matches(path);

  it('* and ? stay inside one path segment', () => {
    assert.ok(matches('*.yaml', 'a.yaml'));
    assert.ok(!matches('*.yaml', 'dir/a.yaml'));
    assert.ok(matches('dir/*', 'dir/a.yaml'), 'a match of the parent folder excludes what is inside');
    assert.ok(matches('dir/?.yaml', 'dir/a.yaml'));
    assert.ok(!matches('dir/?.yaml', 'dir/ab.yaml'));
  });

  it('** matches any number of folders, none included', () => {
    assert.ok(matches('**/vendor', 'vendor'));
    assert.ok(matches('**/vendor', 'a/b/vendor'));
    assert.ok(matches('charts/**', 'charts/x/templates/a.yaml'));
    assert.ok(matches('**/*.json', 'a/b/c.json'));
    assert.ok(!matches('**/vendor', 'a/vendored'));
  });

  it('{a,b} alternatives', () => {
    assert.ok(matches('**/*.{yml,json}', 'a/b.yml'));
    assert.ok(matches('**/*.{yml,json}', 'b.json'));
    assert.ok(!matches('**/*.{yml,json}', 'b.yaml'));
  });

  it('[...] character classes, and dot files', () => {
    assert.ok(matches('env-[ab].yaml', 'env-a.yaml'));
    assert.ok(!matches('env-[ab].yaml', 'env-c.yaml'));
    assert.ok(matches('**/*.yaml', '.hidden/a.yaml'));
  });

  it('regular expression characters are literal', () => {
    assert.ok(matches('a+b(1).yaml', 'a+b(1).yaml'));
    assert.ok(!matches('a.yaml', 'abyaml'));
  });

  it('a set excludes a path when a pattern matches it or a parent folder', () => {
    const set = new GlobSet(['**/node_modules', 'build', '']);
    assert.ok(set.matches('build/out/a.yaml'));
    assert.ok(set.matches('x/node_modules/y/z.yaml'));
    assert.ok(!set.matches('src/build.yaml'));
    assert.ok(!new GlobSet([]).matches('a.yaml'));
  });
});

describe('file URIs of the workspace scan', () => {
  it('children are encoded like VS Code encodes paths, so a scanned file and the open document share one URI', () => {
    assert.equal(childUri('file:///ws', 'my dir', 'a(1)#.yaml'), 'file:///ws/my%20dir/a%281%29%23.yaml');
    assert.equal(fileUriToPath('file:///ws/my%20dir/a%281%29%23.yaml'), '/ws/my dir/a(1)#.yaml');
    assert.equal(fileUriToPath('untitled:Untitled-1'), undefined);
  });

  it('an absolute path (a stand-in outside the folders) gets the URI a scan of its folder would give it', () => {
    assert.equal(pathToFileUri('/ws/my dir/a(1)#.yaml'), childUri('file:///ws', 'my dir', 'a(1)#.yaml'));
    assert.equal(pathToFileUri('/ws/a.yaml'), 'file:///ws/a.yaml');
  });

  it('relative paths are decoded; only URIs under the folder have one', () => {
    assert.equal(relativePath('file:///ws/my%20dir/a.yaml', 'file:///ws/'), 'my dir/a.yaml');
    assert.equal(relativePath('file:///wsx/a.yaml', 'file:///ws'), undefined);
    assert.ok(isUnder('file:///ws/a', 'file:///ws'));
    assert.ok(!isUnder('file:///wsx/a', 'file:///ws'));
  });
});
