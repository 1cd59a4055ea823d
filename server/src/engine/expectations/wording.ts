// How a result is said (§5.8), the same in `netpol test` and in the editor: the
// headline, the pairs line, one line per witness and per reason, and the one-line
// message JUnit and SARIF carry. Locations are worded by the caller (paths or links).
import { formatConnectionSet, fromCanonicalJson, NONE, type CanonicalConnectionSet } from '../ports';
import type { Range } from '../types';
import type { Expectation, ExpectationResult, Violation, WitnessReason } from './model';
import { describePortsSpec } from './reader';

/** The code of an outcome: NPT001 allowed violated, NPT002 denied violated, NPT003 exact mismatch, NPT004 not evaluable. */
export function resultCode(result: Pick<ExpectationResult, 'status' | 'expect'>): string | undefined {
  if (result.status === 'error') return 'NPT004';
  if (result.status !== 'failed') return undefined;
  return result.expect === 'allowed' ? 'NPT001' : result.expect === 'denied' ? 'NPT002' : 'NPT003';
}

const STATUS_WORDS = { passed: 'PASS', failed: 'FAIL', error: 'ERROR', skipped: 'SKIP' } as const;

/** `FAIL NPT002 only checkout reaches payment`. */
export function headline(result: ExpectationResult): string {
  const code = resultCode(result);
  return `${STATUS_WORDS[result.status]}${code ? ` ${code}` : ''} ${result.name}`;
}

/** What the expectation asks: `denied on all ports`, `allowed on 5050/TCP`, `exactly 5050/TCP, 53/UDP`. */
export function expectedText(expectation: Pick<Expectation, 'expect' | 'ports'>): string {
  const { expect, ports } = expectation;
  if (expect === 'exactly')
    return `exactly ${ports?.kind === 'list' && ports.ports.length === 0 ? 'no ports' : describePortsSpec(ports)}`;
  return `${expect} on ${describePortsSpec(ports)}`;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** `2 of 31 pairs violate (expected: denied on all ports)`, `31 pairs pass`, `skipped: reason`. */
export function pairsLine(result: ExpectationResult): string {
  const expected = `(expected: ${result.expectedText})`;
  switch (result.status) {
    case 'passed':
      return `${plural(result.pairs.total, 'pair')} ${result.pairs.total === 1 ? 'passes' : 'pass'} ${expected}`;
    case 'failed':
      return `${result.pairs.violating} of ${plural(result.pairs.total, 'pair')} ${result.pairs.violating === 1 ? 'violates' : 'violate'} ${expected}${
        result.violations.length < result.pairs.violating ? `; the first ${result.violations.length} shown` : ''
      }`;
    case 'error':
      return `not evaluated ${expected}: ${result.errors.length === 1 ? result.errors[0].message : `${result.errors.length} problems`}`;
    case 'skipped':
      return `skipped: ${result.skipReason ?? 'skip'}`;
  }
}

/** Text of a port form: `TCP 50051`, `all ports`, `no ports`, `any port`. */
export function portFormText(form: CanonicalConnectionSet | 'none' | 'any'): string {
  if (form === 'any') return 'any port';
  if (form === 'none') return 'no ports';
  return formatConnectionSet(fromCanonicalJson(form) ?? NONE);
}

/** `shop/frontend[Deployment] -> shop/payment[Deployment]: allowed TCP 50051`. */
export function witnessLine(violation: Violation, expect: ExpectationResult['expect']): string {
  const actual = violation.actual === 'none' ? 'nothing allowed' : `allowed ${portFormText(violation.actual)}`;
  const wanted =
    expect === 'denied' ? '' : ` (expected ${expect === 'exactly' ? 'exactly ' : ''}${portFormText(violation.expected)})`;
  return `${violation.from} -> ${violation.to}: ${actual}${wanted}`;
}

/** `ingress (allowed) NetworkPolicy shop/allow-frontend ingress rule #1 allows from ...`; `where` words the location. */
export function reasonLine(reason: WitnessReason, where?: (location: { uri: string; range: Range }) => string): string {
  const place = reason.location && where ? `   ${where(reason.location)}` : '';
  return `${reason.side.padEnd(7)} (${reason.verdict}) ${reason.description}${place}`;
}

/**
 * One line for a failure or an error (JUnit `message`, SARIF message start):
 * `shop/frontend[Deployment] can reach shop/payment[Deployment] on TCP 50051 (2 of 31 pairs)`.
 */
export function failureMessage(result: ExpectationResult): string {
  if (result.status === 'error') return result.errors[0]?.message ?? 'not evaluable';
  if (result.status !== 'failed') return pairsLine(result);
  const first = result.violations[0];
  const count = `(${result.pairs.violating} of ${plural(result.pairs.total, 'pair')})`;
  if (!first) return `${result.pairs.violating} of ${plural(result.pairs.total, 'pair')} violate ${result.expectedText}`;
  switch (result.expect) {
    case 'denied':
      return `${first.from} can reach ${first.to} on ${portFormText(first.actual)} ${count}`;
    case 'allowed':
      return first.actual === 'none'
        ? `${first.from} cannot reach ${first.to} ${count}; expected ${result.expectedText}`
        : `${first.from} reaches ${first.to} only on ${portFormText(first.actual)} ${count}; expected ${result.expectedText}`;
    case 'exactly':
      return `${first.from} -> ${first.to} allows ${portFormText(first.actual)}, expected ${result.expectedText} ${count}`;
  }
}

/** The editor's CodeLens title: `✓ 31 pairs`, `✗ 2 of 31 pairs`, `⚠ not evaluated`, `skipped`. */
export function lensTitle(result: ExpectationResult): string {
  switch (result.status) {
    case 'passed':
      return `✓ ${plural(result.pairs.total, 'pair')}`;
    case 'failed':
      return `✗ ${result.pairs.violating} of ${plural(result.pairs.total, 'pair')}`;
    case 'error':
      return '⚠ not evaluated';
    case 'skipped':
      return 'skipped';
  }
}

/** The whole text of one result, as `netpol test` prints it below its headline (indented by the caller). */
export function detailLines(result: ExpectationResult, where?: (location: { uri: string; range: Range }) => string): string[] {
  const lines = [pairsLine(result)];
  if (result.status === 'error' && result.errors.length > 1)
    for (const error of result.errors)
      lines.push(
        `error: ${error.message}${error.range && where ? `   ${where({ uri: error.uri ?? result.uri, range: error.range })}` : ''}`,
      );
  for (const violation of result.violations) {
    lines.push(witnessLine(violation, result.expect));
    for (const reason of violation.reasons) lines.push(`  ${reasonLine(reason, where)}`);
  }
  for (const note of result.notes ?? []) lines.push(`note: ${note}`);
  return lines;
}
