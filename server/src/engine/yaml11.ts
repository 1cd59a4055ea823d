// Plain-scalar resolution of YAML 1.1 as go-yaml v2 (under kubectl's sigs.k8s.io/yaml)
// does it, for both decoders of manifests.ts: a js-yaml schema (the fast path)
// and adjustments to the `yaml` package's 1.1 schema (the path with ranges).
// test/unit/yaml11.test.ts checks that both decode alike.
import * as jsyaml from 'js-yaml';
import type * as YAML from 'yaml';

// Numbers as go-yaml v2 resolves a plain scalar that starts with a digit or a sign:
// `_` removed, then Go's strconv.ParseInt(s, 0, 64) (so 0b/0o/0x prefixes in either
// case, a leading 0 for octal), else a float with a digit in it (`e3` and `.` stay
// strings; the `yaml` package would read NaN). No sexagesimal numbers, no timestamps.
const GO_INT =
  /^[-+]?(?:0[bB](?=[01_]*[01])[01_]*|0[oO](?=[0-7_]*[0-7])[0-7_]*|0[xX](?=[0-9a-fA-F_]*[0-9a-fA-F])[0-9a-fA-F_]*|0[0-7_]*|[1-9][0-9_]*)$/;
const GO_FLOAT = /^[-+]?(?:\.[0-9][0-9_]*|[0-9][0-9_]*(?:\.[0-9_]*)?)(?:[eE][-+]?[0-9]+)?$/;

function goInt(text: string): number {
  const plain = text.replace(/_/g, '');
  const negative = plain[0] === '-';
  const unsigned = plain[0] === '-' || plain[0] === '+' ? plain.slice(1) : plain;
  const prefix = unsigned.slice(0, 2).toLowerCase();
  const radix =
    prefix === '0b' ? 2 : prefix === '0o' ? 8 : prefix === '0x' ? 16 : unsigned.length > 1 && unsigned[0] === '0' ? 8 : 10;
  const digits = radix === 10 ? unsigned : radix === 8 && prefix !== '0o' ? unsigned.slice(1) : unsigned.slice(2);
  const value = parseInt(digits, radix);
  return negative ? -value : value;
}

const goFloat = (text: string): number => parseFloat(text.replace(/_/g, ''));

/** The `yaml` package's `customTags` for manifests: its YAML 1.1 schema made to agree with go-yaml v2. */
export function yaml11Tags(tags: YAML.Tags): YAML.Tags {
  const kept = tags.filter((tag) => {
    if (typeof tag !== 'object') return true;
    if (tag.format === 'TIME' || tag.tag === 'tag:yaml.org,2002:timestamp' || tag.tag === 'tag:yaml.org,2002:int') return false;
    // Of the floats only .inf and .nan stay; the others are GO_FLOAT below.
    return tag.tag !== 'tag:yaml.org,2002:float' || /nan/.test(String('test' in tag ? tag.test : ''));
  });
  const number = (tag: string, test: RegExp, resolve: (text: string) => number): YAML.ScalarTag => ({
    tag,
    default: true,
    test,
    resolve,
    identify: (value) => typeof value === 'number',
  });
  return [...kept, number('tag:yaml.org,2002:int', GO_INT, goInt), number('tag:yaml.org,2002:float', GO_FLOAT, goFloat)];
}

interface PlainScalarRule {
  tag: string;
  test: RegExp;
  construct(text: string): unknown;
}

// Order matters: the first rule whose pattern matches decides.
const rules: PlainScalarRule[] = [
  { tag: 'null', test: /^(?:~|[Nn]ull|NULL)?$/, construct: () => null },
  { tag: 'bool', test: /^(?:Y|y|[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$/, construct: () => true },
  { tag: 'bool', test: /^(?:N|n|[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$/, construct: () => false },
  { tag: 'int', test: GO_INT, construct: goInt },
  {
    tag: 'float',
    test: /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
    construct: (t) => (t.slice(-3).toLowerCase() === 'nan' ? NaN : t[0] === '-' ? -Infinity : Infinity),
  },
  { tag: 'float', test: GO_FLOAT, construct: goFloat },
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
const NOT_FOR_FAST_DECODER = /(^|[\s[{,:-])[&*!]|<<|^[ \t]*-[ \t]*(#.*)?$/m;
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
