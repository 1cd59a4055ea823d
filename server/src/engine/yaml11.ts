// Plain-scalar resolution of YAML 1.1 as go-yaml v2 (under kubectl's sigs.k8s.io/yaml)
// does it, for both decoders of manifests.ts: a js-yaml schema (the fast path)
// and adjustments to the `yaml` package's 1.1 schema (the path with ranges).
// test/unit/yaml11.test.ts checks that both decode alike.
import * as jsyaml from 'js-yaml';
import type * as YAML from 'yaml';

// go-yaml v2 wants a digit in a float: `e3` and `.` are strings there (the
// `yaml` package would read NaN). No sexagesimal numbers, no timestamps.
const FLOAT_WITH_EXPONENT = /^[-+]?(?:\.[0-9][0-9_]*|[0-9][0-9_]*(?:\.[0-9_]*)?)[eE][-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:[0-9][0-9_]*\.[0-9_]*|\.[0-9][0-9_]*)$/;

/** The `yaml` package's `customTags` for manifests: its YAML 1.1 schema made to agree with go-yaml v2. */
export function yaml11Tags(tags: YAML.Tags): YAML.Tags {
  return tags
    .filter((tag) => !(typeof tag === 'object' && (tag.format === 'TIME' || tag.tag === 'tag:yaml.org,2002:timestamp')))
    .map((tag) => {
      if (typeof tag !== 'object' || tag.tag !== 'tag:yaml.org,2002:float' || !('test' in tag) || !tag.test) return tag;
      if (tag.format === 'EXP') return { ...tag, test: FLOAT_WITH_EXPONENT };
      return /nan/.test(String(tag.test)) ? tag : { ...tag, test: FLOAT };
    });
}

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
  { tag: 'float', test: FLOAT_WITH_EXPONENT, construct: (t) => parseFloat(t.replace(/_/g, '')) },
  { tag: 'float', test: FLOAT, construct: (t) => parseFloat(t.replace(/_/g, '')) },
];

// Only these first characters can start a non-string plain scalar; everything
// else (most label values, names, images) is a string without testing a rule.
const MAYBE_NOT_STRING = /^(?:$|[-+.~0-9yYnNtTfFoO])/;

function ruleFor(text: string): PlainScalarRule | undefined {
  return MAYBE_NOT_STRING.test(text) ? rules.find((rule) => rule.test.test(text)) : undefined;
}

// One implicit type for all rules: js-yaml calls resolve and then construct on
// the same text, so the rule found by resolve is kept for construct.
let resolved: { text: string; rule: PlainScalarRule } | undefined;
const plainScalar = new jsyaml.Type('tag:yaml.org,2002:yaml11-plain-scalar', {
  kind: 'scalar',
  resolve: (text: string | null) => {
    const value = text ?? '';
    const rule = ruleFor(value);
    resolved = rule && { text: value, rule };
    return rule !== undefined;
  },
  construct: (text: string | null) => {
    const value = text ?? '';
    const rule = resolved?.text === value ? resolved.rule : ruleFor(value);
    return rule ? rule.construct(value) : value;
  },
});

// Merge keys (`<<`) are left to the `yaml` package: manifests.ts routes such texts there.
export const YAML11_SCHEMA = jsyaml.FAILSAFE_SCHEMA.extend({ implicit: [plainScalar] });

// Texts js-yaml must not decode: anchors, aliases, merge keys and explicit tags
// (the `yaml` package bounds alias expansion and knows every tag), and a block
// sequence entry with no value (`-` alone on its line), which js-yaml mis-nests
// when a less indented entry follows.
const NOT_FOR_FAST_DECODER = /(^|[\s\[{,:-])[&*!]|<<|^[ \t]*-[ \t]*(#.*)?$/m;
/** js-yaml dies of an uncatchable out-of-memory on deep flow nesting. */
const MAX_FLOW_DEPTH = 64;

function nestsTooDeep(text: string): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 91 /* [ */ || ch === 123 /* { */) {
      if (++depth > MAX_FLOW_DEPTH) return true;
    } else if ((ch === 93 /* ] */ || ch === 125) /* } */ && depth > 0) {
      depth--;
    }
  }
  return false;
}

/**
 * Decodes every document of a text, or returns undefined when the fast decoder
 * cannot be trusted with it or fails (syntax errors): the caller then uses the
 * `yaml` package, which reports precise errors. Later duplicate keys win, as in kubectl.
 */
export function fastDecodeDocuments(text: string): unknown[] | undefined {
  if (NOT_FOR_FAST_DECODER.test(text) || nestsTooDeep(text)) return undefined;
  try {
    return jsyaml.loadAll(text, undefined, { schema: YAML11_SCHEMA, json: true });
  } catch {
    return undefined;
  }
}
