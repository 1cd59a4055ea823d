// The output formatters and the colour decision, in-process: no build, no subprocess.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { FileResult } from '../../server/src/cli/analyseFile';
import { formatJson } from '../../server/src/cli/formats/json';
import { formatSarif } from '../../server/src/cli/formats/sarif';
import { formatSummary, formatText } from '../../server/src/cli/formats/text';
import { colors, noColors, wantsColor, type Terminal } from '../../server/src/cli/terminal';
import { allCodes, makeDiagnostic } from '../../server/src/engine/diagnosticCodes';
import { sarifProblems } from './sarifShape';

const CWD = '/work/project';
const range = (line: number, character: number, endCharacter: number) => ({
  start: { line, character },
  end: { line, character: endCharacter },
});

function result(
  displayPath: string,
  diagnostics: FileResult['diagnostics'],
  notAnalysed?: FileResult['notAnalysed'],
): FileResult {
  return { file: { displayPath, absolutePath: join(CWD, displayPath) }, diagnostics, notAnalysed };
}

const results: FileResult[] = [
  result('net/a.yaml', [
    makeDiagnostic('NP1701', range(0, 12, 30), 'not served'),
    makeDiagnostic('NP0005', range(4, 2, 6), 'duplicate'),
    makeDiagnostic('NP1503', range(9, 0, 4), 'lenient before 1.36', 'warning'),
  ]),
  result('net/clean.yaml', []),
  result('net/bin.yaml', [makeDiagnostic('NP0003', range(0, 0, 0), 'File skipped: binary file.')], {
    reason: 'not-text',
    detail: 'binary file',
  }),
];

describe('text format', () => {
  it('prints one compiler-style line per diagnostic, 1-based, leaving skipped files to the stderr notice', () => {
    assert.equal(
      formatText(results, noColors),
      [
        'net/a.yaml:1:13: error NP1701 not served',
        'net/a.yaml:5:3: warning NP0005 duplicate',
        'net/a.yaml:10:1: warning NP1503 lenient before 1.36',
        '',
      ].join('\n'),
    );
  });

  it('colours severities when asked: red errors, yellow warnings', () => {
    const line = formatText([result('p.yaml', [makeDiagnostic('NP1701', range(0, 0, 1), 'm')])], colors);
    assert.ok(line.includes('\x1b[31merror\x1b[39m'));
    assert.ok(
      formatText([result('p.yaml', [makeDiagnostic('NP0005', range(0, 0, 1), 'm')])], colors).includes('\x1b[33mwarning\x1b[39m'),
    );
  });

  it('summarises counts with singular and plural, counting skipped files, naming information and hints only when present', () => {
    assert.equal(formatSummary(results, noColors), '1 error, 3 warnings in 2 files (2 analysed, 1 not analysed)\n');
    assert.equal(formatSummary([result('x.yaml', [])], noColors), '0 errors, 0 warnings in 0 files (1 analysed)\n');
    const notes = [
      result('x.yaml', [
        makeDiagnostic('NP2001', range(0, 0, 1), 'i', 'information'),
        makeDiagnostic('NP2001', range(0, 0, 1), 'h', 'hint'),
        makeDiagnostic('NP2001', range(0, 0, 1), 'h', 'hint'),
      ]),
    ];
    assert.equal(formatSummary(notes, noColors), '0 errors, 0 warnings, 1 information, 2 hints in 1 file (1 analysed)\n');
  });
});

describe('json format', () => {
  it('includes skipped files as NP0003 diagnostics, so machines see what a person reads on stderr', () => {
    const { diagnostics } = JSON.parse(formatJson(results));
    assert.deepEqual(
      diagnostics.map((d: any) => `${d.file}:${d.line}:${d.column}-${d.endLine}:${d.endColumn} ${d.severity} ${d.code}`),
      [
        'net/a.yaml:1:13-1:31 error NP1701',
        'net/a.yaml:5:3-5:7 warning NP0005',
        'net/a.yaml:10:1-10:5 warning NP1503',
        'net/bin.yaml:1:1-1:1 warning NP0003',
      ],
    );
  });
});

describe('sarif format', () => {
  const log = JSON.parse(formatSarif(results, CWD));

  it('is structurally valid SARIF 2.1.0', () => {
    assert.deepEqual(sarifProblems(log), []);
  });

  it('declares every catalogue code of files as a rule with the why as full description and help', () => {
    const rules = log.runs[0].tool.driver.rules;
    // NPDxxx are the rules of `netpol diff`, declared in its own SARIF (test/cli/diff.test.ts).
    assert.deepEqual(
      rules.map((rule: any) => rule.id),
      allCodes()
        .filter((info) => /^NP\d/.test(info.code))
        .map((info) => info.code),
    );
    const np0001 = rules[0];
    assert.deepEqual(np0001, {
      id: 'NP0001',
      name: 'YamlSyntaxError',
      shortDescription: { text: 'YAML syntax error' },
      fullDescription: { text: allCodes()[0].why },
      help: { text: allCodes()[0].why },
      defaultConfiguration: { level: 'error' },
    });
    assert.deepEqual(rules.find((rule: any) => rule.id === 'NP1302').properties, { kubernetesValidationRules: ['P2'] });
  });

  it('sets each result level from the diagnostic, so a version-dependent downgrade shows as a warning', () => {
    assert.deepEqual(
      log.runs[0].results.map((r: any) => `${r.ruleId} ${r.level}`),
      ['NP1701 error', 'NP0005 warning', 'NP1503 warning', 'NP0003 warning'],
    );
  });

  it('maps information and hint to the SARIF level note', () => {
    const notes = JSON.parse(
      formatSarif(
        [
          result('x.yaml', [
            makeDiagnostic('NP2001', range(0, 0, 1), 'i', 'information'),
            makeDiagnostic('NP2001', range(0, 0, 1), 'h', 'hint'),
          ]),
        ],
        CWD,
      ),
    );
    assert.deepEqual(
      notes.runs[0].results.map((r: any) => r.level),
      ['note', 'note'],
    );
  });

  it('declares %SRCROOT% as the current directory and uses an absolute file URI for files outside it', () => {
    assert.deepEqual(log.runs[0].originalUriBaseIds, { '%SRCROOT%': { uri: 'file:///work/project/' } });
    const outside = JSON.parse(
      formatSarif(
        [
          {
            file: { displayPath: '../other/p.yaml', absolutePath: '/work/other/p.yaml' },
            diagnostics: [makeDiagnostic('NP1701', range(0, 0, 1), 'm')],
          },
        ],
        CWD,
      ),
    );
    assert.deepEqual(outside.runs[0].results[0].locations[0].physicalLocation.artifactLocation, {
      uri: 'file:///work/other/p.yaml',
    });
  });
});

describe('colour decision', () => {
  const terminal = (stdoutIsTTY: boolean, env: Record<string, string> = {}): Terminal => ({
    cwd: CWD,
    env,
    stdoutIsTTY,
    stdout: () => {},
    stderr: () => {},
  });

  it('colours only a terminal, and never with --no-color or a non-empty NO_COLOR', () => {
    assert.equal(wantsColor(terminal(true), false), true);
    assert.equal(wantsColor(terminal(false), false), false);
    assert.equal(wantsColor(terminal(true), true), false);
    assert.equal(wantsColor(terminal(true, { NO_COLOR: '1' }), false), false);
    // https://no-color.org: an empty NO_COLOR does not count.
    assert.equal(wantsColor(terminal(true, { NO_COLOR: '' }), false), true);
  });
});
