// A JSON document written in pieces, byte for byte what `JSON.stringify(document, null, 2)`
// would give: a listing of 50,000 workloads is too large to hold as one string.

/** The document `{key: value, ...}` of these fields; a field whose value is an iterable is written item by item, as an array. */
export function* jsonDocumentChunks(fields: ReadonlyArray<readonly [string, unknown]>): Generator<string> {
  if (fields.length === 0) {
    yield '{}';
    return;
  }
  let separator = '{';
  for (const [key, value] of fields) {
    yield `${separator}\n  ${JSON.stringify(key)}: `;
    separator = ',';
    if (isIterable(value)) yield* jsonArrayChunks(value);
    else yield indented(JSON.stringify(value, null, 2), '  ');
  }
  yield '\n}';
}

function* jsonArrayChunks(items: Iterable<unknown>): Generator<string> {
  // Items go through JSON.stringify a batch at a time: one call per item costs more than the formatting.
  let separator = '[';
  let batch: unknown[] = [];
  const flush = (): string => {
    // `[\n  item,\n  item\n]` at the top level: the items without the brackets, two levels deeper.
    const inner = JSON.stringify(batch, null, 2).slice(2, -2);
    batch = [];
    const chunk = `${separator}\n  ${indented(inner, '  ')}`;
    separator = ',';
    return chunk;
  };
  for (const item of items) {
    batch.push(item);
    if (batch.length === 1024) yield flush();
  }
  if (batch.length > 0) yield flush();
  yield separator === '[' ? '[]' : '\n  ]';
}

// JSON strings escape their line breaks, so every raw one starts a line of the layout.
const indented = (json: string, by: string): string => json.replace(/\n/g, `\n${by}`);

const isIterable = (value: unknown): value is Iterable<unknown> =>
  typeof value === 'object' && value !== null && Symbol.iterator in value;
