// The expectations schema (schemas/expectations.schema.json, ours) is compiled at build time
// like the NetworkPolicy schema (its staleness is checked with the other generated files in schema.test.ts).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';

describe('expectations schema: generated files', () => {
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
