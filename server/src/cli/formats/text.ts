// Compiler-style output: `path:line:col: severity CODE message` on stdout, one summary line for stderr.
import type { Severity } from '../../engine/types';
import type { FileResult } from '../analyseFile';
import type { Paint } from '../terminal';
import { oneBased } from './positions';

export function formatText(results: readonly FileResult[], paint: Paint): string {
  const lines: string[] = [];
  for (const result of results) {
    // A skipped file was already announced on stderr; it is counted in the summary.
    if (result.skippedBecause !== undefined) continue;
    for (const diagnostic of result.diagnostics) {
      const { line, column } = oneBased(diagnostic.range);
      lines.push(
        `${paint.bold(`${result.file.displayPath}:${line}:${column}:`)} ${paintSeverity(diagnostic.severity, paint)} ${paint.dim(diagnostic.code)} ${diagnostic.message}\n`,
      );
    }
  }
  return lines.join('');
}

/** `3 errors, 2 warnings in 5 files (12 checked)`; information and hints are named only when there are some. */
export function formatSummary(results: readonly FileResult[], paint: Paint): string {
  const counts: Record<Severity, number> = { error: 0, warning: 0, information: 0, hint: 0 };
  let filesWithDiagnostics = 0;
  for (const result of results) {
    for (const diagnostic of result.diagnostics) counts[diagnostic.severity]++;
    if (result.diagnostics.length > 0) filesWithDiagnostics++;
  }
  const parts = [plural(counts.error, 'error'), plural(counts.warning, 'warning')];
  if (counts.information > 0) parts.push(`${counts.information} information`);
  if (counts.hint > 0) parts.push(plural(counts.hint, 'hint'));
  const text = `${parts.join(', ')} in ${plural(filesWithDiagnostics, 'file')} (${results.length} checked)`;
  return `${counts.error > 0 ? paint.red(text) : counts.warning > 0 ? paint.yellow(text) : text}\n`;
}

function paintSeverity(severity: Severity, paint: Paint): string {
  switch (severity) {
    case 'error':
      return paint.red(severity);
    case 'warning':
      return paint.yellow(severity);
    default:
      return paint.cyan(severity);
  }
}

const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;
