// Plain-scalar resolution of YAML 1.1 as go-yaml v2 (under kubectl's sigs.k8s.io/yaml)
// does it, as a js-yaml schema: the fast decoder of manifests.ts. The `yaml`
// package's 1.1 schema (minus sexagesimal numbers and timestamps) is the
// reference; test/unit/yaml11.test.ts checks that both decode alike.
import * as jsyaml from 'js-yaml';

interface PlainScalarRule {
  tag: string;
  test: RegExp;
  construct(text: string): unknown;
}

function integer(text: string, prefixLength: number, radix: number): number {
  const negative = text[0] === '-';
  const unsigned = text[0] === '-' || text[0] === '+' ? text.slice(1) : text;
  const value = parseInt(unsigned.slice(prefixLength).replace(/_/g, ''), radix);
  return negative ? -value : value;
}

// Order matters: the first rule whose pattern matches decides.
const rules: PlainScalarRule[] = [
  { tag: 'null', test: /^(?:~|[Nn]ull|NULL)?$/, construct: () => null },
  { tag: 'bool', test: /^(?:Y|y|[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$/, construct: () => true },
  { tag: 'bool', test: /^(?:N|n|[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$/, construct: () => false },
  { tag: 'int', test: /^[-+]?0b[0-1_]+$/, construct: (t) => integer(t, 2, 2) },
  { tag: 'int', test: /^[-+]?0[0-7_]+$/, construct: (t) => integer(t, 1, 8) },
  { tag: 'int', test: /^[-+]?[0-9][0-9_]*$/, construct: (t) => integer(t, 0, 10) },
  { tag: 'int', test: /^[-+]?0x[0-9a-fA-F_]+$/, construct: (t) => integer(t, 2, 16) },
  {
    tag: 'float',
    test: /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
    construct: (t) => (t.slice(-3).toLowerCase() === 'nan' ? NaN : t[0] === '-' ? -Infinity : Infinity),
  },
  { tag: 'float', test: /^[-+]?(?:[0-9][0-9_]*)?(?:\.[0-9_]*)?[eE][-+]?[0-9]+$/, construct: (t) => parseFloat(t.replace(/_/g, '')) },
  { tag: 'float', test: /^[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*$/, construct: (t) => parseFloat(t.replace(/_/g, '')) },
];

// One js-yaml type per rule; js-yaml tries implicit types in order. Each type
// accepts only texts no earlier rule claims, so the order above is kept.
const implicitTypes = rules.map(
  (rule, index) =>
    new jsyaml.Type(`tag:yaml.org,2002:${rule.tag}#${index}`, {
      kind: 'scalar',
      resolve: (text: string | null) => {
        const value = text ?? '';
        return rule.test.test(value) && !rules.slice(0, index).some((earlier) => earlier.test.test(value));
      },
      construct: (text: string | null) => rule.construct(text ?? ''),
    }),
);

// Merge keys (`<<`) are left to the `yaml` package: manifests.ts routes such texts there.
export const YAML11_SCHEMA = jsyaml.FAILSAFE_SCHEMA.extend({ implicit: implicitTypes });

/**
 * Decodes every document of a text, or returns undefined when js-yaml cannot
 * (syntax errors, explicit tags): the caller then uses the `yaml` package,
 * which reports precise errors. Later duplicate keys win, as in kubectl.
 */
export function fastDecodeDocuments(text: string): unknown[] | undefined {
  try {
    return jsyaml.loadAll(text, undefined, { schema: YAML11_SCHEMA, json: true });
  } catch {
    return undefined;
  }
}
