// The expectations schema (schemas/expectations.schema.json, ours) is compiled at build time
// like the NetworkPolicy schema: the committed validator must be what the generator makes now.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';

describe('expectations schema: generated files', () => {
  it('the committed compiled validator is exactly what scripts/generate-schema.mjs produces from the schema now', () => {
    const outDir = mkdtempSync(join(tmpdir(), 'netpol-expectations-schema-'));
    try {
      const result = spawnSync(process.execPath, ['scripts/generate-schema.mjs', '--out-dir', outDir], { encoding: 'utf8' });
      assert.equal(result.status, 0, result.stderr);
      for (const file of [
        'server/src/engine/expectations/generated/expectationsValidator.js',
        'server/src/engine/expectations/generated/expectationsValidator.d.ts',
      ])
        assert.equal(
          readFileSync(file, 'utf8'),
          readFileSync(join(outDir, file), 'utf8'),
          `${file} is stale: run npm run generate:schema`,
        );
    } finally {
      rmSync(outDir, { recursive: true, force: true });
    }
  });

  it('refuses a schema keyword that engine/expectations/schemaErrors.ts has no message for', () => {
    const script = `import { compileExpectationsValidator } from './scripts/generate-schema.mjs';
      await compileExpectationsValidator({ type: 'object', properties: { id: { type: 'string', pattern: '^[a-z]+$' } } });`;
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    assert.notEqual(result.status, 0);
    assert.match(result.stderr, /expectations schema keyword pattern at #\/properties\/id has no message/);
  });

  it('is strict: every object of the schema says which fields it has', () => {
    const schema = JSON.parse(readFileSync('schemas/expectations.schema.json', 'utf8'));
    const loose: string[] = [];
    const visit = (node: unknown, where: string): void => {
      if (typeof node !== 'object' || node === null) return;
      const record = node as Record<string, unknown>;
      if (record.properties && record.additionalProperties !== false) loose.push(where);
      for (const [key, child] of Object.entries(record))
        if (key !== 'enum' && key !== 'required') visit(child, `${where}/${key}`);
    };
    visit(schema, '#');
    assert.deepEqual(loose, []);
  });
});
