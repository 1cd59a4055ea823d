// Field errors written the way kubectl prints them (§1 of kubernetes-validation-rules.md):
// `<path>: <type>[: <bad value>][: <detail>]`.
import { atLeast, type KubernetesVersion } from '../kubernetesVersion';
import type { JsonPath } from '../types';

/** `spec.ingress[0].from[1]`: dots between fields, brackets around list indexes. */
export function fieldPath(path: JsonPath): string {
  return path.reduce<string>(
    (out, segment) => (typeof segment === 'number' ? `${out}[${segment}]` : out ? `${out}.${segment}` : segment),
    '',
  );
}

/** Go's %q for strings; JSON for everything else (what field.Error does in 1.36). */
export function badValue(value: unknown): string {
  if (typeof value === 'string') return goQuote(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value ?? null);
}

function goQuote(text: string): string {
  return JSON.stringify(text)
    .replace(/\\u00([0-7][0-9a-f])/g, (_escape, hex: string) => {
      // strconv.Quote writes \a \v and other control bytes as \x.., JSON as \u00..
      const named: Record<string, string> = { '07': '\\a', '0b': '\\v' };
      return named[hex] ?? `\\x${hex}`;
    })
    .replace(/\u007f/g, '\\x7f');
}

function withDetail(head: string, detail: string): string {
  return detail ? `${head}: ${detail}` : head;
}

export const invalid = (path: JsonPath, value: unknown, detail: string): string =>
  withDetail(`${fieldPath(path)}: Invalid value: ${badValue(value)}`, detail);

export const required = (path: JsonPath, detail = ''): string => withDetail(`${fieldPath(path)}: Required value`, detail);

export const forbidden = (path: JsonPath, detail: string): string => withDetail(`${fieldPath(path)}: Forbidden`, detail);

export const notSupported = (path: JsonPath, value: unknown, supported: readonly string[]): string =>
  `${fieldPath(path)}: Unsupported value: ${badValue(value)}: supported values: ${supported.map((s) => JSON.stringify(s)).join(', ')}`;

/** field.TooLong; its wording changed in 1.32. */
export function tooLong(path: JsonPath, maxBytes: number, version: KubernetesVersion): string {
  const detail = atLeast(version, 1, 32) ? `may not be more than ${maxBytes} bytes` : `must have at most ${maxBytes} bytes`;
  return `${fieldPath(path)}: Too long: ${detail}`;
}
