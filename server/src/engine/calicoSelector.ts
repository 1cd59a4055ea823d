// Calico's selector language (projectcalico.org/v3 `spec.selector`, `namespaceSelector`),
// as the Calico reference documents it ("Selectors" in the NetworkPolicy and
// GlobalNetworkPolicy resource pages):
//   all()                       every resource; an empty selector means the same
//   global()                    non-namespaced resources only (never a pod)
//   k == 'v', k != 'v'          equality; != also holds when the label is absent
//   has(k), !has(k)             presence
//   k in {'a','b'}, k not in {'a','b'}   set membership; not in holds when absent
//   k contains 's', k starts with 's', k ends with 's'   substrings (label present)
//   !e, e && e, e || e, (e)     ! binds tightest, then &&, then ||
// Strings take single or double quotes. A text this parser cannot read is
// returned as an error with its offset, never as a selector that matches nothing:
// callers say "not understood" instead of a confident empty selection.
import type { Labels } from './selectors';

export type CalicoSelector =
  | { kind: 'all' }
  | { kind: 'global' }
  | { kind: 'has'; key: string }
  | { kind: 'equals'; key: string; value: string; negated: boolean }
  | { kind: 'in'; key: string; values: readonly string[]; negated: boolean }
  | { kind: 'substring'; key: string; operator: 'contains' | 'starts with' | 'ends with'; value: string }
  | { kind: 'not'; operand: CalicoSelector }
  | { kind: 'and' | 'or'; operands: readonly CalicoSelector[] };

export interface CalicoSelectorError {
  message: string;
  /** 0-based offset in the selector text. */
  offset: number;
}

type Token =
  | { kind: 'word'; text: string; offset: number }
  | { kind: 'string'; text: string; offset: number }
  | { kind: 'punct'; text: string; offset: number }
  | { kind: 'end'; offset: number };

// Calico label keys: an optional DNS prefix and a name of letters, digits, '-', '_', '.', '/'.
const WORD = /[A-Za-z0-9_./-]+/y;
const PUNCTUATION = ['==', '!=', '&&', '||', '!', '(', ')', '{', '}', ','];

function tokenize(text: string): Token[] | CalicoSelectorError {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (ch === "'" || ch === '"') {
      const end = text.indexOf(ch, i + 1);
      if (end < 0) return { message: `unterminated string starting with ${ch}`, offset: i };
      tokens.push({ kind: 'string', text: text.slice(i + 1, end), offset: i });
      i = end + 1;
      continue;
    }
    const punct = PUNCTUATION.find((p) => text.startsWith(p, i));
    if (punct) {
      tokens.push({ kind: 'punct', text: punct, offset: i });
      i += punct.length;
      continue;
    }
    WORD.lastIndex = i;
    const word = WORD.exec(text);
    if (!word) return { message: `unexpected character "${ch}"`, offset: i };
    tokens.push({ kind: 'word', text: word[0], offset: i });
    i += word[0].length;
  }
  tokens.push({ kind: 'end', offset: text.length });
  return tokens;
}

class ParseError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

/** Parses a Calico selector; an empty or blank text is `all()`. */
export function parseCalicoSelector(text: string): { selector: CalicoSelector } | { error: CalicoSelectorError } {
  const tokens = tokenize(text);
  if (!Array.isArray(tokens)) return { error: tokens };
  if (tokens.length === 1) return { selector: { kind: 'all' } };
  let position = 0;
  const peek = (): Token => tokens[position];
  const next = (): Token => tokens[position++];
  const isPunct = (token: Token, punct: string): boolean => token.kind === 'punct' && token.text === punct;
  const isWord = (token: Token, word: string): boolean => token.kind === 'word' && token.text === word;
  const describe = (token: Token): string => (token.kind === 'end' ? 'the end of the selector' : `"${token.text}"`);
  const expect = (punct: string): void => {
    const token = next();
    if (!isPunct(token, punct)) throw new ParseError(`expected "${punct}" but found ${describe(token)}`, token.offset);
  };
  const stringAt = (): string => {
    const token = next();
    if (token.kind !== 'string') throw new ParseError(`expected a quoted string but found ${describe(token)}`, token.offset);
    return token.text;
  };

  const or = (): CalicoSelector => {
    const operands = [and()];
    while (isPunct(peek(), '||')) {
      next();
      operands.push(and());
    }
    return operands.length === 1 ? operands[0] : { kind: 'or', operands };
  };
  const and = (): CalicoSelector => {
    const operands = [unary()];
    while (isPunct(peek(), '&&')) {
      next();
      operands.push(unary());
    }
    return operands.length === 1 ? operands[0] : { kind: 'and', operands };
  };
  const unary = (): CalicoSelector => {
    if (isPunct(peek(), '!')) {
      next();
      return { kind: 'not', operand: unary() };
    }
    if (isPunct(peek(), '(')) {
      next();
      const inner = or();
      expect(')');
      return inner;
    }
    return term();
  };
  const term = (): CalicoSelector => {
    const token = next();
    if (token.kind !== 'word')
      throw new ParseError(`expected a label key or function but found ${describe(token)}`, token.offset);
    if ((token.text === 'all' || token.text === 'global') && isPunct(peek(), '(')) {
      next();
      expect(')');
      return { kind: token.text };
    }
    if (token.text === 'has' && isPunct(peek(), '(')) {
      next();
      const key = next();
      if (key.kind !== 'word') throw new ParseError(`expected a label key in has() but found ${describe(key)}`, key.offset);
      expect(')');
      return { kind: 'has', key: key.text };
    }
    const key = token.text;
    const operator = next();
    if (isPunct(operator, '==') || isPunct(operator, '!='))
      return { kind: 'equals', key, value: stringAt(), negated: operator.kind === 'punct' && operator.text === '!=' };
    if (isWord(operator, 'in')) return { kind: 'in', key, values: set(), negated: false };
    if (isWord(operator, 'not') && isWord(peek(), 'in')) {
      next();
      return { kind: 'in', key, values: set(), negated: true };
    }
    if (isWord(operator, 'contains')) return { kind: 'substring', key, operator: 'contains', value: stringAt() };
    if ((isWord(operator, 'starts') || isWord(operator, 'ends')) && isWord(peek(), 'with')) {
      next();
      const which = operator.kind === 'word' && operator.text === 'starts' ? 'starts with' : 'ends with';
      return { kind: 'substring', key, operator: which, value: stringAt() };
    }
    throw new ParseError(`expected an operator after "${key}" but found ${describe(operator)}`, operator.offset);
  };
  const set = (): string[] => {
    expect('{');
    const values: string[] = [];
    if (isPunct(peek(), '}')) {
      next();
      return values;
    }
    for (;;) {
      values.push(stringAt());
      const token = next();
      if (isPunct(token, '}')) return values;
      if (!isPunct(token, ',')) throw new ParseError(`expected "," or "}" but found ${describe(token)}`, token.offset);
    }
  };

  try {
    const selector = or();
    const rest = peek();
    if (rest.kind !== 'end') throw new ParseError(`unexpected ${describe(rest)}`, rest.offset);
    return { selector };
  } catch (error) {
    if (error instanceof ParseError) return { error: { message: error.message, offset: error.offset } };
    throw error;
  }
}

/** Whether a parsed selector selects a resource with these labels; `global()` never holds for a namespaced one. */
export function calicoSelectorMatches(selector: CalicoSelector, labels: Labels, namespaced = true): boolean {
  const has = (key: string): boolean => Object.hasOwn(labels, key);
  switch (selector.kind) {
    case 'all':
      return true;
    case 'global':
      return !namespaced;
    case 'has':
      return has(selector.key);
    case 'equals':
      return selector.negated
        ? !has(selector.key) || labels[selector.key] !== selector.value
        : has(selector.key) && labels[selector.key] === selector.value;
    case 'in': {
      const inSet = has(selector.key) && selector.values.includes(labels[selector.key]);
      return selector.negated ? !inSet : inSet;
    }
    case 'substring': {
      if (!has(selector.key)) return false;
      const value = labels[selector.key];
      if (selector.operator === 'contains') return value.includes(selector.value);
      return selector.operator === 'starts with' ? value.startsWith(selector.value) : value.endsWith(selector.value);
    }
    case 'not':
      return !calicoSelectorMatches(selector.operand, labels, namespaced);
    case 'and':
      return selector.operands.every((operand) => calicoSelectorMatches(operand, labels, namespaced));
    case 'or':
      return selector.operands.some((operand) => calicoSelectorMatches(operand, labels, namespaced));
  }
}

/** Label keys a selector reads (to notice keys whose values this analysis cannot know). */
export function calicoSelectorKeys(selector: CalicoSelector): string[] {
  switch (selector.kind) {
    case 'all':
    case 'global':
      return [];
    case 'not':
      return calicoSelectorKeys(selector.operand);
    case 'and':
    case 'or':
      return selector.operands.flatMap(calicoSelectorKeys);
    default:
      return [selector.key];
  }
}
