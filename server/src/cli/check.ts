// `netpol check`: validate manifests like kube-apiserver would, report like a compiler.
import { hasErrors } from '../engine/validate';
import { analyseFile } from './analyseFile';
import { collectFiles } from './collectFiles';
import type { Command } from './command';
import { formatJson } from './formats/json';
import { formatSarif } from './formats/sarif';
import { formatSummary, formatText } from './formats/text';
import { commonOptionHelp, commonOptionSpecs, parseCommandLine, resolveCommonOptions } from './options';
import { helpFor } from './help';
import { colors, noColors, wantsColor } from './terminal';
import { EXIT_OK, EXIT_PROBLEMS, UsageError } from './usage';

export const checkCommand: Command = {
  name: 'check',
  summary: 'validate NetworkPolicy manifests (API-server rules and lint)',
  synopsis: 'check <file|dir>... [options]',
  description: [
    'Validates every NetworkPolicy in the given files. Directories are searched recursively for',
    '.yaml, .yml and .json files and kustomize\'s Kustomization (node_modules and .git are skipped); files named explicitly are',
    'read whatever their extension. Files without a NetworkPolicy get no diagnostics.',
    '',
    'Exit status: 0 no errors (warnings allowed), 1 at least one error, 2 wrong command line.',
  ].join('\n'),
  options: commonOptionHelp,
  run(args, terminal) {
    const { values, positionals } = parseCommandLine('check', args, commonOptionSpecs);
    // Help first: someone asking how the options work may have got one wrong.
    if (values.help) {
      terminal.stdout(helpFor(checkCommand));
      return EXIT_OK;
    }
    const options = resolveCommonOptions('check', values);
    if (positionals.length === 0) throw new UsageError('no files or directories to check', 'check');

    const files = collectFiles(positionals, terminal.cwd, 'check');
    const results = files.map((file) => analyseFile(file, options));
    for (const result of results) {
      if (result.skippedBecause !== undefined) terminal.stderr(`netpol: skipped ${result.file.displayPath}: ${result.skippedBecause}\n`);
    }

    const paint = wantsColor(terminal, options.noColor) ? colors : noColors;
    switch (options.format) {
      case 'text':
        terminal.stdout(formatText(results, paint));
        terminal.stderr(formatSummary(results, paint));
        break;
      case 'json':
        terminal.stdout(formatJson(results));
        break;
      case 'sarif':
        terminal.stdout(formatSarif(results, terminal.cwd));
        break;
    }
    return results.some((result) => hasErrors(result.diagnostics)) ? EXIT_PROBLEMS : EXIT_OK;
  },
};
